/* Archive evidence through the C API against a real RFC 3161 TSA on 127.0.0.1 (testdata/tsa_server.py):
 * kyso_archive_create, _export, _append and _verify, their verdicts and every error path. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The first "record_id" of a `kyso archive create --json` text. */
static capi_text first_record_id(const char* json) {
    capi_text id;
    const char* key = "\"record_id\": \"";
    const char* at = json != NULL ? strstr(json, key) : NULL;
    id.s[0] = '\0';
    if (at != NULL && strlen(at + strlen(key)) >= 17) {
        memcpy(id.s, at + strlen(key), 17);
        id.s[17] = '\0';
    }
    return id;
}

/* The "batch_id" of a `kyso archive create --json` text. */
static capi_text batch_id(const char* json) {
    capi_text id;
    const char* key = "\"batch_id\": \"";
    const char* at = json != NULL ? strstr(json, key) : NULL;
    const char* end = at != NULL ? strchr(at + strlen(key), '"') : NULL;
    id.s[0] = '\0';
    if (end != NULL && (size_t)(end - at) < sizeof id.s) {
        const size_t n = (size_t)(end - (at + strlen(key)));
        memcpy(id.s, at + strlen(key), n);
        id.s[n] = '\0';
    }
    return id;
}

static size_t count_of(const char* text, const char* needle) {
    size_t n = 0;
    const char* at = text;
    while (at != NULL && (at = strstr(at, needle)) != NULL) {
        ++n;
        at += strlen(needle);
    }
    return n;
}

static void write_text(const char* path, const char* text) {
    CHECK(capi_write(path, text, strlen(text)));
}

/* A batch of two text notes and a signed claims file, made in dir/NAME from dir/in-NAME. */
static capi_text make_batch(kyso_signer_t signer, const char* dir, const char* name, kyso_buffer_t json) {
    capi_text in = capi_join(dir, capi_format("in-%s", name).s);
    capi_text out = capi_join(dir, name);
    const char* inputs[1];
    CHECK(capi_run(capi_format("mkdir -p '%s'", in.s).s) == 0);
    write_text(capi_join(in.s, "note_0.txt").s, "hồ sơ bệnh án 0\n");
    write_text(capi_join(in.s, "note_1.txt").s, capi_format("hồ sơ bệnh án %s\n", name).s);
    CHECK_OK(kyso_xml_sign_file(signer, capi_sample("claims-4750-sample.xml").s, capi_join(in.s, "claim_001.xml").s,
                                NULL, 0));
    inputs[0] = in.s;
    CHECK_OK(kyso_archive_create(inputs, 1, out.s, capi_tsa_url().s, KYSO_ARCHIVE_GROUP_FILE, json));
    return out;
}

static kyso_verify_ctx_t trusting_context(void) {
    kyso_verify_ctx_t ctx = NULL;
    CHECK_OK(kyso_verify_ctx_create(&ctx));
    CHECK_OK(kyso_verify_ctx_add_trust(ctx, capi_pki("root.cert.pem").s));
    CHECK_OK(kyso_verify_ctx_add_untrusted(ctx, capi_pki("ca.cert.pem").s));
    CHECK_OK(kyso_verify_ctx_set_offline(ctx, 1));
    return ctx;
}

/* Verifies PATH and returns the verdict; json_text (may be NULL) receives the JSON (free() it). */
static int verdict_of(kyso_verify_ctx_t ctx, const char* path, const char* checkpoint, char** json_text) {
    int verdict = -1;
    kyso_buffer_t json = NULL;
    CHECK_OK(kyso_buffer_create(&json));
    CHECK_OK(kyso_archive_verify(ctx, path, checkpoint, &verdict, NULL, json));
    if (json_text != NULL) *json_text = capi_buffer_text(json);
    CHECK_OK(kyso_buffer_destroy(json));
    return verdict;
}

