#!/usr/bin/env python3
"""Turn the TSV records of bench/pdf/run.sh into Markdown tables (stdout and --md FILE).

    report.py --runs RUNS.tsv --checks CHECKS.tsv --refs REFS.tsv --meta META.tsv --jobs J --md OUT.md

RUNS:   section tool item files bytes seconds exit_status rss_kb   (one line per run; R runs per measurement)
CHECKS: section tool item ok|FAIL note
REFS:   name value unit note
META:   key value
A measurement's time is the fastest of its successful runs (exit status 0); its peak RSS the largest of
them. A measurement with a failed run or a failed check is marked FAIL in its row. Standard library only.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tsv import read_tsv  # noqa: E402

RSS_TARGET_MB = 64.0
TIME_FACTOR = 1.5
RATE_FACTOR = 3.0
TARGET_SIZE = "50MB"




class Measure:
    def __init__(self, section, tool, item, files, nbytes):
        self.section, self.tool, self.item = section, tool, item
        self.files, self.bytes = int(files), int(nbytes)
        self.runs = []  # (seconds, rc, rss_kb or None)
        self.checks = []

    @property
    def ok_runs(self):
        return [r for r in self.runs if r[1] == 0]

    @property
    def seconds(self):
        ok = self.ok_runs
        return min(r[0] for r in ok) if ok else None

    @property
    def rss_mb(self):
        pool = self.ok_runs or self.runs
        vals = [r[2] for r in pool if r[2] is not None]
        return max(vals) / 1024.0 if vals else None

    @property
    def ok(self):
        return bool(self.runs) and all(r[1] == 0 for r in self.runs) and all(c[0] for c in self.checks)

    def status(self):
        bad = [r[1] for r in self.runs if r[1] != 0]
        notes = []
        if bad:
            notes.append("timed out" if 124 in bad else "exit status %s" % ",".join(str(b) for b in sorted(set(bad))))
        notes += [c[1] for c in self.checks if not c[0]]
        if not self.runs:
            notes.append("not run")
        if notes:
            return "**FAIL**: " + "; ".join(notes)
        good = [c[1] for c in self.checks if c[0]]
        return "ok" + (" (" + "; ".join(good) + ")" if good else "")

    def times(self):
        return " / ".join(("%.3f" % r[0]) + ("" if r[1] == 0 else " (rc %d)" % r[1]) for r in self.runs)


def load(args):
    ms = {}
    order = []
    for section, tool, item, files, nbytes, seconds, rc, rss in read_tsv(args.runs, 8):
        key = (section, tool, item)
        if key not in ms:
            ms[key] = Measure(section, tool, item, files, nbytes)
            order.append(key)
        ms[key].runs.append((float(seconds), int(rc), int(rss) if rss.strip().isdigit() else None))
    checks = read_tsv(args.checks, 5)
    for section, tool, item, st, note in checks:
        # small-file checks (items batch/json/tampered) belong to the tool's batch row; large ones to the size
        item_key = "batch" if section.endswith("-small") else item
        key = (section, tool, item_key)
        if key not in ms:
            ms[key] = Measure(section, tool, item_key, 0, 0)
            order.append(key)
        ms[key].checks.append((st == "ok", note))
    refs = {name: (float(value), unit, note) for name, value, unit, note in read_tsv(args.refs, 4)}
    meta = dict((k, v) for k, v in read_tsv(args.meta, 2))
    return ms, order, checks, refs, meta


def fmt(v, spec="%.2f", none="—"):
    return none if v is None else spec % v


def label(tool, jobs):
    if tool.startswith("kyso-j"):
        return "kyso, --jobs %s, one process" % tool[6:]
    if tool.startswith("podofosign-P"):
        p = tool[12:]
        return "podofosign, one process per file" + (", serial" if p == "1" else ", xargs -P %s" % p)
    if tool.startswith("pdfsig-P"):
        p = tool[8:]
        return "pdfsig, one process per file" + (", serial" if p == "1" else ", xargs -P %s" % p)
    if tool == "signpdf-1proc":
        return "@signpdf, all files in one node process"
    return {"kyso": "kyso", "podofosign": "podofosign", "pdfsig": "pdfsig", "signpdf": "@signpdf (node)"}.get(tool, tool)


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def rate(m):
    s = m.seconds if m else None
    return m.files / s if (m and s and m.ok) else None


def batch_section(ms, order, section, jobs, verb):
    kj = ms.get((section, "kyso-j%s" % jobs, "batch"))
    k1 = ms.get((section, "kyso-j1", "batch"))
    rj, r1 = rate(kj), rate(k1)
    rows = []
    for key in order:
        m = ms[key]
        if m.section != section:
            continue
        r = rate(m)
        rows.append([
            label(m.tool, jobs), m.files, fmt(m.seconds, "%.3f", "failed"),
            m.times(), fmt(r, "%.1f"), fmt(m.rss_mb, "%.1f"),
            fmt(rj / r if (rj and r) else None, "%.2f×"), fmt(r1 / r if (r1 and r) else None, "%.2f×"),
            m.status()])
    return table([verb, "files", "wall s (best)", "all runs s", "files/s", "peak RSS MB",
                  "kyso --jobs %s ÷ this (files/s)" % jobs, "kyso --jobs 1 ÷ this", "check"], rows)


def sizes_of(ms, order, section):
    seen = []
    for key in order:
        if key[0] == section and key[2] not in seen:
            seen.append(key[2])
    return seen


def large_section(ms, order, section, verb):
    rows = []
    for size in sizes_of(ms, order, section):
        k = ms.get((section, "kyso", size))
        ks = k.seconds if (k and k.ok) else None
        for key in order:
            m = ms[key]
            if m.section != section or m.item != size:
                continue
            s = m.seconds if m.ok else None
            rows.append([
                size.replace("MB", " MB"), label(m.tool, 0), fmt(m.seconds, "%.3f", "failed"), m.times(),
                fmt(m.bytes / 1e6 / s if s else None, "%.0f"), fmt(m.rss_mb, "%.1f"),
                fmt(s / ks if (s and ks) else None, "%.2f×"), m.status()])
    return table(["size", verb, "wall s (best)", "all runs s", "MB/s", "peak RSS MB", "time ÷ kyso's", "check"], rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", required=True)
    ap.add_argument("--checks", required=True)
    ap.add_argument("--refs", required=True)
    ap.add_argument("--meta", required=True)
    ap.add_argument("--jobs", required=True)
    ap.add_argument("--md", required=True)
    args = ap.parse_args()
    ms, order, checks, refs, meta = load(args)
    jobs = args.jobs
    repeat = meta.get("repeat", "?")

    sig_s = 1.0 / refs["rsa2048_sign_per_s"][0] if "rsa2048_sign_per_s" in refs else None
    tiny = ms.get(("refs", "kyso-tiny", "sample"))

    out = ["# kyso PDF benchmark, %s" % meta.get("date", "?"), ""]
    out.append("`%s` — %s; %s CPUs (%s), %s; work dir %s; every time is the best of %s runs "
               "(wall clock, includes process start-up); peak RSS from GNU time -v (largest process)." % (
                   meta.get("command", "?"), meta.get("kyso", "?"), meta.get("nproc", "?"), meta.get("cpu", "?"),
                   meta.get("mem", "?"), meta.get("work", "?"), repeat))
    try:
        busy = [float(meta[k].split()[0]) for k in ("loadavg_start", "loadavg_end") if k in meta]
        if busy and max(busy) > float(meta.get("nproc", "0")):
            out.append("")
            out.append("**Warning: the machine was busy** (1-minute load average %s at the start, %s at the end, "
                       "on %s CPUs): other work ran during the measurements, so absolute times are pessimistic "
                       "and the parallel rows the most affected." % (
                           meta.get("loadavg_start", "?").split()[0], meta.get("loadavg_end", "?").split()[0],
                           meta.get("nproc", "?")))
    except ValueError:
        pass
    out.append("")

    # ---------------------------------------------------------------- targets
    targets = []
    for size in sizes_of(ms, order, "sign-large"):
        k = ms.get(("sign-large", "kyso", size))
        sha = ms.get(("refs", "sha256sum", size))
        tag = "" if size == TARGET_SIZE else " (info, not a stated target)"
        nice = size.replace("MB", " MB")
        if k and k.ok and k.rss_mb is not None:
            targets.append(["%s sign: kyso peak RSS < %.0f MB%s" % (nice, RSS_TARGET_MB, tag),
                            "%.1f MB" % k.rss_mb, "PASS" if k.rss_mb < RSS_TARGET_MB else "MISS"])
        else:
            targets.append(["%s sign: kyso peak RSS < %.0f MB%s" % (nice, RSS_TARGET_MB, tag), "kyso failed", "MISS"])
        if k and k.ok and sha and sha.ok and sig_s:
            budget = sha.seconds + sig_s
            targets.append(["%s sign: kyso wall ≤ %.1f × (sha256sum + one RSA-2048 signature)%s" % (nice, TIME_FACTOR, tag),
                            "%.3f s = %.2f × (%.3f + %.4f s)" % (k.seconds, k.seconds / budget, sha.seconds, sig_s),
                            "PASS" if k.seconds <= TIME_FACTOR * budget else "MISS"])
        else:
            targets.append(["%s sign: kyso wall ≤ %.1f × (sha256sum + one RSA-2048 signature)%s" % (nice, TIME_FACTOR, tag),
                            "not measured (kyso, sha256sum or openssl speed failed)", "MISS"])
    if TARGET_SIZE not in sizes_of(ms, order, "sign-large"):
        targets.insert(0, ["50 MB sign targets", "not measured (--sizes has no 50)", "—"])
    for j, p in (("1", "1"), (jobs, jobs)) if jobs != "1" else (("1", "1"),):
        k = ms.get(("sign-small", "kyso-j%s" % j, "batch"))
        peer = ms.get(("sign-small", "podofosign-P%s" % p, "batch"))
        rk, rp = rate(k), rate(peer)
        name = "small batch: kyso --jobs %s ≥ %.0f × files/s of podofosign per file (%s)" % (
            j, RATE_FACTOR, "serial" if p == "1" else "xargs -P %s" % p)
        if rk and rp:
            targets.append([name, "%.1f vs %.1f files/s = %.2f×" % (rk, rp, rk / rp),
                            "PASS" if rk >= RATE_FACTOR * rp else "MISS"])
        else:
            targets.append([name, "kyso or podofosign failed", "MISS"])
    out.append("## Targets")
    out.append("")
    out += table(["target", "measured", "result"], targets)
    out.append("")

    # ---------------------------------------------------------------- small files
    n = meta.get("small_count", "?")
    out.append("## Small files: sign %s × %s" % (n, meta.get("small_file", "?")))
    out.append("")
    out += batch_section(ms, order, "sign-small", jobs, "signer")
    out.append("")
    out.append("## Small files: verify the %s files signed by kyso --jobs %s" % (n, jobs))
    out.append("")
    out += batch_section(ms, order, "verify-small", jobs, "verifier")
    out.append("")

    # ---------------------------------------------------------------- large files
    if sizes_of(ms, order, "sign-large"):
        out.append("## Large files: references and kyso")
        out.append("")
        rows = []
        for size in sizes_of(ms, order, "sign-large"):
            k = ms.get(("sign-large", "kyso", size))
            sha = ms.get(("refs", "sha256sum", size))
            dg = ms.get(("refs", "openssl-dgst", size))
            ks = k.seconds if (k and k.ok) else None
            shs = sha.seconds if (sha and sha.ok) else None
            dgs = dg.seconds if (dg and dg.ok) else None
            rows.append([
                size.replace("MB", " MB"), fmt(shs, "%.3f"), fmt(dgs, "%.3f"), fmt(sig_s * 1000 if sig_s else None, "%.2f"),
                fmt(ks, "%.3f", "failed"),
                fmt(ks / (shs + sig_s) if (ks and shs and sig_s) else None, "%.2f×"),
                fmt(ks / (dgs + sig_s) if (ks and dgs and sig_s) else None, "%.2f×"),
                fmt(k.rss_mb if k else None, "%.1f")])
        out += table(["size", "sha256sum s", "openssl dgst -sha256 s", "1 RSA-2048 sig ms", "kyso sign s",
                      "kyso ÷ (sha256sum + sig)", "kyso ÷ (openssl dgst + sig)", "kyso peak RSS MB"], rows)
        out.append("")
        out.append("## Large files: sign (one file, one process per signer)")
        out.append("")
        out += large_section(ms, order, "sign-large", "signer")
        out.append("")
        out.append("## Large files: verify kyso's signed file")
        out.append("")
        out += large_section(ms, order, "verify-large", "verifier")
        out.append("")

    # ---------------------------------------------------------------- references, notes
    out.append("## References and run")
    out.append("")
    if sig_s:
        out.append("- one RSA-2048 signature: %.3f ms (%s, %.1f sign/s)" % (
            sig_s * 1000, refs["rsa2048_sign_per_s"][2], refs["rsa2048_sign_per_s"][0]))
    if tiny:
        out.append("- kyso signing the 18 KB sample (process start, PKCS#12, parse, one signature): %s s; peak RSS %s MB (%s)"
                   % (fmt(tiny.seconds, "%.3f", "failed"), fmt(tiny.rss_mb, "%.1f"), tiny.status()))
    for key in ("date", "git", "kyso", "podofosign", "pdfsig", "signpdf", "node", "openssl", "sha256sum",
                "cpu", "nproc", "mem", "kernel", "work", "jobs", "repeat", "timeout",
                "loadavg_start", "loadavg_end", "elapsed"):
        if key in meta:
            out.append("- %s: %s" % (key, meta[key]))
    bad = [c for c in checks if c[3] != "ok"]
    out.append("- checks: %d passed, %d failed%s" % (len(checks) - len(bad), len(bad),
               "".join("\n  - FAIL %s %s %s: %s" % (c[0], c[1], c[2], c[4]) for c in bad)))
    out.append("")

    text = "\n".join(out)
    print(text)
    with open(args.md, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    sys.exit(main())
