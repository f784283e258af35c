// Reads a ds:Signature element into a plain structure, noting every deviation from the strict
// profile shape (private).
#pragma once

#include <kyso/core/bytes.hpp>

#include <libxml/tree.h>

#include <string>
#include <vector>

namespace kyso::xml {

struct DsigTransform {
    std::string algorithm;
    std::string xpath_filter;  // Filter attribute of a filter2 XPath ("subtract", ...)
    std::string xpath;         // its expression
    std::size_t xpath_count = 0;
};

struct DsigReference {
    bool has_uri = false;
    std::string uri;
    std::vector<DsigTransform> transforms;
    std::string digest_method;
    Bytes digest_value;
};

struct ParsedSignature {
    xmlNode* element = nullptr;
    xmlNode* signed_info = nullptr;
    std::string c14n_method;
    std::string signature_method;
    std::vector<DsigReference> references;
    Bytes signature_value;
    std::vector<Bytes> certificates;  // X509Data/X509Certificate, in order
    bool has_key_value = false;
    bool has_retrieval_method = false;
    bool has_object = false;
    std::vector<std::string> format_errors;  // structural problems, each a sentence
};

ParsedSignature parse_signature(xmlNode* signature);

}  // namespace kyso::xml