static void test_create(kyso_signer_t signer, const char* dir) {
    kyso_buffer_t json = NULL;
    kyso_verify_ctx_t not_a_buffer = NULL;
    capi_text in = capi_join(dir, "in-create"), out = capi_join(dir, "create-out");
    const char* inputs[2];
    const char* null_input[1] = {NULL};
    char* text;
    CHECK_OK(kyso_buffer_create(&json));
    CHECK_OK(kyso_verify_ctx_create(&not_a_buffer));
    CHECK(capi_run(capi_format("mkdir -p '%s/sub'", in.s).s) == 0);
    write_text(capi_join(in.s, "c1.note.txt").s, "một\n");
    write_text(capi_join(in.s, "c1.scan.txt").s, "hai\n");
    write_text(capi_join(in.s, "sub/c2.txt").s, "ba\n");
    inputs[0] = in.s;
    inputs[1] = capi_join(dir, "no-such-input").s;

    /* Arguments. */
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_create(NULL, 1, out.s, capi_tsa_url().s, 0, NULL));
    CHECK_MESSAGE("'inputs' is NULL");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_create(inputs, 0, out.s, capi_tsa_url().s, 0, NULL));
    CHECK_MESSAGE("no inputs");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_create(null_input, 1, out.s, capi_tsa_url().s, 0, NULL));
    CHECK_MESSAGE("inputs[0]");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_create(inputs, 1, NULL, capi_tsa_url().s, 0, NULL));
    CHECK_MESSAGE("out_dir");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_create(inputs, 1, out.s, NULL, 0, NULL));
    CHECK_MESSAGE("tsa_url");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_create(inputs, 1, out.s, capi_tsa_url().s, 3, NULL));
    CHECK_MESSAGE("group_by");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_create(inputs, 1, out.s, capi_tsa_url().s, -1, NULL));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE,
                 kyso_archive_create(inputs, 1, out.s, capi_tsa_url().s, 0, (kyso_buffer_t)(void*)not_a_buffer));
    /* An input that does not exist, a TSA that refuses: nothing is left behind. */
    CHECK_STATUS(KYSO_ERROR_IO, kyso_archive_create(inputs, 2, out.s, capi_tsa_url().s, 0, NULL));
    CHECK_MESSAGE("no-such-input");
    CHECK(!capi_exists(out.s));
    CHECK_STATUS(KYSO_ERROR_TSA_REJECTED,
                 kyso_archive_create(inputs, 1, out.s, capi_format("%sreject", capi_tsa_url().s).s, 0, NULL));
    CHECK(!capi_exists(out.s));
    CHECK(capi_run(capi_format("test -z \"$(ls -A '%s' | grep -v '^in-create$')\"", dir).s) == 0);

    /* Grouped by stem: c1.note.txt + c1.scan.txt are one record, c2.txt another. */
    CHECK_OK(kyso_archive_create(inputs, 1, out.s, capi_tsa_url().s, KYSO_ARCHIVE_GROUP_STEM, json));
    text = capi_buffer_text(json);
    CHECK(text != NULL && text[0] == '{' && text[strlen(text) - 1] == '}');
    CHECK(count_of(text, "\"record_id\"") == 2);
    CHECK(strstr(text, "c1.scan.txt") != NULL && strstr(text, "\"batch_id\"") != NULL);
    CHECK(strstr(text, "\"gen_time\"") != NULL);
    CHECK(capi_exists(capi_join(out.s, "bagit.txt").s) && capi_exists(capi_join(out.s, "evidence/batch.ers").s));
    free(text);
    /* The same output again. */
    CHECK_STATUS(KYSO_ERROR_OUTPUT_EXISTS, kyso_archive_create(inputs, 1, out.s, capi_tsa_url().s, 0, NULL));

    /* One record per directory: in-create and in-create/sub. The JSON is optional. */
    CHECK_OK(
        kyso_archive_create(inputs, 1, capi_join(dir, "by-dir").s, capi_tsa_url().s, KYSO_ARCHIVE_GROUP_DIR, json));
    text = capi_buffer_text(json);
    CHECK(count_of(text, "\"record_id\"") == 2);
    free(text);
    CHECK_OK(
        kyso_archive_create(inputs, 1, capi_join(dir, "by-file").s, capi_tsa_url().s, KYSO_ARCHIVE_GROUP_FILE, NULL));
    (void)signer;
    CHECK_OK(kyso_buffer_destroy(json));
    CHECK_OK(kyso_verify_ctx_destroy(not_a_buffer));
}

