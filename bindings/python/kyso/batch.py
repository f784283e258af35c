"""The outcome of a signing batch: kyso_batch_result_t read into Python values."""
from __future__ import annotations

import ctypes
import enum
from dataclasses import dataclass, field
from typing import List, Optional

from ._handle import Handle, make, read_text
from ._native import lib
from .errors import check, error_name


class ItemStatus(enum.IntEnum):
    SIGNED = 0
    SKIPPED = 1  #: already signed by this signer (a resumed batch)
    FAILED = 2


@dataclass(frozen=True)
class BatchItem:
    """One input of a batch: its paths, what happened, and why it failed (error is "" unless it did)."""
    input: str
    output: str
    status: ItemStatus
    error: str
    message: str


@dataclass(frozen=True)
class BatchResult:
    """Every input's outcome, in input order."""
    items: List[BatchItem] = field(default_factory=list)

    @property
    def signed(self) -> int:
        return sum(1 for i in self.items if i.status == ItemStatus.SIGNED)

    @property
    def skipped(self) -> int:
        return sum(1 for i in self.items if i.status == ItemStatus.SKIPPED)

    @property
    def failed(self) -> int:
        return sum(1 for i in self.items if i.status == ItemStatus.FAILED)


class ResultHandle(Handle):
    """kyso_batch_result_t (internal)."""

    _destroy = lib.kyso_batch_result_destroy

    def __init__(self) -> None:
        super().__init__(make(lib.kyso_batch_result_create))

    def read(self) -> BatchResult:
        n, signed, skipped, failed = (ctypes.c_size_t() for _ in range(4))
        check(lib.kyso_batch_result_counts(self._h, ctypes.byref(n), ctypes.byref(signed), ctypes.byref(skipped),
                                           ctypes.byref(failed)))
        items = []
        for i in range(n.value):
            status, error = ctypes.c_int(), ctypes.c_int()
            check(lib.kyso_batch_result_item(self._h, i, ctypes.byref(status), ctypes.byref(error)))
            items.append(BatchItem(input=read_text(lib.kyso_batch_result_item_path, self._h, i, 0),
                                   output=read_text(lib.kyso_batch_result_item_path, self._h, i, 1),
                                   status=ItemStatus(status.value),
                                   error="" if error.value == 0 else error_name(error.value),
                                   message=read_text(lib.kyso_batch_result_item_message, self._h, i)))
        result = BatchResult(items)
        assert (result.signed, result.skipped, result.failed) == (signed.value, skipped.value, failed.value)
        return result
