/* sign_claims.c — sign a claims XML file with the hospital's key, verify it, print the verdict: the kyso C
 * API in one page, to copy from.
 *
 *   export KYSO_PIN=...   (the token's user PIN, set by the service manager, never on the command line)
 *   ./sign_claims 'pkcs11:token=benhvien;object=hospital-rsa?module-path=/usr/lib/softhsm/libsofthsm2.so' \
 *       claims.xml claims.signed.xml root-ca.pem [intermediate-ca.pem...]
 *
 * Build: cc -std=c99 sign_claims.c -lkyso
 * Exit status: 0 when the signature verifies TOTAL_PASSED, 1 for any other verdict, 2 when something failed.
 */
#include <kyso/kyso.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Asked for the PIN when the KEYSPEC carries none. user: the name of the environment variable. */
static int pin_from_environment(void* user, int kind, const char* label, char* pin, size_t pin_size) {
    const char* value = getenv((const char*)user);
    (void)kind;
    (void)label;
    if (value == NULL || strlen(value) >= pin_size) return 1; /* no PIN to give: cancel */
    memcpy(pin, value, strlen(value) + 1);
    return 0;
}

/* Every kyso function returns a status; kyso_last_error() says what went wrong, on this thread. */
static int failed(const char* what, int status) {
    fprintf(stderr, "sign_claims: %s: %s\n", what, kyso_last_error());
    return status;
}

int main(int argc, char** argv) {
    kyso_signer_t signer = NULL;
    kyso_verify_ctx_t ctx = NULL;
    kyso_report_t report = NULL;
    char subject[1024];
    size_t len = sizeof subject, signatures = 0;
    int status, i, indication = KYSO_INDETERMINATE, sub_indication = KYSO_SUB_NONE, exit_code = 2;

    if (argc < 5) {
        fprintf(stderr, "usage: %s KEYSPEC IN.xml OUT.xml TRUST.pem [UNTRUSTED.pem...]\n", argv[0]);
        return 2;
    }
    /* The library loaded at run time must implement the API this program was compiled against. */
    if (kyso_supports_api(KYSO_API_VERSION) != KYSO_OK) return failed("libkyso is too old", 2);
    if ((status = kyso_init()) != KYSO_OK) return failed("kyso_init", 2);

    /* 1. The key: a PKCS#11 token (or "p12:FILE" with a pass spec instead of NULL). */
    status = kyso_signer_open(&signer, argv[1], NULL, pin_from_environment, "KYSO_PIN");
    if (status != KYSO_OK) {
        failed("cannot open the key", status);
        goto done;
    }
    if ((status = kyso_signer_subject(signer, subject, &len)) != KYSO_OK) {
        failed("cannot read the certificate", status);
        goto done;
    }

    /* 2. Sign: the profile (NULL) is detected from the root element (GIAMDINHHS: claims). */
    if ((status = kyso_xml_sign_file(signer, argv[2], argv[3], NULL, KYSO_SIGN_OVERWRITE)) != KYSO_OK) {
        failed("cannot sign", status);
        goto done;
    }

    /* 3. Verify what was written, trusting the given CA certificates. */
    if ((status = kyso_verify_ctx_create(&ctx)) != KYSO_OK ||
        (status = kyso_verify_ctx_add_trust(ctx, argv[4])) != KYSO_OK) {
        failed("cannot set up verification", status);
        goto done;
    }
    for (i = 5; i < argc; ++i)
        if ((status = kyso_verify_ctx_add_untrusted(ctx, argv[i])) != KYSO_OK) {
            failed("cannot read an intermediate certificate", status);
            goto done;
        }
    if ((status = kyso_verify_file(ctx, argv[3], &report)) != KYSO_OK) {
        failed("cannot verify", status);
        goto done;
    }
    /* A verdict is data in the report, not an error of the call. */
    if ((status = kyso_report_signature_count(report, 0, &signatures)) != KYSO_OK || signatures == 0 ||
        (status = kyso_report_signature_indication(report, 0, 0, &indication, &sub_indication)) != KYSO_OK) {
        failed("the signed file holds no signature", status);
        goto done;
    }

    /* 4. The verdict (ETSI EN 319 102-1). */
    printf("%s: signed by %s: %s%s%s\n", argv[3], subject, kyso_indication_name(indication),
           sub_indication != KYSO_SUB_NONE ? "/" : "", kyso_sub_indication_name(sub_indication));
    exit_code = indication == KYSO_TOTAL_PASSED ? 0 : 1;

done:
    /* _destroy(NULL) does nothing, so one cleanup path serves every exit. */
    kyso_report_destroy(report);
    kyso_verify_ctx_destroy(ctx);
    kyso_signer_destroy(signer);
    kyso_shutdown();
    return exit_code;
}
