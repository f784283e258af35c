/* The C API's rules (kyso.h): initialisation, versions, status names and the last error, buffers, and
 * handle checks (NULL, destroyed, garbage, wrong type) for every handle type. */
#include "support.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static void before_init_everything_is_usage(void) {
    kyso_buffer_t buffer = NULL;
    /* These work without kyso_init. */
    CHECK(kyso_version() != NULL && kyso_version()[0] != '\0');
    CHECK(kyso_api_version() == KYSO_API_VERSION);
    CHECK_OK(kyso_supports_api(KYSO_API_VERSION));
    CHECK_OK(kyso_buffer_destroy(NULL));
    /* The rest does not. */
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_buffer_create(&buffer));
    CHECK_MESSAGE("kyso_init has not been called");
    CHECK(buffer == NULL);
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_shutdown());
    CHECK_MESSAGE("no kyso_init to match");
}

static void init_is_reference_counted(void) {
    kyso_buffer_t buffer = NULL;
    CHECK_OK(kyso_init());
    CHECK_OK(kyso_init());
    CHECK_OK(kyso_shutdown());
    /* One kyso_init is still open. */
    CHECK_OK(kyso_buffer_create(&buffer));
    CHECK_OK(kyso_shutdown());
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_buffer_data(buffer, NULL, NULL));
    /* Handles made before the shutdown are still released. */
    CHECK_OK(kyso_buffer_destroy(buffer));
    CHECK_OK(kyso_init());
}

static void versions(void) {
    CHECK_STR(KYSO_TEST_VERSION, kyso_version());
    CHECK(kyso_api_version() == 1);
    CHECK_OK(kyso_supports_api(1));
    CHECK_STATUS(KYSO_ERROR_UNSUPPORTED, kyso_supports_api(0));
    CHECK_MESSAGE("API version 0 is not implemented");
    CHECK_STATUS(KYSO_ERROR_UNSUPPORTED, kyso_supports_api(KYSO_API_VERSION + 1));
    /* A successful call clears the last error. */
    CHECK_OK(kyso_supports_api(KYSO_API_VERSION));
    CHECK_STR("", kyso_last_error());
}

static void status_names(void) {
    CHECK_STR("ok", kyso_error_name(KYSO_OK));
    CHECK_STR("internal", kyso_error_name(KYSO_ERROR_INTERNAL));
    CHECK_STR("usage", kyso_error_name(KYSO_ERROR_USAGE));
    CHECK_STR("io", kyso_error_name(KYSO_ERROR_IO));
    CHECK_STR("malformed_xml", kyso_error_name(KYSO_ERROR_MALFORMED_XML));
    CHECK_STR("malformed_pdf", kyso_error_name(KYSO_ERROR_MALFORMED_PDF));
    CHECK_STR("unsupported", kyso_error_name(KYSO_ERROR_UNSUPPORTED));
    CHECK_STR("profile_violation", kyso_error_name(KYSO_ERROR_PROFILE_VIOLATION));
    CHECK_STR("already_signed", kyso_error_name(KYSO_ERROR_ALREADY_SIGNED));
    CHECK_STR("keyspec_invalid", kyso_error_name(KYSO_ERROR_KEYSPEC_INVALID));
    CHECK_STR("module_load_failed", kyso_error_name(KYSO_ERROR_MODULE_LOAD_FAILED));
    CHECK_STR("token_not_present", kyso_error_name(KYSO_ERROR_TOKEN_NOT_PRESENT));
    CHECK_STR("pin_required", kyso_error_name(KYSO_ERROR_PIN_REQUIRED));
    CHECK_STR("pin_incorrect", kyso_error_name(KYSO_ERROR_PIN_INCORRECT));
    CHECK_STR("pin_locked", kyso_error_name(KYSO_ERROR_PIN_LOCKED));
    CHECK_STR("key_not_found", kyso_error_name(KYSO_ERROR_KEY_NOT_FOUND));
    CHECK_STR("mechanism_unsupported", kyso_error_name(KYSO_ERROR_MECHANISM_UNSUPPORTED));
    CHECK_STR("token_error", kyso_error_name(KYSO_ERROR_TOKEN_ERROR));
    CHECK_STR("signature_check_failed", kyso_error_name(KYSO_ERROR_SIGNATURE_CHECK_FAILED));
    CHECK_STR("certificate_invalid", kyso_error_name(KYSO_ERROR_CERTIFICATE_INVALID));
    CHECK_STR("network", kyso_error_name(KYSO_ERROR_NETWORK));
    CHECK_STR("tsa_rejected", kyso_error_name(KYSO_ERROR_TSA_REJECTED));
    CHECK_STR("cancelled", kyso_error_name(KYSO_ERROR_CANCELLED));
    CHECK_STR("output_exists", kyso_error_name(KYSO_ERROR_OUTPUT_EXISTS));
    CHECK_STR("revocation_invalid", kyso_error_name(KYSO_ERROR_REVOCATION_INVALID));
    CHECK_STR("evidence_invalid", kyso_error_name(KYSO_ERROR_EVIDENCE_INVALID));
    CHECK_STR("invalid_handle", kyso_error_name(KYSO_ERROR_INVALID_HANDLE));
    CHECK_STR("buffer_too_small", kyso_error_name(KYSO_ERROR_BUFFER_TOO_SMALL));
    CHECK(kyso_error_name(1) == NULL);
    CHECK(kyso_error_name(KYSO_ERROR_EVIDENCE_INVALID - 1) == NULL);
    CHECK(kyso_error_name(-999) == NULL);
}

