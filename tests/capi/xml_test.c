/* Signing XML through the C API: file to file and buffer to buffer give the same bytes as `kyso xml sign`
 * with the same key (RSA PKCS#1 v1.5 is deterministic), from a PKCS#12 file and from the token holding the
 * same key; every failure that can be provoked. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static kyso_signer_t open_p12(const char* name) {
    kyso_signer_t signer = NULL;
    capi_text keyspec = capi_p12(name);
    CHECK_OK(kyso_signer_open(&signer, keyspec.s, CAPI_P12_PASS, NULL, NULL));
    return signer;
}

/* A buffer's bytes into a file. */
static void save(kyso_buffer_t buffer, const char* path) {
    const uint8_t* data = NULL;
    size_t len = 0;
    CHECK_OK(kyso_buffer_data(buffer, &data, &len));
    CHECK(capi_write(path, data, len));
}

static void same_bytes_as_the_cli(void) {
    kyso_signer_t signer = open_p12("hospital-rsa");
    kyso_signer_t token = NULL;
    kyso_buffer_t out = NULL;
    capi_text dir = capi_tempdir();
    capi_text sample = capi_sample("claims-4750-sample.xml");
    capi_text by_file = capi_join(dir.s, "by-file.xml");
    capi_text by_buffer = capi_join(dir.s, "by-buffer.xml");
    capi_text by_cli = capi_join(dir.s, "by-cli.xml");
    capi_text by_token = capi_join(dir.s, "by-token.xml");
    capi_text with_profile = capi_join(dir.s, "with-profile.xml");
    capi_text uri = capi_token_uri("benhvien", "hospital-rsa", "&pin-value=" CAPI_PIN);
    capi_text cmd;
    unsigned char* input;
    size_t input_len = 0;

    CHECK_OK(kyso_xml_sign_file(signer, sample.s, by_file.s, NULL, 0));
    input = capi_read(sample.s, &input_len);
    CHECK(input != NULL);
    CHECK_OK(kyso_buffer_create(&out));
    CHECK_OK(kyso_xml_sign_buffer(signer, input, input_len, NULL, out));
    save(out, by_buffer.s);
    cmd = capi_format("%s xml sign '%s' --out '%s' --key '%s' --pass %s >/dev/null", capi_cli(), sample.s, by_cli.s,
                      capi_p12("hospital-rsa").s, CAPI_P12_PASS);
    CHECK(capi_run(cmd.s) == 0);
    CHECK(capi_same_file(by_file.s, by_cli.s));
    CHECK(capi_same_file(by_buffer.s, by_cli.s));

    /* The token holds the same key: the same bytes again. */
    CHECK_OK(kyso_signer_open(&token, uri.s, NULL, NULL, NULL));
    CHECK_OK(kyso_xml_sign_file(token, sample.s, by_token.s, "claims", 0));
    CHECK(capi_same_file(by_token.s, by_cli.s));
    /* The profile named instead of detected. */
    CHECK_OK(kyso_xml_sign_file(signer, sample.s, with_profile.s, "claims", 0));
    CHECK(capi_same_file(with_profile.s, by_cli.s));

    free(input);
    CHECK_OK(kyso_buffer_destroy(out));
    CHECK_OK(kyso_signer_destroy(token));
    CHECK_OK(kyso_signer_destroy(signer));
}

static void outputs(void) {
    kyso_signer_t signer = open_p12("hospital-ec");
    capi_text dir = capi_tempdir();
    capi_text sample = capi_sample("claims-4750-sample.xml");
    capi_text out = capi_join(dir.s, "nested/dir/signed.xml");
    size_t len = 0;
    unsigned char* first;

    /* The output's directory is made; an existing output is refused unless overwritten. */
    CHECK_OK(kyso_xml_sign_file(signer, sample.s, out.s, NULL, 0));
    first = capi_read(out.s, &len);
    CHECK_STATUS(KYSO_ERROR_OUTPUT_EXISTS, kyso_xml_sign_file(signer, sample.s, out.s, NULL, 0));
    CHECK_MESSAGE("KYSO_SIGN_OVERWRITE");
    CHECK_OK(kyso_xml_sign_file(signer, sample.s, out.s, NULL, KYSO_SIGN_OVERWRITE));
    CHECK(first != NULL && !capi_same_file(out.s, sample.s));
    free(first);
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_xml_sign_file(signer, sample.s, out.s, NULL, 0x2u));
    CHECK_MESSAGE("unknown flags 0x2");

    /* Signing the signed file again: its slot is taken. */
    CHECK_STATUS(KYSO_ERROR_ALREADY_SIGNED,
                 kyso_xml_sign_file(signer, out.s, capi_join(dir.s, "twice.xml").s, NULL, 0));
    /* Nowhere to write. */
    CHECK_STATUS(KYSO_ERROR_IO, kyso_xml_sign_file(signer, sample.s, "/proc/kyso-no/signed.xml", NULL, 0));
    CHECK_OK(kyso_signer_destroy(signer));
}

