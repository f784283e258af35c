// The only place that touches PKCS#11: module loading, initialisation, RAII sessions (private).
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <p11-kit/pkcs11.h>

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace kyso::p11 {

std::string rv_name(CK_RV rv);
// "C_Sign failed (CKR_DEVICE_REMOVED) on token 'benhvien'" with the right Errc.
Error rv_error(const char* function, CK_RV rv, const std::string& token_label);
std::string padded(const CK_UTF8CHAR* text, std::size_t size);  // fixed-width PKCS#11 strings

// A loaded and initialised module. Modules are loaded once per path and stay loaded for the life of
// the process: kyso never calls C_Finalize (the host may share the module) and never dlcloses it.
class Module {
public:
    static Result<std::shared_ptr<Module>> load(const std::string& path);

    CK_FUNCTION_LIST* f() const { return m_functions; }
    const std::string& path() const { return m_path; }
    // After fork() the child must initialise the module again (PKCS#11 §6.6.1); called before use.
    Result<void> ensure_initialized();

    Result<std::vector<CK_SLOT_ID>> slots(bool token_present);

    Module(std::string path, void* handle, CK_FUNCTION_LIST* functions);

private:
    std::string m_path;
    [[maybe_unused]] void* m_handle;  // kept, never dlclosed: the module stays loaded for the process
    CK_FUNCTION_LIST* m_functions;
    std::mutex m_init_mutex;
    long m_initialized_pid = 0;
};

// An open session; closed on destruction.
class Session {
public:
    Session(std::shared_ptr<Module> module, CK_SESSION_HANDLE handle) : m_module(std::move(module)), m_handle(handle) {}
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    ~Session();

    CK_SESSION_HANDLE handle() const { return m_handle; }
    CK_FUNCTION_LIST* f() const { return m_module->f(); }

    // Objects matching a template.
    Result<std::vector<CK_OBJECT_HANDLE>> find(std::vector<CK_ATTRIBUTE> templ, const std::string& token_label);
    // One attribute's value; nothing when the attribute is absent or sensitive.
    std::optional<Bytes> attribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type);
    std::optional<CK_ULONG> ulong_attribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type);
    bool bool_attribute(CK_OBJECT_HANDLE object, CK_ATTRIBUTE_TYPE type);

private:
    std::shared_ptr<Module> m_module;
    CK_SESSION_HANDLE m_handle;
};

}  // namespace kyso::p11
