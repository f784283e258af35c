// Missing intermediates from the authorityInfoAccess caIssuers of a certificate (RFC 5280 §4.2.2.1),
// over HTTP (private to the library).
#pragma once

#include <kyso/keys/certificate.hpp>

#include <chrono>
#include <filesystem>
#include <vector>

namespace kyso::trust {

struct IssuerFetchOptions {
    bool offline = false;             // the disk cache only
    std::filesystem::path cache_dir;  // empty: memory only
    std::chrono::milliseconds timeout{10000};
};

// The certificates published at `cert`'s caIssuers http(s) URIs: a DER or PEM certificate or a
// certs-only PKCS#7 ("application/pkcs7-mime"). What they are worth is decided by path validation, never
// here: they are untrusted candidates. Memoised per process and kept in the cache directory; a source
// that fails yields nothing.
std::vector<keys::Certificate> fetch_ca_issuers(const keys::Certificate& cert, const IssuerFetchOptions& options);

}  // namespace kyso::trust
