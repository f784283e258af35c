#include <kyso/batch/batch.hpp>

#include <kyso/xml/verify.hpp>

#include "ossl/ossl.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <mutex>
#include <set>
#include <thread>

namespace kyso::batch {

namespace fs = std::filesystem;

namespace {

// An existing output is kept when it is this input with a Signature spliced in, and that Signature
// verifies cryptographically and was made with the current signer's certificate.
bool output_is_complete(const xml::PreparedSignature& prepared, const Bytes& output, const keys::Signer& signer) {
    if (!prepared.is_spliced_output(output)) return false;
    xml::VerifyOptions options;
    options.profile = prepared.profile();
    const auto report = xml::verify(output, verify::Context{}, options);
    if (report.error) return false;
    bool ours = false;
    for (const auto& s : report.signatures) {
        if (s.indication == verify::Indication::total_failed) return false;
        ours = ours || (s.signer && s.signer->sha256_fingerprint == signer.certificate().sha256_fingerprint());
    }
    return ours;
}

// The detached RFC 3161 token over the signed file's exact bytes, beside it as FILE.tst: the portal
// profile stays plain XML-DSig, and the file still gains a proof of existence.
Result<void> write_timestamp(const fs::path& output, ByteView signed_bytes, const trust::TsaOptions& tsa) {
    const Bytes imprint = ossl::digest(tsa.digest, signed_bytes);
    auto ts = trust::request_timestamp(imprint, tsa);
    if (!ts) return fail(ts.error().code, output.string() + ": " + ts.error().message);
    return write_atomically(timestamp_path(output), ts->token);
}

ItemResult sign_item(const Item& item, const XmlSignJob& job, keys::Signer& signer) {
    ItemResult r{item, ItemStatus::error, std::nullopt};
    auto failed = [&](Error e) {
        r.error = std::move(e);
        return r;
    };
    auto input = read_file(item.input);
    if (!input) return failed(std::move(input).error());
    auto prepared = xml::prepare(*input, signer, job.options);
    if (!prepared) {
        auto e = std::move(prepared).error();
        e.message = item.input.string() + ": " + e.message;
        return failed(std::move(e));
    }
    std::error_code ec;
    if (!job.force && fs::exists(item.output, ec)) {
        auto existing = read_file(item.output);
        if (existing && output_is_complete(*prepared, *existing, signer)) {
            // A resumed batch still owes the detached time-stamp when it was killed before writing it.
            if (job.tsa && !fs::exists(timestamp_path(item.output), ec))
                if (auto t = write_timestamp(item.output, *existing, *job.tsa); !t) return failed(std::move(t).error());
            r.status = ItemStatus::skipped;
            return r;
        }
        return failed(Error{Errc::output_exists, "'" + item.output.string() +
                                                     "' exists and is not a signed copy of the input (use --force)"});
    }
    const Bytes digest = prepared->data_to_sign_digest();
    auto sigs = signer.sign_digests(prepared->digest_algorithm(), std::span<const Bytes>(&digest, 1));
    if (!sigs) {
        auto e = std::move(sigs).error();
        e.message = item.input.string() + ": " + e.message;
        return failed(std::move(e));
    }
    auto out = prepared->finish(sigs->front());
    if (!out) return failed(std::move(out).error());
    if (auto w = write_atomically(item.output, *out); !w) return failed(std::move(w).error());
    if (job.tsa)
        if (auto t = write_timestamp(item.output, *out, *job.tsa); !t) return failed(std::move(t).error());
    r.status = ItemStatus::signed_;
    return r;
}

}  // namespace

Summary run_items(const std::vector<Item>& items, unsigned jobs, const Progress& progress,
                  const std::function<ItemResult(const Item&)>& sign_one) {
    Summary summary;
    summary.results.resize(items.size());
    unsigned workers = jobs != 0 ? jobs : std::max(1u, std::thread::hardware_concurrency());
    workers = static_cast<unsigned>(std::min<std::size_t>(workers, std::max<std::size_t>(1, items.size())));
    {
        std::set<fs::path> dirs;
        for (const auto& item : items)
            dirs.insert(item.output.has_parent_path() ? item.output.parent_path() : ".");
        for (const auto& dir : dirs)
            remove_stale_temporaries(dir);
    }
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::size_t done = 0, errors = 0;
    auto worker = [&] {
        while (true) {
            if (progress.cancel != nullptr && progress.cancel->load()) return;
            const std::size_t i = next.fetch_add(1);
            if (i >= items.size()) return;
            ItemResult r = sign_one(items[i]);
            const std::lock_guard lock(mutex);
            ++done;
            if (r.status == ItemStatus::error) ++errors;
            summary.results[i] = std::move(r);
            if (progress.on_progress) progress.on_progress(done, items.size(), errors);
        }
    };
    std::vector<std::thread> threads;
    for (unsigned w = 1; w < workers; ++w)
        threads.emplace_back(worker);
    worker();
    for (auto& t : threads)
        t.join();

    for (std::size_t i = 0; i < items.size(); ++i) {
        auto& r = summary.results[i];
        if (r.item.input.empty()) {
            // Never handed out (cancelled).
            r.item = items[i];
            r.status = ItemStatus::error;
            r.error = Error{Errc::cancelled, "cancelled before it was signed"};
        }
        switch (r.status) {
            case ItemStatus::signed_:
                ++summary.signed_count;
                break;
            case ItemStatus::skipped:
                ++summary.skipped;
                break;
            case ItemStatus::error:
                ++summary.errors;
                break;
        }
    }
    summary.cancelled = progress.cancel != nullptr && progress.cancel->load();
    // Renames are atomic already; one sync of the output file system makes the batch durable without
    // paying an fsync per file.
    if (!items.empty()) {
        const int fd =
            ::open(items.front().output.parent_path().empty() ? "." : items.front().output.parent_path().c_str(),
                   O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
            ::syncfs(fd);
            ::close(fd);
        }
    }
    return summary;
}

Summary run_xml_sign(const XmlSignJob& job, keys::Signer& signer, const Progress& progress) {
    return run_items(job.items, job.jobs, progress, [&](const Item& item) { return sign_item(item, job, signer); });
}

}  // namespace kyso::batch
