// kyso — PAdES signing of PDF medical records (spec/pdf.md): one incremental revision per signer.
#pragma once

#include <kyso/core/result.hpp>
#include <kyso/core/time.hpp>
#include <kyso/keys/signer.hpp>
#include <kyso/trust/timestamp.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kyso::pdf {

// ETSI EN 319 142-1 baseline levels.
enum class SignatureLevel { pades_b_b, pades_b_t, pades_b_lt, pades_b_lta };

// DocMDP permissions of a certification signature (ISO 32000-1 §12.8.2.2).
enum class Certification { none = 0, no_changes = 1, form_filling = 2, form_filling_and_annotations = 3 };

// Where a visible signature goes: 1-based page, rectangle in PDF points from the page's lower-left.
struct Placement {
    int page = 1;
    double x = 0, y = 0, width = 0, height = 0;
};

// The text of a visible appearance. Empty fields are left out; the signer's name defaults to the
// certificate's CN. Text is normalised to NFC.
struct AppearanceText {
    std::string signer_name;
    std::string title;     // "Chức danh"
    std::string reason;    // "Lý do"; also the signature dictionary's /Reason
    std::string location;  // "Nơi ký"; also /Location
    // Offset from UTC of the "Ngày ký" line (Vietnam: +7 h). /M itself is written in UTC.
    std::chrono::minutes utc_offset{7 * 60};
};

struct SignOptions {
    // The signature field: an existing empty one is signed; a new one is created with this name
    // (empty: "Signature1", "Signature2", ...).
    std::string field_name;
    std::optional<Placement> visible;  // nothing: invisible (or the existing field's own widget)
    AppearanceText text;
    std::optional<std::filesystem::path> image_png;  // scanned signature or seal, drawn on the left
    std::optional<std::filesystem::path> font_file;  // TrueType; default DejaVu Sans
    Certification certify = Certification::none;
    // Field locks (FieldMDP, ISO 32000-1 §12.8.2.4): nothing = no lock (or the empty field's own
    // /Lock when it has one); an empty list = every field; otherwise the named fields.
    std::optional<std::vector<std::string>> lock_fields;
    SignatureLevel level = SignatureLevel::pades_b_b;
    std::optional<trust::TsaOptions> tsa;  // required from B-T on: the signature time-stamp
    keys::DigestAlgorithm digest = keys::DigestAlgorithm::sha256;
    bool rsa_pss = false;  // RSASSA-PSS instead of PKCS#1 v1.5 (RSA keys whose token or file allows it)
    std::optional<TimePoint> signing_time;  // default: now (/M and the appearance)
    bool overwrite = false;                 // replace an existing output
    bool sync = true;                       // fsync the output before it is renamed into place
};

// Signs `in` into `out` (written to a temporary file and renamed): the input's bytes unchanged, then
// one incremental update with only new and changed objects, the previous cross-reference kind and
// /Prev chained. The ByteRange is hashed while the file is copied; memory does not grow with the file.
Result<void> sign(const std::filesystem::path& in, const std::filesystem::path& out, keys::Signer& signer,
                  const SignOptions& options);

// The default appearance font (DejaVu Sans from Debian's fonts-dejavu-core).
std::filesystem::path default_font_path();

}  // namespace kyso::pdf
