// libFuzzer target: the PDF reader (xref tables and streams, object streams, filters), the ByteRange
// geometry, CMS parsing and the diff of later revisions in pdf::verify, on arbitrary bytes.
#include <kyso/pdf/verify.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const kyso::verify::Context context = [] {
        kyso::verify::Context c;
        c.validation_time = kyso::parse_rfc3339("2026-11-22T00:00:00Z").value();
        return c;
    }();
    const auto report = kyso::pdf::verify(kyso::ByteView(data, size), context);
    // Without a trust anchor nothing may pass; everything else is data.
    for (const auto& s : report.signatures)
        if (s.indication == kyso::verify::Indication::total_passed) __builtin_trap();
    return 0;
}
