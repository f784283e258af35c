// libFuzzer target: hardened parsing, profile detection, Signature structure parsing, C14N and the
// verdict logic of xml::verify, on arbitrary bytes. Built with -DKYSO_BUILD_FUZZ=ON under clang.
#include <kyso/xml/verify.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const kyso::verify::Context context = [] {
        kyso::verify::Context c;
        c.validation_time = kyso::parse_rfc3339("2026-11-22T00:00:00Z").value();
        return c;
    }();
    const auto report = kyso::xml::verify(kyso::ByteView(data, size), context, {});
    // A verdict is data; the invariant is that verification never crashes and never passes without
    // a trust anchor.
    for (const auto& s : report.signatures)
        if (s.indication == kyso::verify::Indication::total_passed) __builtin_trap();
    return 0;
}
