/* Signing PDF through the C API: every option setter, visible and certifying signatures that verify,
 * sequential signatures, B-T without a TSA and with an unreachable one, and every failure. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static capi_text g_dir;

static kyso_signer_t open_p12(const char* name) {
    kyso_signer_t signer = NULL;
    capi_text keyspec = capi_p12(name);
    CHECK_OK(kyso_signer_open(&signer, keyspec.s, CAPI_P12_PASS, NULL, NULL));
    return signer;
}

/* A 2x2 RGBA PNG written by Python's zlib (not by kyso). */
static capi_text make_png(void) {
    static const char script[] =
        "import struct, sys, zlib\n"
        "def chunk(kind, data):\n"
        "    return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))\n"
        "raw = b''.join(b'\\x00' + b'\\xcc\\x00\\x00\\xff' * 2 for _ in range(2))\n"
        "png = b'\\x89PNG\\r\\n\\x1a\\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 2, 2, 8, 6, 0, 0, 0))\n"
        "png += chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')\n"
        "open(sys.argv[1], 'wb').write(png)\n";
    capi_text png = capi_join(g_dir.s, "seal.png");
    capi_text py = capi_join(g_dir.s, "make_png.py");
    capi_text cmd;
    CHECK(capi_write(py.s, script, strlen(script)));
    cmd = capi_format("/usr/bin/python3 '%s' '%s'", py.s, png.s);
    CHECK(capi_run(cmd.s) == 0);
    return png;
}

/* The verdicts of every signature of a PDF, with the test PKI trusted. */
static size_t verify_pdf(const char* path, int expected_indication) {
    kyso_verify_ctx_t ctx = NULL;
    kyso_report_t report = NULL;
    char text[64];
    size_t n = 0, i, len = sizeof text;
    CHECK_OK(kyso_verify_ctx_create(&ctx));
    CHECK_OK(kyso_verify_ctx_add_trust(ctx, capi_pki("root.cert.pem").s));
    CHECK_OK(kyso_verify_ctx_add_untrusted(ctx, capi_pki("ca.cert.pem").s));
    CHECK_OK(kyso_verify_ctx_set_offline(ctx, 1));
    CHECK_OK(kyso_verify_file(ctx, path, &report));
    CHECK_OK(kyso_report_document_format(report, 0, text, &len));
    CHECK_STR("pdf", text);
    CHECK_OK(kyso_report_signature_count(report, 0, &n));
    for (i = 0; i < n; ++i) {
        int ind = -1, sub = -1;
        CHECK_OK(kyso_report_signature_indication(report, 0, i, &ind, &sub));
        CHECK(ind == expected_indication);
    }
    CHECK_OK(kyso_report_destroy(report));
    CHECK_OK(kyso_verify_ctx_destroy(ctx));
    return n;
}

static void signs_with_every_option(void) {
    kyso_signer_t doctor = open_p12("doctor-rsa");
    kyso_signer_t hospital = open_p12("hospital-ec");
    kyso_pdf_options_t options = NULL;
    capi_text sample = capi_sample("record-sample.pdf");
    capi_text first = capi_join(g_dir.s, "doctor.pdf");
    capi_text second = capi_join(g_dir.s, "doctor-hospital.pdf");
    capi_text png = make_png();

    CHECK_OK(kyso_pdf_options_create(&options));
    CHECK_OK(kyso_pdf_options_set_field(options, "BacSi"));
    CHECK_OK(kyso_pdf_options_set_visible(options, 1, 36, 36, 220, 80));
    CHECK_OK(kyso_pdf_options_set_name(options, "BS. Nguyễn Thị Hồng Nhung"));
    CHECK_OK(kyso_pdf_options_set_title(options, "Bác sĩ điều trị"));
    CHECK_OK(kyso_pdf_options_set_reason(options, "Xác nhận hồ sơ bệnh án"));
    CHECK_OK(kyso_pdf_options_set_location(options, "Hà Nội"));
    CHECK_OK(kyso_pdf_options_set_image(options, png.s));
    CHECK_OK(kyso_pdf_options_set_certify(options, KYSO_CERTIFY_FORM_FILLING));
    CHECK_OK(kyso_pdf_options_set_level(options, KYSO_PADES_B_B));
    CHECK_OK(kyso_pdf_sign_file(doctor, sample.s, first.s, options, 0));
    /* The field and the DocMDP certification are in the new revision. */
    CHECK(capi_file_contains(first.s, "BacSi"));
    CHECK(capi_file_contains(first.s, "/DocMDP"));
    CHECK(verify_pdf(first.s, KYSO_TOTAL_PASSED) == 1);

    /* A second signer, invisible, with the options reset to their defaults, then with none at all. */
    CHECK_OK(kyso_pdf_options_set_field(options, NULL));
    CHECK_OK(kyso_pdf_options_set_visible(options, 0, 0, 0, 0, 0));
    CHECK_OK(kyso_pdf_options_set_name(options, NULL));
    CHECK_OK(kyso_pdf_options_set_title(options, NULL));
    CHECK_OK(kyso_pdf_options_set_reason(options, NULL));
    CHECK_OK(kyso_pdf_options_set_location(options, NULL));
    CHECK_OK(kyso_pdf_options_set_image(options, NULL));
    CHECK_OK(kyso_pdf_options_set_certify(options, KYSO_CERTIFY_NONE));
    CHECK_OK(kyso_pdf_options_set_tsa_url(options, NULL));
    CHECK_OK(kyso_pdf_sign_file(hospital, first.s, second.s, options, 0));
    CHECK(verify_pdf(second.s, KYSO_TOTAL_PASSED) == 2);
    CHECK_STATUS(KYSO_ERROR_OUTPUT_EXISTS, kyso_pdf_sign_file(hospital, first.s, second.s, NULL, 0));
    CHECK_OK(kyso_pdf_sign_file(hospital, first.s, second.s, NULL, KYSO_SIGN_OVERWRITE));
    CHECK(verify_pdf(second.s, KYSO_TOTAL_PASSED) == 2);

    CHECK_OK(kyso_pdf_options_destroy(options));
    CHECK_OK(kyso_signer_destroy(doctor));
    CHECK_OK(kyso_signer_destroy(hospital));
}

