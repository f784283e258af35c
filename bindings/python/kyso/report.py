"""A verification report: kyso_report_t, read into Python values on first use."""
from __future__ import annotations

import ctypes
import enum
from dataclasses import dataclass
from typing import List, Optional

from ._handle import Buffer, Handle, encode, read_text
from ._native import lib
from .errors import check, error_name


class Indication(enum.IntEnum):
    """ETSI EN 319 102-1 main indications."""
    TOTAL_PASSED = 0
    TOTAL_FAILED = 1
    INDETERMINATE = 2


def sub_indication_name(value: int) -> str:
    """"HASH_FAILURE", ... ("" for none)."""
    name = lib.kyso_sub_indication_name(value)
    return name.decode() if name is not None else f"UNKNOWN_{value}"


class TimeSource(enum.IntEnum):
    NONE = 0
    CLAIMED = 1
    TIMESTAMP = 2


@dataclass(frozen=True)
class SignerIdentity:
    """Who signed, read from the certificate's subject ("" for what it does not carry)."""
    subject: str
    issuer: str
    serial: str
    common_name: str
    title: str
    mst: str  #: tax code
    cccd: str  #: citizen ID
    cmnd: str  #: old ID
    sha256_fingerprint: str


@dataclass(frozen=True)
class Signature:
    indication: Indication
    sub_indication: str  #: "" or an ETSI sub-indication name ("HASH_FAILURE")
    signer: SignerIdentity
    time: str  #: RFC 3339, "" when time_source is NONE
    time_source: TimeSource
    scope: str  #: what exactly the signature covers, in words
    warnings: List[str]
    errors: List[str]


@dataclass(frozen=True)
class Document:
    path: str
    format: str  #: "xml" or "pdf"
    profile: str  #: "claims", ..., "generic"; "pades"
    error: str  #: why it could not be read ("malformed_xml", ...), "" when it was read
    error_message: str
    signatures: List[Signature]


_SIGNER_ATTRS = ("subject", "issuer", "serial", "common_name", "title", "mst", "cccd", "cmnd",
                 "sha256_fingerprint")


class Report(Handle):
    """What Verify returned: the documents and their signatures' verdicts, and the whole report as the
    JSON of `kyso verify --json`, or text and HTML for people (lang "vi" or "en")."""

    _destroy = lib.kyso_report_destroy

    def __init__(self, handle: int) -> None:
        super().__init__(handle)
        self._documents: Optional[List[Document]] = None

    @property
    def documents(self) -> List[Document]:
        if self._documents is None:
            self._documents = self._read()
        return self._documents

    @property
    def signatures(self) -> List[Signature]:
        """Every signature of every document, in order."""
        return [s for d in self.documents for s in d.signatures]

    @property
    def indication(self) -> Optional[Indication]:
        """The verdict over everything: TOTAL_PASSED when every document was read and every signature
        passed, else the worst (TOTAL_FAILED before INDETERMINATE); None when there is no signature."""
        sigs = self.signatures
        if not sigs:
            return None
        if any(d.error for d in self.documents):
            return Indication.TOTAL_FAILED
        for worst in (Indication.TOTAL_FAILED, Indication.INDETERMINATE):
            if any(s.indication == worst for s in sigs):
                return worst
        return Indication.TOTAL_PASSED

    @property
    def sub_indication(self) -> str:
        """The sub-indication of the first signature with the overall indication ("" if none)."""
        for s in self.signatures:
            if s.indication == self.indication:
                return s.sub_indication
        return ""

    def json(self) -> str:
        return self._whole(lib.kyso_report_json)

    def text(self, lang: str = "vi") -> str:
        return self._whole(lib.kyso_report_text, encode(lang))

    def html(self, lang: str = "vi") -> str:
        return self._whole(lib.kyso_report_html, encode(lang))

    def _whole(self, fn, *args) -> str:
        with Buffer() as buffer:
            check(fn(self._h, *args, buffer._h))
            return buffer.bytes().decode("utf-8")

    def _read(self) -> List[Document]:
        h = self._h
        count = ctypes.c_size_t()
        check(lib.kyso_report_document_count(h, ctypes.byref(count)))
        documents = []
        for d in range(count.value):
            status = ctypes.c_int()
            message = read_text(lib.kyso_report_document_error, h, d, ctypes.byref(status))
            n = ctypes.c_size_t()
            check(lib.kyso_report_signature_count(h, d, ctypes.byref(n)))
            documents.append(Document(path=read_text(lib.kyso_report_document_path, h, d),
                                      format=read_text(lib.kyso_report_document_format, h, d),
                                      profile=read_text(lib.kyso_report_document_profile, h, d),
                                      error="" if status.value == 0 else error_name(status.value),
                                      error_message=message,
                                      signatures=[self._signature(d, s) for s in range(n.value)]))
        return documents

    def _signature(self, d: int, s: int) -> Signature:
        h = self._h
        ind, sub, source = ctypes.c_int(), ctypes.c_int(), ctypes.c_int()
        check(lib.kyso_report_signature_indication(h, d, s, ctypes.byref(ind), ctypes.byref(sub)))
        time = read_text(lib.kyso_report_signature_time, h, d, s, ctypes.byref(source))
        signer = SignerIdentity(*(read_text(lib.kyso_report_signature_signer, h, d, s, a)
                                  for a in range(len(_SIGNER_ATTRS))))
        messages = []
        for kind in (0, 1):
            n = ctypes.c_size_t()
            check(lib.kyso_report_signature_message_count(h, d, s, kind, ctypes.byref(n)))
            messages.append([read_text(lib.kyso_report_signature_message, h, d, s, kind, i) for i in range(n.value)])
        return Signature(indication=Indication(ind.value), sub_indication=sub_indication_name(sub.value),
                         signer=signer, time=time, time_source=TimeSource(source.value),
                         scope=read_text(lib.kyso_report_signature_scope, h, d, s),
                         warnings=messages[0], errors=messages[1])
