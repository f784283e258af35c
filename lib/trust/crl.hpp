// CRLs (RFC 5280 §5): parsing, checks and lookups (private to lib/trust).
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>
#include <kyso/core/time.hpp>
#include <kyso/keys/certificate.hpp>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kyso::trust::crl {

// A CRL that was checked against its issuer: signed by it, with a readable thisUpdate. Immutable and
// shareable between threads.
class Crl {
public:
    // DER (or PEM) CertificateList signed by `issuer` (the CA that issued the certificates it covers:
    // indirect CRLs and separate CRL signers are not supported). Errc::revocation_invalid otherwise.
    static Result<std::shared_ptr<const Crl>> parse(ByteView data, const keys::Certificate& issuer);
    ~Crl();

    TimePoint this_update() const { return m_this_update; }
    std::optional<TimePoint> next_update() const { return m_next_update; }
    std::string issuer() const { return m_issuer; }
    // SHA-256 fingerprint of the CA certificate whose key verified the CRL.
    const std::string& issuer_fingerprint() const { return m_issuer_fingerprint; }
    const Bytes& der() const { return m_der; }
    std::optional<std::string> number() const { return m_number; }  // cRLNumber, decimal
    // Issued later than `other` (of the same issuer): by cRLNumber when both have one, else thisUpdate.
    bool newer_than(const Crl& other) const;

    struct Entry {
        TimePoint revocation_time{};
        std::string reason;
    };
    // The entry for `cert`, when the CRL lists it.
    std::optional<Entry> find(const keys::Certificate& cert) const;

private:
    Crl() = default;
    struct Native;
    std::unique_ptr<Native> m_native;
    TimePoint m_this_update{};
    std::optional<TimePoint> m_next_update;
    std::string m_issuer, m_issuer_fingerprint;
    std::optional<std::string> m_number;
    Bytes m_der;
};

// The http(s) URIs of the certificate's cRLDistributionPoints (full names only).
std::vector<std::string> distribution_points(const keys::Certificate& cert);

}  // namespace kyso::trust::crl