static void test_export_and_verify(kyso_signer_t signer, const char* dir) {
    kyso_buffer_t json = NULL;
    kyso_verify_ctx_t ctx = trusting_context(), untrusting = NULL;
    kyso_report_t report = NULL;
    capi_text batch, record, package = capi_join(dir, "package");
    char* text;
    char* json_text = NULL;
    size_t docs = 0, d, sigs_total = 0;
    int verdict = -1;
    CHECK_OK(kyso_buffer_create(&json));
    batch = make_batch(signer, dir, "batch-x", json);
    text = capi_buffer_text(json);
    record = first_record_id(text);
    CHECK(strlen(record.s) == 17 && record.s[0] == 'r');
    free(text);

    /* Export: arguments, an unknown or malformed record id, a missing batch. */
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_export(NULL, record.s, package.s));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_export(batch.s, NULL, package.s));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_export(batch.s, record.s, NULL));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_export(batch.s, "../../etc", package.s));
    CHECK_MESSAGE("not a record id");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_export(batch.s, "r0000000000000000", package.s));
    CHECK_MESSAGE("no record 'r0000000000000000'");
    CHECK_STATUS(KYSO_ERROR_IO, kyso_archive_export(capi_join(dir, "no-such-batch").s, record.s, package.s));
    CHECK_MESSAGE("no-such-batch");
    CHECK(!capi_exists(package.s));
    CHECK_OK(kyso_archive_export(batch.s, record.s, package.s));
    CHECK(capi_exists(capi_join(package.s, "record.manifest").s));
    CHECK(capi_exists(capi_join(package.s, "SHA256SUMS").s));
    CHECK(capi_exists(capi_join(package.s, capi_format("%s.ers", record.s).s).s));
    CHECK_STATUS(KYSO_ERROR_OUTPUT_EXISTS, kyso_archive_export(batch.s, record.s, package.s));

    /* Verify: arguments and unusable paths. */
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_archive_verify(NULL, batch.s, NULL, &verdict, NULL, NULL));
    CHECK(verdict == KYSO_ARCHIVE_UNREADABLE);
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE,
                 kyso_archive_verify((kyso_verify_ctx_t)(void*)json, batch.s, NULL, &verdict, NULL, NULL));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE,
                 kyso_archive_verify(ctx, batch.s, NULL, &verdict, NULL, (kyso_buffer_t)(void*)ctx));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_verify(ctx, NULL, NULL, &verdict, NULL, NULL));
    CHECK_MESSAGE("'path' is NULL");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_verify(ctx, batch.s, NULL, NULL, NULL, NULL));
    CHECK_MESSAGE("'verdict' is NULL");
    report = (kyso_report_t)(void*)ctx;
    CHECK_STATUS(KYSO_ERROR_IO,
                 kyso_archive_verify(ctx, capi_join(dir, "no-such-dir").s, NULL, &verdict, &report, NULL));
    CHECK_MESSAGE("does not exist");
    CHECK(verdict == KYSO_ARCHIVE_UNREADABLE && report == NULL);
    CHECK_STATUS(KYSO_ERROR_USAGE,
                 kyso_archive_verify(ctx, capi_join(dir, "in-batch-x").s, NULL, &verdict, NULL, NULL));
    CHECK_MESSAGE("neither an archive batch");
    CHECK_STATUS(KYSO_ERROR_USAGE,
                 kyso_archive_verify(ctx, batch.s, capi_join(dir, "some.checkpoint").s, &verdict, NULL, NULL));
    CHECK_MESSAGE("checkpoint");

    /* The batch verifies, with a report of its records and the JSON of the CLI. */
    CHECK_OK(kyso_archive_verify(ctx, batch.s, NULL, &verdict, &report, json));
    CHECK(verdict == KYSO_ARCHIVE_OK);
    CHECK_OK(kyso_report_document_count(report, &docs));
    CHECK(docs == 3);
    for (d = 0; d < docs; ++d) {
        char format[32], path[256];
        size_t len = sizeof format, n = 0;
        CHECK_OK(kyso_report_document_format(report, d, format, &len));
        CHECK_STR("archive-record", format);
        len = sizeof path;
        CHECK_OK(kyso_report_document_path(report, d, path, &len));
        CHECK(strncmp(path, "data/records/r", 14) == 0);
        CHECK_OK(kyso_report_signature_count(report, d, &n));
        if (n == 1) {
            int indication = -1, sub = -1;
            CHECK_OK(kyso_report_signature_indication(report, d, 0, &indication, &sub));
            CHECK(indication == KYSO_TOTAL_PASSED);
        }
        sigs_total += n;
    }
    CHECK(sigs_total == 1); /* the claims file's signature */
    CHECK_OK(kyso_report_destroy(report));
    text = capi_buffer_text(json);
    CHECK(strstr(text, "\"archive\"") != NULL && strstr(text, "\"kind\": \"batch\"") != NULL);
    CHECK(strstr(text, "existed unaltered") != NULL);
    CHECK(text[strlen(text) - 1] == '}');
    free(text);

    /* The package verifies too (no report or JSON wanted). */
    verdict = -1;
    CHECK_OK(kyso_archive_verify(ctx, package.s, NULL, &verdict, NULL, NULL));
    CHECK(verdict == KYSO_ARCHIVE_OK);
    CHECK(verdict_of(ctx, package.s, NULL, &json_text) == KYSO_ARCHIVE_OK);
    CHECK(json_text != NULL && strstr(json_text, "\"kind\": \"package\"") != NULL);
    free(json_text);

    /* Without trust anchors the time-stamp proves nothing: indeterminate. */
    CHECK_OK(kyso_verify_ctx_create(&untrusting));
    CHECK_OK(kyso_verify_ctx_set_offline(untrusting, 1));
    CHECK(verdict_of(untrusting, batch.s, NULL, NULL) == KYSO_ARCHIVE_INDETERMINATE);
    CHECK_OK(kyso_verify_ctx_destroy(untrusting));

    /* One changed byte in a record of the package, then of the batch: failed, the file named. */
    CHECK(capi_run(capi_format("for f in '%s'/*; do case $f in *.ers|*/record.manifest|*/SHA256SUMS|*/README*) ;; "
                               "*) printf x >> \"$f\";; esac; done",
                               package.s)
                       .s) == 0);
    CHECK(verdict_of(ctx, package.s, NULL, NULL) == KYSO_ARCHIVE_FAILED);
    CHECK(capi_run(capi_format("printf x >> \"$(ls -d '%s'/data/records/*/note_1.txt)\"", batch.s).s) == 0);
    CHECK(verdict_of(ctx, batch.s, NULL, &json_text) == KYSO_ARCHIVE_FAILED);
    CHECK(json_text != NULL && strstr(json_text, "CHANGED") != NULL && strstr(json_text, "note_1.txt") != NULL);
    free(json_text);

    CHECK_OK(kyso_buffer_destroy(json));
    CHECK_OK(kyso_verify_ctx_destroy(ctx));
}

