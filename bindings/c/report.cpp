// kyso_report_t: a verification report, read value by value, or whole as JSON, text or HTML.
#include "handles.hpp"

#include <kyso/verify/report_render.hpp>

using namespace kyso;

namespace {

const verify::DocumentReport& document(kyso_report_t report, size_t doc) {
    const auto& docs = capi::get(report).report.documents;
    if (doc >= docs.size())
        capi::throw_usage("document " + std::to_string(doc) + " does not exist (the report has " +
                          std::to_string(docs.size()) + ")");
    return docs[doc];
}

const verify::SignatureReport& signature(kyso_report_t report, size_t doc, size_t sig) {
    const auto& sigs = document(report, doc).signatures;
    if (sig >= sigs.size())
        capi::throw_usage("signature " + std::to_string(sig) + " of document " + std::to_string(doc) +
                          " does not exist (it has " + std::to_string(sigs.size()) + ")");
    return sigs[sig];
}

const std::vector<std::string>& messages(const verify::SignatureReport& s, int kind) {
    switch (kind) {
        case KYSO_MESSAGE_WARNING:
            return s.warnings;
        case KYSO_MESSAGE_ERROR:
            return s.errors;
        default:
            capi::throw_usage("unknown message kind " + std::to_string(kind));
    }
}

int c_indication(verify::Indication i) {
    switch (i) {
        case verify::Indication::total_passed:
            return KYSO_TOTAL_PASSED;
        case verify::Indication::total_failed:
            return KYSO_TOTAL_FAILED;
        case verify::Indication::indeterminate:
            return KYSO_INDETERMINATE;
    }
    return KYSO_INDETERMINATE;
}

// Each C value names one C++ sub-indication; a new one without a case here does not compile (-Wswitch).
int c_sub_indication(verify::SubIndication s) {
    using S = verify::SubIndication;
    switch (s) {
        case S::none:
            return KYSO_SUB_NONE;
        case S::format_failure:
            return KYSO_SUB_FORMAT_FAILURE;
        case S::hash_failure:
            return KYSO_SUB_HASH_FAILURE;
        case S::sig_crypto_failure:
            return KYSO_SUB_SIG_CRYPTO_FAILURE;
        case S::revoked:
            return KYSO_SUB_REVOKED;
        case S::expired:
            return KYSO_SUB_EXPIRED;
        case S::not_yet_valid:
            return KYSO_SUB_NOT_YET_VALID;
        case S::sig_constraints_failure:
            return KYSO_SUB_SIG_CONSTRAINTS_FAILURE;
        case S::chain_constraints_failure:
            return KYSO_SUB_CHAIN_CONSTRAINTS_FAILURE;
        case S::certificate_chain_general_failure:
            return KYSO_SUB_CERTIFICATE_CHAIN_GENERAL_FAILURE;
        case S::crypto_constraints_failure:
            return KYSO_SUB_CRYPTO_CONSTRAINTS_FAILURE;
        case S::crypto_constraints_failure_no_poe:
            return KYSO_SUB_CRYPTO_CONSTRAINTS_FAILURE_NO_POE;
        case S::no_signing_certificate_found:
            return KYSO_SUB_NO_SIGNING_CERTIFICATE_FOUND;
        case S::no_certificate_chain_found:
            return KYSO_SUB_NO_CERTIFICATE_CHAIN_FOUND;
        case S::out_of_bounds_no_poe:
            return KYSO_SUB_OUT_OF_BOUNDS_NO_POE;
        case S::try_later:
            return KYSO_SUB_TRY_LATER;
        case S::signed_data_not_found:
            return KYSO_SUB_SIGNED_DATA_NOT_FOUND;
        case S::revoked_no_poe:
            return KYSO_SUB_REVOKED_NO_POE;
        case S::no_poe:
            return KYSO_SUB_NO_POE;
    }
    return KYSO_SUB_NONE;
}

constexpr verify::SubIndication kLastSubIndication = verify::SubIndication::no_poe;

std::string signer_attr(const verify::SignatureReport& s, int attr) {
    if (attr < KYSO_SIGNER_SUBJECT || attr > KYSO_SIGNER_SHA256_FINGERPRINT)
        capi::throw_usage("unknown signer attribute " + std::to_string(attr));
    if (!s.signer) return {};
    const verify::SignerIdentity& id = *s.signer;
    switch (attr) {
        case KYSO_SIGNER_SUBJECT:
            return id.subject;
        case KYSO_SIGNER_ISSUER:
            return id.issuer;
        case KYSO_SIGNER_SERIAL:
            return id.serial;
        case KYSO_SIGNER_COMMON_NAME:
            return id.common_name.value_or("");
        case KYSO_SIGNER_TITLE:
            return id.title.value_or("");
        case KYSO_SIGNER_MST:
            return id.mst.value_or("");
        case KYSO_SIGNER_CCCD:
            return id.cccd.value_or("");
        case KYSO_SIGNER_CMND:
            return id.cmnd.value_or("");
        default:
            return id.sha256_fingerprint;
    }
}

verify::Lang lang_arg(const char* lang) {
    if (lang == nullptr) return verify::Lang::vi;
    const auto l = verify::parse_lang(lang);
    if (!l) capi::throw_usage("unknown language '" + std::string(lang) + "' (vi or en)");
    return *l;
}

void put_text(kyso_buffer_t out, const std::string& text) {
    capi::get(out).bytes.assign(text.begin(), text.end());
}

}  // namespace

