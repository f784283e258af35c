#include <kyso/trust/timestamp.hpp>

#include "keys/certificate_native.hpp"
#include "net/http.hpp"
#include "ossl/ess.hpp"
#include "ossl/ossl.hpp"

#include <openssl/cms.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstring>
#include <functional>

namespace kyso::trust {

namespace {

using CmsPtr = std::unique_ptr<CMS_ContentInfo, ossl::Deleter<CMS_ContentInfo_free>>;
using TsReqPtr = std::unique_ptr<TS_REQ, ossl::Deleter<TS_REQ_free>>;
using TsRespPtr = std::unique_ptr<TS_RESP, ossl::Deleter<TS_RESP_free>>;
using TstInfoPtr = std::unique_ptr<TS_TST_INFO, ossl::Deleter<TS_TST_INFO_free>>;
using ImprintPtr = std::unique_ptr<TS_MSG_IMPRINT, ossl::Deleter<TS_MSG_IMPRINT_free>>;
using AlgorPtr = std::unique_ptr<X509_ALGOR, ossl::Deleter<X509_ALGOR_free>>;
using IntegerPtr = std::unique_ptr<ASN1_INTEGER, ossl::Deleter<ASN1_INTEGER_free>>;

Failure rejected(std::string why) {
    return fail(Errc::tsa_rejected, "time-stamp: " + std::move(why));
}

std::string oid_text(const ASN1_OBJECT* o) {
    char buf[128];
    OBJ_obj2txt(buf, sizeof buf, o, 1);
    return buf;
}

std::string integer_hex(const ASN1_INTEGER* i) {
    if (i == nullptr) return {};
    std::unique_ptr<BIGNUM, ossl::Deleter<BN_free>> bn(ASN1_INTEGER_to_BN(i, nullptr));
    if (!bn) return {};
    ossl::StringPtr hex(BN_bn2hex(bn.get()));
    return hex ? std::string(hex.get()) : std::string();
}

// RFC 3161 §2.3: the TSA certificate has exactly one extendedKeyUsage, id-kp-timeStamping, critical.
std::optional<std::string> tsa_certificate_problem(X509* cert) {
    const int at = X509_get_ext_by_NID(cert, NID_ext_key_usage, -1);
    if (at < 0) return "the TSA certificate has no extendedKeyUsage";
    if (X509_EXTENSION_get_critical(X509_get_ext(cert, at)) != 1)
        return "the TSA certificate's extendedKeyUsage is not critical (RFC 3161 §2.3)";
    X509_check_purpose(cert, -1, 0);  // computes the cached extension flags
    if (X509_get_extended_key_usage(cert) != XKU_TIMESTAMP)
        return "the TSA certificate's extendedKeyUsage is not id-kp-timeStamping alone";
    return std::nullopt;
}

// `imprint_for`: the expected imprint for the algorithm the token names (nothing: not accepted).
Result<Timestamp> check_token(ByteView token, const std::function<std::optional<Bytes>(int md_nid)>& imprint_for,
                              const std::vector<std::string>& policies, const ASN1_INTEGER* nonce) {
    const unsigned char* p = token.data();
    CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(token.size())));
    if (!cms || OBJ_obj2nid(CMS_get0_type(cms.get())) != NID_pkcs7_signed)
        return rejected("the token is not a CMS SignedData");
    if (p != token.data() + token.size()) return rejected("data follows the token");
    if (OBJ_obj2nid(CMS_get0_eContentType(cms.get())) != NID_id_smime_ct_TSTInfo)
        return rejected("the token does not carry a TSTInfo");
    // The token's own signature and content digest (no certificate path here: trust is validation's job).
    ossl::BioPtr out(BIO_new(BIO_s_mem()));
    if (CMS_verify(cms.get(), nullptr, nullptr, nullptr, out.get(), CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
        const std::string why = ossl::last_error();
        return rejected("the token's signature does not verify (" + why + ")");
    }
    char* data = nullptr;
    const long len = BIO_get_mem_data(out.get(), &data);
    const unsigned char* q = reinterpret_cast<const unsigned char*>(data);
    TstInfoPtr info(d2i_TS_TST_INFO(nullptr, &q, len));
    if (!info) return rejected("the TSTInfo cannot be parsed");

    TS_MSG_IMPRINT* mi = TS_TST_INFO_get_msg_imprint(info.get());
    const X509_ALGOR* algo = TS_MSG_IMPRINT_get_algo(mi);
    const ASN1_OCTET_STRING* value = TS_MSG_IMPRINT_get_msg(mi);
    const std::optional<Bytes> imprint = imprint_for(OBJ_obj2nid(algo->algorithm));
    if (!imprint || static_cast<std::size_t>(ASN1_STRING_length(value)) != imprint->size() ||
        std::memcmp(ASN1_STRING_get0_data(value), imprint->data(), imprint->size()) != 0)
        return rejected("the token's message imprint is not the hash of what was time-stamped");
    if (nonce != nullptr) {
        const ASN1_INTEGER* got = TS_TST_INFO_get_nonce(info.get());
        if (got == nullptr || ASN1_INTEGER_cmp(got, nonce) != 0)
            return rejected("the token's nonce is not the request's");
    }
    Timestamp ts;
    ts.token.assign(token.begin(), token.end());
    ts.policy = oid_text(TS_TST_INFO_get_policy_id(info.get()));
    if (!policies.empty() && std::find(policies.begin(), policies.end(), ts.policy) == policies.end())
        return rejected("policy " + ts.policy + " is not among the accepted ones");
    const auto gen_time = ossl::time_of(TS_TST_INFO_get_time(info.get()));
    if (!gen_time) return rejected("the token's genTime cannot be read");
    ts.gen_time = *gen_time;
    ts.serial_hex = integer_hex(TS_TST_INFO_get_serial(info.get()));

    STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(cms.get());
    if (sk_CMS_SignerInfo_num(infos) != 1) return rejected("the token does not have exactly one SignerInfo");
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
    ossl::X509StackPtr certs(CMS_get1_certs(cms.get()));
    X509* tsa = nullptr;
    for (int i = 0; certs && i < sk_X509_num(certs.get()); ++i) {
        X509* c = sk_X509_value(certs.get(), i);
        if (auto cert = keys::certificate_from_x509(c)) ts.certificates.push_back(std::move(*cert));
        if (tsa == nullptr && CMS_SignerInfo_cert_cmp(si, c) == 0) tsa = c;
    }
    if (tsa == nullptr) return rejected("the token does not carry the TSA certificate");
    if (auto problem = tsa_certificate_problem(tsa)) return rejected(*problem);
    // RFC 3161 §2.4.1 / RFC 5816: the SignerInfo names its certificate with ESSCertID or ESSCertIDv2.
    switch (ossl::ess_binding(si, tsa)) {
        case ossl::EssBinding::none:
            return rejected("the token has no ESS signing-certificate attribute");
        case ossl::EssBinding::mismatch:
            return rejected("the token's ESSCertID does not match the TSA certificate");
        default:
            break;
    }
    if (auto cert = keys::certificate_from_x509(tsa)) ts.tsa_certificate = std::move(*cert);
    return ts;
}

std::function<std::optional<Bytes>(int)> fixed_imprint(ByteView imprint, keys::DigestAlgorithm digest) {
    return [imprint, digest](int nid) -> std::optional<Bytes> {
        if (nid != EVP_MD_get_type(ossl::md(digest))) return std::nullopt;
        return Bytes(imprint.begin(), imprint.end());
    };
}

}  // namespace

