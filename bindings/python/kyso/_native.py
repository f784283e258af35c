"""Loading libkyso.so and the ctypes prototypes of kyso.h (internal)."""
from __future__ import annotations

import ctypes
import ctypes.util
import os
from pathlib import Path
from typing import List

c_size_p = ctypes.POINTER(ctypes.c_size_t)
c_int_p = ctypes.POINTER(ctypes.c_int)
c_handle = ctypes.c_void_p
c_handle_p = ctypes.POINTER(ctypes.c_void_p)

PIN_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_char_p,
                                ctypes.POINTER(ctypes.c_char), ctypes.c_size_t)
PROGRESS_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_size_t)

API_VERSION = 1


def _candidates() -> List[str]:
    """Where libkyso.so is looked for: $KYSO_LIBRARY; when installed, the library installed with this
    package; in a source tree, its build*/ directories; then the system."""
    env = os.environ.get("KYSO_LIBRARY")
    if env:
        return [env]  # named explicitly: nothing else is tried
    found = []
    here = Path(__file__).resolve().parent
    try:
        from . import _installed  # written by `cmake --install` (cmake/packaging.cmake)
        found.append(os.path.normpath(here / _installed.LIBRARY))
    except ImportError:  # the source tree: bindings/python/kyso
        root = here.parents[2]
        found.extend(str(build) for build in sorted(root.glob("build*/bindings/c/libkyso.so.0")))
    system = ctypes.util.find_library("kyso")
    found.append(system or "libkyso.so.0")
    return found


def _load() -> ctypes.CDLL:
    errors = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path)
        except OSError as e:
            errors.append(f"{path}: {e}")
    raise ImportError("kyso: cannot load libkyso.so (set KYSO_LIBRARY to its path): " + "; ".join(errors))


lib = _load()

_I, _S, _P, _H, _HP = ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p, c_handle, c_handle_p
_Z, _ZP, _IP, _U = ctypes.c_size_t, c_size_p, c_int_p, ctypes.c_uint
_BUF = ctypes.POINTER(ctypes.c_char)

