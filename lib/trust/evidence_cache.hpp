// Revocation evidence kept on disk between runs (private to lib/trust): DER files named by a hash of
// what they are about. Nothing read back is trusted: every file is checked again like a fresh answer.
#pragma once

#include <kyso/core/bytes.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace kyso::trust {

class EvidenceCache {
public:
    explicit EvidenceCache(std::filesystem::path dir) : m_dir(std::move(dir)) {}
    bool enabled() const { return !m_dir.empty(); }

    // kind: "ocsp" or "crl"; key: any text identifying the evidence (hashed into the file name).
    std::optional<Bytes> load(std::string_view kind, std::string_view key) const;
    // Atomic replace; a cache that cannot be written is logged, never an error of the validation.
    void store(std::string_view kind, std::string_view key, ByteView der) const;

private:
    std::filesystem::path file(std::string_view kind, std::string_view key) const;
    std::filesystem::path m_dir;
};

}  // namespace kyso::trust
