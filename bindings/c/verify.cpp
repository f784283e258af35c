// Verification: the context handle, and verifying a file, a directory or a document in memory.
#include "arguments.hpp"
#include "handles.hpp"

#include <kyso/batch/inputs.hpp>
#include <kyso/batch/verify.hpp>

using namespace kyso;

namespace {

void add_certificates(std::vector<keys::Certificate>& to, const char* path) {
    capi::required(path, "path");
    for (auto& c : capi::take(keys::Certificate::load_path(path)))
        to.push_back(std::move(c));
}

xml::VerifyOptions xml_options(const kyso_verify_ctx_st& c) {
    xml::VerifyOptions o;
    o.profile = c.profile;
    return o;
}

}  // namespace

extern "C" {

int kyso_verify_ctx_create(kyso_verify_ctx_t* out) {
    return capi::guard("kyso_verify_ctx_create", [&] { capi::make(out); });
}

int kyso_verify_ctx_add_trust(kyso_verify_ctx_t ctx, const char* path) {
    return capi::guard("kyso_verify_ctx_add_trust",
                       [&] { add_certificates(capi::get(ctx).context.trust_anchors, path); });
}

int kyso_verify_ctx_add_untrusted(kyso_verify_ctx_t ctx, const char* path) {
    return capi::guard("kyso_verify_ctx_add_untrusted",
                       [&] { add_certificates(capi::get(ctx).context.untrusted, path); });
}

int kyso_verify_ctx_set_time(kyso_verify_ctx_t ctx, const char* rfc3339) {
    return capi::guard("kyso_verify_ctx_set_time", [&] {
        auto& c = capi::get(ctx);
        if (rfc3339 == nullptr)
            c.context.validation_time.reset();
        else
            c.context.validation_time = capi::take(parse_rfc3339(rfc3339));
    });
}

int kyso_verify_ctx_set_offline(kyso_verify_ctx_t ctx, int offline) {
    return capi::guard("kyso_verify_ctx_set_offline", [&] {
        auto& c = capi::get(ctx);
        c.context.offline = offline != 0;
        c.reset_revocation();
    });
}

int kyso_verify_ctx_set_cache_dir(kyso_verify_ctx_t ctx, const char* path) {
    return capi::guard("kyso_verify_ctx_set_cache_dir", [&] {
        auto& c = capi::get(ctx);
        c.context.cache_dir = capi::text_arg(path);
        c.reset_revocation();
    });
}

int kyso_verify_ctx_set_profile(kyso_verify_ctx_t ctx, const char* profile) {
    return capi::guard("kyso_verify_ctx_set_profile", [&] {
        auto& c = capi::get(ctx);
        c.profile = capi::profile_arg(profile);
    });
}

int kyso_verify_ctx_destroy(kyso_verify_ctx_t ctx) {
    return capi::destroy("kyso_verify_ctx_destroy", ctx);
}

int kyso_verify_file(kyso_verify_ctx_t ctx, const char* path, kyso_report_t* out) {
    return capi::guard("kyso_verify_file", [&] {
        capi::required(out, "out");
        *out = nullptr;
        auto& c = capi::get(ctx);
        capi::required(path, "path");
        batch::VerifyJob job;
        for (auto& in : capi::take(batch::collect_inputs({path}, {".xml", ".pdf"})))
            job.inputs.push_back(std::move(in.path));
        job.format = batch::InputFormat::any;
        job.xml_options = xml_options(c);
        capi::make(out, batch::run_verify(job, c.for_run()));
    });
}

int kyso_verify_buffer(kyso_verify_ctx_t ctx, const uint8_t* data, size_t len, const char* name, kyso_report_t* out) {
    return capi::guard("kyso_verify_buffer", [&] {
        capi::required(out, "out");
        *out = nullptr;
        auto& c = capi::get(ctx);
        if (len > 0) capi::required(data, "data");
        capi::make(out, batch::verify_bytes(ByteView(data, len), capi::text_arg(name), c.for_run(), xml_options(c),
                                            batch::InputFormat::any));
    });
}

}  // extern "C"