static void timestamp_level(void) {
    kyso_signer_t signer = open_p12("hospital-rsa");
    kyso_pdf_options_t options = NULL;
    capi_text sample = capi_sample("record-sample.pdf");
    capi_text out = capi_join(g_dir.s, "b-t.pdf");
    CHECK_OK(kyso_pdf_options_create(&options));
    CHECK_OK(kyso_pdf_options_set_level(options, KYSO_PADES_B_T));
    /* B-T needs a time-stamping authority. */
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_pdf_sign_file(signer, sample.s, out.s, options, 0));
    CHECK_MESSAGE("time-stamping authority");
    /* One that does not answer (nothing listens on 127.0.0.1:9): a network error, no output. */
    CHECK_OK(kyso_pdf_options_set_tsa_url(options, "http://127.0.0.1:9/tsa"));
    CHECK_STATUS(KYSO_ERROR_NETWORK, kyso_pdf_sign_file(signer, sample.s, out.s, options, 0));
    CHECK(!capi_exists(out.s));
    CHECK_OK(kyso_pdf_options_destroy(options));
    CHECK_OK(kyso_signer_destroy(signer));
}

static void failures(void) {
    kyso_signer_t signer = open_p12("hospital-rsa");
    kyso_pdf_options_t options = NULL;
    capi_text sample = capi_sample("record-sample.pdf");
    capi_text malformed = capi_join(g_dir.s, "malformed.pdf");
    capi_text out = capi_join(g_dir.s, "out.pdf");
    capi_text missing_image = capi_join(g_dir.s, "missing.png");

    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_pdf_options_create(NULL));
    CHECK_OK(kyso_pdf_options_create(&options));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_pdf_options_set_visible(options, -1, 0, 0, 100, 50));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_pdf_options_set_visible(options, 1, 0, 0, 0, 50));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_pdf_options_set_visible(options, 1, 0, 0, 100, -5));
    CHECK_MESSAGE("positive width and height");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_pdf_options_set_certify(options, 4));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_pdf_options_set_level(options, 2));
    CHECK_MESSAGE("unknown PAdES level 2");

    CHECK(capi_write(malformed.s, "%PDF-1.7\nnot really\n", 20));
    CHECK_STATUS(KYSO_ERROR_MALFORMED_PDF, kyso_pdf_sign_file(signer, malformed.s, out.s, NULL, 0));
    CHECK_STATUS(KYSO_ERROR_IO, kyso_pdf_sign_file(signer, "/nonexistent/record.pdf", out.s, NULL, 0));
    CHECK_OK(kyso_pdf_options_set_visible(options, 1, 36, 36, 200, 60));
    CHECK_OK(kyso_pdf_options_set_image(options, missing_image.s));
    CHECK_STATUS(KYSO_ERROR_IO, kyso_pdf_sign_file(signer, sample.s, out.s, options, 0));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_pdf_sign_file(signer, sample.s, out.s, NULL, 0x10u));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_pdf_sign_file(signer, NULL, out.s, NULL, 0));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_pdf_sign_file(signer, sample.s, NULL, NULL, 0));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_pdf_sign_file(NULL, sample.s, out.s, NULL, 0));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE,
                 kyso_pdf_sign_file(signer, sample.s, out.s, (kyso_pdf_options_t)(void*)signer, 0));
    CHECK(!capi_exists(out.s));

    /* Every setter refuses a NULL handle. */
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_pdf_options_set_field(NULL, "x"));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_pdf_options_set_visible(NULL, 1, 0, 0, 10, 10));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_pdf_options_set_name(NULL, "x"));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_pdf_options_set_title(NULL, "x"));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_pdf_options_set_reason(NULL, "x"));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_pdf_options_set_location(NULL, "x"));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_pdf_options_set_image(NULL, "x"));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_pdf_options_set_certify(NULL, 1));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_pdf_options_set_level(NULL, 0));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_pdf_options_set_tsa_url(NULL, "x"));

    CHECK_OK(kyso_pdf_options_destroy(options));
    CHECK_OK(kyso_signer_destroy(signer));
}

int main(void) {
    CHECK_OK(kyso_init());
    g_dir = capi_tempdir();
    signs_with_every_option();
    timestamp_level();
    failures();
    CHECK_OK(kyso_shutdown());
    return capi_finish();
}
