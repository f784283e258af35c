/* kyso.h alone, compiled as C99 and as C++ by the ctests capi.header_c99 and capi.header_cxx. */
#include <kyso/kyso.h>

int kyso_header_check(void);
int kyso_header_check(void) {
    kyso_pin_callback pin = 0;
    kyso_progress_callback progress = 0;
    kyso_report_t report = 0;
    (void)pin;
    (void)progress;
    (void)report;
    return KYSO_API_VERSION + KYSO_ERROR_BUFFER_TOO_SMALL + KYSO_SUB_NO_POE + (int)KYSO_SIGN_OVERWRITE;
}
