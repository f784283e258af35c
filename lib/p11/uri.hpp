// RFC 7512 PKCS#11 URIs (private to the library).
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>

#include <map>
#include <optional>
#include <string>

namespace kyso::p11 {

struct Uri {
    std::map<std::string, std::string> path;   // percent-decoded path attributes (except id)
    std::map<std::string, std::string> query;  // percent-decoded query attributes
    std::optional<Bytes> id;                   // CKA_ID

    const std::string* get(const std::string& key) const {
        auto it = path.find(key);
        return it == path.end() ? nullptr : &it->second;
    }
    const std::string* get_query(const std::string& key) const {
        auto it = query.find(key);
        return it == query.end() ? nullptr : &it->second;
    }
};

Result<Uri> parse_uri(std::string_view text);
std::string percent_encode(std::string_view value);

}  // namespace kyso::p11
