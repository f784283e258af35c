/* kyso_signer_t: PKCS#12 files and SoftHSM tokens (behind the proxy that logs C_Login), the PIN
 * callback (given, cancelled, malformed), the certificate and subject into caller buffers, and every
 * failure to open that can be provoked. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the PIN callback answers, and what it was asked. */
struct pin_answer {
    const char* pin; /* NULL: cancel */
    int fill_without_nul;
    int calls;
    int last_kind;
    char last_label[256];
};

static int answer_pin(void* user, int kind, const char* label, char* pin, size_t pin_size) {
    struct pin_answer* a = (struct pin_answer*)user;
    ++a->calls;
    a->last_kind = kind;
    snprintf(a->last_label, sizeof a->last_label, "%s", label);
    if (a->fill_without_nul) {
        memset(pin, '1', pin_size);
        return 0;
    }
    if (a->pin == NULL) return 1;
    snprintf(pin, pin_size, "%s", a->pin);
    return 0;
}

static void pkcs12_with_pass_spec(void) {
    kyso_signer_t signer = NULL;
    capi_text keyspec = capi_p12("hospital-rsa");
    capi_text dir = capi_tempdir();
    capi_text der_path = capi_join(dir.s, "cert.der");
    capi_text cmd;
    char subject[512];
    size_t len = sizeof subject;
    uint8_t small[8];
    uint8_t* der;
    size_t der_len = 0, expected_len = 0;
    unsigned char* expected;

    CHECK_OK(kyso_signer_open(&signer, keyspec.s, CAPI_P12_PASS, NULL, NULL));
    CHECK(signer != NULL);
    CHECK_OK(kyso_signer_subject(signer, subject, &len));
    CHECK(strstr(subject, "CN=") != NULL);
    CHECK(len == strlen(subject) + 1);

    /* The size first (out NULL), then a buffer too small, then the right one. */
    CHECK_STATUS(KYSO_ERROR_BUFFER_TOO_SMALL, kyso_signer_certificate(signer, NULL, &der_len));
    CHECK(der_len > 500);
    len = sizeof small;
    CHECK_STATUS(KYSO_ERROR_BUFFER_TOO_SMALL, kyso_signer_certificate(signer, small, &len));
    CHECK(len == der_len);
    CHECK_MESSAGE("the buffer has 8");
    der = malloc(der_len);
    CHECK_OK(kyso_signer_certificate(signer, der, &der_len));
    /* The same DER as openssl makes of the test PKI's certificate. */
    cmd = capi_format("openssl x509 -in '%s' -outform DER -out '%s'", capi_pki("hospital-rsa.cert.pem").s, der_path.s);
    CHECK(capi_run(cmd.s) == 0);
    expected = capi_read(der_path.s, &expected_len);
    CHECK(expected != NULL && expected_len == der_len && memcmp(expected, der, der_len) == 0);
    free(expected);
    free(der);

    /* A subject buffer one byte short of the NUL. */
    len = 0;
    CHECK_STATUS(KYSO_ERROR_BUFFER_TOO_SMALL, kyso_signer_subject(signer, NULL, &len));
    CHECK(len == strlen(subject) + 1);
    --len;
    CHECK_STATUS(KYSO_ERROR_BUFFER_TOO_SMALL, kyso_signer_subject(signer, subject, &len));
    CHECK(len == strlen(subject) + 1);

    /* NULL arguments and handles. */
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_signer_subject(signer, subject, NULL));
    CHECK_MESSAGE("'out_len' is NULL");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_signer_certificate(signer, small, NULL));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_signer_subject(NULL, subject, &len));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_signer_certificate(NULL, small, &len));
    CHECK_OK(kyso_signer_destroy(signer));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_signer_subject(signer, subject, &len));
    CHECK_STATUS(KYSO_ERROR_INVALID_HANDLE, kyso_signer_destroy(signer));
}

