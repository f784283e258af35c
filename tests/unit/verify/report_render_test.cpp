// The text and HTML reports (lib/verify/report_text.cpp, report_html.cpp, report_words.cpp): both
// languages, the summary and the table of documents, unreadable documents, the time source, revocation
// evidence, and values from documents that try to break out of the report.
#include <kyso/verify/report_render.hpp>

#include "verify/report_format.hpp"
#include "verify/report_words.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <string>

using namespace kyso;
using namespace kyso::verify;

namespace {

bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

std::size_t count(const std::string& haystack, std::string_view needle) {
    std::size_t n = 0;
    for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1))
        ++n;
    return n;
}

SignatureReport passed_signature() {
    SignatureReport s;
    s.indication = Indication::total_passed;
    s.slot = "/GIAMDINHHS/CHUKYDONVI/Signature";
    s.signer = SignerIdentity{};
    s.signer->subject = "CN=Bệnh viện Đa khoa Tỉnh,UID=MST:0101234567";
    s.signer->issuer = "CN=Kyso Test Issuing CA";
    s.signer->serial = "1a2b3c";
    s.signer->mst = "0101234567";
    s.signer->common_name = "Bệnh viện Đa khoa Tỉnh";
    s.signer->title = "Giám đốc";
    s.signer->sha256_fingerprint = std::string(64, 'a');
    s.signing_time = *parse_rfc3339("2026-11-20T02:30:00Z");
    s.time_source = TimeSource::claimed;
    s.signed_scope = "the whole GIAMDINHHS element except this Signature";
    s.signature_algorithm = "rsa-sha256";
    s.digest_algorithm = "sha256";
    s.chain = {"CN=Bệnh viện Đa khoa Tỉnh", "CN=Kyso Test Issuing CA", "CN=Kyso Test Root"};
    s.warnings = {"revocation status was not checked (no OCSP or CRL evidence was consulted)"};
    return s;
}

// Four documents: one passed, one with a passed and a tampered signature, one indeterminate, one that
// could not be read.
Report batch() {
    Report r;
    r.tool_version = "0.9.0";
    r.validation_time = *parse_rfc3339("2026-11-22T08:00:00Z");
    r.policy_name = "kyso-default";
    r.policy_version = "2026-01";

    DocumentReport ok;
    ok.path = "in/claim_000001.xml";
    ok.format = "xml";
    ok.profile = "claims";
    ok.signatures = {passed_signature()};

    DocumentReport two = ok;
    two.path = "in/ksk_000002.xml";
    two.profile = "ksk-hospital";
    SignatureReport tampered = passed_signature();
    tampered.indication = Indication::total_failed;
    tampered.sub_indication = SubIndication::hash_failure;
    tampered.errors = {"the reference digest does not match: the signed content was changed"};
    two.signatures.push_back(tampered);

    DocumentReport unknown = ok;
    unknown.path = "in/claim_000003.xml";
    unknown.signatures[0].indication = Indication::indeterminate;
    unknown.signatures[0].sub_indication = SubIndication::no_certificate_chain_found;
    unknown.signatures[0].chain.clear();
    unknown.signatures[0].errors = {"no path to a trust anchor"};

    DocumentReport broken;
    broken.path = "in/broken.xml";
    broken.format = "xml";
    broken.error = Error{Errc::malformed_xml, "not well-formed at line 3"};

    r.documents = {ok, two, unknown, broken};
    return r;
}

// The lines of the text report's table of documents (after its heading, up to the note).
std::vector<std::string> table_lines(const std::string& text, std::string_view heading) {
    std::vector<std::string> lines;
    std::size_t at = text.find(std::string(heading) + "\n");
    EXPECT_NE(at, std::string::npos);
    at = text.find('\n', text.find('\n', at) + 1) + 1;  // past the heading and its rule
    while (at < text.size() && text.compare(at, 3, "  (") != 0) {
        const std::size_t end = text.find('\n', at);
        lines.push_back(text.substr(at, end - at));
        at = end + 1;
    }
    return lines;
}