Result<Timestamp> check_timestamp_token(ByteView token, ByteView imprint, keys::DigestAlgorithm digest,
                                        const std::vector<std::string>& accepted_policies) {
    return check_token(token, fixed_imprint(imprint, digest), accepted_policies, nullptr);
}

Result<Timestamp> check_timestamp_over(ByteView token, ByteView data,
                                       const std::vector<std::string>& accepted_policies) {
    return check_token(
        token,
        [data](int nid) -> std::optional<Bytes> {
            for (const auto alg :
                 {keys::DigestAlgorithm::sha256, keys::DigestAlgorithm::sha384, keys::DigestAlgorithm::sha512})
                if (nid == EVP_MD_get_type(ossl::md(alg))) return ossl::digest(alg, data);
            return std::nullopt;
        },
        accepted_policies, nullptr);
}

Result<keys::DigestAlgorithm> timestamp_imprint_algorithm(ByteView token) {
    std::optional<keys::DigestAlgorithm> named;
    bool reached = false;
    auto checked = check_token(
        token,
        [&](int nid) -> std::optional<Bytes> {
            reached = true;
            for (const auto alg :
                 {keys::DigestAlgorithm::sha256, keys::DigestAlgorithm::sha384, keys::DigestAlgorithm::sha512})
                if (nid == EVP_MD_get_type(ossl::md(alg))) named = alg;
            return std::nullopt;  // stop here: only the algorithm was asked for
        },
        {}, nullptr);
    if (named) return *named;
    if (!reached && !checked) return fail(checked.error().code, checked.error().message);
    return rejected("the token's message imprint uses a hash algorithm other than SHA-256, SHA-384 or SHA-512");
}

