/* Batch signing through the C API (kyso xml sign): a directory, resuming, overwriting, a list of files,
 * one file, a token with several workers, progress on worker threads, cancellation from the progress
 * callback, inputs that fail, and every accessor of the result. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT 12

struct progress_log {
    size_t calls, last_done, total;
    int ordered;      /* done grew by one at each call */
    size_t cancel_at; /* non-zero: return 1 when done reaches it */
};

static int on_progress(void* user, size_t done, size_t total) {
    struct progress_log* log = (struct progress_log*)user;
    if (done != log->last_done + 1) log->ordered = 0;
    ++log->calls;
    log->last_done = done;
    log->total = total;
    return log->cancel_at != 0 && done >= log->cancel_at;
}

static capi_text g_in;

static void make_inputs(void) {
    capi_text cmd;
    g_in = capi_join(capi_tempdir().s, "in");
    cmd = capi_format("/usr/bin/python3 '" KYSO_SOURCE_DIR
                      "/testdata/gen_claims.py' --out '%s' --count %d --seed 6 >/dev/null",
                      g_in.s, COUNT);
    CHECK(capi_run(cmd.s) == 0);
}

static kyso_signer_t open_p12(void) {
    kyso_signer_t signer = NULL;
    capi_text keyspec = capi_p12("hospital-rsa");
    CHECK_OK(kyso_signer_open(&signer, keyspec.s, CAPI_P12_PASS, NULL, NULL));
    return signer;
}

static void counts(kyso_batch_result_t result, size_t items, size_t signed_count, size_t skipped, size_t failed) {
    size_t i = 99, s = 99, k = 99, f = 99;
    CHECK_OK(kyso_batch_result_counts(result, &i, &s, &k, &f));
    CHECK(i == items);
    CHECK(s == signed_count);
    CHECK(k == skipped);
    CHECK(f == failed);
}

static void directory_resume_overwrite(void) {
    kyso_signer_t signer = open_p12();
    kyso_batch_result_t result = NULL;
    struct progress_log log;
    const char* inputs[1];
    capi_text out = capi_join(capi_tempdir().s, "signed");
    char path[4096], message[256];
    size_t len = sizeof path, i;
    int status = -1, error = -1;
    inputs[0] = g_in.s;

    CHECK_OK(kyso_batch_result_create(&result));
    memset(&log, 0, sizeof log);
    log.ordered = 1;
    CHECK_OK(kyso_xml_sign_batch(signer, inputs, 1, out.s, NULL, 0, 3, on_progress, &log, result));
    CHECK(log.calls == COUNT && log.last_done == COUNT && log.total == COUNT && log.ordered);
    counts(result, COUNT, COUNT, 0, 0);
    for (i = 0; i < COUNT; ++i) {
        CHECK_OK(kyso_batch_result_item(result, i, &status, &error));
        CHECK(status == KYSO_ITEM_SIGNED && error == KYSO_OK);
        len = sizeof path;
        CHECK_OK(kyso_batch_result_item_path(result, i, KYSO_ITEM_OUTPUT, path, &len));
        CHECK(strncmp(path, out.s, strlen(out.s)) == 0 && capi_exists(path));
        len = sizeof message;
        CHECK_OK(kyso_batch_result_item_message(result, i, message, &len));
        CHECK_STR("", message);
    }
    len = sizeof path;
    CHECK_OK(kyso_batch_result_item_path(result, 0, KYSO_ITEM_INPUT, path, &len));
    CHECK_STR(capi_join(g_in.s, "claim_000001.xml").s, path);

    /* Run again: every output is a signed copy by this signer, so everything is skipped. */
    CHECK_OK(kyso_xml_sign_batch(signer, inputs, 1, out.s, NULL, 0, 2, NULL, NULL, result));
    counts(result, COUNT, 0, COUNT, 0);
    CHECK_OK(kyso_batch_result_item(result, 3, &status, &error));
    CHECK(status == KYSO_ITEM_SKIPPED && error == KYSO_OK);
    /* Overwrite: signed again. Without a result handle, only the status. */
    CHECK_OK(kyso_xml_sign_batch(signer, inputs, 1, out.s, "claims", KYSO_SIGN_OVERWRITE, 2, NULL, NULL, result));
    counts(result, COUNT, COUNT, 0, 0);
    CHECK_OK(kyso_xml_sign_batch(signer, inputs, 1, out.s, NULL, 0, 0, NULL, NULL, NULL));

    CHECK_OK(kyso_batch_result_destroy(result));
    CHECK_OK(kyso_signer_destroy(signer));
}

