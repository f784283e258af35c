/*
 * kyso_p11_fault -- a fault-injecting PKCS#11 proxy module for integration tests.
 *
 * Loaded like any PKCS#11 module. On the first C_GetFunctionList it dlopens the
 * real module named by KYSO_FAULT_MODULE (default /usr/lib/softhsm/libsofthsm2.so),
 * copies its function list and overrides a few entries. Configuration (read once,
 * on the first C_GetFunctionList):
 *
 *   KYSO_FAULT_REMOVE_AFTER=N   after N successful C_Sign/C_SignFinal calls that
 *                               produced a signature (CKR_OK, non-NULL buffer; size
 *                               queries do not count; process-wide counter) the
 *                               token counts as removed.
 *   KYSO_FAULT_REMOVED_FILE=P   the token counts as removed while file P exists
 *                               (checked on every call).
 *   KYSO_FAULT_REMOVABLE=1      slots report CKF_HW_SLOT|CKF_REMOVABLE_DEVICE (a USB token), and each
 *                               real C_Sign logs "C_Sign in_flight=N" (concurrent signing calls)
 *   KYSO_FAULT_REJECT_CONTEXT_LOGIN=1  C_Login(CKU_CONTEXT_SPECIFIC) answers CKR_PIN_INCORRECT
 *   KYSO_FAULT_LOG=P            append "C_Login user_type=U rv=0xXXXXXXXX\n" to P for
 *                               every C_Login call (O_APPEND, one write per line).
 *
 * While removed:
 *   C_GetSlotList(tokenPresent=TRUE)  -> CKR_OK with zero slots
 *   C_GetSlotInfo                     -> forwarded, CKF_TOKEN_PRESENT cleared
 *   C_GetTokenInfo, C_OpenSession     -> CKR_TOKEN_NOT_PRESENT
 *   C_Login, C_FindObjectsInit, C_SignInit, C_Sign,
 *   C_SignUpdate, C_SignFinal         -> CKR_DEVICE_REMOVED
 * Everything else is forwarded unchanged.
 */
#define _POSIX_C_SOURCE 200809L

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <p11-kit/pkcs11.h>

#define KYSO_EXPORT __attribute__((visibility("default")))
#define DEFAULT_MODULE "/usr/lib/softhsm/libsofthsm2.so"

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static CK_RV g_load_rv = CKR_GENERAL_ERROR;
static CK_FUNCTION_LIST *g_real;     /* the real module's list */
static CK_FUNCTION_LIST g_list;      /* our copy with overrides */
static long g_remove_after = -1;     /* < 0: disabled */
static char *g_removed_file;         /* NULL: disabled */
static char *g_log_path;             /* NULL: disabled */
static unsigned long g_sign_count;   /* accessed with __atomic builtins */
static int g_removable;              /* KYSO_FAULT_REMOVABLE=1 */
static int g_reject_context_login;   /* KYSO_FAULT_REJECT_CONTEXT_LOGIN=1 */
static long g_in_flight;             /* concurrent C_Sign calls, __atomic */

static int is_removed(void)
{
    if (g_remove_after >= 0 &&
        __atomic_load_n(&g_sign_count, __ATOMIC_SEQ_CST) >= (unsigned long)g_remove_after)
        return 1;
    if (g_removed_file != NULL && access(g_removed_file, F_OK) == 0)
        return 1;
    return 0;
}

/* Reserves one of the KYSO_FAULT_REMOVE_AFTER signatures before forwarding, so that concurrent
 * callers cannot both pass the limit (check-then-count would let N+1 through). Returns 0 when the
 * token counts as removed. A reservation is given back when the real call does not sign. */
static int reserve_signature(const CK_BYTE *sig)
{
    if (g_removed_file != NULL && access(g_removed_file, F_OK) == 0)
        return 0;
    if (g_remove_after < 0 || sig == NULL)
        return 1;
    if (__atomic_fetch_add(&g_sign_count, 1UL, __ATOMIC_SEQ_CST) >= (unsigned long)g_remove_after) {
        __atomic_sub_fetch(&g_sign_count, 1UL, __ATOMIC_SEQ_CST);
        return 0;
    }
    return 1;
}