// The summary table of the HTML report: the count in the row whose header contains `label`.
std::string html_count(const std::string& html, std::string_view label) {
    const std::size_t begin = html.find("<table class=\"summary\">");
    const std::size_t end = html.find("</table>", begin);
    const std::string table = html.substr(begin, end - begin);
    std::smatch m;
    const std::regex row("<tr><th scope=\"row\">([^\\n]*)</th><td class=\"num\">([0-9]+)</td></tr>");
    for (auto it = std::sregex_iterator(table.begin(), table.end(), row); it != std::sregex_iterator(); ++it)
        if (contains((*it)[1].str(), label)) return (*it)[2].str();
    return "no row '" + std::string(label) + "'";
}

}  // namespace

TEST(ReportRender, ParseLang) {
    EXPECT_EQ(parse_lang("vi"), Lang::vi);
    EXPECT_EQ(parse_lang("en"), Lang::en);
    EXPECT_FALSE(parse_lang("fr"));
    EXPECT_FALSE(parse_lang("VI"));
}

TEST(ReportRender, TextInVietnamese) {
    const std::string t = render_text(batch(), Lang::vi);
    EXPECT_TRUE(contains(t, "Báo cáo kiểm tra chữ ký số\n")) << t;
    EXPECT_TRUE(contains(t, "Công cụ: kyso 0.9.0\n"));
    EXPECT_TRUE(contains(t, "Thời điểm kiểm tra: 2026-11-22T08:00:00Z (15:00:00 ngày 22/11/2026 giờ Việt Nam)\n"));
    EXPECT_TRUE(contains(t, "Chính sách thuật toán: kyso-default, phiên bản 2026-01\n"));
    // Summary: signatures per indication, unreadable documents.
    EXPECT_TRUE(contains(t, "  Tài liệu: 4\n"));
    EXPECT_TRUE(contains(t, "  Chữ ký: 4\n"));
    EXPECT_TRUE(contains(t, "    HỢP LỆ (TOTAL_PASSED): 2\n"));
    EXPECT_TRUE(contains(t, "    KHÔNG HỢP LỆ (TOTAL_FAILED): 1\n"));
    EXPECT_TRUE(contains(t, "    CHƯA XÁC ĐỊNH (INDETERMINATE): 1\n"));
    EXPECT_TRUE(contains(t, "  KHÔNG XỬ LÝ ĐƯỢC: 1\n"));
    EXPECT_FALSE(contains(t, "KHÔNG CÓ CHỮ KÝ:")) << "no such row when every document has a signature";
    // Details.
    EXPECT_TRUE(contains(t, "  Chữ ký 2/2: KHÔNG HỢP LỆ (TOTAL_FAILED / HASH_FAILURE)\n")) << t;
    EXPECT_TRUE(contains(t, "Giải thích: Nội dung đã bị thay đổi sau khi ký"));
    EXPECT_TRUE(contains(t, "      - the reference digest does not match: the signed content was changed\n"));
    EXPECT_TRUE(contains(t, "    Người ký: Bệnh viện Đa khoa Tỉnh\n"));
    EXPECT_TRUE(contains(t, "      Mã số thuế (MST): 0101234567\n"));
    EXPECT_TRUE(contains(t, "      Chức danh: Giám đốc\n"));
    EXPECT_TRUE(contains(t, "      Số hiệu chứng thư: 1a2b3c\n"));
    EXPECT_TRUE(contains(t, "      Dấu vân tay SHA-256: " + std::string(64, 'a') + "\n"));
    EXPECT_TRUE(contains(t, "    Thời điểm ký: 2026-11-20T02:30:00Z (09:30:00 ngày 20/11/2026 giờ Việt Nam)\n"));
    EXPECT_TRUE(contains(t, "      Nguồn thời gian: do người ký tự khai"));
    EXPECT_TRUE(contains(t, "    Nội dung đã ký: the whole GIAMDINHHS element except this Signature\n"));
    EXPECT_TRUE(contains(t, "    Vị trí chữ ký: /GIAMDINHHS/CHUKYDONVI/Signature\n"));
    EXPECT_TRUE(contains(t, "      1. CN=Bệnh viện Đa khoa Tỉnh (người ký)\n"));
    EXPECT_TRUE(contains(t, "      2. CN=Kyso Test Issuing CA (CA trung gian)\n"));
    EXPECT_TRUE(contains(t, "      3. CN=Kyso Test Root (gốc tin cậy)\n"));
    EXPECT_TRUE(contains(t, "    Chuỗi chứng thư: Không xây dựng được chuỗi chứng thư"));
    EXPECT_TRUE(contains(t, "Tình trạng thu hồi chứng thư: Không có bằng chứng thu hồi"));
    EXPECT_TRUE(contains(t, "Có cảnh báo bên dưới")) << "a pass with warnings says to read them";
    // The unreadable document shows its error and code.
    EXPECT_TRUE(contains(t, "[4] in/broken.xml\n    Kết luận: KHÔNG XỬ LÝ ĐƯỢC\n"));
    EXPECT_TRUE(contains(t, "    Lỗi: not well-formed at line 3 (mã lỗi: malformed_xml)\n"));
    EXPECT_FALSE(contains(t, "Signer")) << "no English label in the Vietnamese report";
}

