#include "verify/report_words.hpp"

#include <chrono>
#include <cstdio>

namespace kyso::verify::render {

namespace {

constexpr Words kVi{
    .title = "Báo cáo kiểm tra chữ ký số",
    .tool = "Công cụ",
    .validation_time = "Thời điểm kiểm tra",
    .policy = "Chính sách thuật toán",
    .version = "phiên bản",
    .not_recorded = "không được ghi trong báo cáo",
    .vietnam_time = "giờ Việt Nam",
    .legend = "Ý nghĩa các kết luận",
    .messages_note =
        "Các thông báo lỗi và cảnh báo chi tiết được trích nguyên văn từ trình kiểm tra (tiếng Anh); "
        "dòng «Giải thích» diễn giải kết luận bằng tiếng Việt.",
    .worst_note = "Kết luận của một tài liệu là kết luận xấu nhất trong các chữ ký của nó.",
    .summary = "Tổng hợp",
    .documents = "Tài liệu",
    .signatures = "Chữ ký",
    .document_list = "Danh sách tài liệu",
    .number = "STT",
    .path = "Đường dẫn",
    .format = "Định dạng",
    .verdict = "Kết luận",
    .details = "Chi tiết",
    .document = "Tài liệu",
    .profile = "Loại hồ sơ",
    .error = "Lỗi",
    .error_code = "mã lỗi",
    .no_signature_text = "Tài liệu không mang chữ ký nào.",
    .signature = "Chữ ký",
    .reason = "Giải thích",
    .errors = "Lỗi",
    .warnings = "Cảnh báo",
    .read_warnings = "Có cảnh báo bên dưới: hãy đọc trước khi dựa vào kết luận này.",
    .signer = "Người ký",
    .name = "Tên",
    .mst = "Mã số thuế (MST)",
    .cccd = "Số căn cước công dân (CCCD)",
    .cmnd = "Số chứng minh nhân dân (CMND)",
    .title_role = "Chức danh",
    .subject = "Chủ thể chứng thư",
    .issuer = "Tổ chức cấp chứng thư",
    .serial = "Số hiệu chứng thư",
    .fingerprint = "Dấu vân tay SHA-256",
    .no_signer = "Không xác định được chứng thư của người ký.",
    .signing_time = "Thời điểm ký",
    .time_source = "Nguồn thời gian",
    .scope = "Nội dung đã ký",
    .slot = "Vị trí chữ ký",
    .algorithms = "Thuật toán",
    .signature_algorithm = "Thuật toán ký",
    .digest_algorithm = "Thuật toán băm",
    .chain = "Chuỗi chứng thư",
    .no_chain = "Không xây dựng được chuỗi chứng thư đến chứng thư gốc tin cậy.",
    .role_signer = "người ký",
    .role_intermediate = "CA trung gian",
    .role_anchor = "gốc tin cậy",
    .none = "không có",
    .revocation = "Tình trạng thu hồi chứng thư",
    .no_revocation = "Không có bằng chứng thu hồi (OCSP/CRL) nào được sử dụng.",
    .certificate = "Chứng thư",
    .status = "Trạng thái",
    .source = "Nguồn",
    .times = "Thời gian",
    .origin = "Lấy từ",
    .problem = "Vấn đề",
    .this_update = "Cập nhật lúc",
    .next_update = "Cập nhật kế tiếp",
    .produced_at = "Phản hồi tạo lúc",
    .revoked_at = "Thu hồi lúc",
    .revocation_reason = "Lý do thu hồi",
    .responder = "Bên phát hành",
    .url = "Địa chỉ",
};

constexpr Words kEn{
    .title = "Digital signature verification report",
    .tool = "Tool",
    .validation_time = "Validation time",
    .policy = "Algorithm policy",
    .version = "version",
    .not_recorded = "not recorded in this report",
    .vietnam_time = "Vietnam time",
    .legend = "What the verdicts mean",
    .messages_note =
        "Detailed error and warning messages are quoted as the verifier produced them; the "
        "“Explanation” line states the verdict in plain words.",
    .worst_note = "A document's verdict is the worst verdict among its signatures.",
    .summary = "Summary",
    .documents = "Documents",
    .signatures = "Signatures",
    .document_list = "Documents",
    .number = "#",
    .path = "Path",
    .format = "Format",
    .verdict = "Verdict",
    .details = "Details",
    .document = "Document",
    .profile = "Profile",
    .error = "Error",
    .error_code = "error code",
    .no_signature_text = "The document carries no signature.",
    .signature = "Signature",
    .reason = "Explanation",
    .errors = "Errors",
    .warnings = "Warnings",
    .read_warnings = "There are warnings below: read them before relying on this verdict.",
    .signer = "Signer",
    .name = "Name",
    .mst = "Tax code (MST)",
    .cccd = "Citizen identity card (CCCD)",
    .cmnd = "Former identity card (CMND)",
    .title_role = "Title",
    .subject = "Certificate subject",
    .issuer = "Certificate issuer",
    .serial = "Certificate serial number",
    .fingerprint = "SHA-256 fingerprint",
    .no_signer = "The signer's certificate could not be identified.",
    .signing_time = "Signing time",
    .time_source = "Time source",
    .scope = "What was signed",
    .slot = "Signature location",
    .algorithms = "Algorithms",
    .signature_algorithm = "Signature algorithm",
    .digest_algorithm = "Digest algorithm",
    .chain = "Certificate chain",
    .no_chain = "No certificate path to a trust anchor was built.",
    .role_signer = "signer",
    .role_intermediate = "intermediate CA",
    .role_anchor = "trust anchor",
    .none = "none",
    .revocation = "Certificate revocation",
    .no_revocation = "No revocation evidence (OCSP/CRL) was used.",
    .certificate = "Certificate",
    .status = "Status",
    .source = "Source",
    .times = "Times",
    .origin = "Obtained from",
    .problem = "Problem",
    .this_update = "This update",
    .next_update = "Next update",
    .produced_at = "Produced at",
    .revoked_at = "Revoked at",
    .revocation_reason = "Reason",
    .responder = "Issued by",
    .url = "URL",
};

constexpr std::string_view pick(Lang lang, std::string_view vi, std::string_view en) noexcept {
    return lang == Lang::vi ? vi : en;
}

}  // namespace

}  // namespace kyso::verify::render

