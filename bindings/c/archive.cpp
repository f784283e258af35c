// Archive evidence: batches (kyso archive create), disclosure packages (export), archives whose log the
// archive key signs (append), and their verification with the verdict of `kyso archive verify`.
#include "handles.hpp"

#include <kyso/archive/archive_dir_verify.hpp>
#include <kyso/archive/batch_create.hpp>
#include <kyso/archive/create_report.hpp>
#include <kyso/archive/export.hpp>
#include <kyso/trust/revocation.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace kyso;

namespace {

// inputs[0..count) as strings: none, a NULL array or a NULL entry is KYSO_ERROR_USAGE naming it.
std::vector<std::string> string_array(const char* const* items, size_t count, const char* name) {
    if (count == 0) capi::throw_usage(std::string("no ") + name);
    capi::required(items, name);
    std::vector<std::string> out;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i)
        out.emplace_back(capi::required(items[i], (std::string(name) + "[" + std::to_string(i) + "]").c_str()));
    return out;
}

archive::GroupBy group_arg(int group_by) {
    switch (group_by) {
        case KYSO_ARCHIVE_GROUP_FILE:
            return archive::GroupBy::file;
        case KYSO_ARCHIVE_GROUP_STEM:
            return archive::GroupBy::stem;
        case KYSO_ARCHIVE_GROUP_DIR:
            return archive::GroupBy::dir;
        default:
            capi::throw_usage("unknown group_by " + std::to_string(group_by));
    }
}

// The optional output buffer of a call, checked before the work starts; NULL when not wanted.
kyso_buffer_st* optional_buffer(kyso_buffer_t buffer) {
    return buffer != nullptr ? &capi::get(buffer) : nullptr;
}

void put_text(kyso_buffer_st* out, const std::string& text) {
    if (out != nullptr) out->bytes.assign(text.begin(), text.end());
}

// spec/cli.md: a verification exits with its most severe finding; among the verdicts an archive can
// have the order is failed (1), unreadable (3), indeterminate (2), ok (0).
int rank(int verdict) {
    switch (verdict) {
        case KYSO_ARCHIVE_FAILED:
            return 3;
        case KYSO_ARCHIVE_UNREADABLE:
            return 2;
        case KYSO_ARCHIVE_INDETERMINATE:
            return 1;
        default:
            return 0;
    }
}

int more_severe(int a, int b) {
    return rank(a) >= rank(b) ? a : b;
}

// The verdict of `kyso archive verify` (cli/cmd_archive_verify.cpp): the signatures inside the records as
// `kyso verify` judges them (a document that could not be read is unreadable: the C API has no exit codes
// 4 and 5), then the archive's own findings.
template <class Verification>
int verdict_of(const Verification& v) {
    int verdict = KYSO_ARCHIVE_OK;
    for (const auto& d : v.report.documents) {
        if (d.error) verdict = more_severe(verdict, KYSO_ARCHIVE_UNREADABLE);
        for (const auto& s : d.signatures) {
            if (s.indication == verify::Indication::total_failed)
                verdict = more_severe(verdict, KYSO_ARCHIVE_FAILED);
            else if (s.indication == verify::Indication::indeterminate)
                verdict = more_severe(verdict, KYSO_ARCHIVE_INDETERMINATE);
        }
    }
    if (v.failed()) verdict = more_severe(verdict, KYSO_ARCHIVE_FAILED);
    if (v.unreadable()) verdict = more_severe(verdict, KYSO_ARCHIVE_UNREADABLE);
    if (v.indeterminate()) verdict = more_severe(verdict, KYSO_ARCHIVE_INDETERMINATE);
    return verdict;
}

archive::SignedCheckpoint checkpoint_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in) throw capi::Failure{KYSO_ERROR_IO, "cannot read the checkpoint '" + path + "'"};
    auto checkpoint = archive::read_checkpoint(text.str());
    if (!checkpoint) capi::throw_error({checkpoint.error().code, path + ": " + checkpoint.error().message});
    return std::move(*checkpoint);
}

}  // namespace