extern "C" {

const char* kyso_indication_name(int indication) {
    if (indication < KYSO_TOTAL_PASSED || indication > KYSO_INDETERMINATE) return nullptr;
    for (auto i :
         {verify::Indication::total_passed, verify::Indication::total_failed, verify::Indication::indeterminate})
        if (c_indication(i) == indication) return verify::indication_name(i).data();
    return nullptr;
}

const char* kyso_sub_indication_name(int sub_indication) {
    for (int i = 0; i <= static_cast<int>(kLastSubIndication); ++i) {
        const auto s = static_cast<verify::SubIndication>(i);
        if (c_sub_indication(s) == sub_indication) return verify::sub_indication_name(s).data();
    }
    return nullptr;
}

int kyso_report_document_count(kyso_report_t report, size_t* count) {
    return capi::guard("kyso_report_document_count",
                       [&] { *capi::required(count, "count") = capi::get(report).report.documents.size(); });
}

int kyso_report_document_path(kyso_report_t report, size_t doc, char* out, size_t* out_len) {
    return capi::guard("kyso_report_document_path", [&] { capi::copy_out(document(report, doc).path, out, out_len); });
}

int kyso_report_document_format(kyso_report_t report, size_t doc, char* out, size_t* out_len) {
    return capi::guard("kyso_report_document_format",
                       [&] { capi::copy_out(document(report, doc).format, out, out_len); });
}

int kyso_report_document_profile(kyso_report_t report, size_t doc, char* out, size_t* out_len) {
    return capi::guard("kyso_report_document_profile",
                       [&] { capi::copy_out(document(report, doc).profile, out, out_len); });
}

int kyso_report_document_error(kyso_report_t report, size_t doc, int* status, char* out, size_t* out_len) {
    return capi::guard("kyso_report_document_error", [&] {
        const auto& d = document(report, doc);
        capi::required(status, "status");
        *status = d.error ? capi::status_of(d.error->code) : KYSO_OK;
        capi::copy_out(d.error ? d.error->message : std::string(), out, out_len);
    });
}

int kyso_report_signature_count(kyso_report_t report, size_t doc, size_t* count) {
    return capi::guard("kyso_report_signature_count",
                       [&] { *capi::required(count, "count") = document(report, doc).signatures.size(); });
}

int kyso_report_signature_indication(kyso_report_t report, size_t doc, size_t sig, int* indication,
                                     int* sub_indication) {
    return capi::guard("kyso_report_signature_indication", [&] {
        const auto& s = signature(report, doc, sig);
        *capi::required(indication, "indication") = c_indication(s.indication);
        *capi::required(sub_indication, "sub_indication") = c_sub_indication(s.sub_indication);
    });
}

int kyso_report_signature_signer(kyso_report_t report, size_t doc, size_t sig, int attr, char* out, size_t* out_len) {
    return capi::guard("kyso_report_signature_signer",
                       [&] { capi::copy_out(signer_attr(signature(report, doc, sig), attr), out, out_len); });
}

int kyso_report_signature_time(kyso_report_t report, size_t doc, size_t sig, int* source, char* out, size_t* out_len) {
    return capi::guard("kyso_report_signature_time", [&] {
        const auto& s = signature(report, doc, sig);
        capi::required(source, "source");
        const bool known = s.signing_time.has_value() && s.time_source != verify::TimeSource::none;
        *source = !known                                           ? KYSO_TIME_NONE
                  : s.time_source == verify::TimeSource::timestamp ? KYSO_TIME_TIMESTAMP
                                                                   : KYSO_TIME_CLAIMED;
        capi::copy_out(known ? format_rfc3339(*s.signing_time) : std::string(), out, out_len);
    });
}

int kyso_report_signature_scope(kyso_report_t report, size_t doc, size_t sig, char* out, size_t* out_len) {
    return capi::guard("kyso_report_signature_scope",
                       [&] { capi::copy_out(signature(report, doc, sig).signed_scope, out, out_len); });
}

int kyso_report_signature_message_count(kyso_report_t report, size_t doc, size_t sig, int kind, size_t* count) {
    return capi::guard("kyso_report_signature_message_count", [&] {
        const auto& list = messages(signature(report, doc, sig), kind);
        *capi::required(count, "count") = list.size();
    });
}

int kyso_report_signature_message(kyso_report_t report, size_t doc, size_t sig, int kind, size_t index, char* out,
                                  size_t* out_len) {
    return capi::guard("kyso_report_signature_message", [&] {
        const auto& list = messages(signature(report, doc, sig), kind);
        if (index >= list.size())
            capi::throw_usage("message " + std::to_string(index) + " does not exist (there are " +
                              std::to_string(list.size()) + ")");
        capi::copy_out(list[index], out, out_len);
    });
}

int kyso_report_json(kyso_report_t report, kyso_buffer_t out) {
    return capi::guard("kyso_report_json", [&] {
        const auto& r = capi::get(report).report;
        capi::get(out);
        put_text(out, r.to_json());
    });
}

int kyso_report_text(kyso_report_t report, const char* lang, kyso_buffer_t out) {
    return capi::guard("kyso_report_text", [&] {
        const auto& r = capi::get(report).report;
        capi::get(out);
        put_text(out, verify::render_text(r, lang_arg(lang)));
    });
}

int kyso_report_html(kyso_report_t report, const char* lang, kyso_buffer_t out) {
    return capi::guard("kyso_report_html", [&] {
        const auto& r = capi::get(report).report;
        capi::get(out);
        put_text(out, verify::render_html(r, lang_arg(lang)));
    });
}

int kyso_report_destroy(kyso_report_t report) {
    return capi::destroy("kyso_report_destroy", report);
}

}  // extern "C"
