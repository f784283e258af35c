#include <kyso/xml/sign.hpp>

#include "libxml/libxml.hpp"
#include "ossl/ossl.hpp"
#include "xml/algorithms.hpp"
#include "xml/c14n.hpp"
#include "xml/locate.hpp"
#include "xml/reference.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <unordered_map>

namespace kyso::xml {

using libxml::chars;

struct PreparedSignature::Impl {
    Bytes input;
    ElementSpan span;
    std::string signed_info;  // exactly the bytes that will be written
    std::string key_info;
    Bytes to_sign;
    keys::DigestAlgorithm digest = keys::DigestAlgorithm::sha256;
    ProfileId profile = ProfileId::claims;
};

PreparedSignature::PreparedSignature(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
PreparedSignature::PreparedSignature(PreparedSignature&&) noexcept = default;
PreparedSignature& PreparedSignature::operator=(PreparedSignature&&) noexcept = default;
PreparedSignature::~PreparedSignature() = default;
const Bytes& PreparedSignature::data_to_sign_digest() const {
    return m_impl->to_sign;
}
keys::DigestAlgorithm PreparedSignature::digest_algorithm() const {
    return m_impl->digest;
}
ProfileId PreparedSignature::profile() const {
    return m_impl->profile;
}

namespace {

Result<Bytes> digest_of(xmlDoc* doc, const NodeFilter& filter, keys::DigestAlgorithm alg) {
    ossl::Hasher h(ossl::md(alg));
    KYSO_CHECK(canonicalize(doc, filter, [&](const char* d, std::size_t n) { h.update(d, n); }));
    return h.finish();
}

std::string escape_attribute(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (const char c : v) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\t':
                out += "&#x9;";
                break;
            case '\n':
                out += "&#xA;";
                break;
            case '\r':
                out += "&#xD;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// The SignedInfo exactly as written into the document: .NET SignedXml's compact form, which the portal
// accepts (spec/claims-xml.md §1).
std::string build_signed_info(const ReferencePlan& plan, const std::string& signature_method, keys::DigestAlgorithm alg,
                              std::string_view digest_value) {
    std::string s = "<SignedInfo><CanonicalizationMethod Algorithm=\"" + std::string(alg::kC14n) +
                    "\" /><SignatureMethod Algorithm=\"" + signature_method + "\" /><Reference URI=\"" +
                    escape_attribute(plan.uri) + "\"><Transforms><Transform Algorithm=\"" +
                    std::string(alg::kEnveloped) + "\" />";
    for (const auto& p : plan.subtract_paths)
        s += "<Transform Algorithm=\"" + std::string(alg::kFilter2) + "\"><XPath xmlns=\"" +
             std::string(alg::kFilter2) + "\" Filter=\"subtract\">" + p + "</XPath></Transform>";
    s += "</Transforms><DigestMethod Algorithm=\"" + alg::digest_uri(alg) + "\" /><DigestValue>" +
         std::string(digest_value) + "</DigestValue></Reference></SignedInfo>";
    return s;
}

std::string build_key_info(const keys::Signer& signer, bool include_chain) {
    std::string s =
        "<KeyInfo><X509Data><X509Certificate>" + base64_encode(signer.certificate().der()) + "</X509Certificate>";
    if (include_chain)
        for (const auto& c : signer.chain())
            s += "<X509Certificate>" + base64_encode(c.der()) + "</X509Certificate>";
    return s + "</X509Data></KeyInfo>";
}

std::string signature_open() {
    return std::string("<Signature xmlns=\"") + kDsigNs + "\">";
}

// Canonical SignedInfo *in its final place*: inclusive C14N pulls in the namespaces in scope there
// (xmlns:xsi/xmlns:xsd of the root) and inherited xml:* attributes. The element is parsed in the
// slot's context and canonicalised as part of the document; canonicalising it detached gives a
// signature the portal rejects.
Result<std::string> canonical_in_place(xmlDoc* doc, xmlNode* slot, const std::string& signed_info) {
    const std::string fragment = signature_open() + signed_info + "</Signature>";
    xmlNode* list = nullptr;
    const xmlParserErrors rc = xmlParseInNodeContext(slot, fragment.data(), static_cast<int>(fragment.size()),
                                                     XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING, &list);
    if (rc != XML_ERR_OK || list == nullptr) {
        xmlFreeNodeList(list);
        return fail(Errc::internal, "cannot place the SignedInfo in the document");
    }
    xmlNode* signature = xmlAddChild(slot, list);
    std::string out;
    auto done =
        canonicalize(doc, NodeFilter{signature->children, {}}, [&](const char* d, std::size_t n) { out.append(d, n); });
    xmlUnlinkNode(signature);
    xmlFreeNode(signature);
    if (!done) return fail(std::move(done).error());
    return out;
}

// Everything of the document that the canonical SignedInfo depends on: the namespace bindings in
// scope at the slot (nearest per prefix) and the xml:* attributes in effect there (C14N 1.0 §2.4).
std::string slot_context(xmlDoc* doc, xmlNode* slot) {
    std::string key;
    if (xmlNs** list = xmlGetNsList(doc, slot)) {
        for (xmlNs** ns = list; *ns != nullptr; ++ns) {
            key += (*ns)->prefix ? chars((*ns)->prefix) : "";
            key += '\x01';
            key += (*ns)->href ? chars((*ns)->href) : "";
            key += '\x02';
        }
        xmlFree(list);
    }
    for (const xmlNode* n = slot; n != nullptr && n->type == XML_ELEMENT_NODE; n = n->parent)
        for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
            if (a->ns == nullptr || a->ns->prefix == nullptr || std::string_view(chars(a->ns->prefix)) != "xml")
                continue;
            xmlChar* v = xmlNodeListGetString(a->doc, a->children, 1);
            key += std::string("xml:") + chars(a->name) + '\x01' + (v ? chars(v) : "") + '\x02';
            xmlFree(v);
        }
    return key;
}

constexpr std::string_view kDigestMarker = "KYSODIGESTVALUEMARKER";

// The canonical SignedInfo around its DigestValue text. Within a batch every document has the same
// context at the slot, so libxml2 canonicalises each distinct (context, SignedInfo template) once and
// documents differ only by the Base64 digest, which C14N leaves as it is. Verification canonicalises
// every signature in place, so a wrong template would fail every signature, not pass silently.
struct CanonicalTemplate {
    std::string before, after;
};

Result<CanonicalTemplate> canonical_template(xmlDoc* doc, xmlNode* slot, const std::string& signed_info_template) {
    static std::mutex mutex;
    static std::unordered_map<std::string, CanonicalTemplate> cache;
    std::string key = slot_context(doc, slot) + '\x03' + signed_info_template;
    {
        const std::lock_guard lock(mutex);
        if (auto it = cache.find(key); it != cache.end()) return it->second;
    }
    KYSO_TRY(auto canonical, canonical_in_place(doc, slot, signed_info_template));
    const auto at = canonical.find(kDigestMarker);
    if (at == std::string::npos || canonical.find(kDigestMarker, at + 1) != std::string::npos)
        return fail(Errc::internal, "the canonical SignedInfo lost its digest marker");
    CanonicalTemplate t{canonical.substr(0, at), canonical.substr(at + kDigestMarker.size())};
    const std::lock_guard lock(mutex);
    if (cache.size() >= 256) cache.clear();
    cache.emplace(std::move(key), t);
    return t;
}

std::string fill(std::string_view templ, std::string_view digest_b64) {
    const auto at = templ.find(kDigestMarker);
    std::string out;
    out.reserve(templ.size() + digest_b64.size());
    out.append(templ.substr(0, at)).append(digest_b64).append(templ.substr(at + kDigestMarker.size()));
    return out;
}

// A byte copy (memmove): inserting a char range into Bytes converts element by element.
void append_chars(Bytes& out, std::string_view s) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    out.insert(out.end(), p, p + s.size());
}

// KeyInfo depends only on the signer: built once per certificate set, not per document.
std::string cached_key_info(const keys::Signer& signer, bool include_chain) {
    static std::mutex mutex;
    static std::map<std::string, std::string> cache;
    std::string key(include_chain ? "c" : "s");
    key += as_chars(signer.certificate().der());
    if (include_chain)
        for (const auto& c : signer.chain())
            key += as_chars(c.der());
    const std::lock_guard lock(mutex);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
    if (cache.size() > 64) cache.clear();
    return cache.emplace(std::move(key), build_key_info(signer, include_chain)).first->second;
}

}  // namespace

Result<PreparedSignature> prepare(ByteView document, const keys::Signer& signer, const SignOptions& options) {
    const libxml::QuietErrors quiet;
    KYSO_TRY(auto doc, libxml::parse_hardened(document, "input"));
    xmlNode* root = xmlDocGetRootElement(doc.get());
    const std::string root_name = chars(root->name);
    const auto signatures = find_signatures(doc.get());

    ProfileId profile_id{};
    if (options.profile) {
        profile_id = *options.profile;
    } else {
        const xmlNode* doctor = find_path(doc.get(), "/KHAMSUCKHOE/CHUKYDONVI/CKS_NGUOI_KET_LUAN");
        bool doctor_filled = false;
        for (xmlNode* s : signatures)
            doctor_filled = doctor_filled || s->parent == doctor;
        KYSO_TRY(profile_id, detect_profile(root_name, doctor_filled));
    }
    if (profile_id == ProfileId::generic) return fail(Errc::usage, "the generic profile is for verification only");
    const Profile profile = builtin_profile(profile_id);
    bool root_ok = false;
    for (const auto& r : profile.roots)
        root_ok = root_ok || r == root_name;
    if (!root_ok)
        return fail(Errc::profile_violation, "profile '" + std::string(profile_name(profile_id)) +
                                                 "' does not sign a '" + root_name + "' document");
    const SignatureSlot& slot = profile_id == ProfileId::ksk_hospital ? profile.slots[1] : profile.slots[0];
    KYSO_TRY(auto plan, plan_reference(doc.get(), slot));

    for (xmlNode* s : signatures) {
        if (s->parent == plan.slot)
            return fail(Errc::already_signed, "the signature slot " + plan.slot_path + " already holds a Signature");
        if (profile_id != ProfileId::ksk_hospital)
            return fail(Errc::already_signed, "the document already carries a Signature at " + path_of(s));
    }
    if (const xmlNode* odd = find_comment_or_pi(doc.get()))
        return fail(Errc::profile_violation, "the document has a comment or processing instruction in " +
                                                 path_of(odd->parent) + " (refused: verifiers reject it)");

    auto impl = std::make_unique<PreparedSignature::Impl>();
    impl->profile = profile_id;
    impl->digest = options.digest;
    KYSO_TRY(auto ref_digest, digest_of(doc.get(), plan.filter, options.digest));
    const std::string templ =
        build_signed_info(plan, alg::signature_uri(signer.scheme(), options.digest), options.digest, kDigestMarker);
    const std::string digest_b64 = base64_encode(ref_digest);
    impl->signed_info = fill(templ, digest_b64);
    KYSO_TRY(auto canonical, canonical_template(doc.get(), plan.slot, templ));
    ossl::Hasher h(ossl::md(options.digest));
    h.update(canonical.before.data(), canonical.before.size());
    h.update(digest_b64.data(), digest_b64.size());
    h.update(canonical.after.data(), canonical.after.size());
    impl->to_sign = h.finish();
    impl->key_info = cached_key_info(signer, options.include_chain);
    KYSO_TRY(impl->span, locate_element(document, element_index(doc.get(), plan.slot)));
    impl->input.assign(document.begin(), document.end());
    return PreparedSignature(std::move(impl));
}

Result<Bytes> PreparedSignature::finish(ByteView signature_value) const {
    const Impl& m = *m_impl;
    const std::string signature = signature_open() + m.signed_info + "<SignatureValue>" +
                                  base64_encode(signature_value) + "</SignatureValue>" + m.key_info + "</Signature>";
    // Splice into the original bytes: nothing outside the inserted element changes (spec/claims-xml.md §1).
    Bytes out;
    out.reserve(m.input.size() + signature.size() + m.span.qname.size() + 4);
    if (m.span.self_closing) {
        // "<CHUKYDONVI/>" becomes "<CHUKYDONVI>" + Signature + "</CHUKYDONVI>".
        out.insert(out.end(), m.input.begin(), m.input.begin() + static_cast<std::ptrdiff_t>(m.span.slash_pos));
        const std::string tail = ">" + signature + "</" + m.span.qname + ">";
        append_chars(out, tail);
        out.insert(out.end(), m.input.begin() + static_cast<std::ptrdiff_t>(m.span.start_tag_end), m.input.end());
    } else {
        const auto at = static_cast<std::ptrdiff_t>(m.span.end_tag_begin);
        out.insert(out.end(), m.input.begin(), m.input.begin() + at);
        append_chars(out, signature);
        out.insert(out.end(), m.input.begin() + at, m.input.end());
    }
    return out;
}

bool PreparedSignature::is_spliced_output(ByteView output) const {
    const Impl& m = *m_impl;
    const std::size_t head = m.span.self_closing ? m.span.slash_pos : m.span.end_tag_begin;
    const std::size_t tail_from = m.span.self_closing ? m.span.start_tag_end : m.span.end_tag_begin;
    const std::size_t tail = m.input.size() - tail_from;
    if (output.size() < head + tail + 1) return false;
    if (!std::equal(m.input.begin(), m.input.begin() + static_cast<std::ptrdiff_t>(head), output.begin())) return false;
    if (!std::equal(m.input.begin() + static_cast<std::ptrdiff_t>(tail_from), m.input.end(),
                    output.end() - static_cast<std::ptrdiff_t>(tail)))
        return false;
    const std::string open = signature_open();
    const std::string_view middle = as_chars(output.subspan(head, output.size() - head - tail));
    const std::string_view expected_start = m.span.self_closing ? std::string_view(">") : std::string_view{};
    return middle.substr(0, expected_start.size()) == expected_start &&
           middle.substr(expected_start.size(), open.size()) == open;
}

Result<Bytes> sign(ByteView document, keys::Signer& signer, const SignOptions& options) {
    KYSO_TRY(auto prepared, prepare(document, signer, options));
    const Bytes digest = prepared.data_to_sign_digest();
    KYSO_TRY(auto sigs, signer.sign_digests(prepared.digest_algorithm(), std::span<const Bytes>(&digest, 1)));
    if (sigs.size() != 1) return fail(Errc::internal, "the signer returned no signature");
    return prepared.finish(sigs.front());
}

}  // namespace kyso::xml
