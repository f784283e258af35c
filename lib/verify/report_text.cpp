// The text report: what `kyso verify` prints on a terminal. Every value from a document or certificate
// passes through safe_text(); only the report's own words are written as they are.
#include <kyso/verify/report_render.hpp>

#include "verify/report_format.hpp"
#include "verify/report_words.hpp"

#include <algorithm>

namespace kyso::verify {

namespace {

using render::Outcome;

class TextReport {
public:
    TextReport(const Report& report, Lang lang) : m_report(report), m_lang(lang), m_w(render::words(lang)) {}

    std::string render() {
        header();
        summary();
        document_table();
        heading(m_w.details);
        for (std::size_t i = 0; i < m_report.documents.size(); ++i)
            document(i);
        legend();
        return std::move(m_out);
    }

private:
    void heading(std::string_view title, char rule = '-') {
        m_out += "\n";
        m_out += title;
        m_out += "\n" + std::string(render::display_width(title), rule) + "\n";
    }

    // "<indent>Label: value" with the value made safe.
    void field(int indent, std::string_view label, std::string_view value) {
        m_out += std::string(static_cast<std::size_t>(indent), ' ');
        m_out += label;
        m_out += ": ";
        m_out += render::safe_text(value);
        m_out += "\n";
    }
    void words_field(int indent, std::string_view label, std::string_view words) {
        m_out += std::string(static_cast<std::size_t>(indent), ' ');
        m_out += label;
        m_out += ": ";
        m_out += words;
        m_out += "\n";
    }

    std::string verdict(Indication i, SubIndication s) const {
        std::string v =
            std::string(render::outcome_label(render::outcome(i), m_lang)) + " (" + std::string(indication_name(i));
        if (s != SubIndication::none) v += " / " + std::string(sub_indication_name(s));
        return v + ")";
    }

    void header() {
        m_out += m_w.title;
        m_out += "\n" + std::string(render::display_width(m_w.title), '=') + "\n";
        field(0, m_w.tool, "kyso " + m_report.tool_version);
        words_field(0, m_w.validation_time, render::display_time(m_report.validation_time, m_lang));
        if (m_report.policy_name.empty())
            words_field(0, m_w.policy, m_w.not_recorded);
        else
            field(0, m_w.policy,
                  m_report.policy_name + ", " + std::string(m_w.version) + " " +
                      (m_report.policy_version.empty() ? std::string(m_w.none) : m_report.policy_version));
    }

    void summary() {
        const Summary s = m_report.summary();
        std::size_t unsigned_documents = 0;
        for (const auto& d : m_report.documents)
            if (render::outcome(d) == Outcome::no_signature) ++unsigned_documents;
        heading(m_w.summary);
        words_field(2, m_w.documents, std::to_string(s.documents));
        words_field(2, m_w.signatures, std::to_string(s.signatures));
        words_field(4, verdict(Indication::total_passed, SubIndication::none), std::to_string(s.total_passed));
        words_field(4, verdict(Indication::total_failed, SubIndication::none), std::to_string(s.total_failed));
        words_field(4, verdict(Indication::indeterminate, SubIndication::none), std::to_string(s.indeterminate));
        words_field(2, render::outcome_label(Outcome::not_processed, m_lang), std::to_string(s.unreadable));
        if (unsigned_documents > 0)
            words_field(2, render::outcome_label(Outcome::no_signature, m_lang), std::to_string(unsigned_documents));
    }

    void document_table() {
        heading(m_w.document_list);
        struct Row {
            std::string number, verdict, format, signatures, path;
        };
        std::vector<Row> rows;
        rows.push_back({std::string(m_w.number), std::string(m_w.verdict), std::string(m_w.format),
                        std::string(m_w.signatures), std::string(m_w.path)});
        for (std::size_t i = 0; i < m_report.documents.size(); ++i) {
            const auto& d = m_report.documents[i];
            rows.push_back({std::to_string(i + 1), std::string(render::outcome_label(render::outcome(d), m_lang)),
                            render::safe_text(d.format), std::to_string(d.signatures.size()),
                            render::safe_text(d.path)});
        }
        std::size_t w[4] = {0, 0, 0, 0};
        for (const auto& r : rows) {
            w[0] = std::max(w[0], render::display_width(r.number));
            w[1] = std::max(w[1], render::display_width(r.verdict));
            w[2] = std::max(w[2], render::display_width(r.format));
            w[3] = std::max(w[3], render::display_width(r.signatures));
        }
        const auto cell = [&](const std::string& text, std::size_t width) {
            m_out += text;
            m_out += std::string(width - render::display_width(text) + 2, ' ');
        };
        for (const auto& r : rows) {
            m_out += "  ";
            cell(r.number, w[0]);
            cell(r.verdict, w[1]);
            cell(r.format, w[2]);
            cell(r.signatures, w[3]);
            m_out += r.path + "\n";
        }
        m_out += "  (";
        m_out += m_w.worst_note;
        m_out += ")\n";
    }

    void document(std::size_t index) {
        const auto& d = m_report.documents[index];
        m_out += "\n[" + std::to_string(index + 1) + "] " + render::safe_text(d.path) + "\n";
        words_field(4, m_w.verdict, render::outcome_label(render::outcome(d), m_lang));
        field(4, m_w.format, d.format.empty() ? std::string(m_w.none) : d.format);
        if (!d.profile.empty()) field(4, m_w.profile, d.profile);
        if (d.error) {
            field(4, m_w.error,
                  d.error->message + " (" + std::string(m_w.error_code) + ": " + std::string(errc_name(d.error->code)) +
                      ")");
            return;
        }
        if (d.signatures.empty()) {
            m_out += "    ";
            m_out += m_w.no_signature_text;
            m_out += "\n";
        }
        for (std::size_t i = 0; i < d.signatures.size(); ++i)
            signature(d.signatures[i], i, d.signatures.size());
    }