static void test_append_and_verify_archive(kyso_signer_t signer, const char* dir) {
    kyso_buffer_t json = NULL;
    kyso_verify_ctx_t ctx = trusting_context();
    kyso_report_t report = NULL;
    capi_text archive = capi_join(dir, "archive"), other = capi_join(dir, "other-archive");
    capi_text a, b, c, x, id_a, auditor = capi_join(dir, "auditor.checkpoint");
    capi_text other_checkpoint = capi_join(dir, "other.checkpoint"), garbage = capi_join(dir, "garbage.checkpoint");
    const char* batches[2];
    const char* null_batch[1] = {NULL};
    char *text, *json_text = NULL;
    int verdict = -1;
    size_t docs = 0;
    CHECK_OK(kyso_buffer_create(&json));
    a = make_batch(signer, dir, "batch-a", json);
    text = capi_buffer_text(json);
    id_a = batch_id(text);
    CHECK(id_a.s[0] != '\0');
    free(text);
    b = make_batch(signer, dir, "batch-b", NULL);
    c = make_batch(signer, dir, "batch-c", NULL);
    x = make_batch(signer, dir, "batch-x", NULL);
    batches[0] = a.s;
    batches[1] = b.s;

    /* Arguments. */
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_archive_append(NULL, archive.s, "bv-capi", batches, 2));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE,
                 kyso_archive_append((kyso_signer_t)(void*)ctx, archive.s, "bv-capi", batches, 2));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_append(signer, NULL, "bv-capi", batches, 2));
    CHECK_MESSAGE("archive_dir");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_append(signer, archive.s, "bv-capi", NULL, 2));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_append(signer, archive.s, "bv-capi", batches, 0));
    CHECK_MESSAGE("no batches");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_append(signer, archive.s, "bv-capi", null_batch, 1));
    /* A new archive needs an origin. */
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_append(signer, archive.s, NULL, batches, 2));
    CHECK_MESSAGE("origin");
    CHECK(capi_exists(a.s) && capi_exists(b.s));

    CHECK_OK(kyso_archive_append(signer, archive.s, "bv-capi", batches, 2));
    CHECK(!capi_exists(a.s) && capi_exists(capi_join(archive.s, capi_format("batches/%s", id_a.s).s).s));
    CHECK(capi_run(capi_format("cp '%s/log/checkpoint' '%s'", archive.s, auditor.s).s) == 0);
    batches[0] = c.s;
    CHECK_OK(kyso_archive_append(signer, archive.s, NULL, batches, 1));
    /* A batch already logged. */
    batches[0] = capi_join(archive.s, capi_format("batches/%s", id_a.s).s).s;
    CHECK_STATUS(KYSO_ERROR_OUTPUT_EXISTS, kyso_archive_append(signer, archive.s, NULL, batches, 1));

    /* The archive verifies, against the auditor's older checkpoint too. */
    CHECK_OK(kyso_archive_verify(ctx, archive.s, NULL, &verdict, &report, NULL));
    CHECK(verdict == KYSO_ARCHIVE_OK);
    CHECK_OK(kyso_report_document_count(report, &docs));
    CHECK(docs == 9);
    CHECK_OK(kyso_report_destroy(report));
    CHECK(verdict_of(ctx, archive.s, auditor.s, &json_text) == KYSO_ARCHIVE_OK);
    CHECK(json_text != NULL && strstr(json_text, "\"kind\": \"archive\"") != NULL);
    CHECK(strstr(json_text, "\"consistent\": true") != NULL);
    free(json_text);

    /* Checkpoints that cannot be used. */
    CHECK_STATUS(KYSO_ERROR_IO,
                 kyso_archive_verify(ctx, archive.s, capi_join(dir, "none.checkpoint").s, &verdict, NULL, NULL));
    CHECK(verdict == KYSO_ARCHIVE_UNREADABLE);
    write_text(garbage.s, "not a checkpoint\n");
    CHECK_STATUS(KYSO_ERROR_EVIDENCE_INVALID, kyso_archive_verify(ctx, archive.s, garbage.s, &verdict, NULL, NULL));
    CHECK_MESSAGE("garbage.checkpoint");

    /* Another archive's checkpoint: the log is not its continuation. */
    batches[0] = x.s;
    CHECK_OK(kyso_archive_append(signer, other.s, "other", batches, 1));
    CHECK(capi_run(capi_format("cp '%s/log/checkpoint' '%s'", other.s, other_checkpoint.s).s) == 0);
    CHECK(verdict_of(ctx, archive.s, other_checkpoint.s, &json_text) == KYSO_ARCHIVE_FAILED);
    CHECK(json_text != NULL && strstr(json_text, "the auditor's checkpoint is of archive other") != NULL);
    free(json_text);

    /* A changed file in one batch of the archive. */
    CHECK(
        capi_run(capi_format("printf x >> \"$(ls -d '%s'/batches/*/data/records/*/note_0.txt | head -n 1)\"", archive.s)
                     .s) == 0);
    CHECK(verdict_of(ctx, archive.s, auditor.s, &json_text) == KYSO_ARCHIVE_FAILED);
    CHECK(json_text != NULL && strstr(json_text, "CHANGED") != NULL);
    free(json_text);

    CHECK_OK(kyso_buffer_destroy(json));
    CHECK_OK(kyso_verify_ctx_destroy(ctx));
}

int main(void) {
    kyso_signer_t signer = NULL;
    capi_text dir;
    int verdict = -1;
    const char* inputs[1] = {"x"};
    /* Before kyso_init. */
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_export("b", "r0000000000000000", "o"));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_create(inputs, 1, "o", "http://127.0.0.1:1/", 0, NULL));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_archive_verify(NULL, "p", NULL, &verdict, NULL, NULL));
    CHECK_MESSAGE("kyso_init");

    CHECK_OK(kyso_init());
    dir = capi_tempdir();
    CHECK_OK(kyso_signer_open(&signer, capi_p12("hospital-rsa").s, CAPI_P12_PASS, NULL, NULL));
    test_create(signer, dir.s);
    test_export_and_verify(signer, dir.s);
    test_append_and_verify_archive(signer, capi_tempdir().s);
    CHECK_OK(kyso_signer_destroy(signer));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_archive_append(signer, "a", "o", inputs, 1));
    CHECK_OK(kyso_shutdown());
    return capi_finish();
}