static void cancelled_by_the_callback(void) {
    kyso_signer_t signer = open_p12();
    kyso_batch_result_t result = NULL;
    struct progress_log log;
    const char* inputs[1];
    capi_text out = capi_join(capi_tempdir().s, "signed");
    size_t i, signed_items = 0;
    int status = -1, error = -1;
    inputs[0] = g_in.s;

    CHECK_OK(kyso_batch_result_create(&result));
    memset(&log, 0, sizeof log);
    log.ordered = 1;
    log.cancel_at = 2;
    /* One worker: after the second input the callback says stop; nothing else is started. */
    CHECK_STATUS(KYSO_ERROR_CANCELLED,
                 kyso_xml_sign_batch(signer, inputs, 1, out.s, NULL, 0, 1, on_progress, &log, result));
    CHECK_MESSAGE("10 of 12 inputs were not signed");
    CHECK(log.calls == 2);
    counts(result, COUNT, 2, 0, COUNT - 2);
    for (i = 0; i < COUNT; ++i) {
        CHECK_OK(kyso_batch_result_item(result, i, &status, &error));
        if (status == KYSO_ITEM_SIGNED)
            ++signed_items;
        else
            CHECK(status == KYSO_ITEM_FAILED && error == KYSO_ERROR_CANCELLED);
    }
    CHECK(signed_items == 2);
    CHECK(capi_exists(capi_join(out.s, "claim_000002.xml").s));
    CHECK(!capi_exists(capi_join(out.s, "claim_000003.xml").s));
    CHECK_OK(kyso_batch_result_destroy(result));
    CHECK_OK(kyso_signer_destroy(signer));
}

static void failing_inputs(void) {
    kyso_signer_t signer = open_p12();
    kyso_batch_result_t result = NULL;
    capi_text dir = capi_tempdir();
    capi_text in = capi_join(dir.s, "in");
    capi_text out = capi_join(dir.s, "out");
    capi_text good = capi_join(in.s, "a-good.xml");
    capi_text bad = capi_join(in.s, "b-bad.xml");
    capi_text cmd;
    const char* inputs[1];
    char message[1024];
    size_t len = sizeof message;
    int status = -1, error = -1;
    inputs[0] = in.s;

    cmd = capi_format("mkdir -p '%s' && cp '%s' '%s'", in.s, capi_sample("claims-4750-sample.xml").s, good.s);
    CHECK(capi_run(cmd.s) == 0);
    CHECK(capi_write(bad.s, "<GIAMDINHHS>", 12));
    CHECK_OK(kyso_batch_result_create(&result));
    /* The batch goes on past a bad input and returns the first input's failure. */
    CHECK_STATUS(KYSO_ERROR_MALFORMED_XML,
                 kyso_xml_sign_batch(signer, inputs, 1, out.s, NULL, 0, 2, NULL, NULL, result));
    CHECK_MESSAGE("1 of 2 inputs failed; the first:");
    counts(result, 2, 1, 0, 1);
    CHECK_OK(kyso_batch_result_item(result, 1, &status, &error));
    CHECK(status == KYSO_ITEM_FAILED && error == KYSO_ERROR_MALFORMED_XML);
    CHECK_OK(kyso_batch_result_item_message(result, 1, message, &len));
    CHECK(strstr(message, "b-bad.xml") != NULL);

    /* An existing output that is not a signed copy of its input is refused, not replaced. */
    CHECK(capi_write(capi_join(out.s, "a-good.xml").s, "<other/>", 8));
    CHECK_STATUS(KYSO_ERROR_OUTPUT_EXISTS,
                 kyso_xml_sign_batch(signer, inputs, 1, out.s, NULL, 0, 1, NULL, NULL, result));

    /* Accessors out of range, bad values, NULL outputs, small buffers. */
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_batch_result_item(result, 2, &status, &error));
    CHECK_MESSAGE("input 2 does not exist");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_batch_result_item(result, 0, NULL, &error));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_batch_result_item(result, 0, &status, NULL));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_batch_result_item_path(result, 0, 7, message, &len));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_batch_result_item_path(result, 5, KYSO_ITEM_INPUT, message, &len));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_batch_result_item_message(result, 5, message, &len));
    len = 2;
    CHECK_STATUS(KYSO_ERROR_BUFFER_TOO_SMALL, kyso_batch_result_item_path(result, 0, KYSO_ITEM_INPUT, message, &len));
    CHECK(len == strlen(good.s) + 1);
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_batch_result_counts(result, NULL, &len, &len, &len));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_batch_result_counts(NULL, &len, &len, &len, &len));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_batch_result_item(NULL, 0, &status, &error));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_batch_result_item_path(NULL, 0, 0, message, &len));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_batch_result_item_message(NULL, 0, message, &len));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_batch_result_create(NULL));
    CHECK_OK(kyso_batch_result_destroy(result));
    CHECK_OK(kyso_signer_destroy(signer));
}