    void list(int indent, std::string_view label, const std::vector<std::string>& items) {
        if (items.empty()) return;
        m_out += std::string(static_cast<std::size_t>(indent), ' ');
        m_out += label;
        m_out += ":\n";
        for (const auto& item : items)
            m_out += std::string(static_cast<std::size_t>(indent) + 2, ' ') + "- " + render::safe_text(item) + "\n";
    }

    void signature(const SignatureReport& s, std::size_t index, std::size_t count) {
        m_out += "\n  ";
        m_out += m_w.signature;
        m_out += " " + std::to_string(index + 1) + "/" + std::to_string(count) + ": " +
                 verdict(s.indication, s.sub_indication) + "\n";
        words_field(4, m_w.reason, render::explanation(s.indication, s.sub_indication, m_lang));
        if (s.indication == Indication::total_passed && !s.warnings.empty())
            m_out += "      " + std::string(m_w.read_warnings) + "\n";
        list(4, m_w.errors, s.errors);
        list(4, m_w.warnings, s.warnings);

        if (s.signer) {
            const auto& id = *s.signer;
            field(4, m_w.signer, id.common_name.value_or(id.subject));
            if (id.mst) field(6, m_w.mst, *id.mst);
            if (id.cccd) field(6, m_w.cccd, *id.cccd);
            if (id.cmnd) field(6, m_w.cmnd, *id.cmnd);
            if (id.title) field(6, m_w.title_role, *id.title);
            field(6, m_w.subject, id.subject);
            field(6, m_w.issuer, id.issuer);
            field(6, m_w.serial, id.serial);
            field(6, m_w.fingerprint, id.sha256_fingerprint);
        } else {
            words_field(4, m_w.signer, m_w.no_signer);
        }

        words_field(4, m_w.signing_time,
                    s.signing_time ? render::display_time(*s.signing_time, m_lang) : std::string(m_w.none));
        words_field(6, m_w.time_source, render::time_source_words(s.time_source, m_lang));
        field(4, m_w.scope, s.signed_scope.empty() ? std::string(m_w.none) : s.signed_scope);
        if (!s.slot.empty()) field(4, m_w.slot, s.slot);
        field(4, m_w.signature_algorithm,
              s.signature_algorithm.empty() ? std::string(m_w.none) : s.signature_algorithm);
        field(4, m_w.digest_algorithm, s.digest_algorithm.empty() ? std::string(m_w.none) : s.digest_algorithm);

        if (s.chain.empty()) {
            words_field(4, m_w.chain, m_w.no_chain);
        } else {
            m_out += "    ";
            m_out += m_w.chain;
            m_out += ":\n";
            for (std::size_t i = 0; i < s.chain.size(); ++i) {
                const std::string_view role = i == 0                    ? m_w.role_signer
                                              : i + 1 == s.chain.size() ? m_w.role_anchor
                                                                        : m_w.role_intermediate;
                m_out += "      " + std::to_string(i + 1) + ". " + render::safe_text(s.chain[i]) + " (" +
                         std::string(role) + ")\n";
            }
        }
        revocation(s.revocation);
    }

    void revocation(const std::vector<RevocationEvidence>& evidence) {
        if (evidence.empty()) {
            words_field(4, m_w.revocation, m_w.no_revocation);
            return;
        }
        m_out += "    ";
        m_out += m_w.revocation;
        m_out += ":\n";
        for (const auto& r : evidence) {
            m_out += "      - " + std::string(m_w.certificate) + ": " + render::safe_text(r.certificate);
            if (!r.serial.empty()) m_out += " (" + std::string(m_w.serial) + " " + render::safe_text(r.serial) + ")";
            m_out += "\n";
            words_field(8, m_w.status, render::safe_text(render::revocation_status_words(r.status, m_lang)));
            if (r.revocation_time) words_field(8, m_w.revoked_at, render::display_time(*r.revocation_time, m_lang));
            if (!r.revocation_reason.empty()) field(8, m_w.revocation_reason, r.revocation_reason);
            words_field(8, m_w.source, render::safe_text(render::revocation_source_words(r.source, m_lang)));
            if (!r.issuer.empty()) field(8, m_w.responder, r.issuer);
            if (!r.url.empty()) field(8, m_w.url, r.url);
            words_field(8, m_w.origin, render::safe_text(render::revocation_origin_words(r.origin, m_lang)));
            if (r.this_update) words_field(8, m_w.this_update, render::display_time(*r.this_update, m_lang));
            if (r.next_update) words_field(8, m_w.next_update, render::display_time(*r.next_update, m_lang));
            if (r.produced_at) words_field(8, m_w.produced_at, render::display_time(*r.produced_at, m_lang));
            if (!r.problem.empty()) field(8, m_w.problem, r.problem);
        }
    }

    void legend() {
        heading(m_w.legend);
        for (const Indication i : {Indication::total_passed, Indication::total_failed, Indication::indeterminate})
            words_field(2, verdict(i, SubIndication::none), render::outcome_meaning(render::outcome(i), m_lang));
        words_field(2, render::outcome_label(Outcome::not_processed, m_lang),
                    render::outcome_meaning(Outcome::not_processed, m_lang));
        m_out += "  ";
        m_out += m_w.messages_note;
        m_out += "\n";
    }

    const Report& m_report;
    Lang m_lang;
    const render::Words& m_w;
    std::string m_out;
};

}  // namespace

std::string render_text(const Report& report, Lang lang) {
    return TextReport(report, lang).render();
}

}  // namespace kyso::verify
