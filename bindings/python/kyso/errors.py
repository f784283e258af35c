"""Exceptions raised by kyso: one class per family of kyso.h status codes.

Every exception carries ``code`` (the negative KYSO_ERROR_* value), ``name`` (its name as the CLI's JSON
spells it, "pin_incorrect") and ``message`` (kyso_last_error: what went wrong, never a PIN or patient data).
"""
from __future__ import annotations

from typing import Dict, Type

from ._native import lib


class KysoError(Exception):
    """Any failure reported by libkyso."""

    def __init__(self, code: int, message: str) -> None:
        self.code = code
        self.name = error_name(code)
        self.message = message
        super().__init__(f"{self.name}: {message}" if message else self.name)


class InternalError(KysoError):
    """internal: a bug in kyso."""


class UsageError(KysoError):
    """usage, buffer_too_small: bad arguments or configuration."""


class InvalidHandleError(UsageError):
    """invalid_handle: an object used after close(), or a handle of another type."""


class FileError(KysoError):
    """io, output_exists: a file could not be read or written, or the output exists."""


class DocumentError(KysoError):
    """malformed_xml, malformed_pdf, unsupported, profile_violation, already_signed, evidence_invalid."""


class KeyAccessError(KysoError):
    """keyspec_invalid, module_load_failed, token_not_present, key_not_found, mechanism_unsupported,
    token_error, signature_check_failed, certificate_invalid: the key or token cannot be used."""


class PinError(KysoError):
    """pin_required, pin_incorrect, pin_locked."""


class PinRequiredError(PinError):
    """pin_required: a PIN is needed and none could be obtained."""


class PinIncorrectError(PinError):
    """pin_incorrect: the token refused the PIN (tried exactly once)."""


class PinLockedError(PinError):
    """pin_locked: the token has locked the PIN."""


class NetworkError(KysoError):
    """network, tsa_rejected, revocation_invalid: a remote service failed or sent bad evidence."""


class CancelledError(KysoError):
    """cancelled: a PIN or progress callback asked to stop."""


_BY_CODE: Dict[int, Type[KysoError]] = {
    -1: InternalError, -2: UsageError, -3: FileError, -4: DocumentError, -5: DocumentError, -6: DocumentError,
    -7: DocumentError, -8: DocumentError, -9: KeyAccessError, -10: KeyAccessError, -11: KeyAccessError,
    -12: PinRequiredError, -13: PinIncorrectError, -14: PinLockedError, -15: KeyAccessError,
    -16: KeyAccessError, -17: KeyAccessError, -18: KeyAccessError, -19: KeyAccessError, -20: NetworkError,
    -21: NetworkError, -22: CancelledError, -23: FileError, -24: NetworkError, -25: DocumentError,
    -1000: InvalidHandleError, -1001: UsageError,
}


def error_name(code: int) -> str:
    """The name of a status code ("pin_incorrect"), or "unknown_<code>"."""
    name = lib.kyso_error_name(code)
    return name.decode() if name else f"unknown_{code}"


def error_for(code: int, message: str) -> KysoError:
    """The exception for a status code (a code this version does not know is a plain KysoError)."""
    return _BY_CODE.get(code, KysoError)(code, message)


def check(status: int) -> None:
    """Raises the exception for a failed kyso call, with kyso_last_error of this thread."""
    if status != 0:
        raise error_for(status, (lib.kyso_last_error() or b"").decode("utf-8", "replace"))
