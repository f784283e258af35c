#include <kyso/xml/verify.hpp>

#include "libxml/libxml.hpp"
#include "xml/locate.hpp"

namespace kyso::xml {

std::optional<std::string> signed_value(ByteView signed_view, std::string_view element_path) {
    // The signed view is canonical XML produced by kyso itself; it is parsed with the same hardening.
    auto doc = libxml::parse_hardened(signed_view, "signed view");
    if (!doc) return std::nullopt;
    xmlNode* n = find_path(doc->get(), element_path);
    if (n == nullptr) return std::nullopt;
    xmlChar* text = xmlNodeGetContent(n);
    std::string out = text ? libxml::chars(text) : "";
    xmlFree(text);
    return out;
}

}  // namespace kyso::xml
