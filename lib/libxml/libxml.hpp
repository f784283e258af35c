// The only place that owns libxml2 handles: RAII, one-time init, hardened parsing (private).
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <memory>
#include <string>

namespace kyso::libxml {

struct DocDeleter {
    void operator()(xmlDoc* d) const noexcept { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocDeleter>;
struct CtxtDeleter {
    void operator()(xmlParserCtxt* c) const noexcept { xmlFreeParserCtxt(c); }
};
using CtxtPtr = std::unique_ptr<xmlParserCtxt, CtxtDeleter>;

// xmlInitParser once per process, thread-safe. No xmlCleanupParser ever (the host may use libxml2).
void ensure_initialized();

// Hardened parsing for signed documents (spec/claims-xml.md §3): UTF-8 only, no DOCTYPE at all (the
// parse stops at the DOCTYPE token, before any entity or DTD is read), no network, no entity
// substitution, no DTD loading or default attributes, no XInclude, default size limits. Errors become
// Errc::malformed_xml with libxml2's message and line; nothing is printed.
Result<DocPtr> parse_hardened(ByteView data, const std::string& name);

// While alive, libxml2 errors raised on this thread (C14N, fragment parsing, xmlsec's use of libxml2)
// are dropped instead of going to libxml2's default handler, which prints: the library never prints.
// libxml2 keeps these handlers per thread; the host's handlers are restored afterwards.
class QuietErrors {
public:
    QuietErrors();
    ~QuietErrors();
    QuietErrors(const QuietErrors&) = delete;
    QuietErrors& operator=(const QuietErrors&) = delete;

private:
    xmlGenericErrorFunc m_generic;
    void* m_generic_context;
    xmlStructuredErrorFunc m_structured;
    void* m_structured_context;
};

inline const char* chars(const xmlChar* s) {
    return reinterpret_cast<const char*>(s);
}
inline const xmlChar* xml_chars(const char* s) {
    return reinterpret_cast<const xmlChar*>(s);
}

}  // namespace kyso::libxml
