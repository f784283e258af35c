// The document structure signing and verification walk (private): the page tree and the form fields,
// both read as of a revision and guarded against cycles and hostile sizes.
#pragma once

#include "pdf/document.hpp"

#include <optional>
#include <string>
#include <vector>

namespace kyso::pdf {

// The leaf pages in order (ISO 32000-1 §7.7.3). Cycles, non-page nodes and more than `max_pages`
// pages are Errc::malformed_pdf.
Result<std::vector<Ref>> page_refs(const Document& doc, std::uint64_t limit = UINT64_MAX,
                                   std::size_t max_pages = 200000);

struct Field {
    Ref ref;
    std::string name;              // fully qualified ("parent.child")
    std::string type;              // /FT, inherited: "Sig", "Tx", "Btn", "Ch" or ""
    std::optional<Ref> value_ref;  // /V when it is a reference (signature fields)
    bool has_value = false;
    std::vector<Ref> widgets;  // the field itself when merged with its widget, else its /Kids widgets
};

// Every terminal field of the AcroForm (ISO 32000-1 §12.7.3.1).
Result<std::vector<Field>> form_fields(const Document& doc, std::uint64_t limit = UINT64_MAX);

// The Catalog as of `limit`.
Result<IndirectObject> catalog(const Document& doc, std::uint64_t limit = UINT64_MAX);

// Text of a PDF text string (UTF-16BE with BOM or PDFDocEncoding taken as Latin-1) as UTF-8.
std::string text_string_utf8(const Bytes& value);

}  // namespace kyso::pdf
