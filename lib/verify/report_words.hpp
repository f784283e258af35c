// The words of the text and HTML reports in Vietnamese and English (private to the renderers): labels,
// verdict names, a plain-language reason for every indication and sub-indication, the time source and
// the revocation evidence in words. The ETSI names (TOTAL_PASSED, HASH_FAILURE, ...) are shown beside
// the words, unchanged in every language, so a report can be matched against the JSON.
#pragma once

#include "verify/report_format.hpp"

#include <kyso/verify/report_render.hpp>

#include <string>
#include <string_view>

namespace kyso::verify::render {

struct Words {
    // Header and footer.
    std::string_view title, tool, validation_time, policy, version, not_recorded, vietnam_time, legend, messages_note,
        worst_note;
    // Summary and the table of documents.
    std::string_view summary, documents, signatures, document_list, number, path, format, verdict, details;
    // One document.
    std::string_view document, profile, error, error_code, no_signature_text, signature;
    // One signature.
    std::string_view reason, errors, warnings, read_warnings, signer, name, mst, cccd, cmnd, title_role, subject,
        issuer, serial, fingerprint, no_signer, signing_time, time_source, scope, slot, algorithms, signature_algorithm,
        digest_algorithm, chain, no_chain, role_signer, role_intermediate, role_anchor, none;
    // Revocation evidence.
    std::string_view revocation, no_revocation, certificate, status, source, times, origin, problem, this_update,
        next_update, produced_at, revoked_at, revocation_reason, responder, url;
};

const Words& words(Lang lang) noexcept;

// "HỢP LỆ" / "PASSED", ... for a signature's or a document's outcome.
std::string_view outcome_label(Outcome o, Lang lang) noexcept;
// What an outcome means, for the legend.
std::string_view outcome_meaning(Outcome o, Lang lang) noexcept;
// Why, in plain words: the sub-indication's meaning, or the main indication's when there is none.
std::string_view explanation(Indication i, SubIndication s, Lang lang) noexcept;
std::string_view time_source_words(TimeSource t, Lang lang) noexcept;
// Revocation status, source and origin in words; a value kyso does not know is returned as given.
std::string_view revocation_status_words(std::string_view status, Lang lang) noexcept;
std::string_view revocation_source_words(std::string_view source, Lang lang) noexcept;
std::string_view revocation_origin_words(std::string_view origin, Lang lang) noexcept;

// "2026-11-22T08:00:00Z (15:00:00 ngày 22/11/2026 giờ Việt Nam)": UTC as in the JSON, and the time an
// auditor in Vietnam reads on a clock (UTC+07:00 all year).
std::string display_time(TimePoint t, Lang lang);

}  // namespace kyso::verify::render
