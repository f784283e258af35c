/*
 * kyso.h — the C API of kyso ("ký số"): sign claims XML (XML-DSig) and PDF records (PAdES) with keys in
 * PKCS#11 tokens or PKCS#12 files, and verify them with ETSI EN 319 102-1 verdicts.
 *
 * One self-contained header (C99 or C++) for libkyso.so (SONAME libkyso.so.0). Bindings for other
 * languages (Python, .NET) are thin wrappers over it. The rules, in the spirit of Botan's ffi.h:
 *
 * 1. Status. Every function returns an int: KYSO_OK (0) or a negative KYSO_ERROR_* code. The exceptions
 *    return a string or a number and cannot fail: kyso_version, kyso_api_version, kyso_last_error,
 *    kyso_error_name, kyso_indication_name, kyso_sub_indication_name.
 *    KYSO_ERROR_<NAME> is minus the library's error code (kyso::Errc); <name> in lower case is the "code"
 *    of the CLI's JSON (KYSO_ERROR_MALFORMED_XML is "malformed_xml"; kyso_error_name gives it). The
 *    values are append-only: never renumbered, never reused. Codes of the C API itself are at -1000 and
 *    below, outside that range: KYSO_ERROR_INVALID_HANDLE and KYSO_ERROR_BUFFER_TOO_SMALL. A NULL where
 *    a handle is required is KYSO_ERROR_INVALID_HANDLE; a NULL where another pointer is required, an
 *    unknown enum value or flag, or an index out of range is KYSO_ERROR_USAGE.
 *
 * 2. Messages. After a failure kyso_last_error() returns what went wrong, on the calling thread (UTF-8;
 *    it names the function, the operation and the input, never a PIN, key or patient data). Every function
 *    that returns a status resets it; the pointer is valid until the next such call on that thread.
 *
 * 3. Handles. kyso_*_t are opaque pointers, made by a _create/_open function (or kyso_verify_*) and
 *    released by the matching _destroy. Every call checks each handle before touching it: live handles
 *    are registered when made, so a NULL, destroyed, never-made (garbage) pointer or a handle of another
 *    type gives KYSO_ERROR_INVALID_HANDLE without being dereferenced; the handle's magic number is then
 *    checked too. _destroy(NULL) is a no-op returning KYSO_OK; destroying a handle twice gives
 *    KYSO_ERROR_INVALID_HANDLE. The limit: a destroyed handle whose address a new handle of the same type
 *    now occupies is taken for that new handle.
 *
 * 4. Memory. No ownership crosses the boundary: kyso never frees what the caller allocated, and never
 *    hands the caller memory to free. Outputs go
 *    - into caller buffers, for strings and small binary values: (out, out_len) where *out_len is the
 *      buffer's size on entry and the size needed on return (for strings, with the terminating NUL).
 *      When the buffer is too small, or out is NULL, the call returns KYSO_ERROR_BUFFER_TOO_SMALL with
 *      *out_len set: call again with that many bytes;
 *    - into a kyso_buffer_t the caller made (documents, reports): its bytes stay valid until the buffer
 *      is written again or destroyed;
 *    - into files, written atomically (a temporary file beside the output, renamed into place).
 *    Inputs (strings, byte ranges, options) are read during the call only. The one exception: the PIN
 *    callback and its user pointer given to kyso_signer_open are kept by the signer until it is destroyed.
 *
 * 5. Values. Strings are UTF-8 and NUL-terminated; paths are passed to the operating system as they are.
 *    Times are RFC 3339 in UTC ("2031-01-01T00:00:00Z"). Absent optional strings (a certificate without
 *    an MST, a signature without a sub-indication) are returned as "".
 *
 * 6. Exceptions never cross the boundary: anything unexpected inside kyso is KYSO_ERROR_INTERNAL with a
 *    message. The library never prints and never asks on a terminal.
 *
 * 7. Initialisation. Call kyso_init before anything else and kyso_shutdown once for each kyso_init
 *    (reference counted: several components of one process may each do so). Before the first kyso_init
 *    and after the last kyso_shutdown, every function returns KYSO_ERROR_USAGE except kyso_version,
 *    kyso_api_version, kyso_supports_api, kyso_last_error, the _name functions and the _destroy
 *    functions (handles may be released after the shutdown). kyso_shutdown does not destroy live handles
 *    and never tears down process-wide state of OpenSSL, libxml2 or PKCS#11 modules, which the host may
 *    be using too.
 *
 * 8. Versions. KYSO_API_VERSION is the API this header declares; kyso_api_version() the API of the library
 *    loaded at run time. The API only grows — functions and enum values are added, never changed or
 *    removed — so a library implements every earlier API version: kyso_supports_api(v) returns KYSO_OK
 *    for each of them. Functions added in API version N are exported under the symbol version KYSO_API_N.
 *    The SONAME changes only if the binary interface ever has to break.
 *
 * Thread safety.
 * - Every function may be called from any thread, kyso_init and kyso_shutdown included.
 * - Different handles may be used at the same time from different threads without any locking.
 * - One handle may be used by several threads at once in calls that only read it: a kyso_signer_t in the
 *   signing functions, kyso_archive_append and the signer's accessors (the library drives a token with one
 *   session per worker and logs in once), a kyso_verify_ctx_t in kyso_verify_file, kyso_verify_buffer and
 *   kyso_archive_verify, a kyso_pdf_options_t passed to kyso_pdf_sign_file, and the accessors of
 *   kyso_report_t, kyso_buffer_t and kyso_batch_result_t. Calls that change a handle (its _set_/_add_
 *   functions, or passing it as the output kyso_buffer_t or kyso_batch_result_t of another call) and
 *   _destroy need it to themselves: the caller serialises them. A handle must never be destroyed while
 *   another thread is in a call using it.
 * - The archive functions write into the directories they are given (a batch's custody log, an archive's
 *   log): calls on the same batch or archive directory must not run at the same time; verification only
 *   reads.
 * - Callbacks: the PIN callback runs on a thread that uses the signer (kyso_signer_open, and signing for
 *   keys that need a PIN per signature); the progress callback runs on the calling thread and on the
 *   batch's worker threads, one call at a time: keep it short. A callback may call kyso functions, but
 *   must not destroy a handle that the call running it uses.
 */
