// kyso — listing what PKCS#11 modules offer (never secrets).
#pragma once

#include <kyso/core/result.hpp>

#include <string>
#include <vector>

namespace kyso::keys {

struct TokenObject {
    std::string kind;  // "certificate", "private-key", "public-key"
    std::string label;
    std::string id_hex;
    std::string subject;    // certificates
    std::string not_after;  // certificates, RFC 3339
    std::string key_type;   // "rsa", "ec", ...
    bool always_authenticate = false;
    std::string uri;  // a KEYSPEC that selects this object
};

struct TokenSlot {
    unsigned long slot_id = 0;
    std::string slot_description;
    bool token_present = false;
    std::string label, manufacturer, model, serial;
    bool login_required = false;
    bool pin_locked = false;
    bool pin_count_low = false;
    std::vector<TokenObject> objects;
};

struct ModuleInfo {
    std::string path;
    std::string manufacturer;
    std::string description;
    std::string cryptoki_version;
    std::vector<TokenSlot> slots;
};

// Lists slots, tokens and the objects visible without logging in.
Result<ModuleInfo> list_tokens(const std::string& module_path);

// The module used when none is named: p11-kit's proxy if present (it loads every registered module).
std::string default_module_path();

}  // namespace kyso::keys
