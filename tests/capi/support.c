#define _XOPEN_SOURCE 700

#include "support.h"

#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int g_failures;
static capi_text g_tempdirs[32];
static int g_tempdir_count;
static capi_text g_token_log;
static pid_t g_tsa_pid = -1;
static capi_text g_tsa_url;

static void stop_tsa(void);

void capi_fail(const char* file, int line, const char* what, const char* detail) {
    ++g_failures;
    fprintf(stderr, "%s:%d: FAILED: %s%s%s\n", file, line, what, detail[0] ? " -- " : "", detail);
}

void capi_fail_status(const char* file, int line, const char* what, int got, int expected) {
    char detail[8192];
    const char* got_name = kyso_error_name(got);
    const char* expected_name = kyso_error_name(expected);
    snprintf(detail, sizeof detail, "returned %d (%s), expected %d (%s); kyso_last_error: %s", got,
             got_name ? got_name : "?", expected, expected_name ? expected_name : "?", kyso_last_error());
    capi_fail(file, line, what, detail);
}

static int remove_entry(const char* path, const struct stat* st, int flag, struct FTW* ftw) {
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

int capi_finish(void) {
    int i;
    stop_tsa();
    for (i = 0; i < g_tempdir_count; ++i)
        nftw(g_tempdirs[i].s, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    if (g_failures != 0) {
        fprintf(stderr, "%d check(s) failed\n", g_failures);
        return 1;
    }
    printf("all checks passed\n");
    return 0;
}

static void fatal(const char* what) {
    fprintf(stderr, "FATAL: %s\n", what);
    exit(2);
}

static capi_text text(const char* format, const char* a, const char* b) {
    capi_text t;
    if ((size_t)snprintf(t.s, sizeof t.s, format, a, b) >= sizeof t.s) fatal("path too long");
    return t;
}

capi_text capi_format(const char* format, ...) {
    capi_text t;
    va_list args;
    int n;
    va_start(args, format);
    n = vsnprintf(t.s, sizeof t.s, format, args);
    va_end(args);
    if (n < 0 || (size_t)n >= sizeof t.s) fatal("text too long");
    return t;
}

capi_text capi_join(const char* dir, const char* name) {
    return text("%s/%s", dir, name);
}

capi_text capi_pki(const char* file) {
    static int made;
    if (!made) {
        capi_text cmd = text("bash '%s/testdata/make-pki.sh' '%s' >/dev/null 2>&1", KYSO_SOURCE_DIR, KYSO_TEST_PKI_DIR);
        if (capi_run(cmd.s) != 0) fatal("testdata/make-pki.sh failed");
        made = 1;
    }
    return capi_join(KYSO_TEST_PKI_DIR, file);
}

capi_text capi_p12(const char* name) {
    capi_text file = capi_pki(name);
    return text("p12:%s%s", file.s, ".p12");
}

capi_text capi_sample(const char* file) {
    return text("%s/testdata/samples/%s", KYSO_SOURCE_DIR, file);
}

capi_text capi_tempdir(void) {
    capi_text t;
    const char* base = getenv("TMPDIR");
    t = text("%s/%s", base && base[0] ? base : "/tmp", "kyso-capi-XXXXXX");
    if (mkdtemp(t.s) == NULL) fatal("mkdtemp failed");
    if (g_tempdir_count == (int)(sizeof g_tempdirs / sizeof g_tempdirs[0])) fatal("too many temporary directories");
    g_tempdirs[g_tempdir_count++] = t;
    return t;
}

void capi_setup_token(void) {
    capi_text dir = capi_tempdir();
    capi_text pki = capi_pki("");
    capi_text tokens = capi_join(dir.s, "t");
    capi_text cmd =
        text("bash '" KYSO_SOURCE_DIR "/testdata/make-token.sh' '%s' '%s' >/dev/null 2>&1", pki.s, tokens.s);
    capi_text conf = capi_join(tokens.s, "softhsm2.conf");
    if (capi_run(cmd.s) != 0) fatal("testdata/make-token.sh failed: SoftHSM could not be set up");
    g_token_log = capi_join(dir.s, "p11-calls.log");
    setenv("SOFTHSM2_CONF", conf.s, 1);
    setenv("KYSO_FAULT_MODULE", CAPI_SOFTHSM, 1);
    setenv("KYSO_FAULT_LOG", g_token_log.s, 1);
}

capi_text capi_token_uri(const char* token, const char* object, const char* extra) {
    capi_text t;
    if ((size_t)snprintf(t.s, sizeof t.s, "pkcs11:token=%s;object=%s?module-path=%s%s", token, object,
                         KYSO_P11_FAULT_MODULE, extra) >= sizeof t.s)
        fatal("URI too long");
    return t;
}

size_t capi_login_calls(void) {
    size_t n = 0;
    char line[512];
    FILE* f = fopen(g_token_log.s, "r");
    if (f == NULL) return 0;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "C_Login", 7) == 0) ++n;
    fclose(f);
    return n;
}

static void sleep_ms(long ms) {
    struct timespec t;
    t.tv_sec = ms / 1000;
    t.tv_nsec = (ms % 1000) * 1000000L;
    nanosleep(&t, NULL);
}