static void settle_signature(CK_RV rv, const CK_BYTE *sig)
{
    if (g_remove_after >= 0 && sig != NULL && rv != CKR_OK)
        __atomic_sub_fetch(&g_sign_count, 1UL, __ATOMIC_SEQ_CST);
}

static void log_line(const char *line, size_t len)
{
    int fd;
    int saved = errno;

    if (g_log_path == NULL)
        return;
    fd = open(g_log_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
        /* a single write() on an O_APPEND fd keeps lines from interleaving */
        ssize_t n = write(fd, line, len);
        (void)n;
        close(fd);
    }
    errno = saved;
}

static char *dup_env(const char *name)
{
    const char *v = getenv(name);
    return (v != NULL && *v != '\0') ? strdup(v) : NULL;
}

/* ---- overrides ---------------------------------------------------------- */

KYSO_EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList);

static CK_RV fault_GetSlotList(CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList,
                               CK_ULONG_PTR pulCount)
{
    if (tokenPresent && is_removed()) {
        if (pulCount == NULL)
            return CKR_ARGUMENTS_BAD;
        *pulCount = 0;
        return CKR_OK;
    }
    return g_real->C_GetSlotList(tokenPresent, pSlotList, pulCount);
}

static CK_RV fault_GetSlotInfo(CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo)
{
    CK_RV rv = g_real->C_GetSlotInfo(slotID, pInfo);
    if (rv == CKR_OK && pInfo != NULL && is_removed())
        pInfo->flags &= ~(CK_FLAGS)CKF_TOKEN_PRESENT;
    if (rv == CKR_OK && pInfo != NULL && g_removable)
        pInfo->flags |= CKF_HW_SLOT | CKF_REMOVABLE_DEVICE;
    return rv;
}

static CK_RV fault_GetTokenInfo(CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo)
{
    if (is_removed())
        return CKR_TOKEN_NOT_PRESENT;
    return g_real->C_GetTokenInfo(slotID, pInfo);
}

static CK_RV fault_OpenSession(CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication,
                               CK_NOTIFY Notify, CK_SESSION_HANDLE_PTR phSession)
{
    if (is_removed())
        return CKR_TOKEN_NOT_PRESENT;
    return g_real->C_OpenSession(slotID, flags, pApplication, Notify, phSession);
}

static CK_RV fault_Login(CK_SESSION_HANDLE hSession, CK_USER_TYPE userType,
                         CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen)
{
    CK_RV rv;
    char line[96];
    int n;

    if (is_removed())
        rv = CKR_DEVICE_REMOVED;
    else if (g_reject_context_login && userType == CKU_CONTEXT_SPECIFIC)
        rv = CKR_PIN_INCORRECT;
    else
        rv = g_real->C_Login(hSession, userType, pPin, ulPinLen);

    n = snprintf(line, sizeof line, "C_Login user_type=%lu rv=0x%08lX\n",
                 (unsigned long)userType, (unsigned long)rv);
    if (n > 0 && (size_t)n < sizeof line)
        log_line(line, (size_t)n);
    return rv;
}

static CK_RV fault_FindObjectsInit(CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate,
                                   CK_ULONG ulCount)
{
    if (is_removed())
        return CKR_DEVICE_REMOVED;
    return g_real->C_FindObjectsInit(hSession, pTemplate, ulCount);
}

static CK_RV fault_SignInit(CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism,
                            CK_OBJECT_HANDLE hKey)
{
    if (is_removed())
        return CKR_DEVICE_REMOVED;
    return g_real->C_SignInit(hSession, pMechanism, hKey);
}

static CK_RV fault_Sign(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen,
                        CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen)
{
    CK_RV rv;

    if (is_removed() || !reserve_signature(pSignature))
        return CKR_DEVICE_REMOVED;
    if (g_removable && pSignature != NULL) {
        char line[64];
        long now = __atomic_add_fetch(&g_in_flight, 1L, __ATOMIC_SEQ_CST);
        int n = snprintf(line, sizeof line, "C_Sign in_flight=%ld\n", now);
        log_line(line, (size_t)n);
        struct timespec slow = {0, 2000000L}; /* a slow device: makes overlapping calls visible */
        nanosleep(&slow, NULL);
    }
    rv = g_real->C_Sign(hSession, pData, ulDataLen, pSignature, pulSignatureLen);
    if (g_removable && pSignature != NULL)
        __atomic_sub_fetch(&g_in_flight, 1L, __ATOMIC_SEQ_CST);
    settle_signature(rv, pSignature);
    return rv;
}

