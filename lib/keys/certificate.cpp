#include <kyso/keys/certificate.hpp>

#include "keys/certificate_native.hpp"
#include "keys/identity.hpp"
#include "ossl/ossl.hpp"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kyso::keys {

struct Certificate::Impl {
    ossl::X509Ptr x509;
    Bytes der;
};

Certificate::Certificate(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Certificate::Certificate(const Certificate& o) : m_impl(std::make_unique<Impl>()) {
    X509_up_ref(o.m_impl->x509.get());
    m_impl->x509.reset(o.m_impl->x509.get());
    m_impl->der = o.m_impl->der;
}
Certificate& Certificate::operator=(const Certificate& o) {
    if (this != &o) *this = Certificate(o);
    return *this;
}
Certificate::Certificate(Certificate&&) noexcept = default;
Certificate& Certificate::operator=(Certificate&&) noexcept = default;
Certificate::~Certificate() = default;

Result<Certificate> Certificate::from_der(ByteView der) {
    const unsigned char* p = der.data();
    ossl::X509Ptr x(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (!x || p != der.data() + der.size())
        return fail(Errc::certificate_invalid, "not a DER X.509 certificate: " + ossl::last_error());
    auto impl = std::make_unique<Impl>();
    impl->x509 = std::move(x);
    impl->der.assign(der.begin(), der.end());
    return Certificate(std::move(impl));
}

Result<Certificate> certificate_from_x509(X509* x) {
    const int len = i2d_X509(x, nullptr);
    if (len <= 0) return fail(Errc::certificate_invalid, "cannot encode certificate");
    Bytes der(static_cast<std::size_t>(len));
    unsigned char* p = der.data();
    i2d_X509(x, &p);
    return Certificate::from_der(der);
}

Result<Certificate> Certificate::from_pem(std::string_view pem) {
    ossl::BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    ossl::X509Ptr x(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!x) return fail(Errc::certificate_invalid, "no PEM certificate: " + ossl::last_error());
    return certificate_from_x509(x.get());
}

Result<std::vector<Certificate>> Certificate::load_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(Errc::io, "cannot read certificate file '" + path + "'");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string data = ss.str();
    std::vector<Certificate> out;
    if (data.find("-----BEGIN") != std::string::npos) {
        ossl::BioPtr bio(BIO_new_mem_buf(data.data(), static_cast<int>(data.size())));
        while (true) {
            ossl::X509Ptr x(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
            if (!x) break;
            KYSO_TRY(auto cert, certificate_from_x509(x.get()));
            out.push_back(std::move(cert));
        }
        ERR_clear_error();
    } else {
        KYSO_TRY(auto cert, from_der(as_bytes(data)));
        out.push_back(std::move(cert));
    }
    if (out.empty()) return fail(Errc::certificate_invalid, "no certificate in '" + path + "'");
    return out;
}

Result<std::vector<Certificate>> Certificate::load_path(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_directory(path, ec)) return load_file(path);
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(path, ec))
        if (e.is_regular_file()) files.push_back(e.path());
    if (ec) return fail(Errc::io, "cannot read certificate directory '" + path + "': " + ec.message());
    std::sort(files.begin(), files.end());
    std::vector<Certificate> out;
    for (const auto& f : files)
        if (auto certs = load_file(f.string()))
            for (auto& c : *certs)
                out.push_back(std::move(c));
    return out;
}

const Bytes& Certificate::der() const {
    return m_impl->der;
}
void* Certificate::native() const {
    return m_impl->x509.get();
}

namespace {
std::string name_text(const X509_NAME* name) {
    ossl::BioPtr bio(BIO_new(BIO_s_mem()));
    // RFC 2253 order with UTF-8 left as UTF-8 (no \XX escapes of multibyte characters).
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}
TimePoint asn1_time(const ASN1_TIME* t) {
    return ossl::time_of(t).value_or(TimePoint{});
}
}  // namespace

std::string Certificate::subject() const {
    return name_text(X509_get_subject_name(m_impl->x509.get()));
}
std::string Certificate::issuer() const {
    return name_text(X509_get_issuer_name(m_impl->x509.get()));
}

std::string Certificate::serial_hex() const {
    std::unique_ptr<BIGNUM, ossl::Deleter<BN_free>> bn(
        ASN1_INTEGER_to_BN(X509_get0_serialNumber(m_impl->x509.get()), nullptr));
    if (!bn) return {};
    ossl::StringPtr hex(BN_bn2hex(bn.get()));
    return hex ? std::string(hex.get()) : std::string{};
}

std::string Certificate::sha256_fingerprint() const {
    return hex_encode(ossl::digest(DigestAlgorithm::sha256, m_impl->der));
}

TimePoint Certificate::not_before() const {
    return asn1_time(X509_get0_notBefore(m_impl->x509.get()));
}
TimePoint Certificate::not_after() const {
    return asn1_time(X509_get0_notAfter(m_impl->x509.get()));
}

KeyAlgorithm Certificate::key_algorithm() const {
    EVP_PKEY* key = X509_get0_pubkey(m_impl->x509.get());
    if (key == nullptr) return KeyAlgorithm::other;
    switch (EVP_PKEY_get_base_id(key)) {
        case EVP_PKEY_RSA:
            return KeyAlgorithm::rsa;
        case EVP_PKEY_EC:
            switch (EVP_PKEY_get_bits(key)) {
                case 256:
                    return KeyAlgorithm::ec_p256;
                case 384:
                    return KeyAlgorithm::ec_p384;
                case 521:
                    return KeyAlgorithm::ec_p521;
                default:
                    return KeyAlgorithm::other;
            }
        default:
            return KeyAlgorithm::other;
    }
}

int Certificate::key_bits() const {
    EVP_PKEY* key = X509_get0_pubkey(m_impl->x509.get());
    return key ? EVP_PKEY_get_bits(key) : 0;
}

bool Certificate::has_key_usage_extension() const {
    return (X509_get_extension_flags(m_impl->x509.get()) & EXFLAG_KUSAGE) != 0;
}

bool Certificate::allows_signing() const {
    if (!has_key_usage_extension()) return true;
    return (X509_get_key_usage(m_impl->x509.get()) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) != 0;
}

VnIdentity Certificate::identity() const {
    return read_identity(X509_get_subject_name(m_impl->x509.get()));
}

bool Certificate::same_as(const Certificate& other) const {
    return m_impl->der == other.m_impl->der;
}

bool Certificate::issued_by(const Certificate& issuer) const {
    auto* subject = static_cast<X509*>(native());
    auto* candidate = static_cast<X509*>(issuer.native());
    const bool ok =
        X509_check_issued(candidate, subject) == X509_V_OK && X509_verify(subject, X509_get0_pubkey(candidate)) == 1;
    ERR_clear_error();
    return ok;
}

bool Certificate::self_signed() const {
    return issued_by(*this);
}

std::vector<Certificate> issuer_path(const Certificate& leaf, std::span<const Certificate> candidates) {
    std::vector<Certificate> path;
    path.reserve(8);  // `current` points into it
    const Certificate* current = &leaf;
    for (std::size_t depth = 0; depth < 8 && !current->self_signed(); ++depth) {
        const Certificate* next = nullptr;
        for (const auto& c : candidates)
            if (!c.same_as(*current) && current->issued_by(c)) {
                next = &c;
                break;
            }
        if (next == nullptr || next->self_signed()) break;
        path.push_back(*next);
        current = &path.back();
    }
    return path;
}

}  // namespace kyso::keys