static void pkcs12_through_the_callback(void) {
    kyso_signer_t signer = (kyso_signer_t)(void*)&signer;
    capi_text keyspec = capi_p12("hospital-ec");
    struct pin_answer a;

    memset(&a, 0, sizeof a);
    a.pin = "kyso-test";
    CHECK_OK(kyso_signer_open(&signer, keyspec.s, NULL, answer_pin, &a));
    CHECK(a.calls == 1);
    CHECK(a.last_kind == KYSO_PIN_PKCS12_PASSPHRASE);
    CHECK(strstr(a.last_label, "hospital-ec.p12") != NULL);
    CHECK_OK(kyso_signer_destroy(signer));

    /* Cancelled: the open fails, *out is NULL. */
    memset(&a, 0, sizeof a);
    CHECK_STATUS(KYSO_ERROR_CANCELLED, kyso_signer_open(&signer, keyspec.s, NULL, answer_pin, &a));
    CHECK_MESSAGE("the PIN callback cancelled");
    CHECK(signer == NULL && a.calls == 1);

    /* A PIN without its NUL within the buffer is refused, not read past. */
    memset(&a, 0, sizeof a);
    a.fill_without_nul = 1;
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_signer_open(&signer, keyspec.s, NULL, answer_pin, &a));
    CHECK_MESSAGE("no NUL-terminated PIN within 256 bytes");

    /* A wrong passphrase, from the callback or the pass spec. */
    memset(&a, 0, sizeof a);
    a.pin = "wrong";
    CHECK_STATUS(KYSO_ERROR_PIN_INCORRECT, kyso_signer_open(&signer, keyspec.s, NULL, answer_pin, &a));
    CHECK(strstr(kyso_last_error(), "wrong\"") == NULL);
    CHECK_STATUS(KYSO_ERROR_PIN_INCORRECT, kyso_signer_open(&signer, keyspec.s, "pass:wrong", NULL, NULL));

    /* The pass spec wins over the callback. */
    memset(&a, 0, sizeof a);
    CHECK_OK(kyso_signer_open(&signer, keyspec.s, CAPI_P12_PASS, answer_pin, &a));
    CHECK(a.calls == 0);
    CHECK_OK(kyso_signer_destroy(signer));

    /* No secret at all. */
    CHECK_STATUS(KYSO_ERROR_PIN_REQUIRED, kyso_signer_open(&signer, keyspec.s, NULL, NULL, NULL));
}

static void bad_keyspecs(void) {
    kyso_signer_t signer = NULL;
    capi_text dir = capi_tempdir();
    capi_text junk = capi_join(dir.s, "junk.p12");
    capi_text keyspec;
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_signer_open(NULL, "p12:x", NULL, NULL, NULL));
    CHECK_MESSAGE("'out' is NULL");
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_signer_open(&signer, NULL, NULL, NULL, NULL));
    CHECK_MESSAGE("'keyspec' is NULL");
    CHECK_STATUS(KYSO_ERROR_KEYSPEC_INVALID, kyso_signer_open(&signer, "file:/etc/passwd", NULL, NULL, NULL));
    CHECK_STATUS(KYSO_ERROR_KEYSPEC_INVALID, kyso_signer_open(&signer, "p12:", NULL, NULL, NULL));
    CHECK_STATUS(KYSO_ERROR_KEYSPEC_INVALID, kyso_signer_open(&signer, "pkcs11:token=a;;bad%zz", NULL, NULL, NULL));
    CHECK_STATUS(KYSO_ERROR_KEY_NOT_FOUND,
                 kyso_signer_open(&signer, "p12:/nonexistent/kyso.p12", CAPI_P12_PASS, NULL, NULL));
    /* A file that is no PKCS#12. */
    CHECK(capi_write(junk.s, "not pkcs12", 10));
    keyspec = capi_format("p12:%s", junk.s);
    CHECK_STATUS(KYSO_ERROR_KEYSPEC_INVALID, kyso_signer_open(&signer, keyspec.s, CAPI_P12_PASS, NULL, NULL));
    CHECK_MESSAGE("is not a PKCS#12 file");
    CHECK(signer == NULL);
}

