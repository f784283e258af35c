// Per-stage costs of XML signing and verification on one ~8 KB claims envelope, in-process:
// where the time goes between the token's signature and the files on disk.
// Usage: kyso_xml_stages_bench PKCS12 CLAIMS.xml [google-benchmark flags]
#include <kyso/batch/batch.hpp>
#include <kyso/keys/signer.hpp>
#include <kyso/xml/sign.hpp>
#include <kyso/xml/verify.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <memory>

namespace {
std::unique_ptr<kyso::keys::Signer> g_signer;
kyso::Bytes g_doc;
kyso::Bytes g_signed;

void prepare(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(kyso::xml::prepare(g_doc, *g_signer, {}));
}
void sign_digest(benchmark::State& state) {
    const kyso::Bytes d(32, 7);
    for (auto _ : state)
        benchmark::DoNotOptimize(
            g_signer->sign_digests(kyso::keys::DigestAlgorithm::sha256, std::span<const kyso::Bytes>(&d, 1)));
}
void whole_sign(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(kyso::xml::sign(g_doc, *g_signer, {}));
}
void write_file(benchmark::State& state) {
    const auto dir = std::filesystem::temp_directory_path() / ("kyso-bench-" + std::to_string(::getpid()));
    std::size_t i = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(kyso::batch::write_atomically(dir / (std::to_string(i++) + ".xml"), g_signed));
    std::filesystem::remove_all(dir);
}
void verify_no_chain(benchmark::State& state) {
    for (auto _ : state)
        benchmark::DoNotOptimize(kyso::xml::verify(g_signed, {}, {}));
}
BENCHMARK(prepare)->UseRealTime();
BENCHMARK(sign_digest)->UseRealTime();
BENCHMARK(whole_sign)->UseRealTime();
BENCHMARK(write_file)->UseRealTime();
BENCHMARK(verify_no_chain)->UseRealTime();
}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s PKCS12 CLAIMS.xml [benchmark flags]\n", argv[0]);
        return 2;
    }
    kyso::keys::OpenOptions o;
    o.passphrase_spec = "pass:kyso-test";
    auto signer = kyso::keys::open_signer(std::string("p12:") + argv[1], o);
    auto doc = kyso::batch::read_file(argv[2]);
    if (!signer || !doc) return 2;
    g_signer = std::move(*signer);
    g_doc = std::move(*doc);
    g_signed = kyso::xml::sign(g_doc, *g_signer, {}).value();
    argc -= 2;
    argv += 2;
    benchmark::Initialize(&argc, argv - 0);
    benchmark::RunSpecifiedBenchmarks();
    return 0;
}
