#include "xml/algorithms.hpp"

namespace kyso::xml::alg {

using keys::DigestAlgorithm;

std::string digest_uri(DigestAlgorithm d) {
    switch (d) {
        case DigestAlgorithm::sha256:
            return "http://www.w3.org/2001/04/xmlenc#sha256";
        case DigestAlgorithm::sha384:
            return "http://www.w3.org/2001/04/xmldsig-more#sha384";
        case DigestAlgorithm::sha512:
            return "http://www.w3.org/2001/04/xmlenc#sha512";
    }
    return {};
}

std::string signature_uri(keys::SignatureScheme s, DigestAlgorithm d) {
    const std::string base = "http://www.w3.org/2001/04/xmldsig-more#";
    const std::string kind = s == keys::SignatureScheme::ecdsa ? "ecdsa-" : "rsa-";
    switch (d) {
        case DigestAlgorithm::sha256:
            return base + kind + "sha256";
        case DigestAlgorithm::sha384:
            return base + kind + "sha384";
        case DigestAlgorithm::sha512:
            return base + kind + "sha512";
    }
    return {};
}

DigestInfo digest_info(std::string_view uri) {
    DigestInfo i;
    for (auto d : {DigestAlgorithm::sha256, DigestAlgorithm::sha384, DigestAlgorithm::sha512})
        if (uri == digest_uri(d)) return {Strength::accepted, std::string(keys::digest_name(d)), d, false};
    if (uri == "http://www.w3.org/2000/09/xmldsig#sha1") return {Strength::weak_sha1, "SHA-1", std::nullopt, true};
    if (uri == "http://www.w3.org/2001/04/xmldsig-more#md5") return {Strength::broken, "MD5", std::nullopt, false};
    i.name = std::string(uri);
    return i;
}

SignatureInfo signature_info(std::string_view uri) {
    for (auto scheme : {keys::SignatureScheme::rsa_pkcs1, keys::SignatureScheme::ecdsa})
        for (auto d : {DigestAlgorithm::sha256, DigestAlgorithm::sha384, DigestAlgorithm::sha512})
            if (uri == signature_uri(scheme, d)) {
                SignatureInfo i;
                i.strength = Strength::accepted;
                i.ecdsa = scheme == keys::SignatureScheme::ecdsa;
                i.digest = d;
                i.digest_name = std::string(keys::digest_name(d));
                i.name = std::string(i.ecdsa ? "ECDSA-" : "RSA-") + i.digest_name;
                return i;
            }
    SignatureInfo i;
    i.name = std::string(uri);
    if (uri == "http://www.w3.org/2000/09/xmldsig#rsa-sha1" ||
        uri == "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1") {
        i.strength = Strength::weak_sha1;
        i.sha1 = true;
        i.ecdsa = uri.find("ecdsa") != std::string_view::npos;
        i.name = i.ecdsa ? "ECDSA-SHA1" : "RSA-SHA1";
        i.digest_name = "SHA-1";
    } else if (uri.find("hmac") != std::string_view::npos) {
        i.strength = Strength::broken;
        i.hmac = true;
        i.name = "HMAC";
    } else if (uri == "http://www.w3.org/2001/04/xmldsig-more#rsa-md5") {
        i.strength = Strength::broken;
        i.name = "RSA-MD5";
        i.digest_name = "MD5";
    }
    return i;
}

}  // namespace kyso::xml::alg
