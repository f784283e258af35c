// Signed checkpoints of the archive log: canonical text, a SHA-256 signature through the Signer seam.
#include <kyso/archive/checkpoint.hpp>

#include "ossl/ossl.hpp"

#include <openssl/x509.h>

#include <charconv>

namespace kyso::archive {

namespace {

constexpr std::string_view kMagic = "kyso-archive-checkpoint 1";
constexpr std::string_view kSignatureLine = "-- signature";

bool id_ok(std::string_view id) {
    if (id.empty() || id.size() > 128) return false;
    for (const char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
              c == '-'))
            return false;
    return true;
}

bool is_ec(const keys::Certificate& c) {
    const EVP_PKEY* key = X509_get0_pubkey(static_cast<X509*>(c.native()));
    return key != nullptr && EVP_PKEY_get_base_id(key) == EVP_PKEY_EC;
}

Failure bad(const std::string& why) {
    return fail(Errc::evidence_invalid, "archive checkpoint: " + why);
}

// Splits at LF; the text must end with one.
Result<std::vector<std::string_view>> lines_of(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        if (nl == std::string_view::npos) return bad("the last line has no line feed");
        const std::string_view line = text.substr(0, nl);
        if (line.find('\r') != std::string_view::npos) return bad("a line ends with CR LF (LF only)");
        out.push_back(line);
        text.remove_prefix(nl + 1);
    }
    return out;
}

Result<std::string_view> field(std::string_view line, std::string_view key, std::size_t number) {
    if (!line.starts_with(key) || line.size() <= key.size() || line[key.size()] != ' ')
        return bad("line " + std::to_string(number) + " is not '" + std::string(key) + " ...'");
    return line.substr(key.size() + 1);
}

}  // namespace

std::string Checkpoint::body() const {
    return std::string(kMagic) + "\norigin " + origin + "\nsize " + std::to_string(size) + "\nroot " + to_hex(root) +
           "\ntime " + format_rfc3339(time) + "\n";
}

std::string SignedCheckpoint::serialise() const {
    const bool ec = !certificates.empty() && is_ec(certificates[0]);
    std::string out = checkpoint.body();
    out += std::string(kSignatureLine) + "\nalgorithm " + (ec ? "sha256-ecdsa" : "sha256-rsa-pkcs1") + "\nvalue " +
           base64_encode(signature) + "\n";
    for (std::size_t i = 0; i < certificates.size(); ++i)
        out += (i == 0 ? "certificate " : "chain ") + base64_encode(certificates[i].der()) + "\n";
    return out;
}

Result<SignedCheckpoint> sign_checkpoint(const Checkpoint& checkpoint, keys::Signer& signer) {
    if (!id_ok(checkpoint.origin))
        return fail(Errc::usage, "archive checkpoint: the origin must be 1..128 characters of [A-Za-z0-9._-]");
    const std::string body = checkpoint.body();
    const Bytes digest = ossl::digest(keys::DigestAlgorithm::sha256, as_bytes(body));
    KYSO_TRY(auto sigs, signer.sign_digests(keys::DigestAlgorithm::sha256, std::span<const Bytes>(&digest, 1)));
    SignedCheckpoint out;
    out.checkpoint = checkpoint;
    out.signature = std::move(sigs.at(0));
    if (signer.scheme() == keys::SignatureScheme::ecdsa) {
        KYSO_TRY(auto der, ossl::ecdsa_raw_to_der(out.signature));
        out.signature = std::move(der);
    }
    out.certificates.push_back(signer.certificate());
    for (const keys::Certificate& c : signer.chain())
        out.certificates.push_back(c);
    return out;
}

Result<SignedCheckpoint> read_checkpoint(std::string_view text) {
    KYSO_TRY(auto lines, lines_of(text));
    if (lines.size() < 9) return bad("too short (" + std::to_string(lines.size()) + " lines)");
    if (lines[0] != kMagic) return bad("not a kyso-archive-checkpoint 1");
    SignedCheckpoint out;
    Checkpoint& c = out.checkpoint;
    KYSO_TRY(auto origin, field(lines[1], "origin", 2));
    if (!id_ok(origin)) return bad("the origin is not 1..128 characters of [A-Za-z0-9._-]");
    c.origin = std::string(origin);
    KYSO_TRY(auto size, field(lines[2], "size", 3));
    const auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), c.size);
    if (ec != std::errc() || end != size.data() + size.size() || (size.size() > 1 && size[0] == '0'))
        return bad("the size is not a decimal number");
    KYSO_TRY(auto root, field(lines[3], "root", 4));
    auto root_hash = hash_from_hex(root);
    if (!root_hash) return bad("the root is not 64 lowercase hex digits");
    c.root = *root_hash;
    KYSO_TRY(auto time, field(lines[4], "time", 5));
    auto t = parse_rfc3339(time);
    if (!t || format_rfc3339(*t) != time) return bad("the time is not RFC 3339 UTC (YYYY-MM-DDThh:mm:ssZ)");
    c.time = *t;
    if (lines[5] != kSignatureLine) return bad("line 6 is not '-- signature'");
    KYSO_TRY(auto algorithm, field(lines[6], "algorithm", 7));
    if (algorithm != "sha256-rsa-pkcs1" && algorithm != "sha256-ecdsa")
        return bad("unknown algorithm '" + std::string(algorithm) + "'");
    KYSO_TRY(auto value, field(lines[7], "value", 8));
    if (!base64_decode(value, out.signature) || out.signature.empty()) return bad("the value is not base64");
    for (std::size_t i = 8; i < lines.size(); ++i) {
        KYSO_TRY(auto b64, field(lines[i], i == 8 ? "certificate" : "chain", i + 1));
        Bytes der;
        if (!base64_decode(b64, der)) return bad("line " + std::to_string(i + 1) + " is not base64");
        auto cert = keys::Certificate::from_der(der);
        if (!cert) return bad("line " + std::to_string(i + 1) + ": " + cert.error().message);
        out.certificates.push_back(std::move(*cert));
    }
    const keys::Certificate& signer = out.certificates[0];
    const bool ec_key = is_ec(signer);
    if (ec_key != (algorithm == "sha256-ecdsa")) return bad("the algorithm does not fit the certificate's key");
    Bytes sig = out.signature;
    EVP_PKEY* key = X509_get0_pubkey(static_cast<X509*>(signer.native()));
    if (ec_key) {
        // verify_digest takes kyso's raw r‖s for EC keys; the file holds DER (what openssl dgst writes).
        KYSO_TRY(auto raw, ossl::ecdsa_der_to_raw(out.signature, ossl::ec_field_bytes(key)));
        sig = std::move(raw);
    }
    const Bytes digest = ossl::digest(keys::DigestAlgorithm::sha256, as_bytes(c.body()));
    if (key == nullptr || !ossl::verify_digest(key, ossl::md(keys::DigestAlgorithm::sha256), digest, sig))
        return bad("the signature does not verify with the certificate it names (" + signer.subject() + ")");
    return out;
}

}  // namespace kyso::archive
