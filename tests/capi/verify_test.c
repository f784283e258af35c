/* Verification through the C API: the context, files, directories and buffers, every report accessor,
 * the JSON (the same bytes as `kyso verify --json`), the text and HTML reports, and every failure. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AT "2026-11-22T08:00:00Z"

static capi_text g_dir, g_signed, g_tampered, g_malformed;

/* The sample claims signed by the doctor's key (title, CCCD and MST in its subject), a tampered copy and
 * a file that is no XML. */
static void make_inputs(void) {
    kyso_signer_t signer = NULL;
    unsigned char* data;
    size_t len = 0;
    char* at;
    capi_text keyspec = capi_p12("doctor-rsa");
    g_dir = capi_tempdir();
    g_signed = capi_join(g_dir.s, "signed.xml");
    g_tampered = capi_join(g_dir.s, "tampered.xml");
    g_malformed = capi_join(g_dir.s, "zz-malformed.xml");
    CHECK_OK(kyso_signer_open(&signer, keyspec.s, CAPI_P12_PASS, NULL, NULL));
    CHECK_OK(kyso_xml_sign_file(signer, capi_sample("claims-4750-sample.xml").s, g_signed.s, NULL, 0));
    CHECK_OK(kyso_signer_destroy(signer));
    data = capi_read(g_signed.s, &len);
    CHECK(data != NULL);
    at = strstr((char*)data, "<MACSKCB>99999<");
    CHECK(at != NULL);
    if (at != NULL) at[13] = '8';
    CHECK(capi_write(g_tampered.s, data, len));
    free(data);
    CHECK(capi_write(g_malformed.s, "<GIAMDINHHS>", 12));
}

static kyso_verify_ctx_t trusting_ctx(void) {
    kyso_verify_ctx_t ctx = NULL;
    CHECK_OK(kyso_verify_ctx_create(&ctx));
    CHECK_OK(kyso_verify_ctx_add_trust(ctx, capi_pki("root.cert.pem").s));
    CHECK_OK(kyso_verify_ctx_add_untrusted(ctx, capi_pki("ca.cert.pem").s));
    CHECK_OK(kyso_verify_ctx_set_time(ctx, AT));
    CHECK_OK(kyso_verify_ctx_set_offline(ctx, 1));
    return ctx;
}

static void check_signer(kyso_report_t report, size_t doc, int attr, const char* expected) {
    char value[512];
    size_t len = sizeof value;
    CHECK_OK(kyso_report_signature_signer(report, doc, 0, attr, value, &len));
    CHECK_STR(expected, value);
}

static void one_document(kyso_report_t report, const char* path, int indication, int sub_indication) {
    char text[1024];
    size_t n = 0, len = sizeof text;
    int ind = -1, sub = -1, status = -1, source = -1;
    CHECK_OK(kyso_report_document_count(report, &n));
    CHECK(n == 1);
    CHECK_OK(kyso_report_document_path(report, 0, text, &len));
    CHECK_STR(path, text);
    len = sizeof text;
    CHECK_OK(kyso_report_document_format(report, 0, text, &len));
    CHECK_STR("xml", text);
    len = sizeof text;
    CHECK_OK(kyso_report_document_profile(report, 0, text, &len));
    CHECK_STR("claims", text);
    len = sizeof text;
    CHECK_OK(kyso_report_document_error(report, 0, &status, text, &len));
    CHECK(status == KYSO_OK);
    CHECK_STR("", text);
    CHECK_OK(kyso_report_signature_count(report, 0, &n));
    CHECK(n == 1);
    CHECK_OK(kyso_report_signature_indication(report, 0, 0, &ind, &sub));
    CHECK(ind == indication);
    CHECK(sub == sub_indication);
    len = sizeof text;
    CHECK_OK(kyso_report_signature_scope(report, 0, 0, text, &len));
    CHECK_STR("the whole document except its enveloped Signature", text);
    /* XML-DSig of the claims profile carries no signing time. */
    len = sizeof text;
    CHECK_OK(kyso_report_signature_time(report, 0, 0, &source, text, &len));
    CHECK(source == KYSO_TIME_NONE);
    CHECK_STR("", text);
}

