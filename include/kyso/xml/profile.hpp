// kyso — the XML signing profiles of spec/claims-xml.md.
#pragma once

#include <kyso/core/result.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kyso::xml {

enum class ProfileId { claims, checkin, catalog, ksk_doctor, ksk_hospital, generic };

std::string_view profile_name(ProfileId id) noexcept;
Result<ProfileId> parse_profile_name(std::string_view name);

enum class ReferenceKind { whole_document, id_attribute };

// Where a signature goes and what it covers. Paths are element paths from the root ("/A/B/C").
struct SignatureSlot {
    std::string slot_path;  // the element that receives the Signature as its last child
    ReferenceKind reference = ReferenceKind::whole_document;
    // XPath Filter 2.0 "subtract" paths applied after the enveloped transform (KSK doctor).
    std::vector<std::string> subtract_paths;
};

struct Profile {
    ProfileId id;
    std::vector<std::string> roots;    // root element names this profile accepts
    std::vector<SignatureSlot> slots;  // signing order; verification checks every filled one
};

// The built-in profile (slot paths and transforms are data, so a deployment can change them).
Profile builtin_profile(ProfileId id);

// Picks the profile from the root element (spec/cli.md "Profiles"); for KHAMSUCKHOE this looks at
// whether CKS_NGUOI_KET_LUAN already holds a signature. Unknown roots: Errc::unsupported.
Result<ProfileId> detect_profile(std::string_view root_name, bool doctor_slot_filled);

}  // namespace kyso::xml
