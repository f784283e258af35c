// kyso — the journal that makes `kyso archive verify ARCHIVE --resume FILE` resumable: one line per
// verified batch (its outcome and what was printed for it), so that a verification killed half-way
// continues where it stopped and prints exactly what one uninterrupted run would have printed.
#pragma once

#include <kyso/core/result.hpp>
#include <kyso/core/time.hpp>
#include <kyso/verify/report.hpp>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>

namespace kyso::archive {

// What an archive verification keeps of one batch once it is reported.
struct BatchOutcome {
    bool failed = false, unreadable = false, indeterminate = false;
    verify::Summary summary;
};

struct JournalEntry {
    std::string batch;  // the batch directory's name under ARCHIVE/batches/
    std::string state;  // batch_state() when it was verified
    BatchOutcome outcome;
    int exit_code = 0;   // the exit code its signatures alone would give
    std::string output;  // what was printed for it
};

// SHA-256 (hex) of the batch's tagmanifest-sha256.txt, which covers every manifest and evidence file:
// a batch renewed, re-tagged or otherwise rewritten since is verified again. Empty when unreadable.
std::string batch_state(const std::filesystem::path& batch_dir);

// A JSON-lines file: a header (the settings and the validation time), then one entry per batch, each
// flushed to disk before the next batch starts. A line torn by a kill is dropped when it is opened.
class VerifyJournal {
public:
    // Opens FILE or makes it. `settings`: the caller's text of everything that decides verdicts and
    // output (trust anchors, policy, format...); a journal made with other settings is Errc::usage,
    // naming the file. The validation time is the journal's; `at` (a time the caller asked for) must
    // equal it (Errc::usage otherwise); a new journal takes `at`, else now.
    static Result<VerifyJournal> open(const std::filesystem::path& file, const std::string& settings,
                                      std::optional<TimePoint> at);
    VerifyJournal(VerifyJournal&& other) noexcept;
    VerifyJournal& operator=(VerifyJournal&&) = delete;
    VerifyJournal(const VerifyJournal&) = delete;
    ~VerifyJournal();

    TimePoint validation_time() const { return m_time; }
    // The entry for the batch in this state (its output read back from the file), or nullopt.
    std::optional<JournalEntry> find(const std::string& batch, const std::string& state) const;
    std::size_t size() const { return m_index.size(); }
    // Appends and syncs the entry. Errc::io when it cannot be written.
    Result<void> add(const JournalEntry& entry);

private:
    // Where an entry's line is: outputs stay in the file (half a million records' reports are hundreds
    // of MB), only the batch names and states are kept in memory.
    struct Line {
        std::string state;
        std::uint64_t offset = 0;
        std::size_t length = 0;
    };
    VerifyJournal() = default;
    std::filesystem::path m_path;
    std::FILE* m_file = nullptr;
    std::uint64_t m_end = 0;  // bytes of whole lines
    TimePoint m_time{};
    std::map<std::string, Line> m_index;  // by batch name
};

}  // namespace kyso::archive
