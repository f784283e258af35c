// Canonical XML 1.0 (inclusive, no comments) of a same-document node set, via libxml2 (private).
#pragma once

#include <kyso/core/result.hpp>

#include <libxml/tree.h>

#include <functional>
#include <string_view>
#include <vector>

namespace kyso::xml {

// The node set of a same-document reference after its transforms: a subtree (or the whole document)
// minus excluded subtrees (the enveloped Signature, XPath Filter 2.0 "subtract" targets).
struct NodeFilter {
    xmlNode* include_root = nullptr;  // nullptr: the whole document
    std::vector<xmlNode*> excluded;
};

using ByteSink = std::function<void(const char* data, std::size_t size)>;

// Streams the canonical form into `sink` (so a digest never needs the whole output in memory).
Result<void> canonicalize(xmlDoc* doc, const NodeFilter& filter, const ByteSink& sink);

}  // namespace kyso::xml
