"""The base of every kyso object that owns a C handle, and the caller-buffer helpers (internal)."""
from __future__ import annotations

import ctypes
import os
from typing import Any, Callable, Optional, Union

from ._native import lib
from .errors import check

PathLike = Union[str, "os.PathLike[str]"]


class Handle:
    """Owns one kyso_*_t. close() (or leaving a ``with`` block) destroys it; using the object afterwards
    passes NULL to libkyso, which refuses it with InvalidHandleError."""

    _destroy: Callable[[Any], int]

    def __init__(self, handle: Optional[int]) -> None:
        self._handle: Optional[int] = handle

    @property
    def _h(self) -> Optional[int]:
        return self._handle

    def close(self) -> None:
        """Releases the handle (again: a no-op)."""
        handle, self._handle = self._handle, None
        if handle is not None:
            check(type(self)._destroy(handle))

    @property
    def closed(self) -> bool:
        return self._handle is None

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:
            pass


def make(create: Callable[[Any], int]) -> int:
    """Calls a kyso_*_create(&out) and returns the new handle."""
    out = ctypes.c_void_p()
    check(create(ctypes.byref(out)))
    return out.value


def encode(value: Optional[Union[str, bytes, "os.PathLike[str]"]]) -> Optional[bytes]:
    """A string, path or None as kyso takes it (UTF-8; paths as the OS spells them)."""
    if value is None:
        return None
    if isinstance(value, bytes):
        return value
    if isinstance(value, os.PathLike):
        return os.fsencode(value)
    return value.encode("utf-8")


def read_bytes(fn: Callable[..., int], *args: Any) -> bytes:
    """Calls fn(*args, out, &out_len) twice (rule 4): once for the size, once to fill the buffer."""
    size = ctypes.c_size_t(0)
    status = fn(*args, None, ctypes.byref(size))
    if status == 0:
        return b""
    if status != -1001:
        check(status)
    while True:
        buf = ctypes.create_string_buffer(size.value)
        status = fn(*args, buf, ctypes.byref(size))
        if status != -1001:
            check(status)
            return buf.raw[:size.value]


def read_text(fn: Callable[..., int], *args: Any) -> str:
    """A NUL-terminated UTF-8 string from a caller-buffer function."""
    raw = read_bytes(fn, *args)
    return raw.rstrip(b"\0").decode("utf-8", "replace") if raw else ""


class Buffer(Handle):
    """A kyso_buffer_t: bytes produced by kyso (internal; callers get ``bytes``)."""

    _destroy = lib.kyso_buffer_destroy

    def __init__(self) -> None:
        super().__init__(make(lib.kyso_buffer_create))

    def bytes(self) -> bytes:
        data = ctypes.POINTER(ctypes.c_uint8)()
        size = ctypes.c_size_t(0)
        check(lib.kyso_buffer_data(self._h, ctypes.byref(data), ctypes.byref(size)))
        return ctypes.string_at(data, size.value) if size.value else b""