static void passes_with_identity(void) {
    kyso_verify_ctx_t ctx = trusting_ctx();
    kyso_report_t report = NULL;
    size_t n = 99;
    CHECK_OK(kyso_verify_file(ctx, g_signed.s, &report));
    one_document(report, g_signed.s, KYSO_TOTAL_PASSED, KYSO_SUB_NONE);
    check_signer(report, 0, KYSO_SIGNER_MST, "0101234567-001");
    check_signer(report, 0, KYSO_SIGNER_CCCD, "079185012345");
    check_signer(report, 0, KYSO_SIGNER_CMND, "");
    check_signer(report, 0, KYSO_SIGNER_TITLE, "Bác sĩ");
    check_signer(report, 0, KYSO_SIGNER_COMMON_NAME, "Nguyễn Thị Hồng Nhung, A101.0001 - 003848/HCM-CCHN");
    check_signer(report, 0, KYSO_SIGNER_ISSUER, "CN=Kyso Test Issuing CA");
    {
        char value[1024];
        size_t len = sizeof value;
        CHECK_OK(kyso_report_signature_signer(report, 0, 0, KYSO_SIGNER_SUBJECT, value, &len));
        CHECK(strstr(value, "CN=Nguyễn Thị Hồng Nhung") != NULL && strstr(value, "C=VN") != NULL);
        len = sizeof value;
        CHECK_OK(kyso_report_signature_signer(report, 0, 0, KYSO_SIGNER_SERIAL, value, &len));
        CHECK(strlen(value) > 0 && strspn(value, "0123456789abcdefABCDEF") == strlen(value));
        len = sizeof value;
        CHECK_OK(kyso_report_signature_signer(report, 0, 0, KYSO_SIGNER_SHA256_FINGERPRINT, value, &len));
        CHECK(strlen(value) == 64);
    }
    CHECK_OK(kyso_report_signature_message_count(report, 0, 0, KYSO_MESSAGE_ERROR, &n));
    CHECK(n == 0);
    CHECK_OK(kyso_report_destroy(report));
    CHECK_OK(kyso_verify_ctx_destroy(ctx));
    /* Destroyed handles are refused, not read. */
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_document_count(report, &n));
    CHECK_MESSAGE("is not a live kyso_report_t");
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_verify_file(ctx, g_signed.s, &report));
    CHECK(report == NULL);
}

static void verdicts(void) {
    kyso_verify_ctx_t ctx = trusting_ctx();
    kyso_verify_ctx_t untrusting = NULL;
    kyso_report_t report = NULL;
    char text[2048];
    size_t n = 0, len = sizeof text;
    int ind = -1, sub = -1, status = 0;

    /* Tampered: TOTAL_FAILED/HASH_FAILURE, with an error message. */
    CHECK_OK(kyso_verify_file(ctx, g_tampered.s, &report));
    one_document(report, g_tampered.s, KYSO_TOTAL_FAILED, KYSO_SUB_HASH_FAILURE);
    CHECK_OK(kyso_report_signature_message_count(report, 0, 0, KYSO_MESSAGE_ERROR, &n));
    CHECK(n >= 1);
    CHECK_OK(kyso_report_signature_message(report, 0, 0, KYSO_MESSAGE_ERROR, 0, text, &len));
    CHECK(strlen(text) > 0);
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_report_signature_message(report, 0, 0, KYSO_MESSAGE_ERROR, n, text, &len));
    CHECK_MESSAGE("does not exist");
    CHECK_OK(kyso_report_destroy(report));

    /* Nothing trusted: INDETERMINATE/NO_CERTIFICATE_CHAIN_FOUND, with a warning or an error saying why. */
    CHECK_OK(kyso_verify_ctx_create(&untrusting));
    CHECK_OK(kyso_verify_file(untrusting, g_signed.s, &report));
    CHECK_OK(kyso_report_signature_indication(report, 0, 0, &ind, &sub));
    CHECK(ind == KYSO_INDETERMINATE && sub == KYSO_SUB_NO_CERTIFICATE_CHAIN_FOUND);
    CHECK_OK(kyso_report_signature_message_count(report, 0, 0, KYSO_MESSAGE_WARNING, &n));
    {
        size_t errors = 0;
        CHECK_OK(kyso_report_signature_message_count(report, 0, 0, KYSO_MESSAGE_ERROR, &errors));
        CHECK(n + errors >= 1);
    }
    CHECK_OK(kyso_report_destroy(report));
    CHECK_OK(kyso_verify_ctx_destroy(untrusting));

    /* After the certificate expired (2040), with nothing proving the signature existed before. */
    CHECK_OK(kyso_verify_ctx_set_time(ctx, "2041-01-01T00:00:00Z"));
    CHECK_OK(kyso_verify_file(ctx, g_signed.s, &report));
    CHECK_OK(kyso_report_signature_indication(report, 0, 0, &ind, &sub));
    CHECK(ind == KYSO_INDETERMINATE && sub == KYSO_SUB_OUT_OF_BOUNDS_NO_POE);
    CHECK_OK(kyso_report_destroy(report));

    /* Unreadable: the call succeeds, the document says why. */
    CHECK_OK(kyso_verify_file(ctx, g_malformed.s, &report));
    len = sizeof text;
    CHECK_OK(kyso_report_document_error(report, 0, &status, text, &len));
    CHECK(status == KYSO_ERROR_MALFORMED_XML);
    CHECK(strlen(text) > 0);
    CHECK_OK(kyso_report_signature_count(report, 0, &n));
    CHECK(n == 0);
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_report_signature_indication(report, 0, 0, &ind, &sub));
    CHECK_MESSAGE("signature 0 of document 0 does not exist");
    CHECK_OK(kyso_report_destroy(report));
    CHECK_OK(kyso_verify_ctx_destroy(ctx));
}

