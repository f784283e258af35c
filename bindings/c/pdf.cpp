// Signing PDF: the options handle and file-to-file signing.
#include "arguments.hpp"
#include "handles.hpp"

#include <kyso/pdf/sign.hpp>

using namespace kyso;

namespace {

// A setter of one text of the options: NULL restores the default.
template <class Set>
int set_option(const char* function, kyso_pdf_options_t options, Set&& set) {
    return capi::guard(function, [&] { set(capi::get(options).options); });
}

}  // namespace

extern "C" {

int kyso_pdf_options_create(kyso_pdf_options_t* out) {
    return capi::guard("kyso_pdf_options_create", [&] { capi::make(out); });
}

int kyso_pdf_options_set_field(kyso_pdf_options_t options, const char* name) {
    return set_option("kyso_pdf_options_set_field", options,
                      [&](pdf::SignOptions& o) { o.field_name = capi::text_arg(name); });
}

int kyso_pdf_options_set_visible(kyso_pdf_options_t options, int page, double x, double y, double width,
                                 double height) {
    return set_option("kyso_pdf_options_set_visible", options, [&](pdf::SignOptions& o) {
        if (page == 0) {
            o.visible.reset();
            return;
        }
        // The CLI's --visible rules: page from 1, a rectangle with a positive size.
        if (page < 0 || !(width > 0) || !(height > 0))
            capi::throw_usage("a visible signature needs a page from 1 and a positive width and height");
        o.visible = pdf::Placement{page, x, y, width, height};
    });
}

int kyso_pdf_options_set_name(kyso_pdf_options_t options, const char* name) {
    return set_option("kyso_pdf_options_set_name", options,
                      [&](pdf::SignOptions& o) { o.text.signer_name = capi::text_arg(name); });
}

int kyso_pdf_options_set_title(kyso_pdf_options_t options, const char* title) {
    return set_option("kyso_pdf_options_set_title", options,
                      [&](pdf::SignOptions& o) { o.text.title = capi::text_arg(title); });
}

int kyso_pdf_options_set_reason(kyso_pdf_options_t options, const char* reason) {
    return set_option("kyso_pdf_options_set_reason", options,
                      [&](pdf::SignOptions& o) { o.text.reason = capi::text_arg(reason); });
}

int kyso_pdf_options_set_location(kyso_pdf_options_t options, const char* location) {
    return set_option("kyso_pdf_options_set_location", options,
                      [&](pdf::SignOptions& o) { o.text.location = capi::text_arg(location); });
}

int kyso_pdf_options_set_image(kyso_pdf_options_t options, const char* png_path) {
    return set_option("kyso_pdf_options_set_image", options, [&](pdf::SignOptions& o) {
        if (png_path == nullptr)
            o.image_png.reset();
        else
            o.image_png = png_path;
    });
}

int kyso_pdf_options_set_certify(kyso_pdf_options_t options, int certify) {
    return set_option("kyso_pdf_options_set_certify", options, [&](pdf::SignOptions& o) {
        switch (certify) {
            case KYSO_CERTIFY_NONE:
                o.certify = pdf::Certification::none;
                break;
            case KYSO_CERTIFY_NO_CHANGES:
                o.certify = pdf::Certification::no_changes;
                break;
            case KYSO_CERTIFY_FORM_FILLING:
                o.certify = pdf::Certification::form_filling;
                break;
            case KYSO_CERTIFY_FORM_FILLING_AND_ANNOTATIONS:
                o.certify = pdf::Certification::form_filling_and_annotations;
                break;
            default:
                capi::throw_usage("unknown certification level " + std::to_string(certify) + " (0 to 3)");
        }
    });
}

int kyso_pdf_options_set_level(kyso_pdf_options_t options, int level) {
    return set_option("kyso_pdf_options_set_level", options, [&](pdf::SignOptions& o) {
        switch (level) {
            case KYSO_PADES_B_B:
                o.level = pdf::SignatureLevel::pades_b_b;
                break;
            case KYSO_PADES_B_T:
                o.level = pdf::SignatureLevel::pades_b_t;
                break;
            default:
                capi::throw_usage("unknown PAdES level " + std::to_string(level) +
                                  " (KYSO_PADES_B_B or KYSO_PADES_B_T)");
        }
    });
}

int kyso_pdf_options_set_tsa_url(kyso_pdf_options_t options, const char* url) {
    return set_option("kyso_pdf_options_set_tsa_url", options, [&](pdf::SignOptions& o) {
        if (url == nullptr) {
            o.tsa.reset();
            return;
        }
        o.tsa = trust::TsaOptions{};
        o.tsa->url = url;
    });
}

int kyso_pdf_options_destroy(kyso_pdf_options_t options) {
    return capi::destroy("kyso_pdf_options_destroy", options);
}

int kyso_pdf_sign_file(kyso_signer_t signer, const char* in_path, const char* out_path, kyso_pdf_options_t options,
                       unsigned flags) {
    return capi::guard("kyso_pdf_sign_file", [&] {
        auto& s = capi::get(signer);
        pdf::SignOptions o = options != nullptr ? capi::get(options).options : pdf::SignOptions{};
        capi::required(in_path, "in_path");
        capi::required(out_path, "out_path");
        capi::check_flags(flags, KYSO_SIGN_OVERWRITE);
        o.overwrite = (flags & KYSO_SIGN_OVERWRITE) != 0;
        capi::check(pdf::sign(in_path, out_path, *s.signer, o));
    });
}

}  // extern "C"