TEST(ReportRender, TextInEnglish) {
    const std::string t = render_text(batch(), Lang::en);
    EXPECT_TRUE(contains(t, "Digital signature verification report\n"));
    EXPECT_TRUE(contains(t, "Validation time: 2026-11-22T08:00:00Z (2026-11-22 15:00:00 Vietnam time)\n"));
    EXPECT_TRUE(contains(t, "    PASSED (TOTAL_PASSED): 2\n"));
    EXPECT_TRUE(contains(t, "    FAILED (TOTAL_FAILED): 1\n"));
    EXPECT_TRUE(contains(t, "    INDETERMINATE (INDETERMINATE): 1\n"));
    EXPECT_TRUE(contains(t, "  NOT PROCESSED: 1\n"));
    EXPECT_TRUE(contains(t, "Explanation: The content was changed after signing"));
    EXPECT_TRUE(contains(t, "    Signer: Bệnh viện Đa khoa Tỉnh\n"));
    EXPECT_TRUE(contains(t, "      Tax code (MST): 0101234567\n"));
    EXPECT_TRUE(contains(t, "      Time source: claimed by the signer"));
    EXPECT_TRUE(contains(t, "    Error: not well-formed at line 3 (error code: malformed_xml)\n"));
    EXPECT_FALSE(contains(t, "Người ký"));
    EXPECT_FALSE(contains(t, "HỢP LỆ"));
}

TEST(ReportRender, DocumentTableShowsTheWorstVerdictInAlignedColumns) {
    for (const Lang lang : {Lang::vi, Lang::en}) {
        const std::string t = render_text(batch(), lang);
        const auto lines = table_lines(t, render::words(lang).document_list);
        ASSERT_EQ(lines.size(), 5u) << t;  // header + 4 documents
        const std::string_view paths[] = {"in/claim_000001.xml", "in/ksk_000002.xml", "in/claim_000003.xml",
                                          "in/broken.xml"};
        const render::Outcome outcomes[] = {render::Outcome::passed, render::Outcome::failed,
                                            render::Outcome::indeterminate, render::Outcome::not_processed};
        const std::string& header = lines[0];
        const std::size_t path_column = render::display_width(header.substr(0, header.rfind("  ") + 2));
        for (std::size_t i = 0; i < 4; ++i) {
            const std::string& line = lines[i + 1];
            ASSERT_TRUE(line.ends_with(paths[i])) << line;
            EXPECT_EQ(render::display_width(line.substr(0, line.size() - paths[i].size())), path_column)
                << "columns line up (width in characters, not bytes):\n"
                << t;
            EXPECT_TRUE(contains(line, render::outcome_label(outcomes[i], lang))) << line;
        }
        // The document with a passed and a failed signature is failed, with 2 signatures.
        EXPECT_TRUE(std::regex_search(lines[2], std::regex("^  2 +(KHÔNG HỢP LỆ|FAILED) +xml +2 +in/ksk"))) << lines[2];
    }
}

