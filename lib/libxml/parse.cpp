#include "libxml/libxml.hpp"

#include <libxml/parserInternals.h>

#include <algorithm>
#include <cctype>

namespace kyso::libxml {

namespace {

struct ParseState {
    bool doctype = false;
    std::string first_error;
};

ParseState& state(void* ctx) {
    return *static_cast<ParseState*>(static_cast<xmlParserCtxtPtr>(ctx)->_private);
}

// Any DOCTYPE ends the parse: no internal subset, external DTD, entity or ID-by-DTD can take effect.
void on_doctype(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
    state(ctx).doctype = true;
    xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
}

void on_error(void* ctx, xmlErrorPtr error) {
    auto* ctxt = static_cast<xmlParserCtxtPtr>(ctx);
    if (ctxt == nullptr || ctxt->_private == nullptr || error == nullptr) return;
    auto& st = state(ctx);
    if (st.first_error.empty() && error->level >= XML_ERR_ERROR) {
        std::string msg = error->message ? error->message : "parse error";
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' '))
            msg.pop_back();
        st.first_error = msg + " (line " + std::to_string(error->line) + ")";
    }
}

bool is_utf8_name(std::string name) {
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return name == "utf-8" || name == "utf8";
}

}  // namespace

Result<DocPtr> parse_hardened(ByteView data, const std::string& name) {
    ensure_initialized();
    const auto malformed = [&](const std::string& why) {
        return fail(Errc::malformed_xml, "'" + name + "' is not acceptable XML: " + why);
    };
    if (data.empty()) return malformed("the file is empty");
    // UTF-16/32 are refused up front: claims files are UTF-8 (spec/claims-xml.md §3).
    if (data.size() >= 2 && ((data[0] == 0xFE && data[1] == 0xFF) || (data[0] == 0xFF && data[1] == 0xFE)))
        return malformed("UTF-16 encoding (only UTF-8 is accepted)");
    if (data.size() >= 2 && (data[0] == 0 || data[1] == 0)) return malformed("not UTF-8 (NUL bytes at the start)");
    if (data.size() > static_cast<std::size_t>(INT32_MAX)) return malformed("larger than 2 GiB");

    CtxtPtr ctxt(xmlNewParserCtxt());
    if (!ctxt) return fail(Errc::internal, "cannot create an XML parser");
    ParseState st;
    ctxt->_private = &st;
    ctxt->sax->internalSubset = on_doctype;
    ctxt->sax->externalSubset = on_doctype;
    ctxt->sax->serror = on_error;  // errors are captured, never printed
    ctxt->sax->initialized = XML_SAX2_MAGIC;
    // No XML_PARSE_NOENT / DTDLOAD / DTDATTR / HUGE / XINCLUDE: only safe behaviour is enabled.
    const int options = XML_PARSE_NONET | XML_PARSE_NOXINCNODE | XML_PARSE_NOWARNING | XML_PARSE_NOERROR;
    DocPtr doc(xmlCtxtReadMemory(ctxt.get(), reinterpret_cast<const char*>(data.data()), static_cast<int>(data.size()),
                                 nullptr, nullptr, options));
    if (st.doctype) return malformed("a DOCTYPE is present (DTDs and entities are refused)");
    if (!doc || !ctxt->wellFormed || !st.first_error.empty())
        return malformed(st.first_error.empty() ? "not well-formed" : st.first_error);
    if (doc->intSubset != nullptr || doc->extSubset != nullptr)
        return malformed("a DOCTYPE is present (DTDs and entities are refused)");
    if (doc->encoding != nullptr && !is_utf8_name(chars(doc->encoding)))
        return malformed(std::string("declared encoding '") + chars(doc->encoding) + "' (only UTF-8 is accepted)");
    if (xmlDocGetRootElement(doc.get()) == nullptr) return malformed("no root element");
    return doc;
}

}  // namespace kyso::libxml
