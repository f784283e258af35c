"""kyso — sign claims XML (XML-DSig) and PDF records (PAdES) with keys in PKCS#11 tokens or PKCS#12 files,
and verify them with ETSI EN 319 102-1 verdicts. A thin ctypes wrapper over libkyso.so (kyso.h).

    import kyso
    with kyso.Signer.open("p12:hospital.p12", "env:P12_PASS") as signer:
        signer.sign_xml("claims.xml", "claims.signed.xml")
    with kyso.VerifyContext(trust=["root-ca.pem"]) as ctx, ctx.verify("claims.signed.xml") as report:
        print(report.indication.name)
    with kyso.VerifyContext(trust=["root-ca.pem"]) as ctx, kyso.verify_archive("archive", ctx) as result:
        print(result.verdict.name, result.statements)

libkyso.so is loaded from $KYSO_LIBRARY, else (installed) the library installed with it, else a build*/
directory of this source tree, else the system.
Every object owning a handle is a context manager (or call close()); failures raise KysoError subclasses.
"""
from __future__ import annotations

import atexit

from ._native import API_VERSION, lib as _lib
from .archive import ArchiveResult, GroupBy, Verdict, append_batches, create_batch, export_record, verify_archive
from .batch import BatchItem, BatchResult, ItemStatus
from .errors import (CancelledError, DocumentError, FileError, InternalError, InvalidHandleError, KeyAccessError,
                     KysoError, NetworkError, PinError, PinIncorrectError, PinLockedError, PinRequiredError,
                     UsageError, check as _check)
from .pdf_options import Certify, PadesLevel, PdfOptions
from .report import Document, Indication, Report, Signature, SignerIdentity, TimeSource
from .signer import PIN_CONTEXT_SPECIFIC, PIN_PKCS12_PASSPHRASE, PIN_TOKEN_USER, Signer
from .verify import VerifyContext

if _lib.kyso_supports_api(API_VERSION) != 0:
    raise ImportError(f"kyso: the loaded libkyso.so does not implement API version {API_VERSION}")
_check(_lib.kyso_init())
atexit.register(_lib.kyso_shutdown)

__version__: str = _lib.kyso_version().decode()

__all__ = [
    "ArchiveResult", "GroupBy", "Verdict", "append_batches", "create_batch", "export_record", "verify_archive",
    "BatchItem", "BatchResult", "CancelledError", "Certify", "Document", "DocumentError", "FileError",
    "Indication", "InternalError", "InvalidHandleError", "ItemStatus", "KeyAccessError", "KysoError",
    "NetworkError", "PIN_CONTEXT_SPECIFIC", "PIN_PKCS12_PASSPHRASE", "PIN_TOKEN_USER", "PadesLevel",
    "PdfOptions", "PinError", "PinIncorrectError", "PinLockedError", "PinRequiredError", "Report", "Signature",
    "Signer", "SignerIdentity", "TimeSource", "UsageError", "VerifyContext",
]
