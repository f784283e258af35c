// CMS SignedData for PAdES baseline signatures, built with OpenSSL and signed through the Signer seam
// (private; used by PDF signing). spec/pdf.md "What kyso produces".
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/result.hpp>
#include <kyso/keys/signer.hpp>

#include <functional>

namespace kyso::pdf {

// A detached CMS SignedData over content whose digest is `content_digest` (the ByteRange bytes):
// exactly one SignerInfo with the signed attributes contentType, messageDigest and ESS
// signing-certificate-v2 and no signingTime (the time is the signature dictionary's /M, later a
// timestamp); the signer certificate plus its chain. Returns the DER.
// `pss`: RSASSA-PSS (the Signer must support it); the SignerInfo's signatureAlgorithm then carries the
// RSASSA-PSS-params (RFC 4056).
// `timestamper` (PAdES B-T): called with the signature value; returns an RFC 3161 token over it, added
// as the unsigned attribute id-aa-signatureTimeStampToken (RFC 3161 Appendix A, ETSI EN 319 122-1).
using Timestamper = std::function<Result<Bytes>(ByteView signature_value)>;
Result<Bytes> build_detached_cms(ByteView content_digest, keys::DigestAlgorithm alg, keys::Signer& signer,
                                 bool pss = false, const Timestamper& timestamper = {});

// The size of the DER build_detached_cms will produce at most, from a trial build with the largest
// signature value the key allows; the token is not asked (a trial signature on a token would cost a
// PIN prompt for CKA_ALWAYS_AUTHENTICATE keys).
Result<std::size_t> trial_cms_size(keys::DigestAlgorithm alg, keys::Signer& signer, bool pss = false);

}  // namespace kyso::pdf
