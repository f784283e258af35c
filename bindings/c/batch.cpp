// Signing XML in batches (kyso xml sign): progress, cancellation and every input's outcome.
#include "arguments.hpp"
#include "handles.hpp"

#include <kyso/batch/inputs.hpp>

#include <atomic>
#include <optional>

using namespace kyso;

namespace {

const batch::ItemResult& item_of(kyso_batch_result_t result, size_t item) {
    const auto& results = capi::get(result).summary.results;
    if (item >= results.size())
        capi::throw_usage("input " + std::to_string(item) + " does not exist (the batch had " +
                          std::to_string(results.size()) + ")");
    return results[item];
}

}  // namespace

extern "C" {

int kyso_xml_sign_batch(kyso_signer_t signer, const char* const* inputs, size_t input_count, const char* out,
                        const char* profile, unsigned flags, unsigned jobs, kyso_progress_callback progress, void* user,
                        kyso_batch_result_t result) {
    return capi::guard("kyso_xml_sign_batch", [&] {
        auto& s = capi::get(signer);
        kyso_batch_result_st* r = result != nullptr ? &capi::get(result) : nullptr;
        if (r != nullptr) r->summary = {};  // nothing of an earlier batch stays in it
        capi::required(out, "out");
        if (input_count == 0) capi::throw_usage("no inputs");
        capi::required(inputs, "inputs");
        std::vector<std::string> args;
        for (size_t i = 0; i < input_count; ++i)
            args.emplace_back(capi::required(inputs[i], ("inputs[" + std::to_string(i) + "]").c_str()));
        capi::check_flags(flags, KYSO_SIGN_OVERWRITE);

        batch::XmlSignJob job;
        job.options.profile = capi::profile_arg(profile);
        job.items = capi::take(batch::plan_items(args, {".xml"}, out));
        job.jobs = jobs;
        job.force = (flags & KYSO_SIGN_OVERWRITE) != 0;
        std::atomic<bool> cancel{false};
        batch::Progress p;
        p.cancel = &cancel;
        if (progress != nullptr)
            p.on_progress = [&](std::size_t done, std::size_t total, std::size_t) {
                if (progress(user, done, total) != 0) cancel = true;
            };
        batch::Summary summary = batch::run_xml_sign(job, *s.signer, p);

        const std::size_t total = summary.results.size(), errors = summary.errors;
        const bool cancelled = summary.cancelled;
        std::size_t not_started = 0;
        std::optional<Error> first_error;
        for (const auto& i : summary.results) {
            if (i.status != batch::ItemStatus::error) continue;
            if (i.error->code == Errc::cancelled) ++not_started;
            if (!first_error) first_error = *i.error;
        }
        if (r != nullptr) r->summary = std::move(summary);
        if (cancelled)
            throw capi::Failure{KYSO_ERROR_CANCELLED,
                                "the progress callback stopped the batch: " + std::to_string(not_started) + " of " +
                                    std::to_string(total) + " inputs were not signed"};
        if (first_error)
            throw capi::Failure{capi::status_of(first_error->code),
                                std::to_string(errors) + " of " + std::to_string(total) +
                                    " inputs failed; the first: " + first_error->message};
    });
}

int kyso_batch_result_create(kyso_batch_result_t* out) {
    return capi::guard("kyso_batch_result_create", [&] { capi::make(out); });
}

int kyso_batch_result_counts(kyso_batch_result_t result, size_t* items, size_t* signed_count, size_t* skipped,
                             size_t* failed) {
    return capi::guard("kyso_batch_result_counts", [&] {
        const auto& s = capi::get(result).summary;
        *capi::required(items, "items") = s.results.size();
        *capi::required(signed_count, "signed_count") = s.signed_count;
        *capi::required(skipped, "skipped") = s.skipped;
        *capi::required(failed, "failed") = s.errors;
    });
}

int kyso_batch_result_item(kyso_batch_result_t result, size_t item, int* status, int* error) {
    return capi::guard("kyso_batch_result_item", [&] {
        const auto& i = item_of(result, item);
        capi::required(status, "status");
        capi::required(error, "error");
        *status = i.status == batch::ItemStatus::signed_   ? KYSO_ITEM_SIGNED
                  : i.status == batch::ItemStatus::skipped ? KYSO_ITEM_SKIPPED
                                                           : KYSO_ITEM_FAILED;
        *error = i.error ? capi::status_of(i.error->code) : KYSO_OK;
    });
}

int kyso_batch_result_item_path(kyso_batch_result_t result, size_t item, int which, char* out, size_t* out_len) {
    return capi::guard("kyso_batch_result_item_path", [&] {
        const auto& i = item_of(result, item);
        if (which != KYSO_ITEM_INPUT && which != KYSO_ITEM_OUTPUT)
            capi::throw_usage("unknown path " + std::to_string(which) + " (KYSO_ITEM_INPUT or KYSO_ITEM_OUTPUT)");
        capi::copy_out((which == KYSO_ITEM_INPUT ? i.item.input : i.item.output).string(), out, out_len);
    });
}

int kyso_batch_result_item_message(kyso_batch_result_t result, size_t item, char* out, size_t* out_len) {
    return capi::guard("kyso_batch_result_item_message", [&] {
        const auto& i = item_of(result, item);
        capi::copy_out(i.error ? i.error->message : std::string(), out, out_len);
    });
}

int kyso_batch_result_destroy(kyso_batch_result_t result) {
    return capi::destroy("kyso_batch_result_destroy", result);
}

}  // extern "C"
