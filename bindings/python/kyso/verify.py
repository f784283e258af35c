"""Verification: kyso_verify_ctx_t (what is trusted, as of when) and verify()."""
from __future__ import annotations

import ctypes
import os
from typing import Iterable, Optional, Union

from ._handle import Handle, PathLike, encode, make
from ._native import lib
from .errors import check
from .report import Report


class VerifyContext(Handle):
    """What a verification trusts and as of when; starts with no trust anchors, as of now, online.

    trust / untrusted: PEM or DER files or directories of them (trust anchors; intermediates that may
    build paths). time: an RFC 3339 UTC time to validate as of. offline: only embedded or cached
    revocation evidence, no network. cache_dir: keep fetched OCSP responses and CRLs there.
    profile: the XML profile ("claims", ..., "generic"), None to detect it.
    One context may verify from several threads at once; its evidence is shared by all of them.
    """

    _destroy = lib.kyso_verify_ctx_destroy

    def __init__(self, *, trust: Iterable[PathLike] = (), untrusted: Iterable[PathLike] = (),
                 time: Optional[str] = None, offline: bool = False, cache_dir: Optional[PathLike] = None,
                 profile: Optional[str] = None) -> None:
        super().__init__(make(lib.kyso_verify_ctx_create))
        try:
            for path in _paths(trust):
                check(lib.kyso_verify_ctx_add_trust(self._h, encode(path)))
            for path in _paths(untrusted):
                check(lib.kyso_verify_ctx_add_untrusted(self._h, encode(path)))
            if time is not None:
                check(lib.kyso_verify_ctx_set_time(self._h, encode(time)))
            check(lib.kyso_verify_ctx_set_offline(self._h, 1 if offline else 0))
            if cache_dir is not None:
                check(lib.kyso_verify_ctx_set_cache_dir(self._h, encode(cache_dir)))
            if profile is not None:
                check(lib.kyso_verify_ctx_set_profile(self._h, encode(profile)))
        except BaseException:
            self.close()
            raise

    def verify(self, source: Union[bytes, PathLike], name: Optional[str] = None) -> Report:
        """Verifies as `kyso verify` does: a file or directory (path), or a document in memory (bytes,
        shown in the report as name). A bad signature is not an exception: it is in the Report."""
        out = ctypes.c_void_p()
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = bytes(source)
            check(lib.kyso_verify_buffer(self._h, data, len(data), encode(name), ctypes.byref(out)))
        else:
            if name is not None:
                raise TypeError("verify: name is for documents in memory; a file is named by its path")
            check(lib.kyso_verify_file(self._h, encode(source), ctypes.byref(out)))
        return Report(out.value)


def _paths(value: Union[PathLike, Iterable[PathLike]]) -> Iterable[PathLike]:
    return [value] if isinstance(value, (str, os.PathLike)) else value