TEST(ReportRender, TimeSourceFromATimestamp) {
    Report r = batch();
    r.documents[0].signatures[0].time_source = TimeSource::timestamp;
    const std::string vi = render_text(r, Lang::vi);
    EXPECT_TRUE(contains(vi, "      Nguồn thời gian: dấu thời gian tin cậy (RFC 3161")) << vi;
    const std::string en = render_text(r, Lang::en);
    EXPECT_TRUE(contains(en, "      Time source: a trusted time-stamp (RFC 3161")) << en;
    const std::string html = render_html(r, Lang::vi);
    EXPECT_TRUE(contains(html, "<dt>Nguồn thời gian</dt><dd>dấu thời gian tin cậy (RFC 3161")) << html;
    EXPECT_EQ(count(html, "do người ký tự khai"), 3u) << "the three other signatures keep the claimed time";

    r.documents[0].signatures[0].time_source = TimeSource::none;
    r.documents[0].signatures[0].signing_time.reset();
    const std::string none = render_text(r, Lang::vi);
    EXPECT_TRUE(contains(none, "    Thời điểm ký: không có\n      Nguồn thời gian: không có thời điểm ký\n")) << none;
}

Report with_revocation() {
    Report r = batch();
    auto& s = r.documents[0].signatures[0];
    RevocationEvidence good;
    good.certificate = "CN=Bệnh viện Đa khoa Tỉnh";
    good.serial = "1a2b3c";
    good.source = "ocsp";
    good.status = "good";
    good.this_update = *parse_rfc3339("2026-11-22T07:00:00Z");
    good.next_update = *parse_rfc3339("2026-11-29T07:00:00Z");
    good.produced_at = *parse_rfc3339("2026-11-22T07:00:01Z");
    good.issuer = "CN=Kyso Test OCSP";
    good.url = "http://127.0.0.1:8888/ocsp";
    good.origin = "network";
    RevocationEvidence revoked;
    revoked.certificate = "CN=Kyso Test Issuing CA";
    revoked.serial = "02";
    revoked.source = "crl";
    revoked.status = "revoked";
    revoked.revocation_time = *parse_rfc3339("2026-10-01T00:00:00Z");
    revoked.revocation_reason = "keyCompromise";
    revoked.this_update = *parse_rfc3339("2026-11-21T00:00:00Z");
    revoked.issuer = "CN=Kyso Test Root";
    revoked.url = "http://127.0.0.1:8889/root.crl";
    revoked.origin = "cache";
    RevocationEvidence unavailable;
    unavailable.certificate = "CN=Kyso Test Root";
    unavailable.status = "unavailable";
    unavailable.origin = "embedded";
    unavailable.problem = "the OCSP responder did not answer within 10 s";
    s.revocation = {good, revoked, unavailable};
    return r;
}