_PROTOTYPES = {
    # name: (restype, argtypes)
    "kyso_last_error": (_S, []),
    "kyso_error_name": (_S, [_I]),
    "kyso_init": (_I, []),
    "kyso_shutdown": (_I, []),
    "kyso_version": (_S, []),
    "kyso_api_version": (ctypes.c_uint32, []),
    "kyso_supports_api": (_I, [ctypes.c_uint32]),
    "kyso_buffer_create": (_I, [_HP]),
    "kyso_buffer_data": (_I, [_H, ctypes.POINTER(ctypes.POINTER(ctypes.c_uint8)), _ZP]),
    "kyso_buffer_destroy": (_I, [_H]),
    "kyso_signer_open": (_I, [_HP, _S, _S, PIN_CALLBACK, _P]),
    "kyso_signer_certificate": (_I, [_H, _BUF, _ZP]),
    "kyso_signer_subject": (_I, [_H, _BUF, _ZP]),
    "kyso_signer_destroy": (_I, [_H]),
    "kyso_xml_sign_file": (_I, [_H, _S, _S, _S, _U]),
    "kyso_xml_sign_buffer": (_I, [_H, _S, _Z, _S, _H]),
    "kyso_pdf_options_create": (_I, [_HP]),
    "kyso_pdf_options_set_field": (_I, [_H, _S]),
    "kyso_pdf_options_set_visible": (_I, [_H, _I, ctypes.c_double, ctypes.c_double, ctypes.c_double,
                                          ctypes.c_double]),
    "kyso_pdf_options_set_name": (_I, [_H, _S]),
    "kyso_pdf_options_set_title": (_I, [_H, _S]),
    "kyso_pdf_options_set_reason": (_I, [_H, _S]),
    "kyso_pdf_options_set_location": (_I, [_H, _S]),
    "kyso_pdf_options_set_image": (_I, [_H, _S]),
    "kyso_pdf_options_set_certify": (_I, [_H, _I]),
    "kyso_pdf_options_set_level": (_I, [_H, _I]),
    "kyso_pdf_options_set_tsa_url": (_I, [_H, _S]),
    "kyso_pdf_options_destroy": (_I, [_H]),
    "kyso_pdf_sign_file": (_I, [_H, _S, _S, _H, _U]),
    "kyso_verify_ctx_create": (_I, [_HP]),
    "kyso_verify_ctx_add_trust": (_I, [_H, _S]),
    "kyso_verify_ctx_add_untrusted": (_I, [_H, _S]),
    "kyso_verify_ctx_set_time": (_I, [_H, _S]),
    "kyso_verify_ctx_set_offline": (_I, [_H, _I]),
    "kyso_verify_ctx_set_cache_dir": (_I, [_H, _S]),
    "kyso_verify_ctx_set_profile": (_I, [_H, _S]),
    "kyso_verify_ctx_destroy": (_I, [_H]),
    "kyso_verify_file": (_I, [_H, _S, _HP]),
    "kyso_verify_buffer": (_I, [_H, _S, _Z, _S, _HP]),
    "kyso_indication_name": (_S, [_I]),
    "kyso_sub_indication_name": (_S, [_I]),
    "kyso_report_document_count": (_I, [_H, _ZP]),
    "kyso_report_document_path": (_I, [_H, _Z, _BUF, _ZP]),
    "kyso_report_document_format": (_I, [_H, _Z, _BUF, _ZP]),
    "kyso_report_document_profile": (_I, [_H, _Z, _BUF, _ZP]),
    "kyso_report_document_error": (_I, [_H, _Z, _IP, _BUF, _ZP]),
    "kyso_report_signature_count": (_I, [_H, _Z, _ZP]),
    "kyso_report_signature_indication": (_I, [_H, _Z, _Z, _IP, _IP]),
    "kyso_report_signature_signer": (_I, [_H, _Z, _Z, _I, _BUF, _ZP]),
    "kyso_report_signature_time": (_I, [_H, _Z, _Z, _IP, _BUF, _ZP]),
    "kyso_report_signature_scope": (_I, [_H, _Z, _Z, _BUF, _ZP]),
    "kyso_report_signature_message_count": (_I, [_H, _Z, _Z, _I, _ZP]),
    "kyso_report_signature_message": (_I, [_H, _Z, _Z, _I, _Z, _BUF, _ZP]),
    "kyso_report_json": (_I, [_H, _H]),
    "kyso_report_text": (_I, [_H, _S, _H]),
    "kyso_report_html": (_I, [_H, _S, _H]),
    "kyso_report_destroy": (_I, [_H]),
    "kyso_xml_sign_batch": (_I, [_H, ctypes.POINTER(_S), _Z, _S, _S, _U, _U, PROGRESS_CALLBACK, _P, _H]),
    "kyso_batch_result_create": (_I, [_HP]),
    "kyso_batch_result_counts": (_I, [_H, _ZP, _ZP, _ZP, _ZP]),
    "kyso_batch_result_item": (_I, [_H, _Z, _IP, _IP]),
    "kyso_batch_result_item_path": (_I, [_H, _Z, _I, _BUF, _ZP]),
    "kyso_batch_result_item_message": (_I, [_H, _Z, _BUF, _ZP]),
    "kyso_batch_result_destroy": (_I, [_H]),
    "kyso_archive_create": (_I, [ctypes.POINTER(_S), _Z, _S, _S, _I, _H]),
    "kyso_archive_export": (_I, [_S, _S, _S]),
    "kyso_archive_append": (_I, [_H, _S, _S, ctypes.POINTER(_S), _Z]),
    "kyso_archive_verify": (_I, [_H, _S, _S, _IP, _HP, _H]),
}

for _name, (_restype, _argtypes) in _PROTOTYPES.items():
    _fn = getattr(lib, _name)
    _fn.restype = _restype
    _fn.argtypes = _argtypes
