// Signing XML: file to file, and in memory.
#include "arguments.hpp"
#include "handles.hpp"

#include <kyso/batch/batch.hpp>
#include <kyso/core/atomic_file.hpp>
#include <kyso/xml/sign.hpp>

#include <filesystem>

using namespace kyso;

namespace {

xml::SignOptions sign_options(const char* profile) {
    xml::SignOptions options;
    options.profile = capi::profile_arg(profile);
    return options;
}

}  // namespace

extern "C" {

int kyso_xml_sign_file(kyso_signer_t signer, const char* in_path, const char* out_path, const char* profile,
                       unsigned flags) {
    return capi::guard("kyso_xml_sign_file", [&] {
        auto& s = capi::get(signer);
        capi::required(in_path, "in_path");
        capi::required(out_path, "out_path");
        capi::check_flags(flags, KYSO_SIGN_OVERWRITE);
        const xml::SignOptions options = sign_options(profile);
        // Checked before the token is asked for anything.
        std::error_code ec;
        if ((flags & KYSO_SIGN_OVERWRITE) == 0 && std::filesystem::exists(out_path, ec))
            throw capi::Failure{KYSO_ERROR_OUTPUT_EXISTS,
                                "'" + std::string(out_path) + "' exists (KYSO_SIGN_OVERWRITE replaces it)"};
        const Bytes input = capi::take(batch::read_file(in_path));
        const Bytes output = capi::take(xml::sign(input, *s.signer, options));
        AtomicFile file = capi::take(AtomicFile::create(out_path));
        capi::check(file.write(output));
        capi::check(file.commit(true));
    });
}

int kyso_xml_sign_buffer(kyso_signer_t signer, const uint8_t* data, size_t len, const char* profile,
                         kyso_buffer_t out) {
    return capi::guard("kyso_xml_sign_buffer", [&] {
        auto& s = capi::get(signer);
        auto& b = capi::get(out);
        if (len > 0) capi::required(data, "data");
        const xml::SignOptions options = sign_options(profile);
        b.bytes = capi::take(xml::sign(ByteView(data, len), *s.signer, options));
    });
}

}  // extern "C"
