// kyso — a patient's confirmation without a certificate (Thông tư 13/2025/TT-BYT allows electronic
// confirmation, biometrics or other means): an image and text stamped on a page, clearly labelled as
// not a digital signature, in its own incremental revision so PKI signatures around it stay intact.
#pragma once

#include <kyso/core/result.hpp>
#include <kyso/core/time.hpp>
#include <kyso/pdf/sign.hpp>

#include <filesystem>
#include <optional>
#include <string>

namespace kyso::pdf {

struct ConfirmationOptions {
    Placement placement;                             // required: page and rectangle
    std::string person;                              // "Người xác nhận": the patient or relative
    std::string relation;                            // e.g. "Người bệnh", "Người nhà (con)"
    std::string method;                              // "Ký tay trên máy tính bảng", "Vân tay", ...
    std::optional<std::filesystem::path> image_png;  // the handwritten signature or fingerprint
    std::optional<std::filesystem::path> font_file;
    std::optional<TimePoint> time;  // default: now
    std::chrono::minutes utc_offset{7 * 60};
    bool overwrite = false;
};

// Adds a /Stamp annotation (never a signature field or widget) whose appearance is framed and
// captioned "XÁC NHẬN CỦA NGƯỜI BỆNH — không phải chữ ký số".
Result<void> add_confirmation(const std::filesystem::path& in, const std::filesystem::path& out,
                              const ConfirmationOptions& options);

}  // namespace kyso::pdf
