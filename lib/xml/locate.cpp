#include "xml/locate.hpp"

#include "libxml/libxml.hpp"

#include <cstring>

namespace kyso::xml {

using libxml::chars;

bool is_dsig(const xmlNode* node, const char* local_name) {
    return node != nullptr && node->type == XML_ELEMENT_NODE && node->ns != nullptr && node->ns->href != nullptr &&
           std::strcmp(chars(node->ns->href), kDsigNs) == 0 && std::strcmp(chars(node->name), local_name) == 0;
}

std::vector<xmlNode*> element_children(const xmlNode* node) {
    std::vector<xmlNode*> out;
    for (xmlNode* c = node->children; c != nullptr; c = c->next)
        if (c->type == XML_ELEMENT_NODE) out.push_back(c);
    return out;
}

xmlNode* find_path(xmlDoc* doc, std::string_view path) {
    xmlNode* cur = nullptr;
    std::size_t pos = 0;
    bool first = true;
    while (pos < path.size()) {
        if (path[pos] != '/') return nullptr;
        const auto next = path.find('/', pos + 1);
        const std::string_view name = path.substr(pos + 1, next == std::string_view::npos ? path.npos : next - pos - 1);
        pos = next == std::string_view::npos ? path.size() : next;
        xmlNode* found = nullptr;
        for (xmlNode* c = first ? xmlDocGetRootElement(doc) : cur->children; c != nullptr; c = c->next) {
            if (c->type == XML_ELEMENT_NODE && c->ns == nullptr && name == chars(c->name)) {
                found = c;
                break;
            }
            if (first) break;  // the root is the only candidate at the first step
        }
        if (found == nullptr) return nullptr;
        cur = found;
        first = false;
    }
    return cur;
}

std::string path_of(const xmlNode* node) {
    std::string out;
    for (; node != nullptr && node->type == XML_ELEMENT_NODE; node = node->parent)
        out = "/" + std::string(chars(node->name)) + out;
    return out;
}

namespace {
template <class F>
void walk(xmlNode* node, F&& f) {
    for (; node != nullptr; node = node->next) {
        f(node);
        if (node->type == XML_ELEMENT_NODE) walk(node->children, f);
    }
}
}  // namespace

std::vector<xmlNode*> find_signatures(xmlDoc* doc) {
    std::vector<xmlNode*> out;
    walk(xmlDocGetRootElement(doc), [&](xmlNode* n) {
        if (is_dsig(n, "Signature")) out.push_back(n);
    });
    return out;
}

std::size_t element_index(xmlDoc* doc, const xmlNode* element) {
    std::size_t index = 0, found = 0;
    bool done = false;
    walk(xmlDocGetRootElement(doc), [&](xmlNode* n) {
        if (done || n->type != XML_ELEMENT_NODE) return;
        if (n == element) {
            found = index;
            done = true;
        }
        ++index;
    });
    return found;
}

const xmlNode* find_comment_or_pi(xmlDoc* doc) {
    const xmlNode* found = nullptr;
    walk(xmlDocGetRootElement(doc), [&](xmlNode* n) {
        if (found == nullptr && (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE)) found = n;
    });
    return found;
}

Result<ElementSpan> locate_element(ByteView data, std::size_t index) {
    const std::string_view s = as_chars(data);
    const auto skip_past = [&](std::size_t from, std::string_view terminator) {
        const auto p = s.find(terminator, from);
        return p == std::string_view::npos ? s.size() : p + terminator.size();
    };
    std::size_t pos = 0, seen = 0, depth = 0, target_depth = 0;
    bool in_target = false;
    ElementSpan span;
    while (true) {
        pos = s.find('<', pos);
        if (pos == std::string_view::npos) break;
        if (s.compare(pos, 4, "<!--") == 0) {
            pos = skip_past(pos + 4, "-->");
            continue;
        }
        if (s.compare(pos, 9, "<![CDATA[") == 0) {
            pos = skip_past(pos + 9, "]]>");
            continue;
        }
        if (s.compare(pos, 2, "<?") == 0) {
            pos = skip_past(pos + 2, "?>");
            continue;
        }
        if (s.compare(pos, 2, "<!") == 0) {
            pos = skip_past(pos + 2, ">");
            continue;
        }
        if (s.compare(pos, 2, "</") == 0) {
            const std::size_t begin = pos;
            pos = skip_past(pos + 2, ">");
            --depth;
            if (in_target && depth == target_depth) {
                span.end_tag_begin = begin;
                return span;
            }
            continue;
        }
        // A start tag: find its '>' outside quoted attribute values.
        const std::size_t begin = pos;
        char quote = 0;
        std::size_t i = pos + 1;
        for (; i < s.size(); ++i) {
            if (quote != 0) {
                if (s[i] == quote) quote = 0;
            } else if (s[i] == '"' || s[i] == '\'') {
                quote = s[i];
            } else if (s[i] == '>') {
                break;
            }
        }
        if (i >= s.size()) break;
        const bool self_closing = s[i - 1] == '/';
        if (seen == index) {
            span.start_tag_begin = begin;
            span.start_tag_end = i + 1;
            span.self_closing = self_closing;
            std::size_t n = begin + 1;
            while (n < i && s[n] != ' ' && s[n] != '\t' && s[n] != '\r' && s[n] != '\n' && s[n] != '/' && s[n] != '>')
                ++n;
            span.qname = std::string(s.substr(begin + 1, n - begin - 1));
            if (self_closing) {
                span.slash_pos = i - 1;
                span.end_tag_begin = i + 1;
                return span;
            }
            in_target = true;
            target_depth = depth;
        }
        ++seen;
        if (!self_closing) ++depth;
        pos = i + 1;
    }
    return fail(Errc::internal, "element #" + std::to_string(index) + " not found in the original bytes");
}

}  // namespace kyso::xml
