#include "pdf/annotations.hpp"

namespace kyso::pdf {

Result<void> add_annotation_to_page(IncrementalUpdate& update, const Document& doc, Ref page_ref, Ref annotation) {
    KYSO_TRY(IndirectObject page, doc.load(page_ref));
    if (page.object.dict() == nullptr)
        return fail(Errc::malformed_pdf, "page object " + std::to_string(page_ref.num) + " is not a dictionary");
    Dict page_dict = *page.object.dict();
    const Object* annots = page_dict.get("Annots");
    if (annots != nullptr && annots->ref()) {
        KYSO_TRY(IndirectObject arr, doc.load(*annots->ref()));
        Array a = arr.object.array() ? *arr.object.array() : Array{};
        a.emplace_back(annotation);
        update.set(*annots->ref(), Object(std::move(a)));
        return {};
    }
    Array a = annots != nullptr && annots->array() ? *annots->array() : Array{};
    a.emplace_back(annotation);
    page_dict.set("Annots", Object(std::move(a)));
    update.set(page_ref, Object(std::move(page_dict)));
    return {};
}

}  // namespace kyso::pdf
