// kyso — strict verification of claims XML (spec/claims-xml.md §3) and generic XML-DSig.
#pragma once

#include <kyso/core/bytes.hpp>
#include <kyso/verify/context.hpp>
#include <kyso/verify/report.hpp>
#include <kyso/xml/profile.hpp>

#include <optional>
#include <string>

namespace kyso::xml {

struct VerifyOptions {
    std::optional<ProfileId> profile;  // default: detected from the root; generic only when asked
    // A detached RFC 3161 token over the whole file (kyso xml sign --tsa writes FILE.tst): when valid and
    // from a trusted TSA it is the proof of existence, so certificates are judged at its time.
    std::optional<Bytes> detached_timestamp;
    // A proof of existence the caller has already established for these exact bytes (an archive
    // time-stamp over a record that contains the document, checked and from a trusted TSA): used like a
    // trusted detached time-stamp when there is none.
    std::optional<TimePoint> proof_of_existence;
};

// Never fails for a bad signature: the verdict is in the report. document.error is set when the input
// could not be read (malformed, unsupported).
verify::DocumentReport verify(ByteView document, const verify::Context& context, const VerifyOptions& options,
                              const std::string& path = {});

// Reads a value from a signed view by element path ("/GIAMDINHHS/THONGTINDONVI/MACSKCB"): the text of
// the first matching element, or nothing.
std::optional<std::string> signed_value(ByteView signed_view, std::string_view element_path);

}  // namespace kyso::xml
