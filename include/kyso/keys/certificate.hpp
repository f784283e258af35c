// kyso — an X.509 certificate, with the Vietnamese identity read from its subject.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>
#include <kyso/core/time.hpp>

#include <memory>
#include <optional>
#include <string>
#include <span>
#include <vector>

namespace kyso::keys {

// Identity attributes from the subject's UID (0.9.2342.19200300.100.1.1) values ("MST:0101234567"),
// and the usual name attributes. Read from the ASN.1, never from a display string.
struct VnIdentity {
    std::optional<std::string> mst;   // tax code, with an optional "-NNN" branch
    std::optional<std::string> cccd;  // citizen ID
    std::optional<std::string> cmnd;  // old ID
    std::optional<std::string> hc;    // passport
    std::optional<std::string> mns;   // budget-unit code
    std::optional<std::string> bhxh;
    std::optional<std::string> pid;  // PID: or PPID:
    std::optional<std::string> common_name;
    std::optional<std::string> title;         // T=
    std::optional<std::string> organization;  // O=
    std::vector<std::string> other_uids;      // UID values with no known prefix
};

enum class KeyAlgorithm { rsa, ec_p256, ec_p384, ec_p521, other };

class Certificate {
public:
    static Result<Certificate> from_der(ByteView der);
    static Result<Certificate> from_pem(std::string_view pem);
    // Every certificate in a PEM file (or a DER file holding one).
    static Result<std::vector<Certificate>> load_file(const std::string& path);
    // A file as load_file, or every certificate in the regular files of a directory (not recursive, by file
    // name; files there that hold no certificate are skipped), as --trust and --untrusted take them.
    static Result<std::vector<Certificate>> load_path(const std::string& path);

    Certificate(const Certificate&);
    Certificate& operator=(const Certificate&);
    Certificate(Certificate&&) noexcept;
    Certificate& operator=(Certificate&&) noexcept;
    ~Certificate();

    const Bytes& der() const;
    std::string subject() const;  // RFC 2253 order, UTF-8
    std::string issuer() const;
    std::string serial_hex() const;
    std::string sha256_fingerprint() const;  // lower-case hex
    TimePoint not_before() const;
    TimePoint not_after() const;
    KeyAlgorithm key_algorithm() const;
    int key_bits() const;
    // keyUsage digitalSignature or nonRepudiation, or no keyUsage extension at all.
    bool allows_signing() const;
    bool has_key_usage_extension() const;
    VnIdentity identity() const;
    bool same_as(const Certificate& other) const;
    // True when `issuer` issued this certificate (names match and its key verifies the signature).
    bool issued_by(const Certificate& issuer) const;
    bool self_signed() const;

    // The OpenSSL X509* behind it, for kyso's own adapters (lib/ossl); opaque to hosts.
    void* native() const;

private:
    struct Impl;
    explicit Certificate(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// The issuers of `leaf` found among `candidates`, nearest first, up to but excluding a self-signed root
// (verifiers bring their own anchors): what a signature should carry — never unrelated certificates
// that happen to sit on the same token.
std::vector<Certificate> issuer_path(const Certificate& leaf, std::span<const Certificate> candidates);

}  // namespace kyso::keys
