// kyso — signed checkpoints of the archive log: the log's size and root at a time, signed with the
// archive key (a token key, through the Signer seam). An auditor keeps one and later asks for a
// consistency proof from it to the current checkpoint.
#pragma once

#include <kyso/archive/log.hpp>
#include <kyso/core/time.hpp>
#include <kyso/keys/certificate.hpp>
#include <kyso/keys/signer.hpp>

#include <string>
#include <vector>

namespace kyso::archive {

// The text form, UTF-8 with LF endings; the signature covers the body (the first five lines) exactly:
//   kyso-archive-checkpoint 1
//   origin <archive id>
//   size <entries>
//   root <64 hex>
//   time <RFC 3339 UTC>
//   -- signature
//   algorithm sha256-rsa-pkcs1 | sha256-ecdsa
//   value <base64: PKCS#1 v1.5, or an X9.62 DER ECDSA-Sig-Value>
//   certificate <base64 DER>
//   chain <base64 DER>          (zero or more)
// The value is what `openssl dgst -sha256 -verify <public key> -signature value.bin body.txt` checks.
struct Checkpoint {
    std::string origin;  // the archive's id: [A-Za-z0-9._-], 1..128 bytes
    std::uint64_t size = 0;
    Hash root{};
    TimePoint time{};

    std::string body() const;
};

struct SignedCheckpoint {
    Checkpoint checkpoint;
    Bytes signature;
    std::vector<keys::Certificate> certificates;  // the signer's first, then its chain as given

    std::string serialise() const;
};

// Signs with the archive key. RSA keys sign PKCS#1 v1.5 over SHA-256, EC keys ECDSA over SHA-256.
Result<SignedCheckpoint> sign_checkpoint(const Checkpoint& checkpoint, keys::Signer& signer);

// Parses strictly (Errc::evidence_invalid naming the line) and checks the signature against the
// certificate it carries (Errc::evidence_invalid when it does not verify). Whether that certificate is
// the archive's key, and trusted, is the caller's judgement.
Result<SignedCheckpoint> read_checkpoint(std::string_view text);

}  // namespace kyso::archive