static void buffers(void) {
    kyso_buffer_t buffer = NULL;
    const uint8_t* data = NULL;
    size_t len = 99;
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_buffer_create(NULL));
    CHECK_MESSAGE("'out' is NULL");
    CHECK_OK(kyso_buffer_create(&buffer));
    CHECK_OK(kyso_buffer_data(buffer, &data, &len));
    CHECK(data != NULL && len == 0);
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_buffer_data(buffer, NULL, &len));
    CHECK_MESSAGE("'data' is NULL");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_buffer_data(buffer, &data, NULL));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_buffer_data(NULL, &data, &len));
    CHECK_MESSAGE("the kyso_buffer_t is NULL");
    CHECK_OK(kyso_buffer_destroy(buffer));
}

/* A structure that is no handle: readable memory without a magic number. */
struct junk {
    uint32_t words[32];
};

static void handle_checks(void) {
    kyso_buffer_t buffer = NULL, stale = NULL;
    kyso_pdf_options_t options = NULL;
    kyso_verify_ctx_t ctx = NULL;
    kyso_batch_result_t result = NULL;
    struct junk junk;
    const uint8_t* data = NULL;
    size_t len = 0, n = 0;
    memset(&junk, 0x5a, sizeof junk);

    /* A destroyed handle: never read again (ASan would see a use after free), refused. */
    CHECK_OK(kyso_buffer_create(&stale));
    CHECK_OK(kyso_buffer_destroy(stale));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_buffer_data(stale, &data, &len));
    CHECK_MESSAGE("is not a live kyso_buffer_t");
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_buffer_destroy(stale));

    CHECK_OK(kyso_buffer_create(&buffer));
    CHECK_OK(kyso_pdf_options_create(&options));
    CHECK_OK(kyso_verify_ctx_create(&ctx));
    CHECK_OK(kyso_batch_result_create(&result));

    /* Garbage: readable memory with no magic, and a wild pointer nothing lives at. */
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_buffer_data((kyso_buffer_t)(void*)&junk, &data, &len));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_buffer_data((kyso_buffer_t)(uintptr_t)0x10, &data, &len));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_signer_subject((kyso_signer_t)(void*)&junk, NULL, &len));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_pdf_options_set_name((kyso_pdf_options_t)(void*)&junk, "x"));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_verify_ctx_set_offline((kyso_verify_ctx_t)(void*)&junk, 1));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_document_count((kyso_report_t)(void*)&junk, &n));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE,
                 kyso_batch_result_counts((kyso_batch_result_t)(void*)&junk, &n, &n, &n, &n));
    /* Destroying garbage is refused too, and frees nothing. */
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_buffer_destroy((kyso_buffer_t)(void*)&junk));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_signer_destroy((kyso_signer_t)(void*)&junk));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_destroy((kyso_report_t)(uintptr_t)0x10));

    /* The wrong type: each handle where another is expected, destroy included. */
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_buffer_data((kyso_buffer_t)(void*)options, &data, &len));
    CHECK_MESSAGE("is a kyso_pdf_options_t, not a kyso_buffer_t");
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_signer_subject((kyso_signer_t)(void*)buffer, NULL, &len));
    CHECK_MESSAGE("is a kyso_buffer_t, not a kyso_signer_t");
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_pdf_options_set_name((kyso_pdf_options_t)(void*)ctx, "x"));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_verify_ctx_set_offline((kyso_verify_ctx_t)(void*)result, 1));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_document_count((kyso_report_t)(void*)ctx, &n));
    CHECK_MESSAGE("is a kyso_verify_ctx_t, not a kyso_report_t");
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE,
                 kyso_batch_result_counts((kyso_batch_result_t)(void*)buffer, &n, &n, &n, &n));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_verify_ctx_destroy((kyso_verify_ctx_t)(void*)buffer));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_pdf_options_destroy((kyso_pdf_options_t)(void*)result));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_batch_result_destroy((kyso_batch_result_t)(void*)options));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_xml_sign_buffer((kyso_signer_t)(void*)ctx, NULL, 0, NULL, buffer));

    /* _destroy(NULL) is a no-op for every type. */
    CHECK_OK(kyso_buffer_destroy(NULL));
    CHECK_OK(kyso_signer_destroy(NULL));
    CHECK_OK(kyso_pdf_options_destroy(NULL));
    CHECK_OK(kyso_verify_ctx_destroy(NULL));
    CHECK_OK(kyso_report_destroy(NULL));
    CHECK_OK(kyso_batch_result_destroy(NULL));

    /* Every handle, destroyed once, is refused the second time. */
    CHECK_OK(kyso_buffer_destroy(buffer));
    CHECK_OK(kyso_pdf_options_destroy(options));
    CHECK_OK(kyso_verify_ctx_destroy(ctx));
    CHECK_OK(kyso_batch_result_destroy(result));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_buffer_destroy(buffer));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_pdf_options_destroy(options));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_verify_ctx_destroy(ctx));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_batch_result_destroy(result));
}

/* The last error belongs to the thread and the call: one failure, then a success clears it. */
static void last_error_follows_calls(void) {
    kyso_buffer_t buffer = NULL;
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_buffer_create(NULL));
    CHECK_MESSAGE("kyso_buffer_create");
    CHECK_MESSAGE("[usage]");
    CHECK_OK(kyso_buffer_create(&buffer));
    CHECK_STR("", kyso_last_error());
    CHECK_OK(kyso_buffer_destroy(buffer));
}

int main(void) {
    before_init_everything_is_usage();
    CHECK_OK(kyso_init());
    init_is_reference_counted();
    versions();
    status_names();
    buffers();
    handle_checks();
    last_error_follows_calls();
    CHECK_OK(kyso_shutdown());
    return capi_finish();
}
