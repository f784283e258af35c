#include "verify/crypto_constraints.hpp"

#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/x509.h>

#include <algorithm>

namespace kyso::verify {

std::shared_ptr<const AlgorithmPolicy> policy_of(const Context& context) {
    return context.algorithm_policy ? context.algorithm_policy : AlgorithmPolicy::builtin();
}

KeyDescription key_description(const keys::Certificate& certificate, bool pss) {
    KeyDescription d;
    EVP_PKEY* key = X509_get0_pubkey(static_cast<X509*>(certificate.native()));
    if (key == nullptr) {
        d.algorithm = "an unreadable public key";
        return d;
    }
    d.bits = EVP_PKEY_get_bits(key);
    switch (const int id = EVP_PKEY_get_base_id(key)) {
        case EVP_PKEY_RSA:
            d.algorithm = pss ? "RSASSA-PSS" : "RSA";
            break;
        case EVP_PKEY_RSA_PSS:
            d.algorithm = "RSASSA-PSS";
            break;
        case EVP_PKEY_EC: {
            d.algorithm = "ECDSA";
            char group[80] = {};
            std::size_t length = 0;
            if (EVP_PKEY_get_group_name(key, group, sizeof group, &length) == 1) {
                // OpenSSL names NIST curves prime256v1 / secp384r1 / ...; the policy uses P-256 / P-384.
                const int nid = OBJ_sn2nid(group);
                const char* nist = nid != NID_undef ? EC_curve_nid2nist(nid) : nullptr;
                d.curve = nist != nullptr ? nist : group;
            }
            break;
        }
        default: {
            const char* name = OBJ_nid2sn(id);
            d.algorithm = name != nullptr ? name : "an unknown key type";
            break;
        }
    }
    return d;
}

CryptoConstraints::CryptoConstraints(const Context& context, TimePoint validation_time, std::optional<TimePoint> poe)
    : m_policy(policy_of(context)), m_validation_time(validation_time), m_poe(poe) {}

void CryptoConstraints::digest(std::string_view algorithm, const std::string& what) {
    judge(m_policy->digest(algorithm, m_validation_time), what);
}

void CryptoConstraints::key(const KeyDescription& key, const std::string& what) {
    judge(m_policy->key(key, m_validation_time), what);
}

void CryptoConstraints::certificate_path(const std::vector<keys::Certificate>& path) {
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
        const std::string subject = path[i].subject();
        int md = NID_undef, pk = NID_undef;
        if (X509_get_signature_info(static_cast<X509*>(path[i].native()), &md, &pk, nullptr, nullptr) != 1) {
            m_findings.push_back({SubIndication::crypto_constraints_failure,
                                  "certificate '" + subject + "' is signed with an algorithm kyso does not know"});
            continue;
        }
        const std::string what = "the signature on certificate '" + subject + "'";
        if (md != NID_undef) digest(OBJ_nid2sn(md), what);  // EdDSA has no separate digest
        key(key_description(path[i + 1], pk == NID_rsassaPss),
            "the key of '" + path[i + 1].subject() + "', which signed certificate '" + subject + "'");
    }
}

void CryptoConstraints::judge(const AlgorithmAssessment& a, const std::string& what) {
    using Status = AlgorithmAssessment::Status;
    if (a.status == Status::trusted) return;
    const std::string subject = a.algorithm + " (" + what + ")";
    const std::string policy = "policy " + m_policy->label();
    Finding f;
    if (a.status == Status::never_trusted) {
        f.sub = SubIndication::crypto_constraints_failure;
        f.message = a.entry.empty()
                        ? subject + " is not trusted under " + policy + ": " + a.note
                        : subject + " is never trusted under " + policy + (a.note.empty() ? "" : ": " + a.note);
    } else {
        const std::string head = subject + " is not trusted after " +
                                 format_rfc3339(TimePoint(*a.not_trusted_after)).substr(0, 10) + " under " + policy;
        if (m_poe && a.trusted_at(*m_poe)) {
            const std::string note = head + "; accepted because a trusted time-stamp proves the signature existed at " +
                                     format_rfc3339(*m_poe);
            if (std::find(m_warnings.begin(), m_warnings.end(), note) == m_warnings.end()) m_warnings.push_back(note);
            return;
        }
        f.sub = SubIndication::crypto_constraints_failure_no_poe;
        f.message = head + (m_poe ? ", and the earliest proof of existence (" + format_rfc3339(*m_poe) +
                                        ") is not before that date"
                                  : ", and no proof of existence before that date exists");
    }
    for (const auto& g : m_findings)
        if (g.message == f.message) return;
    m_findings.push_back(std::move(f));
}

void CryptoConstraints::apply(Verdict& verdict, std::vector<std::string>& warnings) const {
    for (const auto& f : m_findings)
        verdict.add(Indication::indeterminate, f.sub, f.message);
    warnings.insert(warnings.end(), m_warnings.begin(), m_warnings.end());
}

}  // namespace kyso::verify
