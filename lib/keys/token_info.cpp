#include <kyso/keys/token_info.hpp>

#include "p11/module.hpp"
#include "p11/uri.hpp"

#include <kyso/keys/certificate.hpp>

#include <filesystem>

namespace kyso::keys {

std::string default_module_path() {
    for (const char* candidate : {"/usr/lib/x86_64-linux-gnu/p11-kit-proxy.so", "/usr/lib/p11-kit-proxy.so",
                                  "/usr/lib/aarch64-linux-gnu/p11-kit-proxy.so"})
        if (std::filesystem::exists(candidate)) return candidate;
    return "p11-kit-proxy.so";
}

namespace {
std::string text(const std::optional<Bytes>& b) {
    return b ? std::string(b->begin(), b->end()) : std::string{};
}

std::vector<TokenObject> list_objects(p11::Session& s, const std::string& token_label, const std::string& module) {
    std::vector<TokenObject> out;
    auto handles = s.find({}, token_label);
    if (!handles) return out;
    for (const auto h : *handles) {
        const auto cls = s.ulong_attribute(h, CKA_CLASS);
        if (!cls) continue;
        TokenObject o;
        if (*cls == CKO_CERTIFICATE)
            o.kind = "certificate";
        else if (*cls == CKO_PRIVATE_KEY)
            o.kind = "private-key";
        else if (*cls == CKO_PUBLIC_KEY)
            o.kind = "public-key";
        else
            continue;
        o.label = text(s.attribute(h, CKA_LABEL));
        const auto id = s.attribute(h, CKA_ID);
        if (id) o.id_hex = hex_encode(*id);
        if (*cls == CKO_CERTIFICATE) {
            if (const auto der = s.attribute(h, CKA_VALUE)) {
                if (auto cert = Certificate::from_der(*der)) {
                    o.subject = cert->subject();
                    o.not_after = format_rfc3339(cert->not_after());
                }
            }
        } else {
            const auto kt = s.ulong_attribute(h, CKA_KEY_TYPE);
            o.key_type = !kt ? "" : *kt == CKK_RSA ? "rsa" : *kt == CKK_EC ? "ec" : "other";
            if (*cls == CKO_PRIVATE_KEY) o.always_authenticate = s.bool_attribute(h, CKA_ALWAYS_AUTHENTICATE);
        }
        o.uri = "pkcs11:token=" + p11::percent_encode(token_label);
        if (!o.label.empty()) o.uri += ";object=" + p11::percent_encode(o.label);
        if (id) {
            o.uri += ";id=";
            for (const auto b : *id)
                o.uri += "%" + hex_encode(Bytes{b});
        }
        o.uri += "?module-path=" + p11::percent_encode(module);
        out.push_back(std::move(o));
    }
    return out;
}
}  // namespace

Result<ModuleInfo> list_tokens(const std::string& module_path) {
    KYSO_TRY(auto module, p11::Module::load(module_path));
    ModuleInfo info;
    info.path = module_path;
    CK_INFO ck{};
    if (module->f()->C_GetInfo(&ck) == CKR_OK) {
        info.manufacturer = p11::padded(ck.manufacturerID, sizeof ck.manufacturerID);
        info.description = p11::padded(ck.libraryDescription, sizeof ck.libraryDescription);
        info.cryptoki_version =
            std::to_string(ck.cryptokiVersion.major) + "." + std::to_string(ck.cryptokiVersion.minor);
    }
    KYSO_TRY(auto slots, module->slots(false));
    for (const auto slot : slots) {
        TokenSlot ts;
        ts.slot_id = slot;
        CK_SLOT_INFO si{};
        if (module->f()->C_GetSlotInfo(slot, &si) != CKR_OK) continue;
        ts.slot_description = p11::padded(si.slotDescription, sizeof si.slotDescription);
        ts.token_present = (si.flags & CKF_TOKEN_PRESENT) != 0;
        CK_TOKEN_INFO ti{};
        if (ts.token_present && module->f()->C_GetTokenInfo(slot, &ti) == CKR_OK) {
            ts.label = p11::padded(ti.label, sizeof ti.label);
            ts.manufacturer = p11::padded(ti.manufacturerID, sizeof ti.manufacturerID);
            ts.model = p11::padded(ti.model, sizeof ti.model);
            ts.serial = p11::padded(ti.serialNumber, sizeof ti.serialNumber);
            ts.login_required = (ti.flags & CKF_LOGIN_REQUIRED) != 0;
            ts.pin_locked = (ti.flags & CKF_USER_PIN_LOCKED) != 0;
            ts.pin_count_low = (ti.flags & CKF_USER_PIN_COUNT_LOW) != 0;
            if ((ti.flags & CKF_TOKEN_INITIALIZED) == 0) {
                info.slots.push_back(std::move(ts));
                continue;
            }
            CK_SESSION_HANDLE h = CK_INVALID_HANDLE;
            if (module->f()->C_OpenSession(slot, CKF_SERIAL_SESSION, nullptr, nullptr, &h) == CKR_OK) {
                p11::Session session(module, h);
                ts.objects = list_objects(session, ts.label, module_path);
            }
        }
        info.slots.push_back(std::move(ts));
    }
    return info;
}

}  // namespace kyso::keys