static void directory_and_buffer(void) {
    kyso_verify_ctx_t ctx = trusting_ctx();
    kyso_report_t report = NULL;
    unsigned char* data;
    char text[4096];
    size_t n = 0, len = 0;
    int ind = -1, sub = -1, status = 0;

    /* A directory: every *.xml and *.pdf, by path. */
    CHECK_OK(kyso_verify_file(ctx, g_dir.s, &report));
    CHECK_OK(kyso_report_document_count(report, &n));
    CHECK(n == 3);
    len = sizeof text;
    CHECK_OK(kyso_report_document_path(report, 0, text, &len));
    CHECK_STR(g_signed.s, text);
    len = sizeof text;
    CHECK_OK(kyso_report_document_path(report, 2, text, &len));
    CHECK_STR(g_malformed.s, text);
    CHECK_OK(kyso_report_signature_indication(report, 1, 0, &ind, &sub));
    CHECK(ind == KYSO_TOTAL_FAILED);
    len = sizeof text;
    CHECK_OK(kyso_report_document_error(report, 2, &status, text, &len));
    CHECK(status == KYSO_ERROR_MALFORMED_XML);
    CHECK_OK(kyso_report_destroy(report));

    /* The same document from memory, named as asked. */
    data = capi_read(g_signed.s, &len);
    CHECK_OK(kyso_verify_buffer(ctx, data, len, "in-memory.xml", &report));
    one_document(report, "in-memory.xml", KYSO_TOTAL_PASSED, KYSO_SUB_NONE);
    CHECK_OK(kyso_report_destroy(report));
    CHECK_OK(kyso_verify_buffer(ctx, data, 40, NULL, &report));
    len = sizeof text;
    CHECK_OK(kyso_report_document_path(report, 0, text, &len));
    CHECK_STR("", text);
    len = sizeof text;
    CHECK_OK(kyso_report_document_error(report, 0, &status, text, &len));
    CHECK(status == KYSO_ERROR_MALFORMED_XML);
    CHECK_OK(kyso_report_destroy(report));
    free(data);
    CHECK_OK(kyso_verify_ctx_destroy(ctx));
}

