// The HTML report: one self-contained page an auditor can open offline, archive and print. Nothing in it
// is fetched or run (inline CSS only, and a Content-Security-Policy that forbids everything else, so
// even a value that escaped escaping could not load or execute anything). Every value from a document
// or certificate passes through safe_text() and then HTML escaping.
#include <kyso/verify/report_render.hpp>

#include "verify/report_format.hpp"
#include "verify/report_words.hpp"

namespace kyso::verify {

namespace {

using render::Outcome;

constexpr std::string_view kStyle = R"css(
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Noto Sans", "Segoe UI", Arial, sans-serif; font-size: 14px; line-height: 1.45;
       color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 1150px; padding: 20px 28px; }
h1 { font-size: 22px; margin: 0 0 8px; }
h2 { font-size: 18px; border-bottom: 2px solid #333; padding-bottom: 3px; margin: 26px 0 10px; }
h3 { font-size: 16px; margin: 0 0 6px; overflow-wrap: anywhere; }
h4 { font-size: 14px; margin: 0 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { border: 1px solid #b8b8b8; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #eceff3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.summary { width: auto; min-width: 26em; }
table.summary th, table.summary td, table.documents td { vertical-align: middle; }
.badge { display: inline-block; padding: 0 7px; border: 2px solid; border-radius: 3px; font-weight: bold;
         white-space: nowrap; }
.passed { color: #0b5d1e; background: #e4f5e7; border-color: #1e7b34; }
.failed { color: #8a1010; background: #fde8e8; border-color: #b91c1c; }
.indeterminate { color: #6b4500; background: #fff3d1; border-color: #b7791f; }
.not_processed { color: #4b2470; background: #f2e9fb; border-color: #6b3fa0; }
.no_signature { color: #333; background: #ececec; border-color: #777; }
.etsi, .mono { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12px; }
.mono, .path { overflow-wrap: anywhere; }
.note { color: #444; font-size: 13px; }
section.doc { border: 1px solid #999; border-left: 7px solid #999; margin: 16px 0; padding: 10px 14px; }
section.doc-passed { border-left-color: #1e7b34; }
section.doc-failed { border-left-color: #b91c1c; }
section.doc-indeterminate { border-left-color: #b7791f; }
section.doc-not_processed { border-left-color: #6b3fa0; }
section.doc-no_signature { border-left-color: #777; }
div.sig { border-top: 1px dashed #999; margin-top: 10px; padding-top: 8px; }
dl.facts { display: grid; grid-template-columns: minmax(11em, max-content) 1fr; gap: 2px 14px; margin: 6px 0; }
dl.facts dt { font-weight: bold; color: #333; }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
ul.errors li { color: #8a1010; }
ul.warnings li { color: #6b4500; }
p.error { color: #8a1010; font-weight: bold; }
ol.chain { margin: 4px 0; }
header dl.facts { margin-top: 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
  h2, h3, h4 { break-after: avoid; }
  div.sig, tr, dl.facts { break-inside: avoid; }
  @page { size: A4; margin: 14mm; }
}
)css";

std::string escape(std::string_view value) {
    const std::string safe = render::safe_text(value);
    std::string out;
    out.reserve(safe.size());
    for (const char c : safe) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string_view css_class(Outcome o) noexcept {
    switch (o) {
        case Outcome::passed:
            return "passed";
        case Outcome::failed:
            return "failed";
        case Outcome::indeterminate:
            return "indeterminate";
        case Outcome::not_processed:
            return "not_processed";
        case Outcome::no_signature:
            return "no_signature";
    }
    return "";
}

// A symbol beside the words, so the verdict never rests on colour alone (nor on the words alone for a
// reader scanning a long table).
std::string_view symbol(Outcome o) noexcept {
    switch (o) {
        case Outcome::passed:
            return "✔";
        case Outcome::failed:
            return "✘";
        case Outcome::indeterminate:
            return "?";
        case Outcome::not_processed:
            return "⚠";
        case Outcome::no_signature:
            return "○";
    }
    return "";
}

class HtmlReport {
public:
    HtmlReport(const Report& report, Lang lang) : m_report(report), m_lang(lang), m_w(render::words(lang)) {}

    std::string render() {
        m_out += "<!DOCTYPE html>\n<html lang=\"";
        m_out += m_lang == Lang::vi ? "vi" : "en";
        m_out += "\">\n<head>\n<meta charset=\"utf-8\">\n";
        m_out +=
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "base-uri 'none'; form-action 'none'\">\n";
        m_out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
        m_out += "<meta name=\"generator\" content=\"kyso " + escape(m_report.tool_version) + "\">\n";
        m_out += "<title>" + escape(m_w.title) + "</title>\n<style>";
        m_out += kStyle;
        m_out += "</style>\n</head>\n<body>\n";
        header();
        summary();
        document_table();
        m_out += "<h2>" + escape(m_w.details) + "</h2>\n";
        for (std::size_t i = 0; i < m_report.documents.size(); ++i)
            document(i);
        legend();
        m_out += "</body>\n</html>\n";
        return std::move(m_out);
    }

private:
    std::string badge(Outcome o) const {
        return "<span class=\"badge " + std::string(css_class(o)) + "\">" + std::string(symbol(o)) + " " +
               escape(render::outcome_label(o, m_lang)) + "</span>";
    }
    std::string verdict(Indication i, SubIndication s) const {
        std::string v = badge(render::outcome(i)) + " <span class=\"etsi\">" + escape(indication_name(i));
        if (s != SubIndication::none) v += " / " + escape(sub_indication_name(s));
        return v + "</span>";
    }

    // <dt>label</dt><dd>html</dd>; `html` is already escaped markup.
    void fact(std::string_view label, const std::string& html) {
        m_out += "<dt>" + escape(label) + "</dt><dd>" + html + "</dd>\n";
    }
    std::string value_or_none(const std::string& value, bool mono = false) const {
        if (value.empty()) return escape(m_w.none);
        return mono ? "<span class=\"mono\">" + escape(value) + "</span>" : escape(value);
    }

    void header() {
        m_out += "<header>\n<h1>" + escape(m_w.title) + "</h1>\n<dl class=\"facts\">\n";
        fact(m_w.tool, "kyso " + escape(m_report.tool_version));
        fact(m_w.validation_time, escape(render::display_time(m_report.validation_time, m_lang)));
        if (m_report.policy_name.empty())
            fact(m_w.policy, escape(m_w.not_recorded));
        else
            fact(m_w.policy, escape(m_report.policy_name) + ", " + escape(m_w.version) + " " +
                                 value_or_none(m_report.policy_version));
        m_out += "</dl>\n</header>\n";
    }

    void count_row(const std::string& label, std::size_t n) {
        m_out += "<tr><th scope=\"row\">" + label + "</th><td class=\"num\">" + std::to_string(n) + "</td></tr>\n";
    }

    void summary() {
        const Summary s = m_report.summary();
        std::size_t unsigned_documents = 0;
        for (const auto& d : m_report.documents)
            if (render::outcome(d) == Outcome::no_signature) ++unsigned_documents;
        m_out += "<h2>" + escape(m_w.summary) + "</h2>\n<table class=\"summary\">\n";
        count_row(escape(m_w.documents), s.documents);
        count_row(escape(m_w.signatures), s.signatures);
        count_row(verdict(Indication::total_passed, SubIndication::none), s.total_passed);
        count_row(verdict(Indication::total_failed, SubIndication::none), s.total_failed);
        count_row(verdict(Indication::indeterminate, SubIndication::none), s.indeterminate);
        count_row(badge(Outcome::not_processed), s.unreadable);
        if (unsigned_documents > 0) count_row(badge(Outcome::no_signature), unsigned_documents);
        m_out += "</table>\n";
    }

    void document_table() {
        m_out += "<h2>" + escape(m_w.document_list) + "</h2>\n<table class=\"documents\">\n<thead><tr>";
        m_out += "<th class=\"num\" scope=\"col\">" + escape(m_w.number) + "</th><th scope=\"col\">" +
                 escape(m_w.path) + "</th><th scope=\"col\">" + escape(m_w.format) +
                 "</th><th class=\"num\" scope=\"col\">" + escape(m_w.signatures) + "</th><th scope=\"col\">" +
                 escape(m_w.verdict) + "</th></tr></thead>\n<tbody>\n";
        for (std::size_t i = 0; i < m_report.documents.size(); ++i) {
            const auto& d = m_report.documents[i];
            const std::string n = std::to_string(i + 1);
            m_out += "<tr><td class=\"num\">" + n + "</td><td class=\"path\"><a href=\"#doc-" + n + "\">" +
                     escape(d.path) + "</a></td><td>" + escape(d.format) + "</td><td class=\"num\">" +
                     std::to_string(d.signatures.size()) + "</td><td>" + badge(render::outcome(d)) + "</td></tr>\n";
        }
        m_out += "</tbody>\n</table>\n<p class=\"note\">" + escape(m_w.worst_note) + "</p>\n";
    }

    void document(std::size_t index) {
        const auto& d = m_report.documents[index];
        const Outcome o = render::outcome(d);
        const std::string n = std::to_string(index + 1);
        m_out += "<section class=\"doc doc-" + std::string(css_class(o)) + "\" id=\"doc-" + n + "\">\n";
        m_out +=
            "<h3>" + escape(m_w.document) + " " + n + ": <span class=\"path\">" + escape(d.path) + "</span></h3>\n";
        m_out += "<dl class=\"facts\">\n";
        fact(m_w.verdict, badge(o));
        fact(m_w.format, value_or_none(d.format));
        if (!d.profile.empty()) fact(m_w.profile, escape(d.profile));
        m_out += "</dl>\n";
        if (d.error) {
            m_out += "<p class=\"error\">" + escape(m_w.error) + ": " + escape(d.error->message) + " (" +
                     escape(m_w.error_code) + ": <span class=\"etsi\">" + escape(errc_name(d.error->code)) +
                     "</span>)</p>\n";
        } else if (d.signatures.empty()) {
            m_out += "<p>" + escape(m_w.no_signature_text) + "</p>\n";
        }
        for (std::size_t i = 0; i < d.signatures.size(); ++i)
            signature(d.signatures[i], n + "-sig-" + std::to_string(i + 1), i, d.signatures.size());
        m_out += "</section>\n";
    }

    void list(std::string_view label, const std::vector<std::string>& items, std::string_view css) {
        if (items.empty()) return;
        m_out += "<div><strong>" + escape(label) + "</strong><ul class=\"" + std::string(css) + "\">\n";
        for (const auto& item : items)
            m_out += "<li>" + escape(item) + "</li>\n";
        m_out += "</ul></div>\n";
    }

    void signature(const SignatureReport& s, const std::string& id, std::size_t index, std::size_t count) {
        m_out += "<div class=\"sig\" id=\"doc-" + id + "\">\n<h4>" + escape(m_w.signature) + " " +
                 std::to_string(index + 1) + "/" + std::to_string(count) + ": " +
                 verdict(s.indication, s.sub_indication) + "</h4>\n";
        m_out += "<p><strong>" + escape(m_w.reason) + ":</strong> " +
                 escape(render::explanation(s.indication, s.sub_indication, m_lang));
        if (s.indication == Indication::total_passed && !s.warnings.empty())
            m_out += " <em>" + escape(m_w.read_warnings) + "</em>";
        m_out += "</p>\n";
        list(m_w.errors, s.errors, "errors");
        list(m_w.warnings, s.warnings, "warnings");

        m_out += "<dl class=\"facts\">\n";
        if (s.signer) {
            const auto& id_ = *s.signer;
            fact(m_w.signer, "<strong>" + escape(id_.common_name.value_or(id_.subject)) + "</strong>");
            if (id_.mst) fact(m_w.mst, "<span class=\"mono\">" + escape(*id_.mst) + "</span>");
            if (id_.cccd) fact(m_w.cccd, "<span class=\"mono\">" + escape(*id_.cccd) + "</span>");
            if (id_.cmnd) fact(m_w.cmnd, "<span class=\"mono\">" + escape(*id_.cmnd) + "</span>");
            if (id_.title) fact(m_w.title_role, escape(*id_.title));
            fact(m_w.subject, value_or_none(id_.subject));
            fact(m_w.issuer, value_or_none(id_.issuer));
            fact(m_w.serial, value_or_none(id_.serial, true));
            fact(m_w.fingerprint, value_or_none(id_.sha256_fingerprint, true));
        } else {
            fact(m_w.signer, escape(m_w.no_signer));
        }
        fact(m_w.signing_time,
             s.signing_time ? escape(render::display_time(*s.signing_time, m_lang)) : escape(m_w.none));
        fact(m_w.time_source, escape(render::time_source_words(s.time_source, m_lang)));
        fact(m_w.scope, value_or_none(s.signed_scope));
        if (!s.slot.empty()) fact(m_w.slot, value_or_none(s.slot, true));
        fact(m_w.signature_algorithm, value_or_none(s.signature_algorithm, true));
        fact(m_w.digest_algorithm, value_or_none(s.digest_algorithm, true));
        if (s.chain.empty()) {
            fact(m_w.chain, escape(m_w.no_chain));
        } else {
            std::string chain = "<ol class=\"chain\">";
            for (std::size_t i = 0; i < s.chain.size(); ++i) {
                const std::string_view role = i == 0                    ? m_w.role_signer
                                              : i + 1 == s.chain.size() ? m_w.role_anchor
                                                                        : m_w.role_intermediate;
                chain += "<li>" + escape(s.chain[i]) + " <em>(" + escape(role) + ")</em></li>";
            }
            fact(m_w.chain, chain + "</ol>");
        }
        m_out += "</dl>\n";
        revocation(s.revocation);
        m_out += "</div>\n";
    }

    void revocation(const std::vector<RevocationEvidence>& evidence) {
        m_out += "<div><strong>" + escape(m_w.revocation) + "</strong>";
        if (evidence.empty()) {
            m_out += ": " + escape(m_w.no_revocation) + "</div>\n";
            return;
        }
        // One row per certificate: what its status is (and why none could be had), where the evidence
        // came from, and the times it speaks for.
        m_out += "\n<table class=\"revocation\">\n<thead><tr>";
        for (const std::string_view h : {m_w.certificate, m_w.status, m_w.source, m_w.times})
            m_out += "<th scope=\"col\">" + escape(h) + "</th>";
        m_out += "</tr></thead>\n<tbody>\n";
        const auto line = [&](std::string_view label, const std::string& html) {
            return "<br>" + escape(label) + ": " + html;
        };
        const auto time_line = [&](std::string_view label, const std::optional<TimePoint>& t) {
            return t ? escape(label) + ": " + escape(render::display_time(*t, m_lang)) + "<br>" : std::string();
        };
        for (const auto& r : evidence) {
            m_out += "<tr><td>" + escape(r.certificate);
            if (!r.serial.empty()) m_out += line(m_w.serial, "<span class=\"mono\">" + escape(r.serial) + "</span>");
            m_out += "</td><td>";
            const bool revoked = r.status == "revoked";
            m_out += revoked ? "<strong class=\"badge failed\">✘ " : "";
            m_out += escape(render::revocation_status_words(r.status, m_lang));
            m_out += revoked ? "</strong>" : "";
            if (r.revocation_time)
                m_out += line(m_w.revoked_at, escape(render::display_time(*r.revocation_time, m_lang)));
            if (!r.revocation_reason.empty()) m_out += line(m_w.revocation_reason, escape(r.revocation_reason));
            if (!r.problem.empty()) m_out += line(m_w.problem, escape(r.problem));
            m_out += "</td><td>" + escape(render::revocation_source_words(r.source, m_lang));
            m_out += line(m_w.origin, escape(render::revocation_origin_words(r.origin, m_lang)));
            if (!r.issuer.empty()) m_out += line(m_w.responder, escape(r.issuer));
            if (!r.url.empty()) m_out += line(m_w.url, "<span class=\"mono\">" + escape(r.url) + "</span>");
            m_out += "</td><td>" + time_line(m_w.this_update, r.this_update) +
                     time_line(m_w.next_update, r.next_update) + time_line(m_w.produced_at, r.produced_at) +
                     "</td></tr>\n";
        }
        m_out += "</tbody>\n</table></div>\n";
    }

    void legend() {
        m_out += "<h2>" + escape(m_w.legend) + "</h2>\n<dl class=\"facts\">\n";
        for (const Indication i : {Indication::total_passed, Indication::total_failed, Indication::indeterminate})
            m_out += "<dt>" + verdict(i, SubIndication::none) + "</dt><dd>" +
                     escape(render::outcome_meaning(render::outcome(i), m_lang)) + "</dd>\n";
        m_out += "<dt>" + badge(Outcome::not_processed) + "</dt><dd>" +
                 escape(render::outcome_meaning(Outcome::not_processed, m_lang)) + "</dd>\n";
        m_out += "</dl>\n<p class=\"note\">" + escape(m_w.messages_note) + "</p>\n";
    }

    const Report& m_report;
    Lang m_lang;
    const render::Words& m_w;
    std::string m_out;
};

}  // namespace

std::string render_html(const Report& report, Lang lang) {
    return HtmlReport(report, lang).render();
}

}  // namespace kyso::verify
