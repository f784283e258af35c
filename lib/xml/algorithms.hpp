// XML-DSig algorithm identifiers kyso writes and accepts (private).
#pragma once

#include <kyso/keys/signer.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace kyso::xml::alg {

inline constexpr std::string_view kC14n = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
inline constexpr std::string_view kEnveloped = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";
inline constexpr std::string_view kFilter2 = "http://www.w3.org/2002/06/xmldsig-filter2";

std::string digest_uri(keys::DigestAlgorithm d);
std::string signature_uri(keys::SignatureScheme s, keys::DigestAlgorithm d);

// What verification makes of an algorithm URI.
enum class Strength { accepted, weak_sha1, broken, unknown };
struct DigestInfo {
    Strength strength = Strength::unknown;
    std::string name;                             // "SHA-256"
    std::optional<keys::DigestAlgorithm> digest;  // set for accepted ones
    bool sha1 = false;
};
struct SignatureInfo {
    Strength strength = Strength::unknown;
    std::string name;  // "RSA-SHA256"
    bool hmac = false;
    bool ecdsa = false;
    std::optional<keys::DigestAlgorithm> digest;
    bool sha1 = false;
    std::string digest_name;  // the digest inside the method, "SHA-256", for the algorithm policy
};
DigestInfo digest_info(std::string_view uri);
SignatureInfo signature_info(std::string_view uri);

}  // namespace kyso::xml::alg
