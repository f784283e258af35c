// The validation data of the signatures inside an archived file (private): the certificates an XML
// signature carries in X509Certificate and a PDF signature carries in its CMS, as DER. Captured at
// ingest into evidence/validation-data/ so a later verifier has them even when nothing else does.
#pragma once

#include <kyso/core/bytes.hpp>

#include <vector>

namespace kyso::archive::detail {

// Every certificate found in `document` (XML by its X509Certificate elements, PDF by the CMS values of
// its /Contents hex strings); parse failures are skipped. Duplicates are not removed.
std::vector<Bytes> embedded_certificates(ByteView document, bool pdf);

}  // namespace kyso::archive::detail
