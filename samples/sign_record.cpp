// sign_record.cpp — sign a PDF medical record with a visible signature, verify it, print the verdict: the
// kyso C++ API in one page, to copy from.
//
//   export KYSO_PIN=...   (the token's user PIN, set by the service manager, never on the command line)
//   ./sign_record KEYSPEC record.pdf record.signed.pdf root-ca.pem [intermediate-ca.pem...]
//   KEYSPEC: "pkcs11:token=benhvien;object=doctor-rsa?module-path=/usr/lib/softhsm/libsofthsm2.so" or "p12:FILE"
//
// C++ programs use the C++ API (include/kyso/) and link the static library (CMake: kyso::kyso), as the
// CLI does: typed options (pdf::SignOptions), Result<T> instead of status codes, and the full report.
// libkyso.so does not export C++ symbols (no stable C++ ABI across compilers); a C++ program that must
// load kyso as a shared library uses kyso.h instead, as samples/sign_claims.c does.
// Exit status: 0 when the signature verifies TOTAL_PASSED, 1 for any other verdict, 2 when something failed.
#include <kyso/keys/certificate.hpp>
#include <kyso/keys/signer.hpp>
#include <kyso/pdf/sign.hpp>
#include <kyso/pdf/verify.hpp>
#include <kyso/verify/context.hpp>
#include <kyso/verify/report.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

namespace {

int failed(const std::string& what, const kyso::Error& error) {
    std::cerr << "sign_record: " << what << ": " << kyso::errc_name(error.code) << ": " << error.message << "\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: " << argv[0] << " KEYSPEC IN.pdf OUT.pdf TRUST.pem [UNTRUSTED.pem...]\n";
        return 2;
    }

    // 1. The key; the PIN, when the KEYSPEC carries none, from the environment.
    kyso::keys::OpenOptions open;
    open.pin_source = [](const kyso::keys::PinRequest& request) -> kyso::Result<kyso::SecretString> {
        const char* pin = std::getenv("KYSO_PIN");
        if (pin == nullptr) return kyso::fail(kyso::Errc::pin_required, "KYSO_PIN is not set for " + request.label);
        return kyso::SecretString(pin);
    };
    auto signer = kyso::keys::open_signer(argv[1], open);
    if (!signer) return failed("cannot open the key", signer.error());

    // 2. Sign: a visible signature on page 1 (PDF points from the lower-left corner), in Vietnamese.
    kyso::pdf::SignOptions options;
    options.field_name = "KyBacSi";
    options.visible = kyso::pdf::Placement{1, 360, 40, 200, 70};
    options.text.title = "Bác sĩ điều trị";
    options.text.reason = "Xác nhận bệnh án";
    options.text.location = "Hà Nội";
    options.overwrite = true;
    if (auto signed_ = kyso::pdf::sign(argv[2], argv[3], **signer, options); !signed_)
        return failed("cannot sign", signed_.error());

    // 3. Verify what was written, trusting the given CA certificates.
    kyso::verify::Context context;
    for (int i = 4; i < argc; ++i) {
        auto certificates = kyso::keys::Certificate::load_path(argv[i]);
        if (!certificates) return failed("cannot read a CA certificate", certificates.error());
        auto& into = i == 4 ? context.trust_anchors : context.untrusted;
        into.insert(into.end(), certificates->begin(), certificates->end());
    }
    const kyso::verify::DocumentReport report = kyso::pdf::verify(argv[3], context);
    if (report.error) return failed("cannot read the signed record", *report.error);
    if (report.signatures.empty()) {
        std::cerr << "sign_record: no signature in " << argv[3] << "\n";
        return 1;
    }
    bool passed = true;
    for (const auto& signature : report.signatures) {
        std::cout << argv[3] << ": " << kyso::verify::indication_name(signature.indication);
        if (signature.sub_indication != kyso::verify::SubIndication::none)
            std::cout << " " << kyso::verify::sub_indication_name(signature.sub_indication);
        std::cout << "\n";
        passed = passed && signature.indication == kyso::verify::Indication::total_passed;
    }
    return passed ? 0 : 1;
}