#ifndef KYSO_KYSO_H
#define KYSO_KYSO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define KYSO_API __attribute__((visibility("default")))
#else
#define KYSO_API
#endif

/* The API version this header declares (see rule 8). */
#define KYSO_API_VERSION 1

/* ---- Status codes ------------------------------------------------------------------------------------ */

enum kyso_status {
    KYSO_OK = 0,
    KYSO_ERROR_INTERNAL = -1,            /* a bug in kyso */
    KYSO_ERROR_USAGE = -2,               /* bad arguments or configuration */
    KYSO_ERROR_IO = -3,                  /* a file could not be read or written */
    KYSO_ERROR_MALFORMED_XML = -4,       /* not well-formed, not UTF-8, DOCTYPE present, ... */
    KYSO_ERROR_MALFORMED_PDF = -5,       /* not a PDF kyso can read */
    KYSO_ERROR_UNSUPPORTED = -6,         /* a document, algorithm or feature kyso does not handle */
    KYSO_ERROR_PROFILE_VIOLATION = -7,   /* the document does not fit the signing profile */
    KYSO_ERROR_ALREADY_SIGNED = -8,      /* the profile's signature slot is already taken */
    KYSO_ERROR_KEYSPEC_INVALID = -9,     /* KEYSPEC or PKCS#11 URI cannot be parsed */
    KYSO_ERROR_MODULE_LOAD_FAILED = -10, /* the PKCS#11 library cannot be loaded */
    KYSO_ERROR_TOKEN_NOT_PRESENT = -11,  /* no token matches, or it was removed */
    KYSO_ERROR_PIN_REQUIRED = -12,       /* a PIN is needed and none could be obtained */
    KYSO_ERROR_PIN_INCORRECT = -13,      /* the token refused the PIN (it is never tried again) */
    KYSO_ERROR_PIN_LOCKED = -14,
    KYSO_ERROR_KEY_NOT_FOUND = -15, /* no private key / certificate matches */
    KYSO_ERROR_MECHANISM_UNSUPPORTED = -16,
    KYSO_ERROR_TOKEN_ERROR = -17,            /* any other PKCS#11 failure */
    KYSO_ERROR_SIGNATURE_CHECK_FAILED = -18, /* the token's signature does not verify with the certificate */
    KYSO_ERROR_CERTIFICATE_INVALID = -19,    /* a certificate cannot be parsed or does not match its key */
    KYSO_ERROR_NETWORK = -20,
    KYSO_ERROR_TSA_REJECTED = -21,
    KYSO_ERROR_CANCELLED = -22,          /* a callback asked to stop */
    KYSO_ERROR_OUTPUT_EXISTS = -23,      /* the output exists and KYSO_SIGN_OVERWRITE was not given */
    KYSO_ERROR_REVOCATION_INVALID = -24, /* an OCSP response or CRL is malformed or wrongly signed */
    KYSO_ERROR_EVIDENCE_INVALID = -25,   /* archive evidence (evidence record, manifest, checkpoint) is bad */

