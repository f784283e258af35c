#!/usr/bin/python3
"""report.py -- helpers of bench/archive/run.sh (standard library only).

    report.py verify-json REPORT.json
        Reads `kyso archive verify --json` output; prints key=value lines: documents, records,
        records_ok, batches, batches_ok, archive_status, log_size, checkpoint_size, problems.
    report.py compare --inputs SUMS [--archive DIR DAYS.tsv]...
        SUMS: `sha256sum` lines over IN/day-*/rec-*.xml (paths relative to IN, or absolute, with the
        day directory as the second-to-last path component). DAYS.tsv: day <TAB> batch id.
        For every archive: the multiset of (file name, SHA-256) of each batch's payload files
        (manifest-sha256.txt, record.manifest excluded) must equal the day's inputs. Prints one
        "archive DIR: D/D days identical ..." line per archive; exit 1 on any difference.
    report.py stats CMDS.tsv
        CMDS.tsv: day cmd seconds rss_kb rc. Prints key=value lines per command kind:
        <cmd>_n, _total, _min, _median, _max (seconds), _rss_max (kB), _rc_bad.
"""

import collections
import json
import os
import statistics
import sys


def _slim(obj):
    """object_hook: a record of a batch or a document of the report becomes a small tuple, so a
    report of a million records (hundreds of MB of JSON) is read in a bounded amount of memory."""
    if "record_id" in obj and "files" in obj:
        return ("record", obj.get("status"))
    if "format" in obj and "signatures" in obj:
        return ("document", obj.get("format"))
    return obj


def verify_json(path):
    with open(path, "rb") as f:
        d = json.load(f, object_hook=_slim)
    a = d.get("archive") or {}
    batches = a.get("batches") or []
    records = sum((b.get("summary") or {}).get("records", 0) for b in batches)
    records_ok = sum((b.get("summary") or {}).get("records_ok", 0) for b in batches)
    log = a.get("log") or {}
    problems = list(log.get("problems") or [])
    for b in batches:
        problems += ["%s: %s" % (b.get("batch_id"), p) for p in (b.get("problems") or [])]
    out = {
        "documents": (d.get("summary") or {}).get("documents"),
        "records": records,
        "records_ok": records_ok,
        "batches": len(batches),
        "batches_ok": sum(1 for b in batches if b.get("status") == "OK"),
        "archive_status": a.get("status"),
        "log_size": log.get("size"),
        "checkpoint_size": (log.get("checkpoint") or {}).get("size"),
        "checkpoint_matches": log.get("checkpoint_matches"),
        "problems": len(problems),
    }
    for k, v in out.items():
        print("%s=%s" % (k, v))
    for p in problems[:20]:
        print("problem: %s" % p, file=sys.stderr)
    return 0


def read_inputs(path):
    days = collections.defaultdict(collections.Counter)
    with open(path, encoding="utf-8") as f:
        for line in f:
            digest, name = line.rstrip("\n").split(None, 1)
            name = name.lstrip("*")
            parts = name.split("/")
            days[parts[-2]][(parts[-1], digest)] += 1
    return days


def batch_files(batch):
    c = collections.Counter()
    with open(os.path.join(batch, "manifest-sha256.txt"), encoding="utf-8") as f:
        for line in f:
            digest, name = line.rstrip("\n").split(None, 1)
            base = name.rsplit("/", 1)[-1]
            if base != "record.manifest":
                c[(base, digest)] += 1
    return c


def compare(argv):
    inputs, archives = None, []
    i = 0
    while i < len(argv):
        if argv[i] == "--inputs":
            inputs = argv[i + 1]
            i += 2
        elif argv[i] == "--archive":
            archives.append((argv[i + 1], argv[i + 2]))
            i += 3
        else:
            sys.exit("report.py compare: unknown argument " + argv[i])
    want = read_inputs(inputs)
    rc = 0
    for archive, days_tsv in archives:
        ids = {}
        with open(days_tsv, encoding="utf-8") as f:
            for line in f:
                day, bid = line.split()
                ids[day] = bid  # the last line for a day wins (a re-created day)
        same, bad = 0, []
        for day in sorted(want):
            bid = ids.get(day)
            if bid is None:
                bad.append("%s: no batch" % day)
                continue
            got = batch_files(os.path.join(archive, "batches", bid))
            if got == want[day]:
                same += 1
            else:
                bad.append("%s (%s): %d files differ" % (day, bid, sum(((got - want[day]) + (want[day] - got)).values())))
        extra = sorted(set(ids) - set(want))
        batches = len(os.listdir(os.path.join(archive, "batches")))
        print("archive %s: %d/%d days identical to the inputs (file names and SHA-256), %d batch dirs%s"
              % (archive, same, len(want), batches, (", extra days " + " ".join(extra)) if extra else ""))
        for b in bad[:20]:
            print("  differs: " + b)
        if bad or extra or batches != len(want):
            rc = 1
    return rc


def stats(path):
    by = collections.defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            day, cmd, secs, rss, rc = line.rstrip("\n").split("\t")
            by[cmd].append((float(secs), int(rss or 0), int(rc)))
    for cmd in sorted(by):
        rows = by[cmd]
        t = [r[0] for r in rows]
        print("%s_n=%d" % (cmd, len(rows)))
        print("%s_total=%.3f" % (cmd, sum(t)))
        print("%s_min=%.3f" % (cmd, min(t)))
        print("%s_median=%.3f" % (cmd, statistics.median(t)))
        print("%s_max=%.3f" % (cmd, max(t)))
        print("%s_rss_max=%d" % (cmd, max(r[1] for r in rows)))
        print("%s_rc_bad=%d" % (cmd, sum(1 for r in rows if r[2] != 0)))
    return 0


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "verify-json":
        return verify_json(sys.argv[2])
    if len(sys.argv) >= 2 and sys.argv[1] == "compare":
        return compare(sys.argv[2:])
    if len(sys.argv) >= 3 and sys.argv[1] == "stats":
        return stats(sys.argv[2])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