TEST(ReportRender, RevocationEvidenceInText) {
    const std::string vi = render_text(with_revocation(), Lang::vi);
    EXPECT_TRUE(contains(vi,
                         "    Tình trạng thu hồi chứng thư:\n      - Chứng thư: CN=Bệnh viện Đa khoa Tỉnh (Số hiệu "
                         "chứng thư 1a2b3c)\n        Trạng thái: còn hiệu lực (chưa bị thu hồi)\n        Nguồn: "
                         "OCSP\n        Bên phát hành: CN=Kyso Test OCSP\n        Địa chỉ: "
                         "http://127.0.0.1:8888/ocsp\n        Lấy từ: tải qua mạng\n        Cập nhật lúc: "
                         "2026-11-22T07:00:00Z"))
        << vi;
    EXPECT_TRUE(contains(vi, "        Cập nhật kế tiếp: 2026-11-29T07:00:00Z"));
    EXPECT_TRUE(contains(vi, "        Phản hồi tạo lúc: 2026-11-22T07:00:01Z"));
    EXPECT_TRUE(contains(vi,
                         "        Trạng thái: ĐÃ BỊ THU HỒI\n        Thu hồi lúc: 2026-10-01T00:00:00Z (07:00:00 "
                         "ngày 01/10/2026 giờ Việt Nam)\n        Lý do thu hồi: keyCompromise\n        Nguồn: CRL"));
    EXPECT_TRUE(contains(vi, "        Lấy từ: bộ nhớ đệm cục bộ\n"));
    EXPECT_TRUE(contains(vi,
                         "        Trạng thái: không lấy được thông tin\n        Nguồn: không có\n        Lấy từ: nhúng "
                         "trong tài liệu\n        Vấn đề: the OCSP responder did not answer within 10 s\n"));
    const std::string en = render_text(with_revocation(), Lang::en);
    EXPECT_TRUE(contains(en, "        Status: REVOKED\n        Revoked at: 2026-10-01T00:00:00Z")) << en;
    EXPECT_TRUE(contains(en, "        Obtained from: fetched over the network\n"));
    EXPECT_TRUE(contains(en, "        Source: CRL (certificate revocation list)\n"));
}

TEST(ReportRender, RevocationEvidenceInHtml) {
    const std::string html = render_html(with_revocation(), Lang::en);
    const std::size_t begin = html.find("<table class=\"revocation\">");
    ASSERT_NE(begin, std::string::npos) << html;
    const std::string table = html.substr(begin, html.find("</table>", begin) - begin);
    EXPECT_EQ(count(table, "<tr><td>"), 3u) << table;
    for (const char* h : {"Certificate", "Status", "Source", "Times"})
        EXPECT_TRUE(contains(table, "<th scope=\"col\">" + std::string(h) + "</th>")) << h;
    EXPECT_TRUE(contains(table,
                         "<tr><td>CN=Bệnh viện Đa khoa Tỉnh<br>Certificate serial number: <span "
                         "class=\"mono\">1a2b3c</span></td><td>good (not revoked)</td><td>OCSP<br>Obtained "
                         "from: fetched over the network<br>Issued by: CN=Kyso Test OCSP<br>URL: <span "
                         "class=\"mono\">http://127.0.0.1:8888/ocsp</span></td><td>This update: "
                         "2026-11-22T07:00:00Z (2026-11-22 14:00:00 Vietnam time)<br>Next update: "
                         "2026-11-29T07:00:00Z (2026-11-29 14:00:00 Vietnam time)<br>Produced at: "
                         "2026-11-22T07:00:01Z (2026-11-22 14:00:01 Vietnam time)<br></td></tr>"))
        << table;
    EXPECT_TRUE(contains(table,
                         "<td><strong class=\"badge failed\">✘ REVOKED</strong><br>Revoked at: "
                         "2026-10-01T00:00:00Z (2026-10-01 07:00:00 Vietnam time)<br>Reason: "
                         "keyCompromise</td><td>CRL (certificate revocation list)<br>Obtained from: local "
                         "cache<br>Issued by: CN=Kyso Test Root"));
    EXPECT_TRUE(contains(table,
                         "<tr><td>CN=Kyso Test Root</td><td>unavailable<br>Problem: the OCSP responder did "
                         "not answer within 10 s</td><td>none<br>Obtained from: embedded in the "
                         "document</td><td></td></tr>"));
    // The URL is text, never a link: the report fetches and points at nothing outside itself.
    EXPECT_FALSE(contains(html, "href=\"http"));
    // Signatures without evidence say so.
    EXPECT_TRUE(contains(html, "<strong>Certificate revocation</strong>: No revocation evidence (OCSP/CRL) was used."));
}

