#include <kyso/batch/verify.hpp>

#include <kyso/core/version.hpp>
#include <kyso/pdf/verify.hpp>
#include <kyso/trust/revocation.hpp>
#include <kyso/verify/algorithm_policy.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <string_view>
#include <thread>

namespace kyso::batch {

namespace fs = std::filesystem;

namespace {

bool file_looks_like_pdf(const fs::path& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) return false;
    std::uint8_t head[1024];
    const std::size_t n = std::fread(head, 1, sizeof head, f);
    std::fclose(f);
    return looks_like_pdf(ByteView(head, n));
}

bool is_pdf(InputFormat format, bool detected) {
    return format == InputFormat::pdf || (format == InputFormat::any && detected);
}

verify::Report start_report(const verify::Context& context) {
    verify::Report report;
    report.tool_version = std::string(kyso::version());
    report.validation_time = *context.validation_time;
    report.policy_name = context.algorithm_policy->name();
    report.policy_version = context.algorithm_policy->version();
    return report;
}

void finish_report(verify::Report& report, const verify::Context& context) {
    const auto stats = context.revocation->stats();
    report.revocation_stats =
        verify::EvidenceStats{stats.lookups, stats.memory_hits, stats.disk_hits, stats.fetches, stats.unavailable};
}

}  // namespace

bool looks_like_pdf(ByteView head) {
    return as_chars(head.first(std::min<std::size_t>(head.size(), 1024))).find("%PDF-") != std::string_view::npos;
}

verify::DocumentReport verify_input(const fs::path& path, const verify::Context& context,
                                    const xml::VerifyOptions& xml_options, InputFormat format) {
    if (is_pdf(format, format == InputFormat::any && file_looks_like_pdf(path))) return pdf::verify(path, context);
    verify::DocumentReport d;
    d.path = path.string();
    auto data = read_file(path);
    if (!data) {
        d.error = data.error();
        return d;
    }
    xml::VerifyOptions options = xml_options;
    std::error_code ec;
    if (const auto tst = timestamp_path(path); fs::exists(tst, ec))
        if (auto token = read_file(tst)) options.detached_timestamp = std::move(*token);
    return xml::verify(*data, context, options, path.string());
}

verify::Context complete_context(verify::Context context) {
    if (!context.validation_time) context.validation_time = now_utc();
    if (!context.algorithm_policy) context.algorithm_policy = verify::AlgorithmPolicy::builtin();
    if (!context.revocation) {
        trust::RevocationOptions ro;
        ro.offline = context.offline;
        ro.cache_dir = context.cache_dir;
        ro.timeout = context.network_timeout;
        context.revocation = std::make_shared<trust::RevocationChecker>(ro);
    }
    return context;
}

verify::Report run_verify(const VerifyJob& job, verify::Context context, const Progress& progress) {
    const verify::Context ctx = complete_context(std::move(context));
    verify::Report report = start_report(ctx);
    report.documents.resize(job.inputs.size());
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::size_t done = 0;
    auto worker = [&] {
        for (std::size_t i; (i = next.fetch_add(1)) < job.inputs.size();) {
            auto d = verify_input(job.inputs[i], ctx, job.xml_options, job.format);
            const std::lock_guard lock(mutex);
            report.documents[i] = std::move(d);
            ++done;
            if (progress.on_progress) progress.on_progress(done, job.inputs.size(), 0);
        }
    };
    const unsigned workers = std::max(1u, job.jobs != 0 ? job.jobs : std::thread::hardware_concurrency());
    std::vector<std::thread> threads;
    for (unsigned w = 1; w < workers && w < job.inputs.size(); ++w)
        threads.emplace_back(worker);
    worker();
    for (auto& t : threads)
        t.join();
    finish_report(report, ctx);
    return report;
}

verify::Report verify_bytes(ByteView document, const std::string& display_path, verify::Context context,
                            const xml::VerifyOptions& xml_options, InputFormat format) {
    const verify::Context ctx = complete_context(std::move(context));
    verify::Report report = start_report(ctx);
    if (is_pdf(format, looks_like_pdf(document)))
        report.documents.push_back(pdf::verify(document, ctx, display_path));
    else
        report.documents.push_back(xml::verify(document, ctx, xml_options, display_path));
    finish_report(report, ctx);
    return report;
}

}  // namespace kyso::batch
