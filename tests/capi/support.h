/* Helpers of the C API tests (C99, libkyso.so only): checks that count failures, the test PKI of
 * testdata/make-pki.sh, a private SoftHSM token behind the fault-injecting proxy, temporary
 * directories and files. */
#ifndef KYSO_CAPI_TEST_SUPPORT_H
#define KYSO_CAPI_TEST_SUPPORT_H

#include <kyso/kyso.h>

#include <stddef.h>

/* A path or command line. */
typedef struct {
    char s[4096];
} capi_text;

void capi_fail(const char* file, int line, const char* what, const char* detail);
void capi_fail_status(const char* file, int line, const char* what, int got, int expected);

#define CHECK(cond)                                            \
    do {                                                       \
        if (!(cond)) capi_fail(__FILE__, __LINE__, #cond, ""); \
    } while (0)
/* A call and the status it must return; on a mismatch kyso_last_error() is printed. */
#define CHECK_STATUS(expected, call)                                                                           \
    do {                                                                                                       \
        int capi_status_ = (call);                                                                             \
        if (capi_status_ != (expected)) capi_fail_status(__FILE__, __LINE__, #call, capi_status_, (expected)); \
    } while (0)
#define CHECK_OK(call) CHECK_STATUS(KYSO_OK, call)
#define CHECK_STR(expected, actual)                                                                \
    do {                                                                                           \
        const char* capi_a_ = (actual);                                                            \
        if (capi_a_ == NULL || strcmp(capi_a_, (expected)) != 0)                                   \
            capi_fail(__FILE__, __LINE__, #actual " == " #expected, capi_a_ ? capi_a_ : "(NULL)"); \
    } while (0)
/* kyso_last_error() contains `part`. */
#define CHECK_MESSAGE(part)                                                                        \
    do {                                                                                           \
        if (strstr(kyso_last_error(), (part)) == NULL)                                             \
            capi_fail(__FILE__, __LINE__, "kyso_last_error() mentions " #part, kyso_last_error()); \
    } while (0)

/* The number of failed checks; main returns capi_finish(). */
int capi_finish(void);

/* The shared test PKI (made once per build by testdata/make-pki.sh) and one of its files. */
capi_text capi_pki(const char* file);
/* The "pkcs12 pass spec" of the test PKCS#12 files. */
#define CAPI_P12_PASS "pass:kyso-test"
#define CAPI_PIN "123456"
#define CAPI_SOFTHSM "/usr/lib/softhsm/libsofthsm2.so"
/* "p12:<pki>/NAME.p12" */
capi_text capi_p12(const char* name);
capi_text capi_sample(const char* file); /* testdata/samples/FILE */

/* A fresh directory, removed by capi_finish. */
capi_text capi_tempdir(void);
capi_text capi_join(const char* dir, const char* name);
/* printf into a capi_text (exits when it does not fit). */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
capi_text
capi_format(const char* format, ...);

/* A private SoftHSM token directory for this process (tokens "benhvien", "khoa-noi", user PIN 123456)
 * behind the fault-injecting proxy, which logs every C_Login; call before the first PKCS#11 use. */
void capi_setup_token(void);
/* "pkcs11:token=TOKEN;object=OBJECT?module-path=<the proxy>" plus `extra` ("&pin-value=..."). */
capi_text capi_token_uri(const char* token, const char* object, const char* extra);
/* C_Login calls the proxy logged so far. */
size_t capi_login_calls(void);

/* Starts testdata/tsa_server.py (an RFC 3161 TSA on 127.0.0.1 signing with the test PKI's TSA key) once
 * per process and returns its URL "http://127.0.0.1:PORT/" (append a fault mode: "reject"). The server is
 * stopped by capi_finish and at exit. Exits with a failure (never a skip) when it cannot be started. */
capi_text capi_tsa_url(void);

/* Runs a shell command; its exit status (-1 when it did not exit). */
int capi_run(const char* command);
/* The kyso CLI, shell-quoted. */
const char* capi_cli(void);

/* A whole file in malloc'd memory (NULL when unreadable); free() it. */
unsigned char* capi_read(const char* path, size_t* len);
int capi_write(const char* path, const void* data, size_t len);
int capi_exists(const char* path);
/* Whether a file holds these bytes somewhere. */
int capi_file_contains(const char* path, const char* needle);
/* Whether two files hold the same bytes. */
int capi_same_file(const char* a, const char* b);
/* A kyso_buffer_t's bytes as a NUL-terminated malloc'd string; free() it. */
char* capi_buffer_text(kyso_buffer_t buffer);

#endif
