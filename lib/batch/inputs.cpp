#include <kyso/batch/inputs.hpp>

#include <algorithm>
#include <cctype>

namespace kyso::batch {

namespace fs = std::filesystem;

namespace {
bool has_extension(const fs::path& p, const std::vector<std::string>& exts) {
    std::string e = p.extension().string();
    std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::find(exts.begin(), exts.end(), e) != exts.end();
}
bool is_under(const fs::path& p, const fs::path& dir) {
    if (dir.empty()) return false;
    std::error_code ec;
    const auto a = fs::weakly_canonical(p, ec);
    const auto b = fs::weakly_canonical(dir, ec);
    auto [it, end] = std::mismatch(b.begin(), b.end(), a.begin(), a.end());
    return it == b.end();
}
}  // namespace

Result<std::vector<InputFile>> collect_inputs(const std::vector<std::string>& args,
                                              const std::vector<std::string>& extension, const fs::path& exclude) {
    std::vector<InputFile> out;
    for (const auto& arg : args) {
        std::error_code ec;
        const fs::path p(arg);
        if (fs::is_directory(p, ec)) {
            std::vector<InputFile> found;
            for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                const auto& entry = *it;
                const std::string name = entry.path().filename().string();
                if (!name.empty() && name[0] == '.') {
                    if (entry.is_directory()) it.disable_recursion_pending();
                    continue;
                }
                if (entry.is_directory() && is_under(entry.path(), exclude)) {
                    it.disable_recursion_pending();
                    continue;
                }
                if (!entry.is_regular_file() || !has_extension(entry.path(), extension)) continue;
                found.push_back({entry.path(), entry.path().lexically_relative(p)});
            }
            if (ec) return fail(Errc::io, "cannot read directory '" + arg + "': " + ec.message());
            std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
            out.insert(out.end(), found.begin(), found.end());
        } else if (fs::exists(p, ec)) {
            out.push_back({p, p.filename()});
        } else {
            return fail(Errc::io, "input '" + arg + "' does not exist");
        }
    }
    return out;
}

bool output_is_directory(const std::vector<std::string>& args, const std::string& out) {
    std::error_code ec;
    if (args.size() != 1 || fs::is_directory(args.front(), ec)) return true;
    if (!out.empty() && out.back() == '/') return true;
    return fs::is_directory(out, ec);
}

std::vector<Item> output_items(const std::vector<InputFile>& inputs, const std::string& out, bool to_dir) {
    std::vector<Item> items;
    items.reserve(inputs.size());
    for (const auto& in : inputs)
        items.push_back({in.path, to_dir ? fs::path(out) / in.relative : fs::path(out)});
    return items;
}

Result<std::vector<Item>> plan_items(const std::vector<std::string>& args, const std::vector<std::string>& extensions,
                                     const std::string& out) {
    const bool to_dir = output_is_directory(args, out);
    KYSO_TRY(auto inputs, collect_inputs(args, extensions, to_dir ? fs::path(out) : fs::path{}));
    return output_items(inputs, out, to_dir);
}

}  // namespace kyso::batch