extern "C" {

int kyso_archive_create(const char* const* inputs, size_t input_count, const char* out_dir, const char* tsa_url,
                        int group_by, kyso_buffer_t json_out) {
    return capi::guard("kyso_archive_create", [&] {
        kyso_buffer_st* json = optional_buffer(json_out);
        archive::CreateOptions o;
        o.inputs = string_array(inputs, input_count, "inputs");
        o.out = capi::required(out_dir, "out_dir");
        o.tsa.url = capi::required(tsa_url, "tsa_url");
        o.group_by = group_arg(group_by);
        trust::RevocationOptions revocation;
        revocation.cache_dir = trust::default_cache_dir();
        o.revocation = std::make_shared<trust::RevocationChecker>(revocation);
        const archive::CreateResult r = capi::take(archive::create_batch(o));
        put_text(json, archive::create_result_json(r));
    });
}

int kyso_archive_export(const char* batch_dir, const char* record_id, const char* out_dir) {
    return capi::guard("kyso_archive_export", [&] {
        capi::required(batch_dir, "batch_dir");
        capi::required(record_id, "record_id");
        capi::required(out_dir, "out_dir");
        // The package is complete even when the export event could not be added to the batch's custody log
        // (ExportResult::warning): the CLI only warns about it, and the C API has no warning channel.
        capi::take(archive::export_record(batch_dir, record_id, out_dir));
    });
}

int kyso_archive_append(kyso_signer_t signer, const char* archive_dir, const char* origin, const char* const* batches,
                        size_t batch_count) {
    return capi::guard("kyso_archive_append", [&] {
        auto& s = capi::get(signer);
        archive::AppendOptions o;
        o.archive = capi::required(archive_dir, "archive_dir");
        if (origin != nullptr) o.origin = origin;
        for (auto& b : string_array(batches, batch_count, "batches"))
            o.batches.emplace_back(std::move(b));
        capi::take(archive::append_batches(o, *s.signer, now_utc()));
    });
}

int kyso_archive_verify(kyso_verify_ctx_t ctx, const char* path, const char* checkpoint_path, int* verdict,
                        kyso_report_t* report_out, kyso_buffer_t json_out) {
    return capi::guard("kyso_archive_verify", [&] {
        capi::required(verdict, "verdict");
        *verdict = KYSO_ARCHIVE_UNREADABLE;  // until the verification ran
        if (report_out != nullptr) *report_out = nullptr;
        auto& c = capi::get(ctx);
        kyso_buffer_st* json = optional_buffer(json_out);
        capi::required(path, "path");
        std::error_code ec;
        if (!std::filesystem::exists(path, ec))
            throw capi::Failure{KYSO_ERROR_IO, "'" + std::string(path) + "' does not exist" +
                                                   (ec ? " or cannot be reached: " + ec.message() : "")};

        archive::ArchiveVerifyOptions options;
        options.context = c.for_run();
        options.xml_options.profile = c.profile;
        int found = KYSO_ARCHIVE_OK;
        verify::Report report;
        if (archive::is_archive(path)) {
            std::optional<archive::SignedCheckpoint> old;
            if (checkpoint_path != nullptr) old = checkpoint_file(checkpoint_path);
            const auto v = capi::take(archive::verify_archive_dir(path, options, old));
            put_text(json, archive::archive_dir_json(v));
            found = verdict_of(v);
            report = v.report;
        } else {
            if (checkpoint_path != nullptr)
                capi::throw_usage("a checkpoint is for an archive (a directory with archive.txt), and '" +
                                  std::string(path) + "' is none");
            const auto v = capi::take(archive::verify_archive(path, std::move(options)));
            put_text(json, archive::archive_json(v));
            found = verdict_of(v);
            report = v.report;
        }
        if (report_out != nullptr) capi::make(report_out, std::move(report));
        *verdict = found;
    });
}

}  // extern "C"