static void token(void) {
    kyso_signer_t signer = NULL;
    struct pin_answer a;
    char subject[512];
    size_t len = sizeof subject, before;
    capi_text with_pin = capi_token_uri("benhvien", "hospital-rsa", "&pin-value=" CAPI_PIN);
    capi_text no_pin = capi_token_uri("benhvien", "doctor-rsa", "");
    capi_text missing_token = capi_token_uri("no-such-token", "hospital-rsa", "&pin-value=" CAPI_PIN);
    capi_text missing_key = capi_token_uri("benhvien", "no-such-key", "&pin-value=" CAPI_PIN);
    capi_text no_module;
    no_module =
        capi_format("pkcs11:token=benhvien;object=hospital-rsa?module-path=/nonexistent/libnothing.so&pin-value=1");

    /* The PIN in the URI. */
    CHECK_OK(kyso_signer_open(&signer, with_pin.s, NULL, NULL, NULL));
    CHECK_OK(kyso_signer_subject(signer, subject, &len));
    CHECK(strstr(subject, "CN=") != NULL);
    CHECK_OK(kyso_signer_destroy(signer));

    /* A wrong PIN from the callback: pin_incorrect after exactly one C_Login, the callback asked once,
     * the PIN in no message. */
    memset(&a, 0, sizeof a);
    a.pin = "000000";
    before = capi_login_calls();
    CHECK_STATUS(KYSO_ERROR_PIN_INCORRECT, kyso_signer_open(&signer, no_pin.s, NULL, answer_pin, &a));
    CHECK(capi_login_calls() == before + 1);
    CHECK(a.calls == 1);
    CHECK(a.last_kind == KYSO_PIN_TOKEN_USER);
    CHECK_STR("benhvien", a.last_label);
    CHECK(strstr(kyso_last_error(), "000000") == NULL);
    CHECK(signer == NULL);

    /* The callback cancels: no C_Login at all. */
    memset(&a, 0, sizeof a);
    before = capi_login_calls();
    CHECK_STATUS(KYSO_ERROR_CANCELLED, kyso_signer_open(&signer, no_pin.s, NULL, answer_pin, &a));
    CHECK(capi_login_calls() == before);
    CHECK(a.calls == 1);

    /* No PIN anywhere: pin_required, no C_Login (the library never asks on a terminal). */
    CHECK_STATUS(KYSO_ERROR_PIN_REQUIRED, kyso_signer_open(&signer, no_pin.s, NULL, NULL, NULL));
    CHECK(capi_login_calls() == before);

    /* The right PIN from the callback. */
    memset(&a, 0, sizeof a);
    a.pin = CAPI_PIN;
    CHECK_OK(kyso_signer_open(&signer, no_pin.s, NULL, answer_pin, &a));
    CHECK(a.calls == 1);
    CHECK_OK(kyso_signer_destroy(signer));

    CHECK_STATUS(KYSO_ERROR_TOKEN_NOT_PRESENT, kyso_signer_open(&signer, missing_token.s, NULL, NULL, NULL));
    CHECK_MESSAGE("no-such-token");
    CHECK_STATUS(KYSO_ERROR_KEY_NOT_FOUND, kyso_signer_open(&signer, missing_key.s, NULL, NULL, NULL));
    CHECK_STATUS(KYSO_ERROR_MODULE_LOAD_FAILED, kyso_signer_open(&signer, no_module.s, NULL, NULL, NULL));
    CHECK(signer == NULL);
}

int main(void) {
    capi_setup_token();
    CHECK_OK(kyso_init());
    pkcs12_with_pass_spec();
    pkcs12_through_the_callback();
    bad_keyspecs();
    token();
    CHECK_OK(kyso_shutdown());
    return capi_finish();
}