Result<Timestamp> request_timestamp(ByteView imprint, const TsaOptions& options) {
    if (imprint.size() != keys::digest_size(options.digest))
        return fail(Errc::internal,
                    "time-stamp imprint has the wrong length for " + std::string(keys::digest_name(options.digest)));
    // The request (RFC 3161 §2.4.1): version 1, the imprint, a 64-bit random nonce, certReq.
    TsReqPtr req(TS_REQ_new());
    ImprintPtr mi(TS_MSG_IMPRINT_new());
    AlgorPtr algo(X509_ALGOR_new());
    IntegerPtr nonce(ASN1_INTEGER_new());
    unsigned char random[8];
    if (!req || !mi || !algo || !nonce || RAND_bytes(random, sizeof random) != 1)
        return fail(Errc::internal, "cannot build a time-stamp request: " + ossl::last_error());
    random[0] &= 0x7f;  // a positive INTEGER
    std::unique_ptr<BIGNUM, ossl::Deleter<BN_free>> bn(BN_bin2bn(random, sizeof random, nullptr));
    X509_ALGOR_set_md(algo.get(), ossl::md(options.digest));
    if (!bn || BN_to_ASN1_INTEGER(bn.get(), nonce.get()) == nullptr || TS_REQ_set_version(req.get(), 1) != 1 ||
        TS_MSG_IMPRINT_set_algo(mi.get(), algo.get()) != 1 ||
        TS_MSG_IMPRINT_set_msg(mi.get(), const_cast<unsigned char*>(imprint.data()),
                               static_cast<int>(imprint.size())) != 1 ||
        TS_REQ_set_msg_imprint(req.get(), mi.get()) != 1 || TS_REQ_set_nonce(req.get(), nonce.get()) != 1 ||
        TS_REQ_set_cert_req(req.get(), 1) != 1)
        return fail(Errc::internal, "cannot build a time-stamp request: " + ossl::last_error());
    unsigned char* der = nullptr;
    const int der_len = i2d_TS_REQ(req.get(), &der);
    if (der_len <= 0) return fail(Errc::internal, "cannot encode the time-stamp request");
    net::HttpRequest http;
    http.url = options.url;
    http.content_type = "application/timestamp-query";
    http.accept = "application/timestamp-reply";
    http.body.assign(der, der + der_len);
    OPENSSL_free(der);
    http.username = options.username;
    http.password = options.password;
    http.timeout = options.timeout;
    KYSO_TRY(net::HttpResponse response, net::http_exchange(http));
    if (response.status != 200)
        return fail(Errc::network, options.url + ": the TSA answered HTTP " + std::to_string(response.status));

    const unsigned char* p = response.body.data();
    TsRespPtr resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(response.body.size())));
    if (!resp) return rejected("the TSA's reply is not a TimeStampResp");
    TS_STATUS_INFO* status = TS_RESP_get_status_info(resp.get());
    const long code = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(status));
    if (code != 0 && code != 1) {
        std::string why = "the TSA refused the request (PKIStatus " + std::to_string(code) + ")";
        if (const ASN1_BIT_STRING* info = TS_STATUS_INFO_get0_failure_info(status)) {
            static const std::pair<int, const char*> bits[] = {{TS_INFO_BAD_ALG, "badAlg"},
                                                               {TS_INFO_BAD_REQUEST, "badRequest"},
                                                               {TS_INFO_BAD_DATA_FORMAT, "badDataFormat"},
                                                               {TS_INFO_TIME_NOT_AVAILABLE, "timeNotAvailable"},
                                                               {TS_INFO_UNACCEPTED_POLICY, "unacceptedPolicy"},
                                                               {TS_INFO_UNACCEPTED_EXTENSION, "unacceptedExtension"},
                                                               {TS_INFO_ADD_INFO_NOT_AVAILABLE, "addInfoNotAvailable"},
                                                               {TS_INFO_SYSTEM_FAILURE, "systemFailure"}};
            for (const auto& [bit, name] : bits)
                if (ASN1_BIT_STRING_get_bit(info, bit)) why += std::string(", ") + name;
        }
        return rejected(why);
    }
    PKCS7* token = TS_RESP_get_token(resp.get());
    if (token == nullptr) return rejected("the TSA granted the request but sent no token");
    unsigned char* token_der = nullptr;
    const int token_len = i2d_PKCS7(token, &token_der);
    if (token_len <= 0) return rejected("the token cannot be encoded");
    Bytes bytes(token_der, token_der + token_len);
    OPENSSL_free(token_der);
    return check_token(bytes, fixed_imprint(imprint, options.digest), options.accepted_policies, nonce.get());
}

}  // namespace kyso::trust
