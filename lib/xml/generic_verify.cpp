#include "xml/generic_verify.hpp"

#include "libxml/libxml.hpp"
#include "ossl/ossl.hpp"
#include "keys/certificate_native.hpp"
#include "verify/chain.hpp"
#include "verify/revocation_check.hpp"
#include "verify/crypto_constraints.hpp"
#include "verify/signer_identity.hpp"
#include "verify/verdict.hpp"
#include "xml/algorithms.hpp"
#include "xml/dsig_parse.hpp"
#include "xml/locate.hpp"

#include <xmlsec/crypto.h>
#include <xmlsec/errors.h>
#include <xmlsec/openssl/x509.h>
#include <xmlsec/xmldsig.h>
#include <xmlsec/xmlsec.h>

#include <mutex>

namespace kyso::xml {

using verify::Indication;
using verify::SubIndication;

namespace {

void silent_errors(const char*, int, const char*, const char*, const char*, int, const char*) {}

// xmlsec is initialised once per process and never shut down (the host may use it too). Its error
// callback is process-wide; kyso silences it because the library never prints.
bool xmlsec_ready() {
    static const bool ready = [] {
        libxml::ensure_initialized();
        if (xmlSecInit() < 0 || xmlSecCheckVersion() != 1) return false;
        if (xmlSecCryptoAppInit(nullptr) < 0 || xmlSecCryptoInit() < 0) return false;
        xmlSecErrorsSetCallback(silent_errors);
        return true;
    }();
    return ready;
}

struct MngrDeleter {
    void operator()(xmlSecKeysMngr* m) const noexcept { xmlSecKeysMngrDestroy(m); }
};
struct DsigCtxDeleter {
    void operator()(xmlSecDSigCtx* c) const noexcept { xmlSecDSigCtxDestroy(c); }
};

// Only canonicalizations, enveloped-signature, XPath Filter 2.0 and non-legacy digests and signature
// methods: no XSLT, no XPath 1.0, no external URIs, no KeyValue trust.
void restrict_transforms(xmlSecDSigCtx* ctx) {
    const xmlSecTransformId c14n[] = {xmlSecTransformInclC14NId, xmlSecTransformInclC14NWithCommentsId,
                                      xmlSecTransformExclC14NId, xmlSecTransformExclC14NWithCommentsId};
    for (auto id : c14n) {
        xmlSecDSigCtxEnableReferenceTransform(ctx, id);
        xmlSecDSigCtxEnableSignatureTransform(ctx, id);
    }
    for (auto id : {xmlSecTransformEnvelopedId, xmlSecTransformXPath2Id, xmlSecTransformSha1Id, xmlSecTransformSha256Id,
                    xmlSecTransformSha384Id, xmlSecTransformSha512Id})
        xmlSecDSigCtxEnableReferenceTransform(ctx, id);
    for (auto id : {xmlSecTransformRsaSha1Id, xmlSecTransformRsaSha256Id, xmlSecTransformRsaSha384Id,
                    xmlSecTransformRsaSha512Id, xmlSecTransformEcdsaSha1Id, xmlSecTransformEcdsaSha256Id,
                    xmlSecTransformEcdsaSha384Id, xmlSecTransformEcdsaSha512Id})
        xmlSecDSigCtxEnableSignatureTransform(ctx, id);
    ctx->enabledReferenceUris =
        static_cast<xmlSecTransformUriType>(xmlSecTransformUriTypeEmpty | xmlSecTransformUriTypeSameDocument);
    xmlSecPtrListAdd(&ctx->keyInfoReadCtx.enabledKeyData,
                     const_cast<void*>(static_cast<const void*>(xmlSecKeyDataX509Id)));
    // The path is validated by kyso (verify/chain), at the validation time, like every other profile.
    ctx->keyInfoReadCtx.flags |= XMLSEC_KEYINFO_FLAGS_X509DATA_DONT_VERIFY_CERTS;
}

verify::SignatureReport verify_node(xmlNode* node, const verify::Context& context, TimePoint at) {
    verify::SignatureReport r;
    r.slot = path_of(node);
    r.signed_scope = "as declared by the signature's References (generic XML-DSig; not a claims profile)";
    const ParsedSignature parsed = parse_signature(node);
    r.signature_algorithm = alg::signature_info(parsed.signature_method).name;
    if (!parsed.references.empty()) r.digest_algorithm = alg::digest_info(parsed.references.front().digest_method).name;

    std::unique_ptr<xmlSecKeysMngr, MngrDeleter> mngr(xmlSecKeysMngrCreate());
    if (!mngr || xmlSecCryptoAppDefaultKeysMngrInit(mngr.get()) < 0) {
        r.indication = Indication::indeterminate;
        r.errors.push_back("xmlsec key manager could not be created");
        return r;
    }
    std::unique_ptr<xmlSecDSigCtx, DsigCtxDeleter> ctx(xmlSecDSigCtxCreate(mngr.get()));
    restrict_transforms(ctx.get());
    const int rc = xmlSecDSigCtxVerify(ctx.get(), node);
    std::optional<keys::Certificate> signer;
    if (ctx->signKey != nullptr) {
        if (xmlSecKeyDataPtr x509 = xmlSecKeyGetData(ctx->signKey, xmlSecOpenSSLKeyDataX509Id)) {
            if (X509* cert = xmlSecOpenSSLKeyDataX509GetKeyCert(x509))
                if (auto c = keys::certificate_from_x509(cert)) signer = std::move(*c);
        }
    }
    if (rc < 0 || ctx->status != xmlSecDSigStatusSucceeded) {
        bool reference_failed = false;
        for (xmlSecSize i = 0; i < xmlSecPtrListGetSize(&ctx->signedInfoReferences); ++i) {
            auto* ref = static_cast<xmlSecDSigReferenceCtx*>(xmlSecPtrListGetItem(&ctx->signedInfoReferences, i));
            reference_failed = reference_failed || (ref != nullptr && ref->status != xmlSecDSigStatusSucceeded);
        }
        r.indication = signer ? Indication::total_failed : Indication::indeterminate;
        r.sub_indication = !signer            ? SubIndication::no_signing_certificate_found
                           : reference_failed ? SubIndication::hash_failure
                                              : SubIndication::sig_crypto_failure;
        r.errors.push_back(rc < 0 ? "xmlsec could not process the signature (disallowed transform, URI or key data?)"
                                  : "xmlsec reports the signature invalid");
    }
    if (signer) r.signer = verify::signer_identity(*signer);
    if (r.indication == Indication::total_failed || !signer) return r;
    std::vector<keys::Certificate> extra;
    for (const auto& der : parsed.certificates)
        if (auto c = keys::Certificate::from_der(der); c && !c->same_as(*signer)) extra.push_back(std::move(*c));
    const auto chain = verify::validate_signer_chain(*signer, extra, context, at);
    r.chain = chain.chain;
    verify::Verdict v;
    if (chain.indication != Indication::total_passed) v.add(chain.indication, chain.sub_indication, chain.message);
    // The dated algorithm policy, after the path (ETSI EN 319 102-1 §5.2.8). xmlsec only accepted the
    // digests and methods restrict_transforms() enables, so each has a name the policy knows.
    verify::CryptoConstraints crypto(context, at, std::nullopt);
    const auto sig_alg = alg::signature_info(parsed.signature_method);
    crypto.digest(sig_alg.digest_name, "the SignatureMethod digest");
    crypto.key(verify::key_description(*signer), "the signer's key");
    for (const auto& ref : parsed.references)
        crypto.digest(alg::digest_info(ref.digest_method).name, "a Reference digest");
    crypto.certificate_path(chain.certificates);
    crypto.apply(v, r.warnings);
    if (chain.indication == Indication::total_passed && !v.failed())
        verify::judge_revocation(chain.certificates, context, at, std::nullopt, v, r);
    v.apply(r);
    return r;
}

}  // namespace

void verify_generic(ByteView document, const verify::Context& context, TimePoint at, verify::DocumentReport& report) {
    static std::mutex init_mutex;
    {
        const std::lock_guard lock(init_mutex);
        if (!xmlsec_ready()) {
            report.error = Error{Errc::internal, "xmlsec could not be initialised"};
            return;
        }
    }
    auto doc = libxml::parse_hardened(document, report.path.empty() ? "input" : report.path);
    if (!doc) {
        report.error = doc.error();
        return;
    }
    const auto signatures = find_signatures(doc->get());
    if (signatures.empty()) {
        report.error = Error{Errc::profile_violation, "the document carries no XML-DSig signature"};
        return;
    }
    for (xmlNode* s : signatures)
        report.signatures.push_back(verify_node(s, context, at));
}

}  // namespace kyso::xml