TEST(ReportRender, HtmlStructureAndLanguages) {
    for (const Lang lang : {Lang::vi, Lang::en}) {
        const std::string html = render_html(batch(), lang);
        EXPECT_TRUE(html.starts_with("<!DOCTYPE html>\n<html lang=\"" + std::string(lang == Lang::vi ? "vi" : "en") +
                                     "\">\n<head>\n<meta charset=\"utf-8\">\n"));
        EXPECT_TRUE(contains(html,
                             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                             "style-src 'unsafe-inline';"));
        EXPECT_TRUE(contains(html, "@media print"));
        EXPECT_TRUE(html.ends_with("</body>\n</html>\n"));
        // Self-contained: no script, no external resource of any kind; links only inside the page.
        for (const char* banned : {"<script", "<link", "<img", "<iframe", "<object", "@import", "url(",
                                   "src=", "@font-face", "http://", "https://"})
            EXPECT_FALSE(contains(html, banned)) << banned;
        const std::regex href("href=\"([^\"]*)\"");
        for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it)
            EXPECT_EQ((*it)[1].str().rfind("#doc-", 0), 0u) << (*it)[1].str();
        EXPECT_EQ(count(html, "<section class=\"doc "), 4u);
        EXPECT_EQ(count(html, "<div class=\"sig\""), 4u);
        const auto& w = render::words(lang);
        EXPECT_TRUE(contains(html, "<title>" + std::string(w.title) + "</title>"));
    }
    const std::string vi = render_html(batch(), Lang::vi);
    // Colour plus words plus a symbol: each verdict badge carries its text.
    EXPECT_TRUE(contains(vi, "<span class=\"badge passed\">✔ HỢP LỆ</span>"));
    EXPECT_TRUE(contains(vi, "<span class=\"badge failed\">✘ KHÔNG HỢP LỆ</span>"));
    EXPECT_TRUE(contains(vi, "<span class=\"badge indeterminate\">? CHƯA XÁC ĐỊNH</span>"));
    EXPECT_TRUE(contains(vi, "<span class=\"badge not_processed\">⚠ KHÔNG XỬ LÝ ĐƯỢC</span>"));
    EXPECT_TRUE(contains(vi, "<dt>Người ký</dt><dd><strong>Bệnh viện Đa khoa Tỉnh</strong></dd>"));
    EXPECT_TRUE(contains(vi, "<dt>Thời điểm ký</dt><dd>2026-11-20T02:30:00Z (09:30:00 ngày 20/11/2026 giờ Việt Nam)"));
    EXPECT_TRUE(contains(vi,
                         "<p class=\"error\">Lỗi: not well-formed at line 3 (mã lỗi: <span "
                         "class=\"etsi\">malformed_xml</span>)</p>"));
    EXPECT_TRUE(contains(vi, "<dt>Chính sách thuật toán</dt><dd>kyso-default, phiên bản 2026-01</dd>"));
    const std::string en = render_html(batch(), Lang::en);
    EXPECT_FALSE(contains(en, "Người ký"));
    EXPECT_TRUE(contains(en, "<dt>Signer</dt>"));
}

TEST(ReportRender, HtmlSummaryAndDocumentTable) {
    Report r = batch();
    DocumentReport empty;
    empty.path = "in/empty.pdf";
    empty.format = "pdf";
    r.documents.push_back(empty);
    const std::string html = render_html(r, Lang::vi);
    EXPECT_EQ(html_count(html, "Tài liệu"), "5");
    EXPECT_EQ(html_count(html, "Chữ ký"), "4");
    EXPECT_EQ(html_count(html, "TOTAL_PASSED"), "2");
    EXPECT_EQ(html_count(html, "TOTAL_FAILED"), "1");
    EXPECT_EQ(html_count(html, "INDETERMINATE"), "1");
    EXPECT_EQ(html_count(html, "KHÔNG XỬ LÝ ĐƯỢC"), "1");
    EXPECT_EQ(html_count(html, "KHÔNG CÓ CHỮ KÝ"), "1");
    // One row per document with its worst verdict.
    const std::regex row(
        "<tr><td class=\"num\">([0-9]+)</td><td class=\"path\"><a href=\"#doc-\\1\">([^<]*)</a></td>"
        "<td>([^<]*)</td><td class=\"num\">([0-9]+)</td><td><span class=\"badge ([a-z_]+)\">");
    std::vector<std::string> rows;
    for (auto it = std::sregex_iterator(html.begin(), html.end(), row); it != std::sregex_iterator(); ++it)
        rows.push_back((*it)[2].str() + " " + (*it)[3].str() + " " + (*it)[4].str() + " " + (*it)[5].str());
    const std::vector<std::string> expected = {"in/claim_000001.xml xml 1 passed", "in/ksk_000002.xml xml 2 failed",
                                               "in/claim_000003.xml xml 1 indeterminate",
                                               "in/broken.xml xml 0 not_processed", "in/empty.pdf pdf 0 no_signature"};
    EXPECT_EQ(rows, expected);
    EXPECT_TRUE(contains(html, "<section class=\"doc doc-no_signature\" id=\"doc-5\">"));
    EXPECT_TRUE(contains(html, "<p>Tài liệu không mang chữ ký nào.</p>"));
    EXPECT_TRUE(contains(render_text(r, Lang::vi), "  KHÔNG CÓ CHỮ KÝ: 1\n"));
}

