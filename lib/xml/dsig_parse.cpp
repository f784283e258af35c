#include "xml/dsig_parse.hpp"

#include "libxml/libxml.hpp"
#include "xml/locate.hpp"

namespace kyso::xml {

using libxml::chars;

namespace {

std::string attr(xmlNode* n, const char* name) {
    xmlChar* v = xmlGetNoNsProp(n, libxml::xml_chars(name));
    std::string out = v ? chars(v) : "";
    xmlFree(v);
    return out;
}

bool has_attr(xmlNode* n, const char* name) {
    return xmlHasNsProp(n, libxml::xml_chars(name), nullptr) != nullptr;
}

std::string text(xmlNode* n) {
    xmlChar* v = xmlNodeGetContent(n);
    std::string out = v ? chars(v) : "";
    xmlFree(v);
    return out;
}

bool base64(xmlNode* n, Bytes& out) {
    return base64_decode(text(n), out);
}

void parse_reference(xmlNode* ref, ParsedSignature& p) {
    DsigReference r;
    r.has_uri = has_attr(ref, "URI");
    r.uri = attr(ref, "URI");
    bool digest_method = false, digest_value = false;
    for (xmlNode* c : element_children(ref)) {
        if (is_dsig(c, "Transforms")) {
            for (xmlNode* t : element_children(c)) {
                if (!is_dsig(t, "Transform")) {
                    p.format_errors.push_back("unexpected element in Transforms");
                    continue;
                }
                DsigTransform tr;
                tr.algorithm = attr(t, "Algorithm");
                for (xmlNode* x : element_children(t)) {
                    ++tr.xpath_count;
                    if (x->ns != nullptr &&
                        xmlStrEqual(x->ns->href, libxml::xml_chars("http://www.w3.org/2002/06/xmldsig-filter2")) &&
                        xmlStrEqual(x->name, libxml::xml_chars("XPath"))) {
                        tr.xpath_filter = attr(x, "Filter");
                        tr.xpath = text(x);
                    }
                }
                r.transforms.push_back(std::move(tr));
            }
        } else if (is_dsig(c, "DigestMethod")) {
            r.digest_method = attr(c, "Algorithm");
            digest_method = true;
        } else if (is_dsig(c, "DigestValue")) {
            digest_value = base64(c, r.digest_value);
            if (!digest_value) p.format_errors.push_back("DigestValue is not Base64");
        } else {
            p.format_errors.push_back("unexpected element " + std::string(chars(c->name)) + " in Reference");
        }
    }
    if (!digest_method || !digest_value) p.format_errors.push_back("Reference lacks DigestMethod or DigestValue");
    p.references.push_back(std::move(r));
}

void parse_key_info(xmlNode* key_info, ParsedSignature& p) {
    for (xmlNode* c : element_children(key_info)) {
        if (is_dsig(c, "X509Data")) {
            for (xmlNode* x : element_children(c)) {
                if (!is_dsig(x, "X509Certificate")) continue;  // subject-name and serial hints never decide
                Bytes der;
                if (!base64(x, der))
                    p.format_errors.push_back("X509Certificate is not Base64");
                else
                    p.certificates.push_back(std::move(der));
            }
        } else if (is_dsig(c, "KeyValue")) {
            p.has_key_value = true;
        } else if (is_dsig(c, "RetrievalMethod")) {
            p.has_retrieval_method = true;
        }
    }
}

}  // namespace

ParsedSignature parse_signature(xmlNode* signature) {
    ParsedSignature p;
    p.element = signature;
    const auto children = element_children(signature);
    // XML-DSig core: SignedInfo, SignatureValue, KeyInfo?, Object*; the profile allows no Object.
    std::size_t i = 0;
    if (i < children.size() && is_dsig(children[i], "SignedInfo"))
        p.signed_info = children[i++];
    else
        p.format_errors.push_back("Signature does not start with SignedInfo");
    if (i < children.size() && is_dsig(children[i], "SignatureValue")) {
        if (!base64(children[i], p.signature_value)) p.format_errors.push_back("SignatureValue is not Base64");
        ++i;
    } else {
        p.format_errors.push_back("SignatureValue missing");
    }
    if (i < children.size() && is_dsig(children[i], "KeyInfo")) parse_key_info(children[i++], p);
    for (; i < children.size(); ++i) {
        if (is_dsig(children[i], "Object"))
            p.has_object = true;
        else
            p.format_errors.push_back("unexpected element " + std::string(chars(children[i]->name)) + " in Signature");
    }
    if (p.signed_info == nullptr) return p;
    const auto si = element_children(p.signed_info);
    std::size_t j = 0;
    if (j < si.size() && is_dsig(si[j], "CanonicalizationMethod")) {
        p.c14n_method = attr(si[j], "Algorithm");
        if (!element_children(si[j]).empty()) p.format_errors.push_back("CanonicalizationMethod has content");
        ++j;
    } else {
        p.format_errors.push_back("SignedInfo lacks CanonicalizationMethod");
    }
    if (j < si.size() && is_dsig(si[j], "SignatureMethod")) {
        p.signature_method = attr(si[j], "Algorithm");
        if (!element_children(si[j]).empty())
            p.format_errors.push_back("SignatureMethod has parameters (HMAC output length?)");
        ++j;
    } else {
        p.format_errors.push_back("SignedInfo lacks SignatureMethod");
    }
    for (; j < si.size(); ++j) {
        if (is_dsig(si[j], "Reference"))
            parse_reference(si[j], p);
        else
            p.format_errors.push_back("unexpected element " + std::string(chars(si[j]->name)) + " in SignedInfo");
    }
    return p;
}

}  // namespace kyso::xml
