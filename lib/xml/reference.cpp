#include "xml/reference.hpp"

#include "libxml/libxml.hpp"
#include "xml/locate.hpp"

#include <cstring>

namespace kyso::xml {

using libxml::chars;

namespace {
// spec/claims-xml.md §2 (catalog): the data element carrying an Id attribute, e.g. DANHSACH_… in
// HSDANHMUC, THONGTINHOSO in HSCHUNGTU, GIAYBAOTU in HSDLGBT.
xmlNode* find_id_element(xmlNode* root, xmlNode* slot_parent) {
    for (xmlNode* c : element_children(root)) {
        if (c == slot_parent) continue;
        if (xmlHasProp(c, libxml::xml_chars("Id")) != nullptr) return c;
    }
    return nullptr;
}

std::size_t count_id_value(xmlNode* node, const std::string& value) {
    std::size_t n = 0;
    for (; node != nullptr; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        for (xmlAttr* a = node->properties; a != nullptr; a = a->next) {
            if (a->ns == nullptr && (std::strcmp(chars(a->name), "Id") == 0 || std::strcmp(chars(a->name), "ID") == 0 ||
                                     std::strcmp(chars(a->name), "id") == 0)) {
                xmlChar* v = xmlNodeGetContent(reinterpret_cast<xmlNode*>(a));
                if (v != nullptr && value == chars(v)) ++n;
                xmlFree(v);
            }
        }
        n += count_id_value(node->children, value);
    }
    return n;
}
}  // namespace

Result<ReferencePlan> plan_reference(xmlDoc* doc, const SignatureSlot& slot) {
    xmlNode* root = xmlDocGetRootElement(doc);
    ReferencePlan plan;
    plan.slot_path = slot.slot_path;
    if (plan.slot_path.rfind("/*/", 0) == 0)
        plan.slot_path = "/" + std::string(chars(root->name)) + plan.slot_path.substr(2);
    plan.slot = find_path(doc, plan.slot_path);
    if (plan.slot == nullptr)
        return fail(Errc::profile_violation, "the document has no signature slot " + plan.slot_path);
    plan.subtract_paths = slot.subtract_paths;
    for (const auto& p : slot.subtract_paths) {
        xmlNode* n = find_path(doc, p);
        if (n == nullptr) return fail(Errc::profile_violation, "the document has no element " + p);
        plan.filter.excluded.push_back(n);
    }
    if (slot.reference == ReferenceKind::id_attribute) {
        xmlNode* target = find_id_element(root, plan.slot->parent);
        if (target == nullptr)
            return fail(Errc::profile_violation, "no data element with an Id attribute under " + path_of(root) +
                                                     " (the portal answers 205 for a missing Id)");
        xmlChar* id = xmlGetProp(target, libxml::xml_chars("Id"));
        const std::string value = id ? chars(id) : "";
        xmlFree(id);
        if (value.empty()) return fail(Errc::profile_violation, "empty Id attribute on " + path_of(target));
        // A duplicated Id is how signature-wrapping attacks make a reference point elsewhere.
        if (count_id_value(root, value) != 1)
            return fail(Errc::profile_violation, "the Id '" + value + "' is not unique in the document");
        plan.uri = "#" + value;
        plan.filter.include_root = target;
        plan.scope = "the element " + path_of(target) + " (Id='" + value + "') and everything inside it";
    } else {
        plan.uri = "";
        plan.scope = "the whole document except its enveloped Signature";
        for (const auto& p : slot.subtract_paths)
            plan.scope += " and " + p;
    }
    return plan;
}

}  // namespace kyso::xml
