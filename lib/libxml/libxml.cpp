#include "libxml/libxml.hpp"

#include <libxml/globals.h>

#include <mutex>

namespace kyso::libxml {

void ensure_initialized() {
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
}

namespace {
void drop_generic(void*, const char*, ...) {}
void drop_structured(void*, xmlErrorPtr) {}
}  // namespace

QuietErrors::QuietErrors()
    : m_generic(xmlGenericError),
      m_generic_context(xmlGenericErrorContext),
      m_structured(xmlStructuredError),
      m_structured_context(xmlStructuredErrorContext) {
    xmlSetGenericErrorFunc(nullptr, drop_generic);
    xmlSetStructuredErrorFunc(nullptr, drop_structured);
}

QuietErrors::~QuietErrors() {
    xmlSetGenericErrorFunc(m_generic_context, m_generic);
    xmlSetStructuredErrorFunc(m_structured_context, m_structured);
}

}  // namespace kyso::libxml
