#include "p11/module.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cstdio>
#include <map>
#include <mutex>

namespace kyso::p11 {

std::string rv_name(CK_RV rv) {
    switch (rv) {
#define KYSO_RV(x) \
    case x:        \
        return #x;
        KYSO_RV(CKR_OK)
        KYSO_RV(CKR_CANCEL)
        KYSO_RV(CKR_HOST_MEMORY)
        KYSO_RV(CKR_SLOT_ID_INVALID)
        KYSO_RV(CKR_GENERAL_ERROR)
        KYSO_RV(CKR_FUNCTION_FAILED)
        KYSO_RV(CKR_ARGUMENTS_BAD)
        KYSO_RV(CKR_ATTRIBUTE_SENSITIVE)
        KYSO_RV(CKR_ATTRIBUTE_TYPE_INVALID)
        KYSO_RV(CKR_DEVICE_ERROR)
        KYSO_RV(CKR_DEVICE_MEMORY)
        KYSO_RV(CKR_DEVICE_REMOVED)
        KYSO_RV(CKR_FUNCTION_CANCELED)
        KYSO_RV(CKR_FUNCTION_NOT_SUPPORTED)
        KYSO_RV(CKR_KEY_HANDLE_INVALID)
        KYSO_RV(CKR_KEY_TYPE_INCONSISTENT)
        KYSO_RV(CKR_KEY_FUNCTION_NOT_PERMITTED)
        KYSO_RV(CKR_MECHANISM_INVALID)
        KYSO_RV(CKR_MECHANISM_PARAM_INVALID)
        KYSO_RV(CKR_OBJECT_HANDLE_INVALID)
        KYSO_RV(CKR_OPERATION_ACTIVE)
        KYSO_RV(CKR_OPERATION_NOT_INITIALIZED)
        KYSO_RV(CKR_PIN_INCORRECT)
        KYSO_RV(CKR_PIN_INVALID)
        KYSO_RV(CKR_PIN_LEN_RANGE)
        KYSO_RV(CKR_PIN_EXPIRED)
        KYSO_RV(CKR_PIN_LOCKED)
        KYSO_RV(CKR_SESSION_CLOSED)
        KYSO_RV(CKR_SESSION_COUNT)
        KYSO_RV(CKR_SESSION_HANDLE_INVALID)
        KYSO_RV(CKR_SESSION_READ_ONLY)
        KYSO_RV(CKR_TOKEN_NOT_PRESENT)
        KYSO_RV(CKR_TOKEN_NOT_RECOGNIZED)
        KYSO_RV(CKR_USER_ALREADY_LOGGED_IN)
        KYSO_RV(CKR_USER_NOT_LOGGED_IN)
        KYSO_RV(CKR_USER_PIN_NOT_INITIALIZED)
        KYSO_RV(CKR_USER_TYPE_INVALID)
        KYSO_RV(CKR_DATA_LEN_RANGE)
        KYSO_RV(CKR_BUFFER_TOO_SMALL)
        KYSO_RV(CKR_CRYPTOKI_NOT_INITIALIZED)
        KYSO_RV(CKR_CRYPTOKI_ALREADY_INITIALIZED)
#undef KYSO_RV
        default: {
            char buf[32];
            std::snprintf(buf, sizeof buf, "CKR_0x%08lX", static_cast<unsigned long>(rv));
            return buf;
        }
    }
}

Error rv_error(const char* function, CK_RV rv, const std::string& token_label) {
    Errc code = Errc::token_error;
    switch (rv) {
        case CKR_DEVICE_REMOVED:
        case CKR_TOKEN_NOT_PRESENT:
        case CKR_TOKEN_NOT_RECOGNIZED:
        case CKR_SLOT_ID_INVALID:
            code = Errc::token_not_present;
            break;
        case CKR_PIN_INCORRECT:
        case CKR_PIN_INVALID:
        case CKR_PIN_LEN_RANGE:
        case CKR_PIN_EXPIRED:
            code = Errc::pin_incorrect;
            break;
        case CKR_PIN_LOCKED:
            code = Errc::pin_locked;
            break;
        case CKR_MECHANISM_INVALID:
        case CKR_MECHANISM_PARAM_INVALID:
        case CKR_KEY_TYPE_INCONSISTENT:
        case CKR_KEY_FUNCTION_NOT_PERMITTED:
            code = Errc::mechanism_unsupported;
            break;
        default:
            break;
    }
    std::string msg = std::string(function) + " failed (" + rv_name(rv) + ")";
    if (!token_label.empty()) msg += " on token '" + token_label + "'";
    return Error{code, std::move(msg)};
}

std::string padded(const CK_UTF8CHAR* text, std::size_t size) {
    std::string s(reinterpret_cast<const char*>(text), size);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0'))
        s.pop_back();
    return s;
}

Module::Module(std::string path, void* handle, CK_FUNCTION_LIST* functions)
    : m_path(std::move(path)), m_handle(handle), m_functions(functions) {}

namespace {
std::mutex g_modules_mutex;
std::map<std::string, std::shared_ptr<Module>>& modules() {
    static std::map<std::string, std::shared_ptr<Module>> m;
    return m;
}
}  // namespace

Result<std::shared_ptr<Module>> Module::load(const std::string& path) {
    const std::lock_guard lock(g_modules_mutex);
    if (auto it = modules().find(path); it != modules().end()) {
        KYSO_CHECK(it->second->ensure_initialized());
        return it->second;
    }
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* why = dlerror();
        return fail(Errc::module_load_failed,
                    "cannot load PKCS#11 module '" + path + "': " + (why ? why : "unknown error"));
    }
    using GetFunctionList = CK_RV (*)(CK_FUNCTION_LIST_PTR_PTR);
    auto get = reinterpret_cast<GetFunctionList>(dlsym(handle, "C_GetFunctionList"));
    CK_FUNCTION_LIST* functions = nullptr;
    if (get == nullptr || get(&functions) != CKR_OK || functions == nullptr) {
        dlclose(handle);
        return fail(Errc::module_load_failed, "'" + path + "' is not a PKCS#11 module (no C_GetFunctionList)");
    }
    auto module = std::make_shared<Module>(path, handle, functions);
    KYSO_CHECK(module->ensure_initialized());
    modules()[path] = module;
    return module;
}

