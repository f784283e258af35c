// kyso — the Signer seam: the only thing that touches a private key. It signs digests, never documents.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>
#include <kyso/keys/certificate.hpp>

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kyso::keys {

enum class DigestAlgorithm { sha256, sha384, sha512 };

std::size_t digest_size(DigestAlgorithm alg) noexcept;
std::string_view digest_name(DigestAlgorithm alg) noexcept;

// The signature scheme a Signer produces for a digest.
// rsa_pkcs1: PKCS#1 v1.5 over DigestInfo; ecdsa: raw r‖s (each half the field size, as XML-DSig wants).
enum class SignatureScheme { rsa_pkcs1, ecdsa };

class Signer {
public:
    virtual ~Signer() = default;
    virtual const Certificate& certificate() const = 0;
    // Certificates that help a verifier build the path (intermediates); may be empty.
    virtual std::span<const Certificate> chain() const = 0;
    virtual KeyAlgorithm algorithm() const = 0;
    virtual SignatureScheme scheme() const = 0;
    // One call can carry many digests: a token signs them in a row, a remote service in one request.
    // Every returned signature has been checked against certificate()'s public key.
    // Safe to call from several threads at once.
    virtual Result<std::vector<Bytes>> sign_digests(DigestAlgorithm alg, std::span<const Bytes> digests) = 0;
    // RSASSA-PSS for RSA keys that allow it (MGF1 with the same digest, salt length = digest length,
    // RFC 4055 §3.1 / ETSI TS 119 312). The default Signer has no PSS.
    virtual bool supports_rsa_pss() const { return false; }
    virtual Result<std::vector<Bytes>> sign_digests_pss(DigestAlgorithm alg, std::span<const Bytes> digests) {
        (void)alg;
        (void)digests;
        return fail(Errc::mechanism_unsupported, description() + " cannot sign with RSASSA-PSS");
    }
    // A short description for messages and logs ("PKCS#11 token 'benhvien' object 'signer'").
    virtual std::string description() const = 0;
};

// What a PIN or passphrase is for, so a host can ask the right question.
struct PinRequest {
    enum class Kind { token_user_pin, context_specific_pin, pkcs12_passphrase } kind;
    std::string label;  // token label or file name
};

// Supplies a secret when the KEYSPEC does not carry one. Called at most once per token login:
// kyso never retries a wrong PIN (that locks real tokens).
using PinSource = std::function<Result<SecretString>(const PinRequest&)>;

struct OpenOptions {
    // For p12: KEYSPECs, the passphrase spec in OpenSSL's convention (pass:, env:, file:, fd:, stdin).
    std::string passphrase_spec;
    // Used when the KEYSPEC gives no PIN (pin-value / pin-source) and no passphrase_spec applies.
    PinSource pin_source;
    // Upper bound of concurrent token sessions (PKCS#11). 0 = automatic: one (serial signing) for a
    // removable hardware token, the token's session limit otherwise (HSMs, SoftHSM: one per worker).
    unsigned max_sessions = 0;
};

// KEYSPEC: "pkcs11:..." (RFC 7512 URI) or "p12:PATH". See spec/cli.md.
Result<std::unique_ptr<Signer>> open_signer(std::string_view keyspec, const OpenOptions& options);

// Resolves a secret spec: "pass:TEXT", "env:VAR", "file:PATH" (first line), "fd:N", "stdin".
Result<SecretString> resolve_secret_spec(std::string_view spec);

}  // namespace kyso::keys
