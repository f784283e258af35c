"""Archive evidence (kyso.h "Archive evidence"): batches sealed under one RFC 3161 time-stamp, disclosure
packages of one record, archives whose log the archive key signs, and their verification.

    batch = kyso.create_batch(["records/2031-01-01"], "batches/2031-01-01", "http://tsa.example/")
    kyso.export_record("batches/2031-01-01", batch["records"][0]["record_id"], "for-the-auditor")
    with kyso.Signer.open("p12:archive.p12", "env:P12_PASS") as key:
        kyso.append_batches(key, "archive", ["batches/2031-01-01"], origin="benhvien-a")
    with kyso.VerifyContext(trust=["root-ca.pem"]) as ctx, kyso.verify_archive("archive", context=ctx) as result:
        print(result.verdict.name, result.statements)
"""
from __future__ import annotations

import ctypes
import enum
import json as _json
from typing import Any, Dict, List, Optional, Sequence

from ._handle import Buffer, PathLike, encode
from ._native import lib
from .errors import check
from .report import Report
from .signer import Signer, _raise
from .verify import VerifyContext


class GroupBy(enum.IntEnum):
    """How create_batch makes records of its input files."""
    FILE = 0  #: one record per file
    STEM = 1  #: files sharing the name up to the first '.' (claim_001.xml + claim_001.pdf)
    DIR = 2  #: one record per directory holding files


class Verdict(enum.IntEnum):
    """The verdict of verify_archive: the exit code of `kyso archive verify`."""
    OK = 0
    FAILED = 1  #: something changed, missing, extra, renamed; a proof, the log or a signature failed
    INDETERMINATE = 2  #: the time-stamp's TSA (or a signature inside) could not be trusted
    UNREADABLE = 3  #: a listed file or a document inside could not be read


class ArchiveResult:
    """What verify_archive found: the verdict, the report (one "archive-record" document per record, with
    the signatures in its files) and the JSON of `kyso archive verify --json` as a dict. A context manager:
    leaving it closes the report."""

    def __init__(self, verdict: Verdict, report: Report, json: Dict[str, Any]) -> None:
        self.verdict = verdict
        self.report = report
        self.json = json

    @property
    def archive(self) -> Dict[str, Any]:
        """The JSON's "archive" object: kind ("archive", "batch" or "package"), status, records, ..."""
        return self.json["archive"]

    @property
    def batches(self) -> List[Dict[str, Any]]:
        """The "archive" object of each batch (an archive's batches; a batch or a package: itself)."""
        a = self.archive
        return list(a["batches"]) if a["kind"] == "archive" else [a]

    @property
    def statements(self) -> List[str]:
        """"existed unaltered at T0 ..., protected until T1, renewal due D", per batch ("" when unproven)."""
        return [b["statement"]["text"] for b in self.batches]

    @property
    def problems(self) -> List[str]:
        """Every problem found, in words: the log's, the batches', the records' and the files' not OK."""
        a = self.archive
        found: List[str] = list(a.get("log", {}).get("problems", []))
        for b in self.batches:
            found += b["problems"]
            if b["proof"]["problem"]:
                found.append(b["proof"]["problem"])
            if b["timestamp"]["problem"]:
                found.append("time-stamp: " + b["timestamp"]["problem"])
            for f in b["tag_files"] + b["other_files"]:
                found.append(_file_problem(f))
            for r in b["records"]:
                found += [f"{r['record_id']}: {p}" for p in r["problems"]]
                found += [f"{r['record_id']}/" + _file_problem(f) for f in r["files"] if f["status"] != "OK"]
        return found

    def close(self) -> None:
        self.report.close()

    def __enter__(self) -> "ArchiveResult":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _file_problem(f: Dict[str, Any]) -> str:
    text = f"{f['path']}: {f['status']}"
    if f.get("renamed_to"):
        text += f" (now {f['renamed_to']})"
    if f.get("detail"):
        text += f" ({f['detail']})"
    return text


def _array(items: Sequence[PathLike]) -> Any:
    encoded = [encode(p) for p in items]
    return (ctypes.c_char_p * max(len(encoded), 1))(*encoded), len(encoded)


def create_batch(inputs: Sequence[PathLike], out_dir: PathLike, tsa_url: str, *,
                 group_by: GroupBy = GroupBy.FILE) -> Dict[str, Any]:
    """Seals files and directories into a new batch out_dir (which must not exist, or be empty), with one
    time-stamp from tsa_url, as `kyso archive create`. Returns its JSON: "batch" (batch_id, root, gen_time,
    ...) and "records" (record_id and the input files of each) — keep that mapping: the bag never holds
    input paths. Raises FileError (output_exists, io), NetworkError (the TSA), UsageError."""
    array, count = _array(inputs)
    with Buffer() as buffer:
        check(lib.kyso_archive_create(array, count, encode(out_dir), encode(tsa_url), int(group_by), buffer._h))
        return _json.loads(buffer.bytes().decode("utf-8"))


def export_record(batch_dir: PathLike, record_id: str, out_dir: PathLike) -> None:
    """Writes the disclosure package of one record into out_dir (its files, record.manifest, RECORD.ers,
    SHA256SUMS, README.txt), as `kyso archive export`. An unknown record id is UsageError."""
    check(lib.kyso_archive_export(encode(batch_dir), encode(record_id), encode(out_dir)))


def append_batches(signer: Signer, archive_dir: PathLike, batches: Sequence[PathLike], *,
                   origin: Optional[str] = None) -> None:
    """Moves batches into the archive and signs a checkpoint of its log with signer (the archive key), as
    `kyso archive append`. origin names a new archive (required to create one). Keep a copy of
    ARCHIVE/log/checkpoint: verify_archive(..., checkpoint=it) later proves nothing logged was dropped."""
    array, count = _array(batches)
    _raise(lib.kyso_archive_append(signer._h, encode(archive_dir), encode(origin), array, count),
           signer._callback_errors)


def verify_archive(path: PathLike, context: Optional[VerifyContext] = None,
                   checkpoint: Optional[PathLike] = None) -> ArchiveResult:
    """Verifies an archive, a batch or a disclosure package, as `kyso archive verify PATH [--checkpoint]`.

    context: what the time-stamp and the signatures inside are validated with (None: an empty context,
    which trusts nothing, so the verdict is at best INDETERMINATE). checkpoint: an auditor's copy of an
    archive's log/checkpoint (archives only). A bad archive is a verdict, not an exception; exceptions are
    for unusable arguments: a missing path (FileError), a directory that is no archive (UsageError), a
    checkpoint that cannot be read (FileError) or parsed (DocumentError)."""
    own = VerifyContext() if context is None else None
    try:
        ctx = context if context is not None else own
        verdict = ctypes.c_int(-1)
        report = ctypes.c_void_p()
        with Buffer() as buffer:
            check(lib.kyso_archive_verify(ctx._h, encode(path), encode(checkpoint), ctypes.byref(verdict),
                                          ctypes.byref(report), buffer._h))
            owned = Report(report.value)
            text = buffer.bytes().decode("utf-8")
        return ArchiveResult(Verdict(verdict.value), owned, _json.loads(text))
    finally:
        if own is not None:
            own.close()
