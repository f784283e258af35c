// What a profile's signature covers in a given document: shared by signing and verification (private).
#pragma once

#include <kyso/xml/profile.hpp>

#include "xml/c14n.hpp"

#include <string>
#include <vector>

namespace kyso::xml {

struct ReferencePlan {
    std::string slot_path;    // resolved ("/HSDANHMUC/CHUKYDONVI")
    xmlNode* slot = nullptr;  // the element that holds the Signature
    std::string uri;          // "" or "#<Id>"
    NodeFilter filter;        // the node set before the Signature itself is excluded
    std::vector<std::string> subtract_paths;
    std::string scope;  // human-readable, for reports
};

// Fails with profile_violation when the document lacks the slot or the Id the profile needs.
Result<ReferencePlan> plan_reference(xmlDoc* doc, const SignatureSlot& slot);

}  // namespace kyso::xml
