#include "xml/c14n.hpp"

#include <libxml/c14n.h>
#include <libxml/xmlIO.h>

#include <vector>

namespace kyso::xml {

namespace {

int write_to_sink(void* context, const char* buffer, int len) {
    (*static_cast<const ByteSink*>(context))(buffer, static_cast<std::size_t>(len));
    return len;
}

// libxml2 asks for every node of the document, including namespace nodes (passed with their
// element as `parent`) and attributes (whose parent is their element).
int is_visible(void* user_data, xmlNode* node, xmlNode* parent) {
    const auto& filter = *static_cast<const NodeFilter*>(user_data);
    const xmlNode* cur = node->type == XML_NAMESPACE_DECL ? parent : node;
    bool inside = filter.include_root == nullptr;
    for (; cur != nullptr; cur = cur->parent) {
        for (const xmlNode* ex : filter.excluded)
            if (cur == ex) return 0;
        if (cur == filter.include_root) inside = true;
    }
    return inside ? 1 : 0;
}

}  // namespace

Result<void> canonicalize(xmlDoc* doc, const NodeFilter& filter, const ByteSink& sink) {
    xmlOutputBuffer* out = xmlOutputBufferCreateIO(write_to_sink, nullptr, const_cast<ByteSink*>(&sink), nullptr);
    if (out == nullptr) return fail(Errc::internal, "cannot create a C14N output buffer");
    int rc = 0;
    if (filter.include_root == nullptr) {
        // The whole document minus excluded subtrees: detaching them and canonicalising the whole
        // document gives the same bytes as the node-set path (sibling text stays where it was), without
        // a visibility callback for every node. They are put back in place afterwards.
        struct Detached {
            xmlNode* node;
            xmlNode* parent;
            xmlNode* next;
        };
        std::vector<Detached> detached;
        for (xmlNode* n : filter.excluded) {
            detached.push_back({n, n->parent, n->next});
            xmlUnlinkNode(n);
        }
        rc = xmlC14NDocSaveTo(doc, nullptr, XML_C14N_1_0, nullptr, 0, out);
        for (auto it = detached.rbegin(); it != detached.rend(); ++it) {
            if (it->next != nullptr)
                xmlAddPrevSibling(it->next, it->node);
            else
                xmlAddChild(it->parent, it->node);
        }
    } else {
        rc = xmlC14NExecute(doc, is_visible, const_cast<NodeFilter*>(&filter), XML_C14N_1_0, nullptr, 0, out);
    }
    const int closed = xmlOutputBufferClose(out);
    if (rc < 0 || closed < 0) return fail(Errc::malformed_xml, "canonicalization (C14N 1.0) failed");
    return {};
}

}  // namespace kyso::xml
