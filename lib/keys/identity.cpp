#include "keys/identity.hpp"

#include <openssl/objects.h>

#include <algorithm>
#include <cctype>

namespace kyso::keys {

namespace {

// The raw bytes of an attribute value. Vietnamese CAs sometimes put UTF-8 bytes into a PrintableString
// or T61String; taking the bytes as they are keeps those readable (spec/claims-xml.md §4).
std::string entry_text(const X509_NAME_ENTRY* entry) {
    const ASN1_STRING* s = X509_NAME_ENTRY_get_data(entry);
    if (s == nullptr) return {};
    const int type = ASN1_STRING_type(s);
    if (type == V_ASN1_BMPSTRING || type == V_ASN1_UNIVERSALSTRING) {
        unsigned char* utf8 = nullptr;
        const int len = ASN1_STRING_to_UTF8(&utf8, s);
        if (len < 0) return {};
        std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len));
        OPENSSL_free(utf8);
        return out;
    }
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                       static_cast<std::size_t>(ASN1_STRING_length(s)));
}

std::string trim(std::string_view v) {
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front())))
        v.remove_prefix(1);
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back())))
        v.remove_suffix(1);
    return std::string(v);
}

}  // namespace

void add_uid_value(VnIdentity& id, std::string_view value) {
    const auto colon = value.find(':');
    if (colon == std::string_view::npos) {
        id.other_uids.push_back(trim(value));
        return;
    }
    std::string prefix = trim(value.substr(0, colon));
    std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    std::string rest = trim(value.substr(colon + 1));
    if (prefix == "MST")
        id.mst = rest;
    else if (prefix == "CCCD")
        id.cccd = rest;
    else if (prefix == "CMND")
        id.cmnd = rest;
    else if (prefix == "HC")
        id.hc = rest;
    else if (prefix == "MNS")
        id.mns = rest;
    else if (prefix == "BHXH")
        id.bhxh = rest;
    else if (prefix == "PID" || prefix == "PPID")
        id.pid = rest;
    else
        id.other_uids.push_back(trim(value));
}

VnIdentity read_identity(const X509_NAME* name) {
    VnIdentity id;
    const int count = X509_NAME_entry_count(name);
    for (int i = 0; i < count; ++i) {
        const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
        const int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
        const std::string text = entry_text(entry);
        switch (nid) {
            case NID_userId:
                add_uid_value(id, text);
                break;
            case NID_commonName:
                id.common_name = text;
                break;
            case NID_title:
                id.title = text;
                break;
            case NID_organizationName:
                id.organization = text;
                break;
            default:
                break;
        }
    }
    return id;
}

}  // namespace kyso::keys