static void failures(void) {
    kyso_signer_t signer = open_p12("hospital-rsa");
    kyso_buffer_t out = NULL;
    capi_text dir = capi_tempdir();
    capi_text sample = capi_sample("claims-4750-sample.xml");
    capi_text malformed = capi_join(dir.s, "malformed.xml");
    capi_text other_root = capi_join(dir.s, "other.xml");
    capi_text target = capi_join(dir.s, "out.xml");
    const char* broken = "<GIAMDINHHS><THONGTINDONVI>";
    const char* unknown_root = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><HOADON><A>1</A></HOADON>";
    const uint8_t* data = NULL;
    size_t len = 0;

    CHECK_OK(kyso_buffer_create(&out));
    CHECK(capi_write(malformed.s, broken, strlen(broken)));
    CHECK(capi_write(other_root.s, unknown_root, strlen(unknown_root)));

    CHECK_STATUS(KYSO_ERROR_MALFORMED_XML, kyso_xml_sign_file(signer, malformed.s, target.s, NULL, 0));
    CHECK(!capi_exists(target.s));
    CHECK_STATUS(KYSO_ERROR_MALFORMED_XML,
                 kyso_xml_sign_buffer(signer, (const uint8_t*)broken, strlen(broken), NULL, out));
    CHECK_STATUS(KYSO_ERROR_MALFORMED_XML, kyso_xml_sign_buffer(signer, NULL, 0, NULL, out));
    /* A failed call leaves the output buffer as it was. */
    CHECK_OK(kyso_buffer_data(out, &data, &len));
    CHECK(len == 0);
    CHECK_STATUS(KYSO_ERROR_UNSUPPORTED, kyso_xml_sign_file(signer, other_root.s, target.s, NULL, 0));
    CHECK_STATUS(KYSO_ERROR_IO, kyso_xml_sign_file(signer, "/nonexistent/claims.xml", target.s, NULL, 0));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_xml_sign_file(signer, sample.s, target.s, "no-such-profile", 0));
    CHECK_MESSAGE("unknown profile 'no-such-profile'");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_xml_sign_file(signer, sample.s, target.s, "generic", 0));
    CHECK_STATUS(KYSO_ERROR_USAGE,
                 kyso_xml_sign_buffer(signer, (const uint8_t*)broken, strlen(broken), "no-such-profile", out));

    /* NULL arguments and handles. */
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_xml_sign_file(signer, NULL, target.s, NULL, 0));
    CHECK_MESSAGE("'in_path' is NULL");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_xml_sign_file(signer, sample.s, NULL, NULL, 0));
    CHECK_MESSAGE("'out_path' is NULL");
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_xml_sign_file(NULL, sample.s, target.s, NULL, 0));
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_xml_sign_buffer(signer, NULL, 10, NULL, out));
    CHECK_MESSAGE("'data' is NULL");
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_xml_sign_buffer(NULL, (const uint8_t*)broken, 3, NULL, out));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_xml_sign_buffer(signer, (const uint8_t*)broken, 3, NULL, NULL));
    CHECK(!capi_exists(target.s));

    CHECK_OK(kyso_buffer_destroy(out));
    CHECK_OK(kyso_signer_destroy(signer));
}

int main(void) {
    capi_setup_token();
    CHECK_OK(kyso_init());
    same_bytes_as_the_cli();
    outputs();
    failures();
    CHECK_OK(kyso_shutdown());
    return capi_finish();
}