    /* The C API's own codes. */
    KYSO_ERROR_INVALID_HANDLE = -1000,   /* NULL, destroyed, never made, or a handle of another type */
    KYSO_ERROR_BUFFER_TOO_SMALL = -1001, /* *out_len now holds the size needed */
};

/* Thread-local message of the last failure on this thread ("" when the last call succeeded). */
KYSO_API const char* kyso_last_error(void);

/* The name of a status code as the CLI's JSON spells it: "ok", "malformed_xml", "invalid_handle",
 * "buffer_too_small"; NULL for a value that is no status code. */
KYSO_API const char* kyso_error_name(int status);

/* ---- Library ----------------------------------------------------------------------------------------- */

/* Reference-counted; see rule 7. kyso_shutdown without a matching kyso_init is KYSO_ERROR_USAGE. */
KYSO_API int kyso_init(void);
KYSO_API int kyso_shutdown(void);

/* The library's version ("0.1.0"), for people and logs. */
KYSO_API const char* kyso_version(void);
/* The API version the loaded library implements (KYSO_API_VERSION of the header it was built with). */
KYSO_API uint32_t kyso_api_version(void);
/* KYSO_OK when the loaded library implements API `version`, KYSO_ERROR_UNSUPPORTED otherwise. */
KYSO_API int kyso_supports_api(uint32_t version);

/* ---- Handles ----------------------------------------------------------------------------------------- */

typedef struct kyso_buffer_st* kyso_buffer_t;             /* bytes produced by kyso */
typedef struct kyso_signer_st* kyso_signer_t;             /* a key that signs: token or PKCS#12 file */
typedef struct kyso_pdf_options_st* kyso_pdf_options_t;   /* how a PDF is signed */
typedef struct kyso_verify_ctx_st* kyso_verify_ctx_t;     /* what a verification trusts, and as of when */
typedef struct kyso_report_st* kyso_report_t;             /* a verification report */
typedef struct kyso_batch_result_st* kyso_batch_result_t; /* the outcome of a signing batch, per input */

/* ---- Buffers ----------------------------------------------------------------------------------------- */

KYSO_API int kyso_buffer_create(kyso_buffer_t* out);
/* The buffer's bytes (never NULL; *data stays valid until the buffer is written again or destroyed). */
KYSO_API int kyso_buffer_data(kyso_buffer_t buffer, const uint8_t** data, size_t* len);
KYSO_API int kyso_buffer_destroy(kyso_buffer_t buffer);

/* ---- Signers ----------------------------------------------------------------------------------------- */

/* What a PIN callback is asked for. */
enum kyso_pin_kind {
    KYSO_PIN_TOKEN_USER = 0,        /* the token's user PIN (label: the token label) */
    KYSO_PIN_CONTEXT_SPECIFIC = 1,  /* a PIN per signature (CKA_ALWAYS_AUTHENTICATE keys) */
    KYSO_PIN_PKCS12_PASSPHRASE = 2, /* the passphrase of a PKCS#12 file (label: the file name) */
};

/* The largest PIN or passphrase a callback can give, with its terminating NUL. */
#define KYSO_PIN_MAX 256

/* Asked for a secret when the KEYSPEC carries none. Writes it NUL-terminated into pin (pin_size bytes,
 * KYSO_PIN_MAX) and returns 0, or returns non-zero to cancel: the operation then fails with
 * KYSO_ERROR_CANCELLED. kyso wipes the buffer after use and never retries a PIN the token refused. */
typedef int (*kyso_pin_callback)(void* user, int kind, const char* label, char* pin, size_t pin_size);

