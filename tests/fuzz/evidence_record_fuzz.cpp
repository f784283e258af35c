// libFuzzer target: the strict DER decoder of RFC 4998 evidence records (attacker-facing: an exported
// .ers comes from whoever hands over a disclosure package). Built with -DKYSO_BUILD_FUZZ=ON under clang.
#include <kyso/archive/evidence_record.hpp>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto er = kyso::archive::decode_evidence_record(kyso::ByteView(data, size));
    // Whatever decodes re-encodes into DER that decodes to the same value.
    if (er) {
        const auto again = kyso::archive::decode_evidence_record(kyso::archive::encode_evidence_record(*er));
        if (!again || again->chains.size() != er->chains.size() || again->digest_algorithms != er->digest_algorithms)
            __builtin_trap();
        for (std::size_t i = 0; i < er->chains.size(); ++i) {
            if (again->chains[i].size() != er->chains[i].size()) __builtin_trap();
            for (std::size_t k = 0; k < er->chains[i].size(); ++k)
                if (again->chains[i][k].reduced_tree != er->chains[i][k].reduced_tree ||
                    again->chains[i][k].digest_algorithm != er->chains[i][k].digest_algorithm ||
                    again->chains[i][k].timestamp != er->chains[i][k].timestamp)
                    __builtin_trap();
        }
    }
    return 0;
}
