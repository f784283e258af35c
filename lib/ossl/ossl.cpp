#include "ossl/ossl.hpp"

#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/rsa.h>

#include <array>
#include <ctime>
#include <mutex>

namespace kyso::ossl {

std::optional<TimePoint> time_of(const ASN1_TIME* t) {
    struct tm tm {};
    if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return std::nullopt;
    return TimePoint(std::chrono::seconds(timegm(&tm)));
}

std::string last_error() {
    std::string out;
    unsigned long code = 0;
    while ((code = ERR_get_error()) != 0) {
        char buf[256];
        ERR_error_string_n(code, buf, sizeof buf);
        if (!out.empty()) out += "; ";
        out += buf;
    }
    return out.empty() ? "no OpenSSL error recorded" : out;
}

namespace {
struct Fetched {
    MdPtr sha1, sha256, sha384, sha512;
};
const Fetched& fetched() {
    static const Fetched f = [] {
        Fetched r;
        r.sha1.reset(EVP_MD_fetch(nullptr, "SHA1", nullptr));
        r.sha256.reset(EVP_MD_fetch(nullptr, "SHA256", nullptr));
        r.sha384.reset(EVP_MD_fetch(nullptr, "SHA384", nullptr));
        r.sha512.reset(EVP_MD_fetch(nullptr, "SHA512", nullptr));
        return r;
    }();
    return f;
}
}  // namespace

const EVP_MD* md(keys::DigestAlgorithm alg) {
    switch (alg) {
        case keys::DigestAlgorithm::sha256:
            return fetched().sha256.get();
        case keys::DigestAlgorithm::sha384:
            return fetched().sha384.get();
        case keys::DigestAlgorithm::sha512:
            return fetched().sha512.get();
    }
    return fetched().sha256.get();
}
const EVP_MD* md_sha1() {
    return fetched().sha1.get();
}

Hasher::Hasher(const EVP_MD* m) : m_ctx(EVP_MD_CTX_new()) {
    EVP_DigestInit_ex2(m_ctx.get(), m, nullptr);
}
void Hasher::update(const void* data, std::size_t size) {
    EVP_DigestUpdate(m_ctx.get(), data, size);
}
Bytes Hasher::finish() {
    Bytes out(static_cast<std::size_t>(EVP_MD_CTX_get_size(m_ctx.get())));
    unsigned len = 0;
    EVP_DigestFinal_ex(m_ctx.get(), out.data(), &len);
    out.resize(len);
    return out;
}

Bytes digest(keys::DigestAlgorithm alg, ByteView data) {
    Hasher h(md(alg));
    h.update(data.data(), data.size());
    return h.finish();
}

Bytes digest_info(keys::DigestAlgorithm alg, ByteView dgst) {
    // DER prefixes from RFC 8017 §9.2 note 1.
    static constexpr std::array<std::uint8_t, 19> sha256{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                                         0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    static constexpr std::array<std::uint8_t, 19> sha384{0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                                         0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30};
    static constexpr std::array<std::uint8_t, 19> sha512{0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                                         0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40};
    const auto& prefix = alg == keys::DigestAlgorithm::sha256   ? sha256
                         : alg == keys::DigestAlgorithm::sha384 ? sha384
                                                                : sha512;
    Bytes out(prefix.begin(), prefix.end());
    out.insert(out.end(), dgst.begin(), dgst.end());
    return out;
}

std::size_t ec_field_bytes(const EVP_PKEY* key) {
    return static_cast<std::size_t>((EVP_PKEY_get_bits(key) + 7) / 8);
}

Result<Bytes> ecdsa_der_to_raw(ByteView der, std::size_t half) {
    const unsigned char* p = der.data();
    std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
    if (!sig || p != der.data() + der.size()) return fail(Errc::internal, "bad DER ECDSA signature");
    const BIGNUM* r = nullptr;
    const BIGNUM* s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    Bytes out(half * 2);
    if (BN_bn2binpad(r, out.data(), static_cast<int>(half)) < 0 ||
        BN_bn2binpad(s, out.data() + half, static_cast<int>(half)) < 0)
        return fail(Errc::internal, "ECDSA signature does not fit the curve size");
    return out;
}

Result<Bytes> ecdsa_raw_to_der(ByteView raw) {
    if (raw.empty() || raw.size() % 2 != 0) return fail(Errc::unsupported, "raw ECDSA signature has odd length");
    const auto half = static_cast<int>(raw.size() / 2);
    std::unique_ptr<ECDSA_SIG, Deleter<ECDSA_SIG_free>> sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(raw.data(), half, nullptr);
    BIGNUM* s = BN_bin2bn(raw.data() + half, half, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return fail(Errc::internal, "cannot build ECDSA signature");
    }
    const int len = i2d_ECDSA_SIG(sig.get(), nullptr);
    if (len <= 0) return fail(Errc::internal, "cannot encode ECDSA signature");
    Bytes out(static_cast<std::size_t>(len));
    unsigned char* p = out.data();
    i2d_ECDSA_SIG(sig.get(), &p);
    return out;
}

bool verify_digest(EVP_PKEY* key, const EVP_MD* digest_md, ByteView dgst, ByteView signature) {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
    if (!ctx || EVP_PKEY_verify_init(ctx.get()) != 1) {
        ERR_clear_error();
        return false;
    }
    Bytes der;
    ByteView sig = signature;
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
        auto converted = ecdsa_raw_to_der(signature);
        if (!converted) return false;
        der = std::move(*converted);
        sig = der;
    } else if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
        if (EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1) return false;
    } else {
        return false;
    }
    if (EVP_PKEY_CTX_set_signature_md(ctx.get(), digest_md) != 1) {
        ERR_clear_error();
        return false;
    }
    const bool ok = EVP_PKEY_verify(ctx.get(), sig.data(), sig.size(), dgst.data(), dgst.size()) == 1;
    ERR_clear_error();
    return ok;
}

bool set_pss(EVP_PKEY_CTX* ctx, keys::DigestAlgorithm alg) {
    return EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PSS_PADDING) == 1 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx, RSA_PSS_SALTLEN_DIGEST) == 1 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, md(alg)) == 1;
}

Bytes pss_params_der(keys::DigestAlgorithm alg) {
    // AlgorithmIdentifier of SHA-2 (2.16.840.1.101.3.4.2.N) with NULL parameters.
    const std::uint8_t n = alg == keys::DigestAlgorithm::sha256 ? 1 : alg == keys::DigestAlgorithm::sha384 ? 2 : 3;
    const Bytes hash_id{0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, n, 0x05, 0x00};
    Bytes out;
    auto tlv = [](std::uint8_t tag, const Bytes& content) {
        Bytes t{tag, static_cast<std::uint8_t>(content.size())};
        t.insert(t.end(), content.begin(), content.end());
        return t;
    };
    Bytes mgf{0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08};  // id-mgf1
    mgf.insert(mgf.end(), hash_id.begin(), hash_id.end());
    const Bytes salt{0x02, 0x01, static_cast<std::uint8_t>(keys::digest_size(alg))};
    Bytes body = tlv(0xa0, hash_id);
    const Bytes m = tlv(0xa1, tlv(0x30, mgf));
    body.insert(body.end(), m.begin(), m.end());
    const Bytes sl = tlv(0xa2, salt);
    body.insert(body.end(), sl.begin(), sl.end());
    return tlv(0x30, body);
}

}  // namespace kyso::ossl
