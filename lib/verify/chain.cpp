#include "verify/chain.hpp"

#include "keys/certificate_native.hpp"
#include "ossl/ossl.hpp"
#include "trust/ca_issuers.hpp"

#include <openssl/err.h>

#include <algorithm>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kyso::verify {

namespace {

ChainResult build_and_validate(const keys::Certificate& signer, const std::vector<keys::Certificate>& extra,
                               const Context& context, TimePoint at) {
    ChainResult r;
    if (context.trust_anchors.empty()) {
        r.indication = Indication::indeterminate;
        r.sub_indication = SubIndication::no_certificate_chain_found;
        r.message = "no trust anchors are configured (--trust)";
        return r;
    }
    ossl::StorePtr store(X509_STORE_new());
    for (const auto& a : context.trust_anchors)
        X509_STORE_add_cert(store.get(), static_cast<X509*>(a.native()));
    ossl::X509StackPtr untrusted(sk_X509_new_null());
    for (const auto* list : {&context.untrusted, &extra})
        for (const auto& c : *list) {
            X509_up_ref(static_cast<X509*>(c.native()));
            sk_X509_push(untrusted.get(), static_cast<X509*>(c.native()));
        }
    ossl::StoreCtxPtr ctx(X509_STORE_CTX_new());
    X509_STORE_CTX_init(ctx.get(), store.get(), static_cast<X509*>(signer.native()), untrusted.get());
    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
    X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(at.time_since_epoch().count()));
    X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
    const int ok = X509_verify_cert(ctx.get());
    const int err = X509_STORE_CTX_get_error(ctx.get());
    if (STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx.get())) {
        for (int i = 0; i < sk_X509_num(chain); ++i) {
            if (auto c = keys::certificate_from_x509(sk_X509_value(chain, i))) {
                r.chain.push_back(c->subject());
                r.certificates.push_back(std::move(*c));
            }
        }
    }
    ERR_clear_error();
    if (ok != 1) {
        r.message = std::string("certificate path: ") + X509_verify_cert_error_string(err);
        switch (err) {
            case X509_V_ERR_CERT_HAS_EXPIRED:
                r.indication = Indication::indeterminate;
                r.sub_indication = SubIndication::out_of_bounds_no_poe;
                r.message += " (no proof that the signature existed while it was valid)";
                break;
            case X509_V_ERR_CERT_NOT_YET_VALID:
                r.indication = Indication::total_failed;
                r.sub_indication = SubIndication::not_yet_valid;
                break;
            case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
            case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
            case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
            case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
            case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
                r.indication = Indication::indeterminate;
                r.sub_indication = SubIndication::no_certificate_chain_found;
                break;
            default:
                r.indication = Indication::indeterminate;
                r.sub_indication = SubIndication::certificate_chain_general_failure;
                break;
        }
        return r;
    }
    if (!signer.allows_signing()) {
        r.indication = Indication::indeterminate;
        r.sub_indication = SubIndication::chain_constraints_failure;
        r.message = "the signer certificate's keyUsage allows neither digitalSignature nor nonRepudiation";
    }
    return r;
}

// With fetching allowed, a path that stops short of an anchor is extended from the caIssuers of its
// last certificate, a few times at most (each round adds the issuers of the certificate reached).
ChainResult build_fetching_issuers(const keys::Certificate& signer, std::vector<keys::Certificate> extra,
                                   const Context& context, TimePoint at) {
    trust::IssuerFetchOptions options;
    options.offline = context.offline;
    options.cache_dir = context.cache_dir;
    options.timeout = context.network_timeout;
    for (int round = 0;; ++round) {
        ChainResult r = build_and_validate(signer, extra, context, at);
        if (!context.fetch_ca_issuers || round == 4 || r.sub_indication != SubIndication::no_certificate_chain_found)
            return r;
        const keys::Certificate& last = r.certificates.empty() ? signer : r.certificates.back();
        bool added = false;
        for (auto& c : trust::fetch_ca_issuers(last, options)) {
            const auto known = [&c](const keys::Certificate& k) { return k.same_as(c); };
            if (std::none_of(extra.begin(), extra.end(), known) &&
                std::none_of(context.untrusted.begin(), context.untrusted.end(), known)) {
                extra.push_back(std::move(c));
                added = true;
            }
        }
        if (!added) return r;
    }
}

// The result depends only on the certificates involved and the time; a batch verifies thousands of
// documents by the same signer, so results are kept (bounded) instead of building the path again.
std::string cache_key(const keys::Certificate& signer, const std::vector<keys::Certificate>& extra,
                      const Context& context, TimePoint at) {
    std::string key = std::to_string(at.time_since_epoch().count());
    key += context.fetch_ca_issuers ? (context.offline ? 'o' : 'f') : '-';
    const auto add = [&key](char tag, const keys::Certificate& c) {
        key += tag;
        key += as_chars(c.der());
    };
    add('s', signer);
    for (const auto& c : extra)
        add('e', c);
    for (const auto& c : context.trust_anchors)
        add('a', c);
    for (const auto& c : context.untrusted)
        add('u', c);
    return key;
}

}  // namespace

ChainResult validate_signer_chain(const keys::Certificate& signer, const std::vector<keys::Certificate>& extra,
                                  const Context& context, TimePoint at) {
    static std::mutex mutex;
    static std::unordered_map<std::string, ChainResult> cache;
    std::string key = cache_key(signer, extra, context, at);
    {
        const std::lock_guard lock(mutex);
        if (auto it = cache.find(key); it != cache.end()) return it->second;
    }
    ChainResult r = build_fetching_issuers(signer, extra, context, at);
    const std::lock_guard lock(mutex);
    if (cache.size() >= 4096) cache.clear();
    cache.emplace(std::move(key), r);
    return r;
}

}  // namespace kyso::verify
