#!/usr/bin/python3
"""verify_archive.py -- check a kyso archive, archive batch or disclosure package, as an auditor's tool would.

    verify_archive.py PATH [--trust PEM]... [--untrusted PEM]... [--checkpoint FILE] [--at TIME] [--offline]

PATH is an archive (kyso archive append), a batch (kyso archive create) or a record's disclosure package
(kyso archive export). --trust: the CA certificates you trust for the time-stamping authority and the
signers; --checkpoint: your copy of the archive's log/checkpoint from an earlier audit (nothing logged since
may have been dropped or rewritten). Prints what the evidence proves, each record with its status and
signatures, and every problem found; exits as `kyso archive verify` does: 0 verified, 1 failed (a file
changed, missing, extra or renamed; a proof, the log or a signature failed), 2 indeterminate (the TSA or a
signer is not trusted), 3 unreadable; 4 when PATH or an argument cannot be used.

Needs the kyso Python package (bindings/python) and libkyso.so ($KYSO_LIBRARY, or installed).
"""
import argparse
import sys

import kyso


def main() -> int:
    parser = argparse.ArgumentParser(description="Verify a kyso archive, batch or disclosure package.")
    parser.add_argument("path", help="the archive, batch or package directory")
    parser.add_argument("--trust", action="append", default=[], help="a trusted CA certificate (PEM or DER)")
    parser.add_argument("--untrusted", action="append", default=[], help="an intermediate CA certificate")
    parser.add_argument("--checkpoint", help="an archive's log checkpoint kept from an earlier audit")
    parser.add_argument("--at", help="validate as of this RFC 3339 time (default: now)")
    parser.add_argument("--offline", action="store_true", help="no OCSP/CRL requests over the network")
    args = parser.parse_args()

    try:
        with kyso.VerifyContext(trust=args.trust, untrusted=args.untrusted, time=args.at,
                                offline=args.offline) as context, \
                kyso.verify_archive(args.path, context=context, checkpoint=args.checkpoint) as result:
            show(result)
            return int(result.verdict)
    except kyso.KysoError as e:  # the path or an argument cannot be used: not a verdict
        print(f"verify_archive: {e}", file=sys.stderr)
        return 4


def show(result: "kyso.ArchiveResult") -> None:
    archive = result.archive
    print(f"{archive['kind']} {archive['path']}: {archive['status']}")
    if archive["kind"] == "archive":
        log = archive["log"]
        print(f"  log of archive {archive['origin']}: {log['size']} batches")
        if "auditor_checkpoint" in log:
            consistent = log["auditor_checkpoint"]["consistent"]
            print(f"  your checkpoint of {log['auditor_checkpoint']['size']} batches: "
                  f"{'continued by the log' if consistent else 'NOT continued by the log'}")

    # The signatures found in each record's files, by record id (the last part of a document's path).
    signatures = {}
    for document in result.report.documents:
        verdicts = [s.indication.name + (f"/{s.sub_indication}" if s.sub_indication else "")
                    for s in document.signatures]
        signatures[document.path.rsplit("/", 1)[-1]] = verdicts

    for batch in result.batches:
        name = batch.get("batch_id") or batch["path"]
        statement = batch["statement"]["text"]
        if statement:  # what the time-stamped Merkle root proves, for the records whose files match it
            print(f"  {name}: the records marked OK {statement}")
        else:
            print(f"  {name}: no proof of existence (time-stamp {batch['timestamp']['status']}"
                  f"{': ' + batch['timestamp']['problem'] if batch['timestamp']['problem'] else ''})")
        for record in batch["records"]:
            signed = signatures.get(record["record_id"], [])
            files = [f for f in record["files"] if f["path"] != "record.manifest"]
            print(f"    record {record['record_id']}: {record['status']}, {len(files)} file(s)"
                  + (f", signatures: {', '.join(signed)}" if signed else ""))

    if result.problems:
        print("problems:")
        for problem in result.problems:
            print(f"  - {problem}")
    print(f"verdict: {result.verdict.name}")


if __name__ == "__main__":
    sys.exit(main())