/* Opens a signer from a KEYSPEC, as the CLI's --key takes it:
 *   "pkcs11:token=benhvien;object=signer?module-path=/usr/lib/softhsm/libsofthsm2.so" (RFC 7512; the PIN
 *   from pin-value=, pin-source=env:VAR|file:PATH|fd:N, or else the callback), or
 *   "p12:PATH" with pass_spec in OpenSSL's convention ("pass:TEXT", "env:VAR", "file:PATH", "fd:N") or,
 *   when pass_spec is NULL, the callback.
 * pin_callback may be NULL (a needed secret is then KYSO_ERROR_PIN_REQUIRED). The callback and user are
 * kept until the signer is destroyed. A PIN the token refuses is KYSO_ERROR_PIN_INCORRECT after exactly
 * one login attempt. *out is NULL after a failure. */
KYSO_API int kyso_signer_open(kyso_signer_t* out, const char* keyspec, const char* pass_spec,
                              kyso_pin_callback pin_callback, void* user);
/* The signer's certificate, DER (a caller buffer, rule 4). */
KYSO_API int kyso_signer_certificate(kyso_signer_t signer, uint8_t* out, size_t* out_len);
/* The certificate's subject, RFC 2253 order ("CN=...,O=...,C=VN"). */
KYSO_API int kyso_signer_subject(kyso_signer_t signer, char* out, size_t* out_len);
KYSO_API int kyso_signer_destroy(kyso_signer_t signer);

/* ---- XML --------------------------------------------------------------------------------------------- */

/* Flags of the signing functions. */
#define KYSO_SIGN_OVERWRITE 0x1u /* replace an existing output (batches: sign again instead of resuming) */

/* Signs claims XML (enveloped XML-DSig spliced into the original bytes). profile: "claims", "checkin",
 * "catalog", "ksk-doctor", "ksk-hospital", or NULL to detect it from the root element. */
KYSO_API int kyso_xml_sign_file(kyso_signer_t signer, const char* in_path, const char* out_path, const char* profile,
                                unsigned flags);
KYSO_API int kyso_xml_sign_buffer(kyso_signer_t signer, const uint8_t* data, size_t len, const char* profile,
                                  kyso_buffer_t out);

/* ---- PDF --------------------------------------------------------------------------------------------- */

enum kyso_pades_level { KYSO_PADES_B_B = 0, KYSO_PADES_B_T = 1 /* with a signature time-stamp: set a TSA URL */ };

/* DocMDP permissions of a certification signature (ISO 32000-1 §12.8.2.2). */
enum kyso_certify {
    KYSO_CERTIFY_NONE = 0,
    KYSO_CERTIFY_NO_CHANGES = 1,
    KYSO_CERTIFY_FORM_FILLING = 2,
    KYSO_CERTIFY_FORM_FILLING_AND_ANNOTATIONS = 3,
};

/* Options start as the CLI's defaults: a new invisible field, PAdES B-B, not certifying. A NULL string
 * restores the default. */
KYSO_API int kyso_pdf_options_create(kyso_pdf_options_t* out);
/* An existing empty signature field to sign, or the name of the new one (default "Signature<N>"). */
KYSO_API int kyso_pdf_options_set_field(kyso_pdf_options_t options, const char* name);
/* A visible appearance on page (from 1), rectangle in PDF points from the page's lower-left corner;
 * page 0 makes the signature invisible again. */
KYSO_API int kyso_pdf_options_set_visible(kyso_pdf_options_t options, int page, double x, double y, double width,
                                          double height);
/* Text of the appearance: signer name (default: the certificate's CN), "Chức danh", "Lý do" (also
 * /Reason), "Nơi ký" (also /Location). */
KYSO_API int kyso_pdf_options_set_name(kyso_pdf_options_t options, const char* name);
KYSO_API int kyso_pdf_options_set_title(kyso_pdf_options_t options, const char* title);
KYSO_API int kyso_pdf_options_set_reason(kyso_pdf_options_t options, const char* reason);
KYSO_API int kyso_pdf_options_set_location(kyso_pdf_options_t options, const char* location);
/* A PNG drawn in the appearance (scanned signature or seal). */
KYSO_API int kyso_pdf_options_set_image(kyso_pdf_options_t options, const char* png_path);
/* enum kyso_certify */
KYSO_API int kyso_pdf_options_set_certify(kyso_pdf_options_t options, int certify);
/* enum kyso_pades_level */
KYSO_API int kyso_pdf_options_set_level(kyso_pdf_options_t options, int level);
/* The RFC 3161 time-stamping authority (needed from KYSO_PADES_B_T on). */
KYSO_API int kyso_pdf_options_set_tsa_url(kyso_pdf_options_t options, const char* url);
KYSO_API int kyso_pdf_options_destroy(kyso_pdf_options_t options);

