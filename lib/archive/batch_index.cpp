#include "archive/batch_index.hpp"

#include "archive/file_hash.hpp"

#include <kyso/archive/export.hpp>

#include <algorithm>
#include <charconv>

namespace kyso::archive::detail {

namespace {

Result<Bytes> read_evidence(const std::filesystem::path& p) {
    auto r = read_small_file(p, std::uint64_t{1} << 31);
    if (r.state == FileState::missing) return fail(Errc::evidence_invalid, p.filename().string() + " is missing");
    if (r.state != FileState::ok) return fail(Errc::io, "cannot read '" + p.string() + "': " + r.problem);
    return std::move(r.data);
}

}  // namespace

Result<BatchIndex> load_batch_index(const std::filesystem::path& bag) {
    BatchIndex out;
    KYSO_TRY(const Bytes bin, read_evidence(bag / kLeavesBin));
    if (bin.empty() || bin.size() % 32 != 0)
        return fail(Errc::evidence_invalid, "evidence/leaves.bin is not a whole number of 32-byte hashes");
    for (std::size_t i = 0; i < bin.size(); i += 32) {
        Hash h{};
        std::copy(bin.begin() + static_cast<std::ptrdiff_t>(i), bin.begin() + static_cast<std::ptrdiff_t>(i + 32),
                  h.begin());
        out.leaves.push_back(h);
    }
    KYSO_TRY(const Bytes text_bytes, read_evidence(bag / kIndex));
    const std::string_view text = as_chars(text_bytes);
    std::size_t line = 0;
    for (std::size_t pos = 0; pos < text.size(); ++line) {
        std::size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        const std::string_view l = text.substr(pos, nl - pos);
        pos = nl + 1;
        const auto bad = [&](const std::string& why) {
            return fail(Errc::evidence_invalid, "evidence/index line " + std::to_string(line + 1) + ": " + why);
        };
        const std::size_t s1 = l.find(' '), s2 = l.find(' ', s1 == std::string_view::npos ? s1 : s1 + 1);
        if (s1 == std::string_view::npos || s2 == std::string_view::npos)
            return bad("expected '<record id> <leaf index> <leaf hex>'");
        const std::string id(l.substr(0, s1));
        if (!is_record_id(id)) return bad("'" + id + "' is not a record id");
        std::size_t index = 0;
        const std::string_view num = l.substr(s1 + 1, s2 - s1 - 1);
        const auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), index);
        if (ec != std::errc() || p != num.data() + num.size()) return bad("bad leaf index");
        if (index != line) return bad("leaf index " + std::to_string(index) + " out of order");
        if (!out.ids.empty() && !(out.ids.back() < id))
            return bad("record ids are not in ascending order (the tree order is by record id)");
        auto leaf = hash_from_hex(l.substr(s2 + 1));
        if (!leaf) return bad("bad leaf hash");
        if (index >= out.leaves.size()) return bad("more index lines than leaves in evidence/leaves.bin");
        if (*leaf != out.leaves[index])
            return bad("leaf " + std::to_string(index) + " of record " + id +
                       " differs from evidence/leaves.bin (leaves reordered or altered)");
        out.by_id[id] = index;
        out.ids.push_back(id);
    }
    if (out.ids.size() != out.leaves.size())
        return fail(Errc::evidence_invalid, "evidence/index lists " + std::to_string(out.ids.size()) +
                                                " records but evidence/leaves.bin holds " +
                                                std::to_string(out.leaves.size()) + " leaves");
    return out;
}

}  // namespace kyso::archive::detail