// Certificate subjects, file paths and messages come from whoever made the document.
Report hostile() {
    Report r = batch();
    auto& d = r.documents[0];
    d.path = "in/<script>alert(1)</script> & \"q\" 'x'.xml";
    auto& s = d.signatures[0];
    s.signer->common_name = "<img src=x onerror=alert(1)>";
    s.signer->subject = "CN=\"><script>steal()</script>";
    s.signer->mst = "0101&0202";
    s.chain = {"CN=</li></ol><a href=\"https://evil.example/\">x</a>"};
    s.errors = {"</p><style>body{display:none}</style>"};
    r.documents[3].error->message = "bad byte \xff\xfe at <EOF>";
    return r;
}

TEST(ReportRender, HtmlEscapesEveryValue) {
    const std::string html = render_html(hostile(), Lang::vi);
    for (const char* raw : {"<script", "<img", "<a href=\"https", "</p><style>", "'x'", "& \""})
        EXPECT_FALSE(contains(html, raw)) << raw;
    EXPECT_TRUE(contains(html, "in/&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;x&#39;.xml"));
    EXPECT_TRUE(contains(html, "&lt;img src=x onerror=alert(1)&gt;"));
    EXPECT_TRUE(contains(html, "CN=&quot;&gt;&lt;script&gt;steal()&lt;/script&gt;"));
    EXPECT_TRUE(contains(html, "0101&amp;0202"));
    EXPECT_TRUE(contains(html, "&lt;/p&gt;&lt;style&gt;body{display:none}&lt;/style&gt;"));
    EXPECT_EQ(count(html, "<style>"), 1u) << "only the report's own stylesheet";
    // Invalid UTF-8 becomes U+FFFD: the page stays valid UTF-8.
    EXPECT_TRUE(contains(html, "bad byte \xEF\xBF\xBD\xEF\xBF\xBD at &lt;EOF&gt;"));
    EXPECT_FALSE(contains(html, "\xff"));
}

TEST(ReportRender, TextCannotBeForgedByValues) {
    Report r = batch();
    auto& s = r.documents[1].signatures[1];  // the tampered signature
    // A subject that tries to print a passing verdict on a line of its own, colour the terminal, and
    // reverse the text that follows it.
    s.signer->common_name =
        "Mallory\n  Chữ ký 2/2: HỢP LỆ (TOTAL_PASSED)\x1b[32m\xe2\x80\xae"
        "cba";
    r.documents[1].path = "in/x\r.xml";
    const std::string t = render_text(r, Lang::vi);
    EXPECT_FALSE(contains(t, "\x1b")) << "no raw escape character";
    EXPECT_FALSE(contains(t, "\r"));
    EXPECT_FALSE(contains(t, "\xe2\x80\xae")) << "no raw right-to-left override";
    EXPECT_TRUE(contains(t, "    Người ký: Mallory\\x0a  Chữ ký 2/2: HỢP LỆ (TOTAL_PASSED)\\x1b[32m\\u202ecba\n")) << t;
    EXPECT_TRUE(contains(t, "in/x\\x0d.xml"));
    EXPECT_EQ(count(t, "\n  Chữ ký 2/2: "), 1u) << "exactly the real line";
}

