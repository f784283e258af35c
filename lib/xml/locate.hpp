// Finding elements: in the DOM by path, and in the original bytes by document order (private).
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <libxml/tree.h>

#include <string>
#include <string_view>
#include <vector>

namespace kyso::xml {

inline constexpr const char* kDsigNs = "http://www.w3.org/2000/09/xmldsig#";

// "/A/B/C": child elements by local name, in no namespace (the claims messages use none).
xmlNode* find_path(xmlDoc* doc, std::string_view path);
// The element path of a node ("/GIAMDINHHS/CHUKYDONVI/Signature").
std::string path_of(const xmlNode* node);
// Every ds:Signature element in document order.
std::vector<xmlNode*> find_signatures(xmlDoc* doc);
bool is_dsig(const xmlNode* node, const char* local_name);
// Element children only.
std::vector<xmlNode*> element_children(const xmlNode* node);
// The 0-based position of an element among all elements in document order.
std::size_t element_index(xmlDoc* doc, const xmlNode* element);
// Any comment or processing instruction inside the root element.
const xmlNode* find_comment_or_pi(xmlDoc* doc);

// Where an element sits in the original bytes.
struct ElementSpan {
    std::size_t start_tag_begin = 0;  // '<'
    std::size_t start_tag_end = 0;    // just after '>'
    bool self_closing = false;        // "<X/>"
    std::size_t slash_pos = 0;        // the '/' of "/>" when self-closing
    std::size_t end_tag_begin = 0;    // "</X>" ('<'), or start_tag_end when self-closing
    std::string qname;                // as written
};

// Scans well-formed bytes (already parsed by libxml2) for the element with this document-order index.
Result<ElementSpan> locate_element(ByteView data, std::size_t index);

}  // namespace kyso::xml
