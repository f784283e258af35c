// kyso — RFC 3161 time-stamping: a client that requests a token and checks every part of the reply.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>
#include <kyso/core/time.hpp>
#include <kyso/keys/certificate.hpp>
#include <kyso/keys/signer.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace kyso::trust {

struct TsaOptions {
    std::string url;
    std::optional<std::string> username, password;  // HTTP basic authentication, when the TSA wants it
    std::chrono::milliseconds timeout{15000};
    std::vector<std::string> accepted_policies;  // OIDs; empty: any policy
    keys::DigestAlgorithm digest = keys::DigestAlgorithm::sha256;
};

// A checked time-stamp token (RFC 3161 §2.4.2).
struct Timestamp {
    Bytes token;  // DER ContentInfo (SignedData over TSTInfo)
    TimePoint gen_time{};
    std::string policy;
    std::string serial_hex;
    std::optional<keys::Certificate> tsa_certificate;
    std::vector<keys::Certificate> certificates;  // all certificates the token carries
};

// Requests a token over `imprint` (the digest of the data with options.digest), with a fresh nonce and
// certReq, and checks the reply: status, imprint, nonce, policy, the token's signature, the TSA
// certificate (extendedKeyUsage id-kp-timeStamping only and critical, RFC 3161 §2.3) and its ESS
// signing-certificate(-v2) binding. Errc::tsa_rejected names what was wrong; Errc::network for transport.
// Whether the TSA is trusted is decided by validation, not here.
Result<Timestamp> request_timestamp(ByteView imprint, const TsaOptions& options);

// Checks a token already obtained (embedded in a signature, or stored beside a file) against the
// imprint it must carry. `digest`: the algorithm the imprint was made with.
Result<Timestamp> check_timestamp_token(ByteView token, ByteView imprint, keys::DigestAlgorithm digest,
                                        const std::vector<std::string>& accepted_policies = {});

// The algorithm of the token's messageImprint (SHA-256/384/512), read without checking the token.
Result<keys::DigestAlgorithm> timestamp_imprint_algorithm(ByteView token);

// Checks a token over `data` itself, hashed with the algorithm the token names (SHA-256/384/512).
Result<Timestamp> check_timestamp_over(ByteView token, ByteView data,
                                       const std::vector<std::string>& accepted_policies = {});

}  // namespace kyso::trust