/* The JSON is what `kyso verify --json` prints, byte for byte (less its final newline). */
static void json_like_the_cli(void) {
    kyso_verify_ctx_t ctx = trusting_ctx();
    kyso_report_t report = NULL;
    kyso_buffer_t json = NULL;
    capi_text cli_out = capi_join(g_dir.s, "cli.json");
    capi_text cmd;
    unsigned char* cli;
    char* mine;
    size_t cli_len = 0;

    CHECK_OK(kyso_buffer_create(&json));
    CHECK_OK(kyso_verify_file(ctx, g_signed.s, &report));
    CHECK_OK(kyso_report_json(report, json));
    mine = capi_buffer_text(json);
    cmd = capi_format("%s verify '%s' --trust '%s' --untrusted '%s' --at " AT " --offline --no-cache --json > '%s'",
                      capi_cli(), g_signed.s, capi_pki("root.cert.pem").s, capi_pki("ca.cert.pem").s, cli_out.s);
    CHECK(capi_run(cmd.s) == 0);
    cli = capi_read(cli_out.s, &cli_len);
    CHECK(cli != NULL && mine != NULL);
    if (cli != NULL && mine != NULL) {
        CHECK(cli_len == strlen(mine) + 1 && cli[cli_len - 1] == '\n');
        CHECK(memcmp(cli, mine, strlen(mine)) == 0);
        CHECK(strstr(mine, "\"indication\": \"TOTAL_PASSED\"") != NULL);
    }
    free(cli);
    free(mine);
    CHECK_OK(kyso_report_destroy(report));
    CHECK_OK(kyso_buffer_destroy(json));
    CHECK_OK(kyso_verify_ctx_destroy(ctx));
}

static void text_and_html(void) {
    kyso_verify_ctx_t ctx = trusting_ctx();
    kyso_report_t report = NULL;
    kyso_buffer_t vi = NULL, en = NULL, def = NULL;
    char *vi_text, *en_text, *def_text;
    CHECK_OK(kyso_buffer_create(&vi));
    CHECK_OK(kyso_buffer_create(&en));
    CHECK_OK(kyso_buffer_create(&def));
    CHECK_OK(kyso_verify_file(ctx, g_signed.s, &report));

    CHECK_OK(kyso_report_text(report, "vi", vi));
    CHECK_OK(kyso_report_text(report, "en", en));
    CHECK_OK(kyso_report_text(report, NULL, def));
    vi_text = capi_buffer_text(vi);
    en_text = capi_buffer_text(en);
    def_text = capi_buffer_text(def);
    CHECK(strstr(vi_text, "signed.xml") != NULL && strstr(en_text, "signed.xml") != NULL);
    CHECK(strcmp(vi_text, en_text) != 0);
    CHECK_STR(vi_text, def_text);
    free(vi_text);
    free(en_text);
    free(def_text);

    CHECK_OK(kyso_report_html(report, "en", en));
    CHECK_OK(kyso_report_html(report, NULL, vi));
    en_text = capi_buffer_text(en);
    vi_text = capi_buffer_text(vi);
    CHECK(strncmp(en_text, "<!DOCTYPE html>", 15) == 0 && strstr(en_text, "lang=\"en\"") != NULL);
    CHECK(strstr(vi_text, "lang=\"vi\"") != NULL);
    free(en_text);
    free(vi_text);

    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_report_text(report, "fr", vi));
    CHECK_MESSAGE("unknown language 'fr'");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_report_html(report, "fr", vi));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_text(NULL, "vi", vi));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_html(NULL, "vi", vi));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_json(NULL, vi));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_text(report, "vi", NULL));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_html(report, "vi", NULL));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_json(report, NULL));

    CHECK_OK(kyso_report_destroy(report));
    CHECK_OK(kyso_buffer_destroy(vi));
    CHECK_OK(kyso_buffer_destroy(en));
    CHECK_OK(kyso_buffer_destroy(def));
    CHECK_OK(kyso_verify_ctx_destroy(ctx));
}