/* Signs a PDF into a new file: one incremental revision (PAdES). options may be NULL (the defaults). */
KYSO_API int kyso_pdf_sign_file(kyso_signer_t signer, const char* in_path, const char* out_path,
                                kyso_pdf_options_t options, unsigned flags);

/* ---- Verification ------------------------------------------------------------------------------------ */

/* A context starts empty (no trust anchors), validating as of now, online, with fetched revocation
 * evidence kept in memory only, the XML profile detected. The context's revocation evidence is shared by
 * every verification made with it. */
KYSO_API int kyso_verify_ctx_create(kyso_verify_ctx_t* out);
/* Trust anchors, and intermediates that may build paths without being trusted: PEM or DER files, or
 * directories of them (as the CLI's --trust and --untrusted). */
KYSO_API int kyso_verify_ctx_add_trust(kyso_verify_ctx_t ctx, const char* path);
KYSO_API int kyso_verify_ctx_add_untrusted(kyso_verify_ctx_t ctx, const char* path);
/* Validate as of this RFC 3339 time (NULL: the time of each verification). */
KYSO_API int kyso_verify_ctx_set_time(kyso_verify_ctx_t ctx, const char* rfc3339);
/* Non-zero: only evidence embedded in the documents or already cached; no network. */
KYSO_API int kyso_verify_ctx_set_offline(kyso_verify_ctx_t ctx, int offline);
/* Keep fetched OCSP responses and CRLs in this directory between runs (NULL: memory only). */
KYSO_API int kyso_verify_ctx_set_cache_dir(kyso_verify_ctx_t ctx, const char* path);
/* The XML profile to verify against ("claims", ..., "generic"); NULL: detected from the root element. */
KYSO_API int kyso_verify_ctx_set_profile(kyso_verify_ctx_t ctx, const char* profile);
KYSO_API int kyso_verify_ctx_destroy(kyso_verify_ctx_t ctx);

/* Verifies as `kyso verify` does: a file (PDF when "%PDF-" is in its first 1024 bytes, XML otherwise;
 * FILE.tst beside an XML file is its detached time-stamp) or a directory walked for *.xml and *.pdf.
 * A bad signature or an unreadable document is not a failure of the call: it is in the report. */
KYSO_API int kyso_verify_file(kyso_verify_ctx_t ctx, const char* path, kyso_report_t* out);
/* The same for a document in memory; name is the path the report shows (NULL: ""). */
KYSO_API int kyso_verify_buffer(kyso_verify_ctx_t ctx, const uint8_t* data, size_t len, const char* name,
                                kyso_report_t* out);

/* ---- Reports ----------------------------------------------------------------------------------------- */

/* ETSI EN 319 102-1 main indications. */
enum kyso_indication { KYSO_TOTAL_PASSED = 0, KYSO_TOTAL_FAILED = 1, KYSO_INDETERMINATE = 2 };

/* ETSI EN 319 102-1 §5.1.3 sub-indications. */
enum kyso_sub_indication {
    KYSO_SUB_NONE = 0,
    KYSO_SUB_FORMAT_FAILURE = 1,
    KYSO_SUB_HASH_FAILURE = 2,
    KYSO_SUB_SIG_CRYPTO_FAILURE = 3,
    KYSO_SUB_REVOKED = 4,
    KYSO_SUB_EXPIRED = 5,
    KYSO_SUB_NOT_YET_VALID = 6,
    KYSO_SUB_SIG_CONSTRAINTS_FAILURE = 7,
    KYSO_SUB_CHAIN_CONSTRAINTS_FAILURE = 8,
    KYSO_SUB_CERTIFICATE_CHAIN_GENERAL_FAILURE = 9,
    KYSO_SUB_CRYPTO_CONSTRAINTS_FAILURE = 10,
    KYSO_SUB_CRYPTO_CONSTRAINTS_FAILURE_NO_POE = 11,
    KYSO_SUB_NO_SIGNING_CERTIFICATE_FOUND = 12,
    KYSO_SUB_NO_CERTIFICATE_CHAIN_FOUND = 13,
    KYSO_SUB_OUT_OF_BOUNDS_NO_POE = 14,
    KYSO_SUB_TRY_LATER = 15,
    KYSO_SUB_SIGNED_DATA_NOT_FOUND = 16,
    KYSO_SUB_REVOKED_NO_POE = 17,
    KYSO_SUB_NO_POE = 18,
};

