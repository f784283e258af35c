#include "trust/evidence_cache.hpp"

#include "ossl/ossl.hpp"

#include <kyso/core/atomic_file.hpp>
#include <kyso/core/log.hpp>

#include <fstream>
#include <iterator>

namespace kyso::trust {

namespace fs = std::filesystem;

fs::path EvidenceCache::file(std::string_view kind, std::string_view key) const {
    const Bytes h = ossl::digest(keys::DigestAlgorithm::sha256, as_bytes(key));
    return m_dir / std::string(kind) / (hex_encode(h) + ".der");
}

std::optional<Bytes> EvidenceCache::load(std::string_view kind, std::string_view key) const {
    if (!enabled()) return std::nullopt;
    std::ifstream in(file(kind, key), std::ios::binary);
    if (!in) return std::nullopt;
    Bytes data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad() || data.empty()) return std::nullopt;
    return data;
}

void EvidenceCache::store(std::string_view kind, std::string_view key, ByteView der) const {
    if (!enabled()) return;
    auto out = AtomicFile::create(file(kind, key));
    Result<void> done = out ? out->write(der) : Result<void>(fail(out.error()));
    if (done) done = out->commit(false);
    if (!done) log(LogLevel::warning, "revocation cache: " + done.error().message);
}

}  // namespace kyso::trust
