// OCSP (RFC 6960) requests and response checks (private to lib/trust).
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>
#include <kyso/core/time.hpp>
#include <kyso/keys/certificate.hpp>
#include <kyso/trust/revocation.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kyso::trust::ocsp {

struct Request {
    Bytes der;
    Bytes nonce;  // 32 random bytes (RFC 9654)
};

// A request for `cert` (CertID with SHA-1, as responders expect) carrying a fresh nonce.
Result<Request> make_request(const keys::Certificate& cert, const keys::Certificate& issuer);

struct Answer {
    CertStatus status = CertStatus::unknown;  // good | revoked | unknown
    std::optional<TimePoint> revocation_time;
    std::string reason;
    TimePoint this_update{};
    std::optional<TimePoint> next_update;
    TimePoint produced_at{};
    std::string responder;  // subject of the certificate that signed the response
};

// Checks a DER OCSPResponse about `cert`: successful status (tryLater and the others are named),
// a basic response, the signature, the signer being the issuer or a delegate the issuer certified
// for id-kp-OCSPSigning (valid at producedAt), a SingleResponse for exactly this certificate, and,
// when `nonce` is given (a response fetched for our request), the same nonce. A response without any
// nonce is accepted (pre-produced responses have none); a different nonce is refused.
// Errc::revocation_invalid with the reason.
Result<Answer> check_response(ByteView der, const keys::Certificate& cert, const keys::Certificate& issuer,
                              std::optional<ByteView> nonce);

// The http(s) OCSP responder URLs of the certificate's authorityInfoAccess.
std::vector<std::string> responder_urls(const keys::Certificate& cert);

}  // namespace kyso::trust::ocsp
