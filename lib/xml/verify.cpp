#include <kyso/xml/verify.hpp>

#include "keys/certificate_cache.hpp"
#include "libxml/libxml.hpp"
#include "ossl/ossl.hpp"
#include "verify/chain.hpp"
#include "verify/crypto_constraints.hpp"
#include "verify/signer_identity.hpp"
#include "verify/poe.hpp"
#include "verify/revocation_check.hpp"
#include "verify/verdict.hpp"
#include "xml/algorithms.hpp"
#include "xml/dsig_parse.hpp"
#include "xml/generic_verify.hpp"
#include "xml/locate.hpp"
#include "xml/reference.hpp"

#include <kyso/core/version.hpp>

namespace kyso::xml {

using libxml::chars;
using verify::Indication;
using verify::SignatureReport;
using verify::SubIndication;
using verify::Verdict;

namespace {

// The transforms a profile allows, exactly: enveloped-signature, then the profile's filter2 subtracts;
// an explicit inclusive C14N at the end changes nothing and is tolerated.
bool transforms_allowed(const DsigReference& ref, const ReferencePlan& plan, std::string& why) {
    std::vector<DsigTransform> t = ref.transforms;
    if (!t.empty() && t.back().algorithm == alg::kC14n && t.back().xpath_count == 0) t.pop_back();
    if (t.size() != 1 + plan.subtract_paths.size()) {
        why = "the Reference has " + std::to_string(ref.transforms.size()) +
              " transforms; the profile allows enveloped-signature" +
              (plan.subtract_paths.empty() ? std::string{} : " + XPath Filter 2.0 subtract") + " only";
        return false;
    }
    if (t[0].algorithm != alg::kEnveloped || t[0].xpath_count != 0) {
        why = "transform '" + t[0].algorithm + "' is not allowed (only enveloped-signature)";
        return false;
    }
    for (std::size_t i = 0; i < plan.subtract_paths.size(); ++i) {
        const auto& f = t[i + 1];
        if (f.algorithm != alg::kFilter2 || f.xpath_count != 1 || f.xpath_filter != "subtract" ||
            f.xpath != plan.subtract_paths[i]) {
            why = "transform '" + f.algorithm + "' is not the profile's XPath Filter 2.0 subtract of " +
                  plan.subtract_paths[i];
            return false;
        }
    }
    return true;
}

// `at`: the validation time; `poe`: the time a trusted time-stamp proves the document existed at, if
// any. The certificate path is judged at the best signature time (`poe`, else `at`), and so are the
// algorithm policy and revocation.
SignatureReport verify_one(xmlDoc* doc, xmlNode* sig_node, const ReferencePlan* plan, bool shape_ok,
                           const std::string& shape_error, const verify::Context& context, TimePoint at,
                           std::optional<TimePoint> poe) {
    SignatureReport r;
    r.slot = path_of(sig_node);
    Verdict v;
    if (!shape_ok) v.add(Indication::total_failed, SubIndication::format_failure, shape_error);

    const ParsedSignature p = parse_signature(sig_node);
    for (const auto& e : p.format_errors)
        v.add(Indication::total_failed, SubIndication::format_failure, e);
    if (p.has_object)
        v.add(Indication::total_failed, SubIndication::format_failure,
              "the Signature carries an Object (not allowed by the profile)");
    if (p.has_retrieval_method)
        v.add(Indication::total_failed, SubIndication::format_failure, "KeyInfo uses RetrievalMethod (refused)");
    if (p.c14n_method != alg::kC14n)
        v.add(Indication::total_failed, SubIndication::format_failure,
              "SignedInfo canonicalization '" + p.c14n_method + "' is not inclusive C14N 1.0");
    if (p.references.size() != 1)
        v.add(Indication::total_failed, SubIndication::format_failure,
              "SignedInfo has " + std::to_string(p.references.size()) + " References; exactly one is allowed");

    const auto sig_alg = alg::signature_info(p.signature_method);
    r.signature_algorithm = sig_alg.name;
    const DsigReference* ref = p.references.empty() ? nullptr : &p.references.front();
    alg::DigestInfo dig_alg;
    if (ref != nullptr) {
        dig_alg = alg::digest_info(ref->digest_method);
        r.digest_algorithm = dig_alg.name;
        if (plan != nullptr) {
            if (!ref->has_uri || ref->uri != plan->uri)
                v.add(Indication::total_failed, SubIndication::format_failure,
                      "Reference URI '" + ref->uri + "' is not the profile's '" + plan->uri + "'");
            std::string why;
            if (!transforms_allowed(*ref, *plan, why))
                v.add(Indication::total_failed, SubIndication::format_failure, why);
        }
    }
    if (plan != nullptr) r.signed_scope = plan->scope;

    // The reference digest over the profile's node set minus this Signature.
    if (ref != nullptr && plan != nullptr && (dig_alg.digest || dig_alg.sha1)) {
        NodeFilter filter = plan->filter;
        filter.excluded.push_back(sig_node);
        ossl::Hasher h(dig_alg.digest ? ossl::md(*dig_alg.digest) : ossl::md_sha1());
        Bytes view;
        auto c14n = canonicalize(doc, filter, [&](const char* d, std::size_t n) {
            h.update(d, n);
            view.insert(view.end(), d, d + n);
        });
        if (!c14n) {
            v.add(Indication::total_failed, SubIndication::format_failure, c14n.error().message);
        } else if (h.finish() != ref->digest_value) {
            v.add(Indication::total_failed, SubIndication::hash_failure,
                  "the reference digest does not match: the signed content was changed");
        } else {
            r.signed_view = std::move(view);
        }
    }

    // The signer: the X509Certificate whose key verifies SignatureValue. KeyValue is never trusted.
    std::vector<keys::Certificate> certs;
    for (const auto& der : p.certificates) {
        auto c = keys::cached_certificate(der);
        if (c)
            certs.push_back(std::move(*c));
        else
            v.add(Indication::total_failed, SubIndication::format_failure, "an X509Certificate cannot be parsed");
    }
    std::optional<keys::Certificate> signer;
    if (certs.empty()) {
        v.add(Indication::indeterminate, SubIndication::no_signing_certificate_found,
              p.has_key_value ? "KeyInfo has only a KeyValue; the key must come from an X.509 certificate"
                              : "KeyInfo carries no X509Certificate");
    } else if (sig_alg.hmac) {
        signer = certs.front();
    } else if (p.signed_info != nullptr && (sig_alg.digest || sig_alg.sha1)) {
        ossl::Hasher h(sig_alg.digest ? ossl::md(*sig_alg.digest) : ossl::md_sha1());
        auto c14n =
            canonicalize(doc, NodeFilter{p.signed_info, {}}, [&](const char* d, std::size_t n) { h.update(d, n); });
        const Bytes si_digest = h.finish();
        for (const auto& c : certs) {
            EVP_PKEY* key = X509_get0_pubkey(static_cast<X509*>(c.native()));
            const bool ec = key != nullptr && EVP_PKEY_get_base_id(key) == EVP_PKEY_EC;
            if (c14n && key != nullptr && ec == sig_alg.ecdsa &&
                ossl::verify_digest(key, sig_alg.digest ? ossl::md(*sig_alg.digest) : ossl::md_sha1(), si_digest,
                                    p.signature_value)) {
                signer = c;
                break;
            }
        }
        if (!signer) {
            signer = certs.front();
            v.add(Indication::total_failed, SubIndication::sig_crypto_failure,
                  "SignatureValue does not verify with the certificate in KeyInfo");
        }
    } else {
        signer = certs.front();
    }
    if (signer) r.signer = verify::signer_identity(*signer);

    // What kyso cannot compute is not judged by the policy: nothing about it was verified.
    if (!sig_alg.hmac && !sig_alg.digest && !sig_alg.sha1)
        v.add(Indication::indeterminate, SubIndication::crypto_constraints_failure,
              "signature algorithm '" + sig_alg.name + "' is not supported, so the signature was not verified");
    if (ref != nullptr && !dig_alg.digest && !dig_alg.sha1)
        v.add(Indication::indeterminate, SubIndication::crypto_constraints_failure,
              "digest algorithm '" + dig_alg.name + "' is not supported, so the reference was not verified");

    // The certificate path at the best signature time (a trusted time-stamp's, else the validation
    // time).
    std::vector<keys::Certificate> path;
    bool path_ok = false;
    if (signer) {
        std::vector<keys::Certificate> extra;
        for (const auto& c : certs)
            if (!c.same_as(*signer)) extra.push_back(c);
        auto chain = verify::validate_signer_chain(*signer, extra, context, poe.value_or(at));
        r.chain = chain.chain;
        path = chain.certificates;
        path_ok = chain.indication == Indication::total_passed;
        if (!path_ok) v.add(chain.indication, chain.sub_indication, chain.message);
    }

    // The dated algorithm policy (spec/claims-xml.md §3, ETSI EN 319 102-1 §5.2.8), after the path.
    verify::CryptoConstraints crypto(context, at, poe);
    if (sig_alg.hmac) {
        crypto.key({"HMAC", 0, {}}, "the SignatureMethod " + p.signature_method);
    } else if (!sig_alg.digest_name.empty()) {
        crypto.digest(sig_alg.digest_name, "the SignatureMethod digest");
        if (signer) crypto.key(verify::key_description(*signer), "the signer's key");
    }
    if (ref != nullptr && (dig_alg.digest || dig_alg.sha1)) crypto.digest(dig_alg.name, "the Reference digest");
    crypto.certificate_path(path);
    crypto.apply(v, r.warnings);
    // Revocation of each certificate on the path.
    if (path_ok && !v.failed()) verify::judge_revocation(path, context, at, poe, v, r);

    // Facility binding: MACSKCB (read from what was signed) → allowed signers. Facilities without an
    // entry are not judged, only warned about.
    std::optional<std::string> binding_warning;
    if (signer && !context.facility_binding.empty() && !r.signed_view.empty()) {
        const auto facility = signed_value(r.signed_view, "/GIAMDINHHS/THONGTINDONVI/MACSKCB");
        if (facility) {
            const auto it = context.facility_binding.find(*facility);
            if (it == context.facility_binding.end()) {
                binding_warning = "facility MACSKCB " + *facility + " has no binding configured";
            } else {
                const auto vn = signer->identity();
                if (!((vn.mst && it->second.count(*vn.mst)) || it->second.count(signer->sha256_fingerprint())))
                    v.add(Indication::indeterminate, SubIndication::sig_constraints_failure,
                          "the signer is not bound to facility MACSKCB " + *facility);
            }
        }
    }
    v.apply(r);
    if (binding_warning) r.warnings.push_back(*binding_warning);
    if (r.indication != Indication::total_passed) r.signed_view.clear();  // nothing unverified is offered as signed
    return r;
}

}  // namespace

verify::DocumentReport verify(ByteView document, const verify::Context& context, const VerifyOptions& options,
                              const std::string& path) {
    const libxml::QuietErrors quiet;
    verify::DocumentReport report;
    report.path = path;
    report.format = "xml";
    const TimePoint at = context.validation_time.value_or(now_utc());
    auto parsed = libxml::parse_hardened(document, path.empty() ? "input" : path);
    if (!parsed) {
        report.error = parsed.error();
        return report;
    }
    xmlDoc* doc = parsed->get();
    const std::string root = chars(xmlDocGetRootElement(doc)->name);
    const auto signatures = find_signatures(doc);

    ProfileId profile_id{};
    if (options.profile) {
        profile_id = *options.profile;
    } else {
        auto detected = detect_profile(root, false);
        if (!detected) {
            report.error = detected.error();
            return report;
        }
        profile_id = *detected;
    }
    if (profile_id == ProfileId::generic) {
        report.profile = "generic";
        verify_generic(document, context, at, report);
        return report;
    }
    const Profile profile = builtin_profile(profile_id);
    bool root_ok = false;
    for (const auto& r : profile.roots)
        root_ok = root_ok || r == root;
    if (!root_ok) {
        report.profile = std::string(profile_name(profile_id));
        report.error =
            Error{Errc::unsupported, "profile '" + report.profile + "' does not apply to a '" + root + "' document"};
        return report;
    }
    if (signatures.empty()) {
        report.profile = std::string(profile_name(profile_id));
        report.error = Error{Errc::profile_violation, "the document carries no signature (the portal answers 123)"};
        return report;
    }

    // Match signatures to the profile's slots; anything else is misplaced.
    std::vector<std::pair<xmlNode*, std::optional<ReferencePlan>>> placed;
    std::string plan_error;
    std::vector<bool> used(signatures.size(), false);
    for (const auto& slot : profile.slots) {
        auto plan = plan_reference(doc, slot);
        if (!plan) {
            if (plan_error.empty()) plan_error = plan.error().message;
            continue;
        }
        for (std::size_t i = 0; i < signatures.size(); ++i)
            if (!used[i] && signatures[i]->parent == plan->slot) {
                used[i] = true;
                placed.emplace_back(signatures[i], *plan);
            }
    }
    if (profile_id == ProfileId::ksk_doctor || profile_id == ProfileId::ksk_hospital) {
        bool hospital = false;
        for (const auto& [node, plan] : placed)
            hospital = hospital || plan->slot_path == profile.slots[1].slot_path;
        profile_id = hospital ? ProfileId::ksk_hospital : ProfileId::ksk_doctor;
    }
    report.profile = std::string(profile_name(profile_id));

    // Signature wrapping defence: each slot holds at most one Signature, and nothing else signs.
    const std::size_t expected_max = profile.slots.size();
    std::string shape_error;
    if (signatures.size() > expected_max || placed.size() != signatures.size())
        shape_error = "the document carries " + std::to_string(signatures.size()) +
                      " Signature elements; the profile allows one per slot (" + std::to_string(expected_max) + ")";
    for (std::size_t i = 0; i + 1 < placed.size(); ++i)
        for (std::size_t j = i + 1; j < placed.size(); ++j)
            if (placed[i].second->slot == placed[j].second->slot)
                shape_error = "two Signatures share the slot " + placed[i].second->slot_path;
    if (const xmlNode* odd = find_comment_or_pi(doc))
        shape_error = std::string(odd->type == XML_COMMENT_NODE ? "a comment" : "a processing instruction") +
                      " inside " + path_of(odd->parent) + " (they are not signed and can change how values read)";

    verify::Poe poe;
    if (options.detached_timestamp) poe = verify::timestamp_poe(*options.detached_timestamp, document, context, at);
    bool archive_poe = false;
    if (!poe.time && options.proof_of_existence) {
        poe.time = options.proof_of_existence;
        archive_poe = true;
    }
    const std::size_t first = report.signatures.size();
    for (auto& [node, plan] : placed)
        report.signatures.push_back(
            verify_one(doc, node, &*plan, shape_error.empty(), shape_error, context, at, poe.time));
    for (std::size_t i = first; i < report.signatures.size(); ++i) {
        auto& s = report.signatures[i];
        poe.add_to(s);
        if (poe.time) {
            s.signing_time = *poe.time;
            s.time_source = verify::TimeSource::timestamp;
        } else if (options.detached_timestamp) {
            s.warnings.push_back("the detached time-stamp was not relied on: " + poe.problem);
        }
        if (archive_poe)
            s.warnings.push_back("proof of existence from the archive time-stamp at " + format_rfc3339(*poe.time));
    }
    for (std::size_t i = 0; i < signatures.size(); ++i) {
        if (used[i]) continue;
        std::string why =
            "Signature at " + path_of(signatures[i]) + " is not at a slot of profile '" + report.profile + "'";
        if (!plan_error.empty()) why += " (" + plan_error + ")";
        report.signatures.push_back(verify_one(doc, signatures[i], nullptr, false, why, context, at, std::nullopt));
    }
    return report;
}

}  // namespace kyso::xml
