// Checks of the CMS in a PDF signature (private; spec/pdf.md "Verification", step 3).
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/keys/certificate.hpp>
#include <kyso/verify/report.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace kyso::pdf {

struct CmsCheck {
    bool parsed = false;         // a SignedData could be read (else FORMAT_FAILURE)
    std::string format_problem;  // why not, or trailing data after it
    std::size_t signer_infos = 0;
    std::optional<keys::Certificate> signer;
    std::vector<keys::Certificate> certificates;  // all certificates carried by the CMS
    std::string digest_name;                      // "sha256", "sha1", ...
    bool digest_supported = true;
    bool has_signed_attributes = false;
    bool message_digest_matches = false;
    bool signature_valid = false;
    bool has_signing_time = false;
    std::optional<TimePoint> signing_time;
    enum class Ess { none, v1, v2_match, mismatch } ess = Ess::none;
    std::string signature_algorithm;       // "RSA", "ECDSA", ...
    Bytes signature_value;                 // of the first SignerInfo
    std::optional<Bytes> timestamp_token;  // id-aa-signatureTimeStampToken (unsigned attribute), DER
    // For the algorithm policy: the scheme of signatureAlgorithm ("RSA" for PKCS#1 v1.5, "RSASSA-PSS",
    // "ECDSA", else OpenSSL's name) and the digest it names itself (sha256WithRSAEncryption, the
    // RSASSA-PSS hashAlgorithm; empty for a bare rsaEncryption), as OpenSSL short names.
    std::string signature_scheme;
    std::string signature_digest_name;
};

// `contents`: the bytes of the /Contents hex string (CMS plus zero padding).
// `hash_range(md_name)`: returns the digest of the ByteRange bytes with the named algorithm.
CmsCheck check_cms(ByteView contents, const std::function<std::optional<Bytes>(const std::string&)>& hash_range);

}  // namespace kyso::pdf