/* "TOTAL_PASSED", ...; "HASH_FAILURE", ... ("" for KYSO_SUB_NONE). NULL for unknown values. */
KYSO_API const char* kyso_indication_name(int indication);
KYSO_API const char* kyso_sub_indication_name(int sub_indication);

/* What identifies a signer, read from the certificate's subject (never from a display string). */
enum kyso_signer_attr {
    KYSO_SIGNER_SUBJECT = 0,
    KYSO_SIGNER_ISSUER = 1,
    KYSO_SIGNER_SERIAL = 2, /* hex */
    KYSO_SIGNER_COMMON_NAME = 3,
    KYSO_SIGNER_TITLE = 4,
    KYSO_SIGNER_MST = 5,  /* tax code */
    KYSO_SIGNER_CCCD = 6, /* citizen ID */
    KYSO_SIGNER_CMND = 7, /* old ID */
    KYSO_SIGNER_SHA256_FINGERPRINT = 8,
};

/* Where a signing time comes from. */
enum kyso_time_source { KYSO_TIME_NONE = 0, KYSO_TIME_CLAIMED = 1, KYSO_TIME_TIMESTAMP = 2 };

enum kyso_message_kind { KYSO_MESSAGE_WARNING = 0, KYSO_MESSAGE_ERROR = 1 };

/* Documents are numbered from 0 in the order they were verified (a directory: by path); signatures of a
 * document from 0 in document order. */
KYSO_API int kyso_report_document_count(kyso_report_t report, size_t* count);
KYSO_API int kyso_report_document_path(kyso_report_t report, size_t doc, char* out, size_t* out_len);
/* "xml" | "pdf" | "archive-record" (a record of kyso_archive_verify) */
KYSO_API int kyso_report_document_format(kyso_report_t report, size_t doc, char* out, size_t* out_len);
/* The JSON's "profile": "claims", "checkin", ..., "generic" for XML, "pades" for PDF */
KYSO_API int kyso_report_document_profile(kyso_report_t report, size_t doc, char* out, size_t* out_len);
/* Why the document could not be read: *status is a KYSO_ERROR_* code with its message, or KYSO_OK and
 * "" when it was read. */
KYSO_API int kyso_report_document_error(kyso_report_t report, size_t doc, int* status, char* out, size_t* out_len);
KYSO_API int kyso_report_signature_count(kyso_report_t report, size_t doc, size_t* count);
/* enum kyso_indication and enum kyso_sub_indication */
KYSO_API int kyso_report_signature_indication(kyso_report_t report, size_t doc, size_t sig, int* indication,
                                              int* sub_indication);
/* enum kyso_signer_attr; "" when the signature names no certificate or the attribute is absent. */
KYSO_API int kyso_report_signature_signer(kyso_report_t report, size_t doc, size_t sig, int attr, char* out,
                                          size_t* out_len);
/* The signing time (RFC 3339) and where it comes from (enum kyso_time_source; "" with KYSO_TIME_NONE). */
KYSO_API int kyso_report_signature_time(kyso_report_t report, size_t doc, size_t sig, int* source, char* out,
                                        size_t* out_len);
/* What exactly the signature covers, in words. */
KYSO_API int kyso_report_signature_scope(kyso_report_t report, size_t doc, size_t sig, char* out, size_t* out_len);
/* Warnings and errors of a signature (enum kyso_message_kind), numbered from 0. */
KYSO_API int kyso_report_signature_message_count(kyso_report_t report, size_t doc, size_t sig, int kind, size_t* count);
KYSO_API int kyso_report_signature_message(kyso_report_t report, size_t doc, size_t sig, int kind, size_t index,
                                           char* out, size_t* out_len);
/* The whole report: the JSON of spec/cli.md (what `kyso verify --json` prints, without the final newline),
 * and the text and HTML reports for people in lang "vi" (NULL: "vi") or "en". */
KYSO_API int kyso_report_json(kyso_report_t report, kyso_buffer_t out);
KYSO_API int kyso_report_text(kyso_report_t report, const char* lang, kyso_buffer_t out);
KYSO_API int kyso_report_html(kyso_report_t report, const char* lang, kyso_buffer_t out);
KYSO_API int kyso_report_destroy(kyso_report_t report);

/* ---- Batches ----------------------------------------------------------------------------------------- */

/* Called after each input (done counts signed, skipped and failed inputs), on the calling thread or a
 * worker thread, one call at a time. Return 0 to go on, non-zero to stop: inputs in progress finish, the
 * others are not started and the batch returns KYSO_ERROR_CANCELLED. */
