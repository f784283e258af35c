// The validation data of the signatures inside an archived file (private): the certificates an XML
// signature carries in X509Certificate and a PDF signature carries in its CMS, as DER, and the
// revocation evidence of those certificates. Captured at ingest into evidence/validation-data/ so a
// later verifier has them even when nothing else does.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/core/time.hpp>
#include <kyso/keys/certificate.hpp>
#include <kyso/trust/revocation.hpp>

#include <string>

#include <vector>

namespace kyso::archive::detail {

// Every certificate found in `document` (XML by its X509Certificate elements, PDF by the CMS values of
// its /Contents hex strings); parse failures are skipped. Duplicates are not removed.
std::vector<Bytes> embedded_certificates(ByteView document, bool pdf);

struct CapturedRevocation {
    std::string extension;  // ".ocsp" | ".crl"
    Bytes der;
};

struct RevocationCapture {
    std::vector<CapturedRevocation> evidence;  // one per certificate checked, duplicates removed
    std::vector<std::string> missing;          // "<subject>: <why>" for each certificate without evidence
    std::vector<Bytes> certificates;           // the issuers found outside the documents (DER)
};

// The revocation evidence, fresh at `at`, of each certificate in `certificates` and of the CA
// certificates above it (issuers found among `certificates` and `issuers`), except self-signed ones and
// those naming no OCSP responder and no CRL distribution point. Such a certificate whose issuer is
// unknown, or whose status cannot be obtained, is named in `missing`. Issuers found in `issuers` are
// returned too, so that the archive carries the whole path.
RevocationCapture capture_revocation(const std::vector<keys::Certificate>& certificates,
                                     const std::vector<keys::Certificate>& issuers, trust::RevocationChecker& checker,
                                     TimePoint at);

}  // namespace kyso::archive::detail