static void names(void) {
    CHECK_STR("TOTAL_PASSED", kyso_indication_name(KYSO_TOTAL_PASSED));
    CHECK_STR("TOTAL_FAILED", kyso_indication_name(KYSO_TOTAL_FAILED));
    CHECK_STR("INDETERMINATE", kyso_indication_name(KYSO_INDETERMINATE));
    CHECK(kyso_indication_name(3) == NULL && kyso_indication_name(-1) == NULL);
    CHECK_STR("", kyso_sub_indication_name(KYSO_SUB_NONE));
    CHECK_STR("FORMAT_FAILURE", kyso_sub_indication_name(KYSO_SUB_FORMAT_FAILURE));
    CHECK_STR("HASH_FAILURE", kyso_sub_indication_name(KYSO_SUB_HASH_FAILURE));
    CHECK_STR("SIG_CRYPTO_FAILURE", kyso_sub_indication_name(KYSO_SUB_SIG_CRYPTO_FAILURE));
    CHECK_STR("REVOKED", kyso_sub_indication_name(KYSO_SUB_REVOKED));
    CHECK_STR("EXPIRED", kyso_sub_indication_name(KYSO_SUB_EXPIRED));
    CHECK_STR("NOT_YET_VALID", kyso_sub_indication_name(KYSO_SUB_NOT_YET_VALID));
    CHECK_STR("SIG_CONSTRAINTS_FAILURE", kyso_sub_indication_name(KYSO_SUB_SIG_CONSTRAINTS_FAILURE));
    CHECK_STR("CHAIN_CONSTRAINTS_FAILURE", kyso_sub_indication_name(KYSO_SUB_CHAIN_CONSTRAINTS_FAILURE));
    CHECK_STR("CERTIFICATE_CHAIN_GENERAL_FAILURE",
              kyso_sub_indication_name(KYSO_SUB_CERTIFICATE_CHAIN_GENERAL_FAILURE));
    CHECK_STR("CRYPTO_CONSTRAINTS_FAILURE", kyso_sub_indication_name(KYSO_SUB_CRYPTO_CONSTRAINTS_FAILURE));
    CHECK_STR("CRYPTO_CONSTRAINTS_FAILURE_NO_POE",
              kyso_sub_indication_name(KYSO_SUB_CRYPTO_CONSTRAINTS_FAILURE_NO_POE));
    CHECK_STR("NO_SIGNING_CERTIFICATE_FOUND", kyso_sub_indication_name(KYSO_SUB_NO_SIGNING_CERTIFICATE_FOUND));
    CHECK_STR("NO_CERTIFICATE_CHAIN_FOUND", kyso_sub_indication_name(KYSO_SUB_NO_CERTIFICATE_CHAIN_FOUND));
    CHECK_STR("OUT_OF_BOUNDS_NO_POE", kyso_sub_indication_name(KYSO_SUB_OUT_OF_BOUNDS_NO_POE));
    CHECK_STR("TRY_LATER", kyso_sub_indication_name(KYSO_SUB_TRY_LATER));
    CHECK_STR("SIGNED_DATA_NOT_FOUND", kyso_sub_indication_name(KYSO_SUB_SIGNED_DATA_NOT_FOUND));
    CHECK_STR("REVOKED_NO_POE", kyso_sub_indication_name(KYSO_SUB_REVOKED_NO_POE));
    CHECK_STR("NO_POE", kyso_sub_indication_name(KYSO_SUB_NO_POE));
    CHECK(kyso_sub_indication_name(KYSO_SUB_NO_POE + 1) == NULL && kyso_sub_indication_name(-1) == NULL);
}