TEST(ReportRender, SafeText) {
    EXPECT_EQ(render::safe_text("Nguyễn Văn A"), "Nguyễn Văn A");
    EXPECT_EQ(render::safe_text("a\tb\x7f"
                                "c"),
              "a\\x09b\\x7fc");
    EXPECT_EQ(render::safe_text("\xc2\x85"), "\\x85");                                     // C1 NEL
    EXPECT_EQ(render::safe_text("\xe2\x80\xa8"), "\\u2028");                               // LINE SEPARATOR
    EXPECT_EQ(render::safe_text("\xe2\x81\xa6x"), "\\u2066x");                             // LEFT-TO-RIGHT ISOLATE
    EXPECT_EQ(render::safe_text("\xc0\xaf"), "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
    EXPECT_EQ(render::safe_text("\xed\xa0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
    EXPECT_EQ(render::safe_text("\xf0\x9f\x98"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated
    EXPECT_EQ(render::safe_text("\xf0\x9f\x98\x80"), "\xf0\x9f\x98\x80");                  // U+1F600 is fine
    EXPECT_EQ(render::display_width("KHÔNG HỢP LỆ"), 12u);
    EXPECT_EQ(render::display_width("Ho\xcc\x9b\xcc\xa3p"), 3u) << "combining marks take no column";
}

TEST(ReportRender, EverySubIndicationIsExplainedInBothLanguages) {
    for (int v = static_cast<int>(SubIndication::none); v <= static_cast<int>(SubIndication::no_poe); ++v) {
        const auto sub = static_cast<SubIndication>(v);
        for (const Indication i : {Indication::total_passed, Indication::total_failed, Indication::indeterminate}) {
            const std::string_view vi = render::explanation(i, sub, Lang::vi);
            const std::string_view en = render::explanation(i, sub, Lang::en);
            EXPECT_GT(vi.size(), 20u) << v;
            EXPECT_GT(en.size(), 20u) << v;
            EXPECT_NE(vi, en) << v;
            // Vietnamese with its diacritics (every explanation has at least one of these letters).
            EXPECT_TRUE(std::regex_search(std::string(vi), std::regex("(ư|ơ|ă|đ|ê|ô|â|ứ|ộ|ệ|ế|ả|ợ|ờ|ấ|ậ|ị|ạ)"))) << vi;
            EXPECT_TRUE(std::all_of(en.begin(), en.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }))
                << en;
        }
        if (sub != SubIndication::none) {
            // The reason differs from the generic one of the main indication.
            EXPECT_NE(render::explanation(Indication::total_failed, sub, Lang::en),
                      render::explanation(Indication::total_failed, SubIndication::none, Lang::en))
                << v;
        }
    }
    EXPECT_NE(render::explanation(Indication::total_failed, SubIndication::hash_failure, Lang::vi),
              render::explanation(Indication::total_failed, SubIndication::sig_crypto_failure, Lang::vi));
}

TEST(ReportRender, PolicyNotRecordedAndDayRollover) {
    Report r = batch();
    r.policy_name.clear();
    r.validation_time = *parse_rfc3339("2026-12-31T20:15:00Z");  // 03:15 on 1 January in Việt Nam
    const std::string t = render_text(r, Lang::vi);
    EXPECT_TRUE(contains(t, "Chính sách thuật toán: không được ghi trong báo cáo\n")) << t;
    EXPECT_TRUE(contains(t, "2026-12-31T20:15:00Z (03:15:00 ngày 01/01/2027 giờ Việt Nam)"));
    EXPECT_TRUE(contains(render_html(r, Lang::en), "<dt>Algorithm policy</dt><dd>not recorded in this report</dd>"));
}