typedef int (*kyso_progress_callback)(void* user, size_t done, size_t total);

enum kyso_item_status { KYSO_ITEM_SIGNED = 0, KYSO_ITEM_SKIPPED = 1, KYSO_ITEM_FAILED = 2 };
enum kyso_item_path { KYSO_ITEM_INPUT = 0, KYSO_ITEM_OUTPUT = 1 };

/* Signs XML as `kyso xml sign IN... --out OUT`: inputs are files or directories (walked for *.xml, the
 * layout kept under out); one input file with out not a directory writes out itself. jobs: parallel
 * workers (0: the number of cores). An existing output that is a signed copy of its input by this signer
 * is skipped (a killed batch resumes); any other existing output is an error unless KYSO_SIGN_OVERWRITE.
 * progress and result may be NULL. Returns KYSO_OK when every input was signed or skipped, otherwise the
 * status of the first input that failed, or KYSO_ERROR_CANCELLED; result (emptied first) then holds every
 * input's outcome. */
KYSO_API int kyso_xml_sign_batch(kyso_signer_t signer, const char* const* inputs, size_t input_count, const char* out,
                                 const char* profile, unsigned flags, unsigned jobs, kyso_progress_callback progress,
                                 void* user, kyso_batch_result_t result);

KYSO_API int kyso_batch_result_create(kyso_batch_result_t* out);
/* Inputs of the last batch written into result, and how many were signed, skipped and failed. */
KYSO_API int kyso_batch_result_counts(kyso_batch_result_t result, size_t* items, size_t* signed_count, size_t* skipped,
                                      size_t* failed);
/* Input `item` (from 0, in input order): enum kyso_item_status and its error (KYSO_OK unless failed). */
KYSO_API int kyso_batch_result_item(kyso_batch_result_t result, size_t item, int* status, int* error);
/* Its input or output path (enum kyso_item_path). */
KYSO_API int kyso_batch_result_item_path(kyso_batch_result_t result, size_t item, int which, char* out,
                                         size_t* out_len);
/* Its error message ("" unless it failed). */
KYSO_API int kyso_batch_result_item_message(kyso_batch_result_t result, size_t item, char* out, size_t* out_len);
KYSO_API int kyso_batch_result_destroy(kyso_batch_result_t result);

/* ---- Archive evidence -------------------------------------------------------------------------------- */

/* Long-term archive evidence, as `kyso archive create|export|append|verify` (spec/validation-and-archive.md):
 * a batch is a BagIt bag of records (files grouped by a rule, each with a salted record.manifest and an
 * opaque record id "r" + 16 hex digits) under a Merkle tree whose root one RFC 3161 time-stamp covers,
 * stored as an RFC 4998 evidence record; a disclosure package is one record exported with its own
 * evidence record, for a third party; an archive is a directory of batches bound by a log whose
 * checkpoints the archive key signs. kyso_archive_create and kyso_archive_export build their output beside
 * its place and rename it into it: after a failure nothing is left behind; a batch moved into an archive by
 * an interrupted kyso_archive_append is logged by the next one. */

/* How kyso_archive_create makes records of its input files. */
enum kyso_archive_group {
    KYSO_ARCHIVE_GROUP_FILE = 0, /* one record per file */
    KYSO_ARCHIVE_GROUP_STEM = 1, /* files sharing the name up to the first '.' (claim_001.xml + claim_001.pdf) */
    KYSO_ARCHIVE_GROUP_DIR = 2,  /* one record per directory holding files */
};

/* The verdict of kyso_archive_verify: the exit code of `kyso archive verify` (spec/cli.md). */
enum kyso_archive_verdict {
    KYSO_ARCHIVE_OK = 0,            /* every file, proof, time-stamp, log entry and signature inside passed */
    KYSO_ARCHIVE_FAILED = 1,        /* something changed, missing, extra, renamed, refused; a proof, the log
                                       or a signature inside failed */
    KYSO_ARCHIVE_INDETERMINATE = 2, /* the time-stamp's TSA (or a signature inside) could not be trusted */
    KYSO_ARCHIVE_UNREADABLE = 3,    /* a listed file or a document inside could not be read (an I/O error is
                                       never "missing") */
};

