#include <kyso/batch/batch.hpp>

#include <kyso/pdf/verify.hpp>

namespace kyso::batch {

namespace fs = std::filesystem;

namespace {

ItemResult sign_pdf_item(const Item& item, const PdfSignJob& job, keys::Signer& signer) {
    ItemResult r{item, ItemStatus::error, std::nullopt};
    std::error_code ec;
    if (!job.force && fs::exists(item.output, ec)) {
        if (pdf::is_signed_copy(item.input, item.output, signer.certificate())) {
            r.status = ItemStatus::skipped;
            return r;
        }
        r.error = Error{Errc::output_exists,
                        "'" + item.output.string() + "' exists and is not a signed copy of the input (use --force)"};
        return r;
    }
    pdf::SignOptions options = job.options;
    options.overwrite = true;
    options.sync = false;  // the batch syncs the file system once
    if (auto done = pdf::sign(item.input, item.output, signer, options); !done) {
        r.error = std::move(done).error();
        return r;
    }
    r.status = ItemStatus::signed_;
    return r;
}

}  // namespace

Summary run_pdf_sign(const PdfSignJob& job, keys::Signer& signer, const Progress& progress) {
    return run_items(job.items, job.jobs, progress, [&](const Item& item) { return sign_pdf_item(item, job, signer); });
}

}  // namespace kyso::batch
