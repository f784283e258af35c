#include <kyso/xml/profile.hpp>

namespace kyso::xml {

std::string_view profile_name(ProfileId id) noexcept {
    switch (id) {
        case ProfileId::claims:
            return "claims";
        case ProfileId::checkin:
            return "checkin";
        case ProfileId::catalog:
            return "catalog";
        case ProfileId::ksk_doctor:
            return "ksk-doctor";
        case ProfileId::ksk_hospital:
            return "ksk-hospital";
        case ProfileId::generic:
            return "generic";
    }
    return "claims";
}

Result<ProfileId> parse_profile_name(std::string_view name) {
    for (auto id : {ProfileId::claims, ProfileId::checkin, ProfileId::catalog, ProfileId::ksk_doctor,
                    ProfileId::ksk_hospital, ProfileId::generic})
        if (profile_name(id) == name) return id;
    return fail(Errc::usage, "unknown profile '" + std::string(name) +
                                 "' (claims, checkin, catalog, ksk-doctor, ksk-hospital, generic)");
}

namespace {
// spec/claims-xml.md §2: the doctor signs first and must not be broken by the hospital's later
// signature, so the doctor's reference subtracts the hospital's slot (XPath Filter 2.0).
const char* kKskDoctorSlot = "/KHAMSUCKHOE/CHUKYDONVI/CKS_NGUOI_KET_LUAN";
const char* kKskHospitalSlot = "/KHAMSUCKHOE/CHUKYDONVI/CKS_BENH_VIEN";
}  // namespace

Profile builtin_profile(ProfileId id) {
    switch (id) {
        case ProfileId::claims:
            return {id, {"GIAMDINHHS"}, {{"/GIAMDINHHS/CHUKYDONVI", ReferenceKind::whole_document, {}}}};
        case ProfileId::checkin:
            return {id,
                    {"CHI_TIEU_TRANG_THAI_KCB"},
                    {{"/CHI_TIEU_TRANG_THAI_KCB/CHUKYDONVI", ReferenceKind::whole_document, {}}}};
        case ProfileId::catalog: {
            Profile p{id, {"HSDANHMUC", "HSCHUNGTU", "HSDLGBT", "HSDLGCS"}, {}};
            // The slot path depends on the root; it is completed when the document is known.
            p.slots.push_back({"/*/CHUKYDONVI", ReferenceKind::id_attribute, {}});
            return p;
        }
        case ProfileId::ksk_doctor:
        case ProfileId::ksk_hospital:
            return {id,
                    {"KHAMSUCKHOE"},
                    {{kKskDoctorSlot, ReferenceKind::whole_document, {kKskHospitalSlot}},
                     {kKskHospitalSlot, ReferenceKind::whole_document, {}}}};
        case ProfileId::generic:
            return {id, {}, {}};
    }
    return {id, {}, {}};
}

Result<ProfileId> detect_profile(std::string_view root, bool doctor_slot_filled) {
    if (root == "GIAMDINHHS") return ProfileId::claims;
    if (root == "CHI_TIEU_TRANG_THAI_KCB") return ProfileId::checkin;
    if (root == "HSDANHMUC" || root == "HSCHUNGTU" || root == "HSDLGBT" || root == "HSDLGCS") return ProfileId::catalog;
    if (root == "KHAMSUCKHOE") return doctor_slot_filled ? ProfileId::ksk_hospital : ProfileId::ksk_doctor;
    return fail(Errc::unsupported,
                "unsupported root element '" + std::string(root) + "' (use --profile generic to verify any XML-DSig)");
}

}  // namespace kyso::xml