namespace kyso::verify {

std::optional<Lang> parse_lang(std::string_view name) noexcept {
    if (name == "vi") return Lang::vi;
    if (name == "en") return Lang::en;
    return std::nullopt;
}

}  // namespace kyso::verify

namespace kyso::verify::render {

const Words& words(Lang lang) noexcept {
    return lang == Lang::vi ? kVi : kEn;
}

std::string_view outcome_label(Outcome o, Lang lang) noexcept {
    switch (o) {
        case Outcome::passed:
            return pick(lang, "HỢP LỆ", "PASSED");
        case Outcome::failed:
            return pick(lang, "KHÔNG HỢP LỆ", "FAILED");
        case Outcome::indeterminate:
            return pick(lang, "CHƯA XÁC ĐỊNH", "INDETERMINATE");
        case Outcome::not_processed:
            return pick(lang, "KHÔNG XỬ LÝ ĐƯỢC", "NOT PROCESSED");
        case Outcome::no_signature:
            return pick(lang, "KHÔNG CÓ CHỮ KÝ", "NO SIGNATURE");
    }
    return "";
}

std::string_view outcome_meaning(Outcome o, Lang lang) noexcept {
    switch (o) {
        case Outcome::passed:
            return pick(lang,
                        "Nội dung đã ký không bị thay đổi, chữ ký đúng về mật mã và chứng thư của người ký được xác "
                        "thực đến chứng thư gốc tin cậy.",
                        "The signed content is unchanged, the signature is cryptographically valid and the signer's "
                        "certificate was validated up to a trust anchor.");
        case Outcome::failed:
            return pick(lang,
                        "Chắc chắn không hợp lệ: nội dung đã bị sửa, chữ ký sai, chứng thư bị thu hồi hoặc chưa có "
                        "hiệu lực khi ký, hoặc sai định dạng quy định.",
                        "Definitely invalid: the content was altered, the signature is wrong, the certificate was "
                        "revoked or not yet valid when signing, or the required format is broken.");
        case Outcome::indeterminate:
            return pick(lang,
                        "Chưa đủ căn cứ để kết luận: ví dụ không xây dựng được chuỗi chứng thư đến gốc tin cậy, chứng "
                        "thư đã hết hạn mà không có dấu thời gian, thuật toán không còn được chấp nhận, hoặc chưa có "
                        "thông tin thu hồi.",
                        "Not enough evidence to decide: for example no path to a trust anchor, an expired certificate "
                        "without a time-stamp, an algorithm no longer accepted, or no revocation information yet.");
        case Outcome::not_processed:
            return pick(lang,
                        "Không đọc hoặc không xử lý được tài liệu (hỏng, sai định dạng, không được hỗ trợ hoặc thiếu "
                        "chữ ký theo quy định); xem lỗi của tài liệu.",
                        "The document could not be read or processed (damaged, malformed, unsupported, or without "
                        "the required signature); see its error.");
        case Outcome::no_signature:
            return pick(lang, "Tài liệu không mang chữ ký nào.", "The document carries no signature.");
    }
    return "";
}

std::string_view explanation(Indication i, SubIndication s, Lang lang) noexcept {
    switch (s) {
        case SubIndication::none:
            break;
        case SubIndication::format_failure:
            return pick(lang,
                        "Chữ ký không đúng định dạng hoặc vi phạm quy định về cấu trúc, vị trí của hồ sơ, nên không "
                        "được chấp nhận.",
                        "The signature is not in the required format or breaks the profile's rules on structure or "
                        "placement, so it cannot be accepted.");
        case SubIndication::hash_failure:
            return pick(lang,
                        "Nội dung đã bị thay đổi sau khi ký: giá trị băm của nội dung hiện tại không khớp với giá trị "
                        "đã được ký.",
                        "The content was changed after signing: the digest of the content as it is now does not "
                        "match the digest that was signed.");
        case SubIndication::sig_crypto_failure:
            return pick(lang,
                        "Giá trị chữ ký không khớp với khóa công khai trong chứng thư của người ký: chữ ký bị giả mạo "
                        "hoặc bị hỏng.",
                        "The signature value does not verify with the public key of the signer's certificate: the "
                        "signature is forged or damaged.");
        case SubIndication::revoked:
            return pick(lang, "Chứng thư của người ký đã bị thu hồi trước thời điểm ký đã được chứng minh.",
                        "The signer's certificate was revoked before the proven time of signing.");
        case SubIndication::expired:
            return pick(lang, "Chứng thư của người ký đã hết hạn trước thời điểm ký đã được chứng minh.",
                        "The signer's certificate had expired before the proven time of signing.");
        case SubIndication::not_yet_valid:
            return pick(lang, "Chứng thư của người ký chưa có hiệu lực tại thời điểm ký.",
                        "The signer's certificate was not yet valid at the time of signing.");
        case SubIndication::sig_constraints_failure:
            return pick(lang,
                        "Chữ ký không đáp ứng ràng buộc của chính sách kiểm tra, ví dụ người ký không thuộc danh sách "
                        "được phép ký cho cơ sở khám, chữa bệnh này.",
                        "The signature does not meet the validation policy's constraints, for example the signer is "
                        "not one allowed to sign for this health facility.");
        case SubIndication::chain_constraints_failure:
            return pick(lang,
                        "Chứng thư của người ký hoặc một chứng thư trong chuỗi không đáp ứng ràng buộc của chính "
                        "sách, ví dụ mục đích sử dụng khóa không cho phép ký.",
                        "The signer's certificate or one in its chain does not meet the policy's constraints, for "
                        "example its key usage does not allow signing.");
        case SubIndication::certificate_chain_general_failure:
            return pick(lang, "Không xác thực được chuỗi chứng thư vì một lý do khác; xem chi tiết ở phần lỗi.",
                        "The certificate chain could not be validated for another reason; see the errors.");
        case SubIndication::crypto_constraints_failure:
            return pick(lang, "Thuật toán hoặc độ dài khóa được dùng không được chính sách thuật toán chấp nhận.",
                        "An algorithm or key size used is not accepted by the algorithm policy.");
        case SubIndication::crypto_constraints_failure_no_poe:
            return pick(lang,
                        "Thuật toán được dùng không còn được coi là an toàn, và không có bằng chứng (như dấu thời "
                        "gian) cho thấy chữ ký đã tồn tại trước khi thuật toán hết được chấp nhận.",
                        "An algorithm used is no longer considered secure, and nothing (such as a time-stamp) proves "
                        "the signature existed before the algorithm stopped being accepted.");
        case SubIndication::no_signing_certificate_found:
            return pick(lang, "Không tìm thấy chứng thư của người ký trong chữ ký.",
                        "The signer's certificate was not found in the signature.");
        case SubIndication::no_certificate_chain_found:
            return pick(lang,
                        "Không xây dựng được chuỗi chứng thư từ chứng thư của người ký đến một chứng thư gốc tin cậy "
                        "đã cấu hình.",
                        "No chain could be built from the signer's certificate to a configured trust anchor.");
        case SubIndication::out_of_bounds_no_poe:
            return pick(lang,
                        "Chứng thư của người ký nằm ngoài thời hạn hiệu lực (thường là đã hết hạn) tại thời điểm kiểm "
                        "tra, và không có bằng chứng (như dấu thời gian tin cậy) cho thấy chữ ký đã tồn tại khi chứng "
                        "thư còn hiệu lực.",
                        "The signer's certificate was outside its validity period (usually: expired) at the "
                        "validation time, and nothing (such as a trusted time-stamp) proves the signature existed "
                        "while it was valid.");
        case SubIndication::try_later:
            return pick(lang, "Chưa lấy được thông tin thu hồi chứng thư đủ mới; hãy kiểm tra lại sau.",
                        "Sufficiently recent revocation information is not available yet; verify again later.");
        case SubIndication::signed_data_not_found:
            return pick(lang, "Không tìm thấy dữ liệu mà chữ ký tham chiếu tới.",
                        "The data the signature refers to could not be found.");
        case SubIndication::revoked_no_poe:
            return pick(lang,
                        "Chứng thư của người ký đã bị thu hồi, và không có bằng chứng cho thấy chữ ký đã tồn tại "
                        "trước thời điểm thu hồi.",
                        "The signer's certificate was revoked, and nothing proves the signature existed before the "
                        "revocation.");
        case SubIndication::no_poe:
            return pick(lang,
                        "Không có bằng chứng (như dấu thời gian tin cậy) cho thấy chữ ký đã tồn tại vào thời điểm cần "
                        "thiết.",
                        "Nothing (such as a trusted time-stamp) proves the signature existed at the time required.");
    }
    switch (i) {
        case Indication::total_passed:
            return outcome_meaning(Outcome::passed, lang);
        case Indication::total_failed:
            return pick(lang, "Chữ ký không hợp lệ; lý do nằm ở phần lỗi.",
                        "The signature is invalid; the errors give the reason.");
        case Indication::indeterminate:
            return pick(lang, "Chưa đủ căn cứ để kết luận chữ ký hợp lệ hay không; lý do nằm ở phần lỗi.",
                        "There is not enough evidence to decide whether the signature is valid; the errors give "
                        "the reason.");
    }
    return "";
}

std::string_view time_source_words(TimeSource t, Lang lang) noexcept {
    switch (t) {
        case TimeSource::claimed:
            return pick(lang, "do người ký tự khai (đồng hồ của máy người ký, không được bên thứ ba chứng thực)",
                        "claimed by the signer (the signer's own clock, not attested by any third party)");
        case TimeSource::timestamp:
            return pick(lang, "dấu thời gian tin cậy (RFC 3161, do tổ chức cấp dấu thời gian chứng thực)",
                        "a trusted time-stamp (RFC 3161, attested by a time-stamping authority)");
        case TimeSource::none:
            break;
    }
    return pick(lang, "không có thời điểm ký", "no signing time is available");
}

std::string_view revocation_status_words(std::string_view status, Lang lang) noexcept {
    if (status == "good") return pick(lang, "còn hiệu lực (chưa bị thu hồi)", "good (not revoked)");
    if (status == "revoked") return pick(lang, "ĐÃ BỊ THU HỒI", "REVOKED");
    if (status == "unknown")
        return pick(lang, "không rõ (bên trả lời không biết chứng thư này)",
                    "unknown (the responder does not know this certificate)");
    if (status == "unavailable") return pick(lang, "không lấy được thông tin", "unavailable");
    if (status == "not_checked") return pick(lang, "chưa kiểm tra", "not checked");
    return status;
}

std::string_view revocation_source_words(std::string_view source, Lang lang) noexcept {
    if (source == "ocsp") return "OCSP";
    if (source == "crl") return pick(lang, "CRL (danh sách chứng thư bị thu hồi)", "CRL (certificate revocation list)");
    if (source.empty()) return pick(lang, "không có", "none");
    return source;
}

std::string_view revocation_origin_words(std::string_view origin, Lang lang) noexcept {
    if (origin == "network") return pick(lang, "tải qua mạng", "fetched over the network");
    if (origin == "cache") return pick(lang, "bộ nhớ đệm cục bộ", "local cache");
    if (origin == "embedded") return pick(lang, "nhúng trong tài liệu", "embedded in the document");
    if (origin.empty()) return pick(lang, "không có", "none");
    return origin;
}

std::string display_time(TimePoint t, Lang lang) {
    using namespace std::chrono;
    // Việt Nam keeps UTC+07:00 all year (no daylight saving time).
    const auto local = t + hours(7);
    const auto day = floor<days>(local);
    const year_month_day ymd{day};
    const hh_mm_ss hms{local - day};
    const int y = static_cast<int>(ymd.year());
    const unsigned mo = static_cast<unsigned>(ymd.month()), d = static_cast<unsigned>(ymd.day());
    const long h = static_cast<long>(hms.hours().count()), mi = static_cast<long>(hms.minutes().count()),
               s = static_cast<long>(hms.seconds().count());
    char buf[96];
    if (lang == Lang::vi)
        std::snprintf(buf, sizeof buf, " (%02ld:%02ld:%02ld ngày %02u/%02u/%04d giờ Việt Nam)", h, mi, s, d, mo, y);
    else
        std::snprintf(buf, sizeof buf, " (%04d-%02u-%02u %02ld:%02ld:%02ld Vietnam time)", y, mo, d, h, mi, s);
    return format_rfc3339(t) + buf;
}

}  // namespace kyso::verify::render
