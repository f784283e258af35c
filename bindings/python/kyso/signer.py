"""A key that signs: kyso_signer_t, and signing XML and PDF with it."""
from __future__ import annotations

import ctypes
import os
from typing import Any, Callable, Optional, Sequence, Union

from ._handle import Buffer, Handle, PathLike, encode, read_bytes, read_text
from ._native import PIN_CALLBACK, PROGRESS_CALLBACK, lib
from .batch import BatchResult, ResultHandle
from .errors import check, error_for
from .pdf_options import PdfOptions

#: Asked for a secret: (kind, label) -> the PIN, or None to cancel. kind is PIN_TOKEN_USER,
#: PIN_CONTEXT_SPECIFIC or PIN_PKCS12_PASSPHRASE; label is the token label or the file name.
PinCallback = Callable[[int, str], Optional[str]]
#: Called after each input of a batch: (done, total) -> True to cancel.
ProgressCallback = Callable[[int, int], Optional[bool]]

PIN_TOKEN_USER = 0
PIN_CONTEXT_SPECIFIC = 1
PIN_PKCS12_PASSPHRASE = 2
_SIGN_OVERWRITE = 0x1


class Signer(Handle):
    """A key in a PKCS#11 token or a PKCS#12 file. Open it with Signer.open; close it (or use ``with``).

    One signer may sign from several threads at once; close() needs it to itself.
    """

    _destroy = lib.kyso_signer_destroy

    def __init__(self, handle: int, callback: Any, errors: list) -> None:
        super().__init__(handle)
        self._callback = callback  # kept alive: libkyso calls it for keys that need a PIN per signature
        self._callback_errors = errors

    @classmethod
    def open(cls, keyspec: str, pass_spec: Optional[str] = None,
             pin: Union[None, str, PinCallback] = None) -> "Signer":
        """Opens a key as the CLI's --key takes it: "pkcs11:token=...;object=...?module-path=..." or
        "p12:PATH" with pass_spec ("pass:TEXT", "env:VAR", "file:PATH", "fd:N").

        pin is asked for whatever secret the KEYSPEC and pass_spec do not give: a string, or a callable
        (kind, label) -> str, or None to cancel (CancelledError). Without it, a needed secret is
        PinRequiredError. A PIN the token refuses is PinIncorrectError after exactly one attempt.
        """
        errors: list = []
        callback = None
        if pin is not None:
            ask: PinCallback = (lambda kind, label, value=pin: value) if isinstance(pin, str) else pin

            def give(user: Any, kind: int, label: bytes, out: Any, size: int) -> int:
                try:
                    value = ask(kind, (label or b"").decode("utf-8", "replace"))
                    if value is None:
                        return 1
                    raw = value.encode("utf-8")
                    if len(raw) >= size:
                        raise ValueError("kyso: the PIN is longer than KYSO_PIN_MAX")
                    ctypes.memmove(out, raw + b"\0", len(raw) + 1)
                    return 0
                except BaseException as e:  # never across the C boundary: cancel, raise it afterwards
                    errors.append(e)
                    return 1

            callback = PIN_CALLBACK(give)
        out = ctypes.c_void_p()
        status = lib.kyso_signer_open(ctypes.byref(out), encode(keyspec), encode(pass_spec),
                                      callback or PIN_CALLBACK(), None)
        _raise(status, errors)
        return cls(out.value, callback, errors)

    @property
    def subject(self) -> str:
        """The certificate's subject, RFC 2253 order ("CN=...,O=...,C=VN")."""
        return read_text(lib.kyso_signer_subject, self._h)

    @property
    def certificate(self) -> bytes:
        """The certificate, DER."""
        return read_bytes(lib.kyso_signer_certificate, self._h)

    def sign_xml(self, source: Union[bytes, PathLike], out: Optional[PathLike] = None, *,
                 profile: Optional[str] = None, overwrite: bool = False) -> Optional[bytes]:
        """Signs claims XML (enveloped XML-DSig spliced into the original bytes).

        bytes in: returns the signed bytes (out must be None). A path in: writes out atomically and
        returns None. profile: "claims", "checkin", "catalog", "ksk-doctor", "ksk-hospital", or None to
        detect it from the root element.
        """
        if isinstance(source, (bytes, bytearray, memoryview)):
            if out is not None:
                raise TypeError("sign_xml: bytes are signed into bytes; write them yourself")
            data = bytes(source)
            with Buffer() as buffer:
                _raise(lib.kyso_xml_sign_buffer(self._h, data, len(data), encode(profile), buffer._h),
                       self._callback_errors)
                return buffer.bytes()
        if out is None:
            raise TypeError("sign_xml: a file is signed into a file: give out")
        _raise(lib.kyso_xml_sign_file(self._h, encode(source), encode(out), encode(profile),
                                      _SIGN_OVERWRITE if overwrite else 0), self._callback_errors)
        return None

    def sign_pdf(self, source: PathLike, out: PathLike, options: Optional[PdfOptions] = None, *,
                 overwrite: bool = False, **appearance: Any) -> None:
        """Signs a PDF into out: one incremental revision (PAdES). Give a PdfOptions, or its keyword
        arguments (field=, visible=(page, x, y, w, h), name=, title=, reason=, location=, image=,
        certify=, level=, tsa_url=)."""
        if options is not None and appearance:
            raise TypeError("sign_pdf: give options or appearance keywords, not both")
        own = PdfOptions(**appearance) if options is None else None
        try:
            used = options if options is not None else own
            _raise(lib.kyso_pdf_sign_file(self._h, encode(source), encode(out), used._h,
                                          _SIGN_OVERWRITE if overwrite else 0), self._callback_errors)
        finally:
            if own is not None:
                own.close()

    def sign_xml_batch(self, inputs: Sequence[PathLike], out_dir: PathLike, *, profile: Optional[str] = None,
                       overwrite: bool = False, jobs: int = 0,
                       progress: Optional[ProgressCallback] = None) -> BatchResult:
        """Signs XML files and directories (walked for *.xml) into out_dir, as `kyso xml sign IN... --out`.

        progress(done, total) is called after each input, from worker threads one call at a time; it
        returns True to stop (inputs in progress finish). An existing signed copy by this signer is
        skipped. Returns the outcome of every input when all were signed or skipped; otherwise raises
        the error of the first input that failed (or CancelledError), with ``.result`` holding it.
        """
        encoded = [encode(p) for p in inputs]
        array = (ctypes.c_char_p * max(len(encoded), 1))(*encoded)
        errors: list = []
        callback = PROGRESS_CALLBACK()
        if progress is not None:
            def report(user: Any, done: int, total: int) -> int:
                try:
                    return 1 if progress(done, total) else 0
                except BaseException as e:
                    errors.append(e)
                    return 1
            callback = PROGRESS_CALLBACK(report)
        with ResultHandle() as handle:
            status = lib.kyso_xml_sign_batch(self._h, array, len(encoded), encode(out_dir), encode(profile),
                                             _SIGN_OVERWRITE if overwrite else 0, jobs, callback, None, handle._h)
            message = (lib.kyso_last_error() or b"").decode("utf-8", "replace")
            result = handle.read()
        if errors:
            raise errors[0]
        if status != 0:
            e = error_for(status, message)
            e.result = result  # type: ignore[attr-defined]
            raise e
        return result


def _raise(status: int, callback_errors: list) -> None:
    """check(), but an exception raised by a Python callback wins over the cancellation it caused."""
    if status != 0 and callback_errors:
        error = callback_errors.pop(0)
        callback_errors.clear()
        raise error
    check(status)
