/* The thread-safety statement of kyso.h, exercised: threads share one signer and one verification context,
 * each with its own buffers and reports, each balancing its own kyso_init/kyso_shutdown; the last error
 * stays on the thread whose call failed. */
#define _POSIX_C_SOURCE 200809L

#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THREADS 4
#define ROUNDS 8

static kyso_signer_t g_signer;
static kyso_verify_ctx_t g_ctx;
static unsigned char* g_claims;
static size_t g_claims_len;

struct worker {
    int id;
    int failures;
};

#define WORKER_CHECK(w, cond)                                                                    \
    do {                                                                                         \
        if (!(cond)) {                                                                           \
            ++(w)->failures;                                                                     \
            fprintf(stderr, "thread %d: FAILED: %s -- %s\n", (w)->id, #cond, kyso_last_error()); \
        }                                                                                        \
    } while (0)

static void* work(void* arg) {
    struct worker* w = (struct worker*)arg;
    kyso_buffer_t signed_doc = NULL;
    kyso_verify_ctx_t own = NULL;
    char bad_time[64], expected[80];
    int round;

    WORKER_CHECK(w, kyso_init() == KYSO_OK);
    WORKER_CHECK(w, kyso_buffer_create(&signed_doc) == KYSO_OK);
    WORKER_CHECK(w, kyso_verify_ctx_create(&own) == KYSO_OK);
    snprintf(bad_time, sizeof bad_time, "not-a-time-%d", w->id);
    snprintf(expected, sizeof expected, "'not-a-time-%d'", w->id);
    for (round = 0; round < ROUNDS; ++round) {
        const uint8_t* data = NULL;
        size_t len = 0;
        kyso_report_t report = NULL;
        int indication = -1, sub = -1;
        WORKER_CHECK(w, kyso_xml_sign_buffer(g_signer, g_claims, g_claims_len, NULL, signed_doc) == KYSO_OK);
        WORKER_CHECK(w, kyso_buffer_data(signed_doc, &data, &len) == KYSO_OK);
        WORKER_CHECK(w, kyso_verify_buffer(g_ctx, data, len, "claims.xml", &report) == KYSO_OK);
        WORKER_CHECK(w, kyso_report_signature_indication(report, 0, 0, &indication, &sub) == KYSO_OK);
        WORKER_CHECK(w, indication == KYSO_TOTAL_PASSED);
        WORKER_CHECK(w, kyso_report_destroy(report) == KYSO_OK);
        /* A failure of this thread's own: its message, whatever the other threads are doing. */
        WORKER_CHECK(w, kyso_verify_ctx_set_time(own, bad_time) == KYSO_ERROR_USAGE);
        WORKER_CHECK(w, strstr(kyso_last_error(), expected) != NULL);
    }
    WORKER_CHECK(w, kyso_verify_ctx_destroy(own) == KYSO_OK);
    WORKER_CHECK(w, kyso_buffer_destroy(signed_doc) == KYSO_OK);
    WORKER_CHECK(w, kyso_shutdown() == KYSO_OK);
    return NULL;
}

int main(void) {
    pthread_t threads[THREADS];
    struct worker workers[THREADS];
    capi_text keyspec = capi_p12("hospital-rsa");
    int i;

    CHECK_OK(kyso_init());
    CHECK_OK(kyso_signer_open(&g_signer, keyspec.s, CAPI_P12_PASS, NULL, NULL));
    CHECK_OK(kyso_verify_ctx_create(&g_ctx));
    CHECK_OK(kyso_verify_ctx_add_trust(g_ctx, capi_pki("root.cert.pem").s));
    CHECK_OK(kyso_verify_ctx_add_untrusted(g_ctx, capi_pki("ca.cert.pem").s));
    CHECK_OK(kyso_verify_ctx_set_offline(g_ctx, 1));
    g_claims = capi_read(capi_sample("claims-4750-sample.xml").s, &g_claims_len);
    CHECK(g_claims != NULL);

    for (i = 0; i < THREADS; ++i) {
        workers[i].id = i;
        workers[i].failures = 0;
        CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
    }
    for (i = 0; i < THREADS; ++i) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        CHECK(workers[i].failures == 0);
    }
    /* The workers' init/shutdown pairs left this thread's kyso_init in force. */
    CHECK_OK(kyso_verify_ctx_destroy(g_ctx));
    CHECK_OK(kyso_signer_destroy(g_signer));
    free(g_claims);
    CHECK_OK(kyso_shutdown());
    CHECK_STATUS(KYSO_ERROR_USAGE, kyso_shutdown());
    return capi_finish();
}