Result<void> Module::ensure_initialized() {
    const std::lock_guard lock(m_init_mutex);
    const long pid = static_cast<long>(::getpid());
    if (m_initialized_pid == pid) return {};
    CK_C_INITIALIZE_ARGS args{};
    args.flags = CKF_OS_LOCKING_OK;
    const CK_RV rv = m_functions->C_Initialize(&args);
    // Another part of the host process may have initialised the module already: share it.
    if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
        return fail(Errc::module_load_failed, "C_Initialize failed (" + rv_name(rv) + ") for '" + m_path + "'");
    m_initialized_pid = pid;
    return {};
}

Result<std::vector<CK_SLOT_ID>> Module::slots(bool token_present) {
    CK_ULONG count = 0;
    CK_RV rv = m_functions->C_GetSlotList(token_present ? CK_TRUE : CK_FALSE, nullptr, &count);
    if (rv != CKR_OK) return fail(rv_error("C_GetSlotList", rv, {}));
    std::vector<CK_SLOT_ID> slots(count);
    if (count > 0) {
        rv = m_functions->C_GetSlotList(token_present ? CK_TRUE : CK_FALSE, slots.data(), &count);
        if (rv != CKR_OK) return fail(rv_error("C_GetSlotList", rv, {}));
        slots.resize(count);
    }
    return slots;
}

Session::~Session() {
    if (m_handle != CK_INVALID_HANDLE) m_module->f()->C_CloseSession(m_handle);
}

Result<std::vector<CK_OBJECT_HANDLE>> Session::find(std::vector<CK_ATTRIBUTE> templ, const std::string& token_label) {
    CK_RV rv = f()->C_FindObjectsInit(m_handle, templ.data(), static_cast<CK_ULONG>(templ.size()));
    if (rv != CKR_OK) return fail(rv_error("C_FindObjectsInit", rv, token_label));
    std::vector<CK_OBJECT_HANDLE> out;
    CK_OBJECT_HANDLE batch[32];
    while (true) {
        CK_ULONG n = 0;
        rv = f()->C_FindObjects(m_handle, batch, 32, &n);
        if (rv != CKR_OK) {
            f()->C_FindObjectsFinal(m_handle);
            return fail(rv_error("C_FindObjects", rv, token_label));
        }
        if (n == 0) break;
        out.insert(out.end(), batch, batch + n);
    }
    f()->C_FindObjectsFinal(m_handle);
    return out;
}

std::optional<Bytes> Session::attribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type) {
    CK_ATTRIBUTE a{type, nullptr, 0};
    if (f()->C_GetAttributeValue(m_handle, object, &a, 1) != CKR_OK || a.ulValueLen == CK_UNAVAILABLE_INFORMATION)
        return std::nullopt;
    Bytes value(a.ulValueLen);
    a.pValue = value.data();
    if (f()->C_GetAttributeValue(m_handle, object, &a, 1) != CKR_OK) return std::nullopt;
    value.resize(a.ulValueLen);
    return value;
}

std::optional<CK_ULONG> Session::ulong_attribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type) {
    CK_ULONG v = 0;
    CK_ATTRIBUTE a{type, &v, sizeof v};
    if (f()->C_GetAttributeValue(m_handle, object, &a, 1) != CKR_OK) return std::nullopt;
    return v;
}

bool Session::bool_attribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type) {
    CK_BBOOL v = CK_FALSE;
    CK_ATTRIBUTE a{type, &v, sizeof v};
    return f()->C_GetAttributeValue(m_handle, object, &a, 1) == CKR_OK && v == CK_TRUE;
}

}  // namespace kyso::p11