static CK_RV fault_SignUpdate(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen)
{
    if (is_removed())
        return CKR_DEVICE_REMOVED;
    return g_real->C_SignUpdate(hSession, pPart, ulPartLen);
}

static CK_RV fault_SignFinal(CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature,
                             CK_ULONG_PTR pulSignatureLen)
{
    CK_RV rv;

    if (is_removed() || !reserve_signature(pSignature))
        return CKR_DEVICE_REMOVED;
    rv = g_real->C_SignFinal(hSession, pSignature, pulSignatureLen);
    settle_signature(rv, pSignature);
    return rv;
}

/* ---- loading ------------------------------------------------------------ */

static void load_real_module(void)
{
    const char *path = getenv("KYSO_FAULT_MODULE");
    const char *after;
    void *handle;
    void *sym;
    CK_C_GetFunctionList get_list;
    CK_FUNCTION_LIST *real = NULL;

    if (path == NULL || *path == '\0')
        path = DEFAULT_MODULE;

    after = getenv("KYSO_FAULT_REMOVE_AFTER");
    if (after != NULL && *after != '\0') {
        char *end = NULL;
        long v;
        errno = 0;
        v = strtol(after, &end, 10);
        if (errno != 0 || end == after || *end != '\0' || v < 0) {
            fprintf(stderr, "kyso_p11_fault: bad KYSO_FAULT_REMOVE_AFTER '%s'\n", after);
            g_load_rv = CKR_GENERAL_ERROR;
            return;
        }
        g_remove_after = v;
    }
    g_removed_file = dup_env("KYSO_FAULT_REMOVED_FILE");
    {
        const char *removable = getenv("KYSO_FAULT_REMOVABLE");
        g_removable = removable != NULL && strcmp(removable, "1") == 0;
        removable = getenv("KYSO_FAULT_REJECT_CONTEXT_LOGIN");
        g_reject_context_login = removable != NULL && strcmp(removable, "1") == 0;
    }
    g_log_path = dup_env("KYSO_FAULT_LOG");

    handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        fprintf(stderr, "kyso_p11_fault: cannot load '%s': %s\n", path, dlerror());
        g_load_rv = CKR_GENERAL_ERROR;
        return;
    }
    sym = dlsym(handle, "C_GetFunctionList");
    if (sym == NULL) {
        fprintf(stderr, "kyso_p11_fault: '%s' has no C_GetFunctionList\n", path);
        g_load_rv = CKR_GENERAL_ERROR;
        return;
    }
    /* object pointer -> function pointer without a pedantic warning */
    memcpy(&get_list, &sym, sizeof get_list);
    if (get_list == C_GetFunctionList) {
        fprintf(stderr, "kyso_p11_fault: KYSO_FAULT_MODULE points at the proxy itself\n");
        g_load_rv = CKR_GENERAL_ERROR;
        return;
    }
    g_load_rv = get_list(&real);
    if (g_load_rv != CKR_OK)
        return;
    if (real == NULL) {
        g_load_rv = CKR_GENERAL_ERROR;
        return;
    }
    /* the handle is intentionally never closed */

    g_real = real;
    g_list = *real;
    g_list.C_GetFunctionList = C_GetFunctionList;
    g_list.C_GetSlotList = fault_GetSlotList;
    g_list.C_GetSlotInfo = fault_GetSlotInfo;
    g_list.C_GetTokenInfo = fault_GetTokenInfo;
    g_list.C_OpenSession = fault_OpenSession;
    g_list.C_Login = fault_Login;
    g_list.C_FindObjectsInit = fault_FindObjectsInit;
    g_list.C_SignInit = fault_SignInit;
    g_list.C_Sign = fault_Sign;
    g_list.C_SignUpdate = fault_SignUpdate;
    g_list.C_SignFinal = fault_SignFinal;
    g_load_rv = CKR_OK;
}

KYSO_EXPORT CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR ppFunctionList)
{
    if (ppFunctionList == NULL)
        return CKR_ARGUMENTS_BAD;
    pthread_once(&g_once, load_real_module);
    if (g_load_rv != CKR_OK)
        return g_load_rv;
    *ppFunctionList = &g_list;
    return CKR_OK;
}