static void files_and_arguments(void) {
    kyso_signer_t signer = open_p12();
    kyso_batch_result_t result = NULL;
    capi_text dir = capi_tempdir();
    capi_text one = capi_join(g_in.s, "claim_000001.xml");
    capi_text two = capi_join(g_in.s, "claim_000002.xml");
    capi_text single_out = capi_join(dir.s, "single.xml");
    capi_text list_out = capi_join(dir.s, "list");
    const char* single[1];
    const char* list[2];
    const char* with_null[2];
    single[0] = one.s;
    list[0] = one.s;
    list[1] = two.s;
    with_null[0] = one.s;
    with_null[1] = NULL;

    /* One file, out not a directory: out is the signed file. */
    CHECK_OK(kyso_xml_sign_batch(signer, single, 1, single_out.s, NULL, 0, 1, NULL, NULL, NULL));
    CHECK(capi_exists(single_out.s));
    /* A list of files into a directory. */
    CHECK_OK(kyso_xml_sign_batch(signer, list, 2, list_out.s, NULL, 0, 2, NULL, NULL, NULL));
    CHECK(capi_exists(capi_join(list_out.s, "claim_000002.xml").s));

    CHECK_OK(kyso_batch_result_create(&result));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_xml_sign_batch(signer, list, 0, list_out.s, NULL, 0, 1, NULL, NULL, result));
    CHECK_MESSAGE("no inputs");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_xml_sign_batch(signer, NULL, 1, list_out.s, NULL, 0, 1, NULL, NULL, result));
    CHECK_STATUS(KYSO_ERROR_USAGE,
                 kyso_xml_sign_batch(signer, with_null, 2, list_out.s, NULL, 0, 1, NULL, NULL, result));
    CHECK_MESSAGE("'inputs[1]' is NULL");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_xml_sign_batch(signer, list, 2, NULL, NULL, 0, 1, NULL, NULL, result));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_xml_sign_batch(signer, list, 2, list_out.s, "bogus", 0, 1, NULL, NULL, result));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_xml_sign_batch(signer, list, 2, list_out.s, NULL, 0x4u, 1, NULL, NULL, result));
    single[0] = "/nonexistent/claims";
    CHECK_STATUS(KYSO_ERROR_IO, kyso_xml_sign_batch(signer, single, 1, list_out.s, NULL, 0, 1, NULL, NULL, result));
    counts(result, 0, 0, 0, 0);
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE,
                 kyso_xml_sign_batch(NULL, list, 2, list_out.s, NULL, 0, 1, NULL, NULL, NULL));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_xml_sign_batch(signer, list, 2, list_out.s, NULL, 0, 1, NULL, NULL,
                                                                (kyso_batch_result_t)(void*)signer));
    CHECK_OK(kyso_batch_result_destroy(result));
    CHECK_OK(kyso_signer_destroy(signer));
}

/* The token, several workers (one session each), the PIN from the callback: asked once. */
static int token_pin(void* user, int kind, const char* label, char* pin, size_t pin_size) {
    (void)kind;
    (void)label;
    ++*(int*)user;
    snprintf(pin, pin_size, "%s", CAPI_PIN);
    return 0;
}

static void through_the_token(void) {
    kyso_signer_t signer = NULL;
    kyso_batch_result_t result = NULL;
    struct progress_log log;
    capi_text uri = capi_token_uri("benhvien", "hospital-ec", "");
    capi_text out = capi_join(capi_tempdir().s, "signed");
    const char* inputs[1];
    size_t before = capi_login_calls();
    int asked = 0;
    inputs[0] = g_in.s;

    CHECK_OK(kyso_signer_open(&signer, uri.s, NULL, token_pin, &asked));
    CHECK_OK(kyso_batch_result_create(&result));
    memset(&log, 0, sizeof log);
    log.ordered = 1;
    CHECK_OK(kyso_xml_sign_batch(signer, inputs, 1, out.s, NULL, 0, 4, on_progress, &log, result));
    counts(result, COUNT, COUNT, 0, 0);
    CHECK(log.calls == COUNT && log.ordered);
    CHECK(asked == 1);
    CHECK(capi_login_calls() >= before + 1);
    CHECK_OK(kyso_batch_result_destroy(result));
    CHECK_OK(kyso_signer_destroy(signer));
}

int main(void) {
    capi_setup_token();
    CHECK_OK(kyso_init());
    make_inputs();
    directory_resume_overwrite();
    cancelled_by_the_callback();
    failing_inputs();
    files_and_arguments();
    through_the_token();
    CHECK_OK(kyso_shutdown());
    return capi_finish();
}