static void stop_tsa(void) {
    int status, i;
    if (g_tsa_pid <= 0) return;
    kill(g_tsa_pid, SIGTERM);
    for (i = 0; i < 250 && waitpid(g_tsa_pid, &status, WNOHANG) == 0; ++i)
        sleep_ms(20);
    if (i == 250) {
        kill(g_tsa_pid, SIGKILL);
        waitpid(g_tsa_pid, &status, 0);
    }
    g_tsa_pid = -1;
}

capi_text capi_tsa_url(void) {
    capi_text dir, port_file, log_file, script, pki;
    char python[] = "/usr/bin/python3", pki_option[] = "--pki", port_file_option[] = "--port-file",
         port_option[] = "--port", any_port[] = "0";
    pid_t pid;
    int i, log_fd;
    if (g_tsa_pid > 0) return g_tsa_url;
    pki = capi_pki("");
    dir = capi_tempdir();
    port_file = capi_join(dir.s, "port");
    log_file = capi_join(dir.s, "tsa_server.log");
    script = capi_join(KYSO_SOURCE_DIR, "testdata/tsa_server.py");
    log_fd = open(log_file.s, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log_fd < 0) fatal("cannot create the TSA's log file");
    fflush(NULL);
    pid = fork();
    if (pid < 0) fatal("fork failed: the TSA cannot be started");
    if (pid == 0) {
        char* argv[] = {python,      script.s,    pki_option, pki.s, port_file_option,
                        port_file.s, port_option, any_port,   NULL};
        const int null_fd = open("/dev/null", O_RDWR);
        prctl(PR_SET_PDEATHSIG, SIGTERM); /* never outlives the test */
        if (null_fd >= 0) {
            dup2(null_fd, STDIN_FILENO);
            dup2(null_fd, STDOUT_FILENO);
        }
        dup2(log_fd, STDERR_FILENO);
        execv(python, argv);
        _exit(127);
    }
    close(log_fd);
    g_tsa_pid = pid;
    atexit(stop_tsa);
    for (i = 0; i < 500; ++i) { /* 10 s */
        int status, port = 0;
        FILE* f = fopen(port_file.s, "r"); /* written atomically (rename) once the server listens */
        if (f != NULL) {
            const int n = fscanf(f, "%d", &port);
            fclose(f);
            if (n == 1 && port > 0) {
                g_tsa_url = capi_format("http://127.0.0.1:%d/", port);
                return g_tsa_url;
            }
        }
        if (waitpid(pid, &status, WNOHANG) == pid) {
            g_tsa_pid = -1;
            capi_run(capi_format("cat '%s' >&2", log_file.s).s);
            fatal("testdata/tsa_server.py exited before listening");
        }
        sleep_ms(20);
    }
    capi_run(capi_format("cat '%s' >&2", log_file.s).s);
    stop_tsa();
    fatal("testdata/tsa_server.py did not listen within 10 s");
    return g_tsa_url;
}

int capi_run(const char* command) {
    const int status = system(command);
    if (status == -1 || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

const char* capi_cli(void) {
    return "'" KYSO_CLI "'";
}

unsigned char* capi_read(const char* path, size_t* len) {
    FILE* f = fopen(path, "rb");
    unsigned char* data = NULL;
    size_t size = 0, cap = 0, n;
    if (f == NULL) return NULL;
    do {
        if (size == cap) {
            unsigned char* bigger;
            cap = cap ? cap * 2 : 65536;
            bigger = realloc(data, cap);
            if (bigger == NULL) fatal("out of memory");
            data = bigger;
        }
        n = fread(data + size, 1, cap - size, f);
        size += n;
    } while (n > 0);
    fclose(f);
    *len = size;
    return data;
}

int capi_write(const char* path, const void* data, size_t len) {
    FILE* f = fopen(path, "wb");
    int ok;
    if (f == NULL) return 0;
    ok = fwrite(data, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

int capi_exists(const char* path) {
    struct stat st;
    return stat(path, &st) == 0;
}

int capi_file_contains(const char* path, const char* needle) {
    size_t len = 0, i, n = strlen(needle);
    unsigned char* data = capi_read(path, &len);
    int found = 0;
    for (i = 0; data != NULL && !found && i + n <= len; ++i)
        found = memcmp(data + i, needle, n) == 0;
    free(data);
    return found;
}

int capi_same_file(const char* a, const char* b) {
    size_t la = 0, lb = 0;
    unsigned char* da = capi_read(a, &la);
    unsigned char* db = capi_read(b, &lb);
    const int same = da != NULL && db != NULL && la == lb && memcmp(da, db, la) == 0;
    free(da);
    free(db);
    return same;
}

char* capi_buffer_text(kyso_buffer_t buffer) {
    const uint8_t* data = NULL;
    size_t len = 0;
    char* s;
    if (kyso_buffer_data(buffer, &data, &len) != KYSO_OK) return NULL;
    s = malloc(len + 1);
    if (s == NULL) fatal("out of memory");
    memcpy(s, data, len);
    s[len] = '\0';
    return s;
}