/* Seals files into a new archive batch, as `kyso archive create IN... --out OUT_DIR --tsa URL`: inputs are
 * files or directories (walked recursively, hidden entries skipped), group_by an enum kyso_archive_group.
 * out_dir must not exist or be an empty directory (else KYSO_ERROR_OUTPUT_EXISTS). The TSA is asked once
 * (15 s timeout): KYSO_ERROR_NETWORK or KYSO_ERROR_TSA_REJECTED when it cannot give a valid token.
 * json_out (may be NULL) receives what `kyso archive create --json` prints, without the final newline:
 * the batch (id, root, time-stamp time, payload) and which input went into which record — a mapping the
 * bag never holds, so keep it if you need it. As the CLI without --trust/--untrusted, the revocation
 * evidence (OCSP, else CRL) of each certificate whose issuer the documents carry is fetched (10 s per
 * fetch, the CLI's cache directory) into the batch's validation data; "revocation_missing" in the JSON
 * names the certificates without it. */
KYSO_API int kyso_archive_create(const char* const* inputs, size_t input_count, const char* out_dir,
                                 const char* tsa_url, int group_by, kyso_buffer_t json_out);

/* Writes the disclosure package of one record, as `kyso archive export BATCH_DIR RECORD_ID --out OUT_DIR`:
 * its files, record.manifest, RECORD_ID.ers (its RFC 4998 evidence record), SHA256SUMS and a README, and
 * logs the export in the batch's custody log. A batch_dir that does not exist is KYSO_ERROR_IO, an unknown
 * or malformed record id KYSO_ERROR_USAGE; out_dir must not exist or be empty (else
 * KYSO_ERROR_OUTPUT_EXISTS). */
KYSO_API int kyso_archive_export(const char* batch_dir, const char* record_id, const char* out_dir);

/* Moves batches into an archive and signs a checkpoint of its log with the signer (the archive key), as
 * `kyso archive append ARCHIVE_DIR BATCH... [--origin ORIGIN]`. origin names a new archive (letters, digits,
 * '.', '_', '-') and is required to create one; NULL for an existing archive. Batches are renamed into
 * ARCHIVE_DIR/batches/, so they must be on the archive's file system. A batch already in the log is
 * KYSO_ERROR_OUTPUT_EXISTS. Keep a copy of ARCHIVE_DIR/log/checkpoint: given to kyso_archive_verify later,
 * it proves that nothing logged since was dropped or rewritten. */
KYSO_API int kyso_archive_append(kyso_signer_t signer, const char* archive_dir, const char* origin,
                                 const char* const* batches, size_t batch_count);

/* Verifies an archive, a batch or a disclosure package (detected from path), as `kyso archive verify PATH
 * [--checkpoint FILE]`: every file of every record (OK / MISSING / EXTRA / CHANGED / RENAMED / UNREADABLE),
 * the Merkle proofs, the time-stamp and its TSA, the signatures inside the records (validated with ctx),
 * and for an archive its log; the statement "existed unaltered at T0, protected until T1, renewal due D" is
 * in the JSON. checkpoint_path: NULL, or an auditor's checkpoint kept earlier (archives only; a batch or a
 * package with one is KYSO_ERROR_USAGE): the log must still continue it.
 * A bad archive is not a failure of the call: *verdict (enum kyso_archive_verdict) says how it went, the
 * most severe finding first (FAILED, then UNREADABLE, then INDETERMINATE). Failures of the call are for bad
 * arguments and unusable paths: a path that does not exist (KYSO_ERROR_IO), is no archive, batch or
 * package (KYSO_ERROR_USAGE), a checkpoint file that cannot be read (KYSO_ERROR_IO) or parsed
 * (KYSO_ERROR_EVIDENCE_INVALID); *verdict is then KYSO_ARCHIVE_UNREADABLE.
 * report_out (may be NULL) receives a report with one document per record (format "archive-record", path
 * "data/records/<record id>" in a batch, "<record id>" in a package; an archive's batches in turn) holding
 * the signatures found in the record's files, for the kyso_report_* accessors;
 * json_out (may be NULL) what `kyso archive verify --json` prints, without the final newline: the report's
 * JSON plus an "archive" object (per record and file status and problems, the proof, the time-stamp, the
 * statement, and for an archive the log audit and every batch). */
KYSO_API int kyso_archive_verify(kyso_verify_ctx_t ctx, const char* path, const char* checkpoint_path, int* verdict,
                                 kyso_report_t* report_out, kyso_buffer_t json_out);

#ifdef __cplusplus
}
#endif

#endif /* KYSO_KYSO_H */