static void context_settings(void) {
    kyso_verify_ctx_t ctx = NULL;
    kyso_report_t report = (kyso_report_t)(void*)&ctx;
    capi_text cache = capi_join(g_dir.s, "cache");
    capi_text not_a_cert = capi_join(g_dir.s, "not-a-cert.pem");
    char text[64];
    size_t len = sizeof text;

    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_verify_ctx_create(NULL));
    CHECK_OK(kyso_verify_ctx_create(&ctx));
    /* Anchors from a directory (the test PKI: files that hold no certificate are skipped). */
    CHECK_OK(kyso_verify_ctx_add_trust(ctx, capi_pki("").s));
    CHECK_STATUS(KYSO_ERROR_IO, kyso_verify_ctx_add_trust(ctx, "/nonexistent/root.pem"));
    CHECK(capi_write(not_a_cert.s, "hello", 5));
    CHECK_STATUS(KYSO_ERROR_CERTIFICATE_INVALID, kyso_verify_ctx_add_untrusted(ctx, not_a_cert.s));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_verify_ctx_add_trust(ctx, NULL));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_verify_ctx_add_untrusted(ctx, NULL));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_verify_ctx_set_time(ctx, "yesterday"));
    CHECK_MESSAGE("not an RFC 3339 time");
    CHECK_OK(kyso_verify_ctx_set_time(ctx, NULL));
    CHECK_OK(kyso_verify_ctx_set_offline(ctx, 0));
    CHECK_OK(kyso_verify_ctx_set_cache_dir(ctx, cache.s));
    CHECK_OK(kyso_verify_ctx_set_cache_dir(ctx, NULL));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_verify_ctx_set_profile(ctx, "nonsense"));
    CHECK_OK(kyso_verify_ctx_set_profile(ctx, NULL));

    /* The generic profile, chosen explicitly. */
    CHECK_OK(kyso_verify_ctx_set_profile(ctx, "generic"));
    CHECK_OK(kyso_verify_ctx_set_offline(ctx, 1));
    CHECK_OK(kyso_verify_file(ctx, g_signed.s, &report));
    CHECK_OK(kyso_report_document_profile(report, 0, text, &len));
    CHECK_STR("generic", text);
    /* Out of range, unknown values, NULL outputs, a buffer too small. */
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_report_document_path(report, 1, text, &len));
    CHECK_MESSAGE("document 1 does not exist");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_report_signature_signer(report, 0, 0, 99, text, &len));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_report_signature_message_count(report, 0, 0, 7, &len));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_report_document_count(report, NULL));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_report_signature_count(report, 0, NULL));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_report_signature_indication(report, 0, 0, NULL, NULL));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_report_signature_time(report, 0, 0, NULL, text, &len));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_report_document_error(report, 0, NULL, text, &len));
    len = 3;
    CHECK_STATUS(KYSO_ERROR_BUFFER_TOO_SMALL, kyso_report_document_format(report, 0, text, &len));
    CHECK(len == 4);
    len = 0;
    CHECK_STATUS(KYSO_ERROR_BUFFER_TOO_SMALL, kyso_report_signature_scope(report, 0, 0, NULL, &len));
    CHECK(len > 10);
    CHECK_OK(kyso_report_destroy(report));

    /* NULL handles and arguments. */
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_verify_ctx_add_trust(NULL, "x"));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_verify_ctx_add_untrusted(NULL, "x"));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_verify_ctx_set_time(NULL, AT));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_verify_ctx_set_offline(NULL, 1));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_verify_ctx_set_cache_dir(NULL, "x"));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_verify_ctx_set_profile(NULL, "claims"));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_verify_file(NULL, g_signed.s, &report));
    CHECK(report == NULL);
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_verify_buffer(NULL, (const uint8_t*)"x", 1, "x", &report));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_verify_file(ctx, NULL, &report));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_verify_file(ctx, g_signed.s, NULL));
    CHECK_STATUS(KYSO_ERROR_IO, kyso_verify_file(ctx, "/nonexistent/signed.xml", &report));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_verify_buffer(ctx, NULL, 5, "x", &report));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_verify_buffer(ctx, (const uint8_t*)"x", 1, "x", NULL));
    CHECK(report == NULL);

    /* Every report accessor refuses a NULL report. */
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_document_count(NULL, &len));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_document_path(NULL, 0, text, &len));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_document_format(NULL, 0, text, &len));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_document_profile(NULL, 0, text, &len));
    {
        int a = 0, b = 0;
        CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_document_error(NULL, 0, &a, text, &len));
        CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_signature_count(NULL, 0, &len));
        CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_signature_indication(NULL, 0, 0, &a, &b));
        CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_signature_signer(NULL, 0, 0, 0, text, &len));
        CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_signature_time(NULL, 0, 0, &a, text, &len));
        CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_signature_scope(NULL, 0, 0, text, &len));
        CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_signature_message_count(NULL, 0, 0, 0, &len));
        CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_report_signature_message(NULL, 0, 0, 0, 0, text, &len));
    }
    CHECK_OK(kyso_verify_ctx_destroy(ctx));
}

int main(void) {
    CHECK_OK(kyso_init());
    make_inputs();
    passes_with_identity();
    verdicts();
    directory_and_buffer();
    json_like_the_cli();
    text_and_html();
    names();
    context_settings();
    CHECK_OK(kyso_shutdown());
    return capi_finish();
}
