#!/usr/bin/env python3
"""Turn the TSV records of bench/run.sh into the comparison table (stdout) and a JSON file.

    report.py --runs RUNS.tsv --checks CHECKS.tsv --ceilings CEILINGS.tsv --meta META.tsv
              [--pairs PAIRS.tsv] --json OUT.json

RUNS:     section tool item procs files bytes seconds exit_status rss_kb
CHECKS:   section tool what ok|FAIL note
CEILINGS: name value unit note
PAIRS:    kind(p12|p11) round ceiling files seconds exit_status (a ceiling, then the kyso run it bounds)
META:     key value
Standard library only.
"""

import argparse
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from tsv import read_tsv  # noqa: E402

LABELS = {
    "kyso-p12": "kyso, PKCS#12",
    "kyso-p11": "kyso, SoftHSM",
    "kyso": "kyso",
    "xmlsec1": "xmlsec1 CLI, per file",
    "xmlsec-py": "python3-xmlsec",
    "xml-crypto": "xml-crypto (node)",
}
KYSO_SIGNERS = ("kyso-p12", "kyso-p11")




def load(args):
    # With --repeat R a (section, tool, item) has R rows: keep the fastest time, the worst exit status
    # and the largest peak RSS, and all the times for the record.
    runs = {}
    for section, tool, item, procs, files, nbytes, seconds, rc, rss in read_tsv(args.runs, 9):
        r = runs.setdefault((section, tool, item), {
            "section": section, "tool": tool, "item": item, "procs": int(procs), "files": int(files),
            "bytes": int(nbytes), "all_seconds": [], "exit_status": 0, "rss_kb": None})
        r["all_seconds"].append(float(seconds))
        r["exit_status"] = max(r["exit_status"], int(rc))
        if rss:
            r["rss_kb"] = max(r["rss_kb"] or 0, int(rss))
    runs = list(runs.values())
    for r in runs:
        r["seconds"] = min(r["all_seconds"])
    checks = [{"section": s, "tool": t, "what": w, "ok": st == "ok", "note": n}
              for s, t, w, st, n in read_tsv(args.checks, 5)]
    # A ceiling measured more than once (before and after the signing runs) counts at its fastest,
    # which can only lower kyso's ratio; every measurement is kept in "all_values".
    ceilings = {}
    for name, value, unit, note in read_tsv(args.ceilings, 4):
        c = ceilings.setdefault(name, {"value": 0.0, "unit": unit, "note": note, "all_values": []})
        c["all_values"].append(float(value))
        c["value"] = max(c["all_values"])
    meta = {k: v for k, v in read_tsv(args.meta, 2)}
    return runs, checks, ceilings, meta


def tool_valid(run, checks):
    """A run counts only if it exited 0 and every check of that tool in that section passed."""
    section = run["section"]
    relevant = [c for c in checks if c["tool"] == run["tool"] and c["section"] == section
                and (not section.startswith("large") or run["item"] in c["what"])]
    return run["exit_status"] == 0 and all(c["ok"] for c in relevant), relevant


def batch_rows(runs, checks, section):
    rows = []
    for r in runs:
        if r["section"] != section:
            continue
        valid, relevant = tool_valid(r, checks)
        rows.append({
            "tool": r["tool"], "label": LABELS.get(r["tool"], r["tool"]), "procs": r["procs"],
            "files": r["files"], "bytes": r["bytes"], "seconds": r["seconds"],
            "files_per_s": round(r["files"] / r["seconds"], 1) if r["seconds"] > 0 else None,
            "mb_per_s": round(r["bytes"] / 1e6 / r["seconds"], 2) if r["seconds"] > 0 else None,
            "all_seconds": r["all_seconds"], "exit_status": r["exit_status"], "valid": valid,
            "checks": [f'{c["what"]}: {"ok" if c["ok"] else "FAIL"} {c["note"]}'.strip() for c in relevant],
        })
    return rows


def ratio(a, b):
    if not a or not b or not a["valid"] or not b["valid"]:
        return None
    return round(a["files_per_s"] / b["files_per_s"], 2)


def ratios(sign, verify, ceilings, jobs):
    out = {"sign": {}, "verify": {}}
    by_tool = {r["tool"]: r for r in sign}
    for k in KYSO_SIGNERS:
        for peer in ("xmlsec1", "xmlsec-py", "xml-crypto"):
            if k in by_tool and peer in by_tool:
                out["sign"][f"{k}/{peer}"] = ratio(by_tool[k], by_tool[peer])
    vt = {r["tool"]: r for r in verify}
    for peer in ("xmlsec1", "xmlsec-py", "xml-crypto"):
        if "kyso" in vt and peer in vt:
            out["verify"][f"kyso/{peer}"] = ratio(vt["kyso"], vt[peer])
    p11 = ceilings.get(f"p11_threads_{jobs}")
    if "kyso-p11" in by_tool and p11 and by_tool["kyso-p11"]["valid"]:
        out["kyso-p11_pct_of_p11_ceiling"] = round(100 * by_tool["kyso-p11"]["files_per_s"] / p11["value"], 1)
    ossl = ceilings.get("openssl_rsa2048")
    if "kyso-p12" in by_tool and ossl and by_tool["kyso-p12"]["valid"]:
        out["kyso-p12_pct_of_openssl_speed"] = round(100 * by_tool["kyso-p12"]["files_per_s"] / ossl["value"], 1)
    return out


PAIR_CEILINGS = {"p12": "openssl speed -elapsed rsa2048", "p11": "SoftHSM C_Sign (CKM_RSA_PKCS)"}


def paired_rounds(path):
    """Per kind, every round's ceiling, kyso rate and their ratio, and the median ratio."""
    out = {}
    if not path:
        return out
    for kind, rnd, ceiling, files, seconds, rc in read_tsv(path, 6):
        p = out.setdefault(kind, {"ceiling": PAIR_CEILINGS.get(kind, kind), "rounds": []})
        ok = rc == "0" and ceiling != "" and float(seconds) > 0
        rate = int(files) / float(seconds) if ok else None
        p["rounds"].append({
            "round": int(rnd), "ceiling_per_s": float(ceiling) if ceiling else None,
            "kyso_files_per_s": round(rate, 1) if rate else None,
            "ratio": round(rate / float(ceiling), 3) if rate else None, "exit_status": int(rc),
        })
    for p in out.values():
        ratios_ = [r["ratio"] for r in p["rounds"] if r["ratio"] is not None]
        p["median_ratio"] = round(statistics.median(ratios_), 3) if ratios_ else None
        p["valid_rounds"] = len(ratios_)
    return out


def large_rows(runs, checks):
    rows = []
    for r in runs:
        if not r["section"].startswith("large-"):
            continue
        valid, _ = tool_valid(r, checks)
        rows.append({
            "op": r["section"][len("large-"):], "file": r["item"], "tool": r["tool"],
            "bytes": r["bytes"], "seconds": r["seconds"],
            "mb_per_s": round(r["bytes"] / 1e6 / r["seconds"], 2) if r["seconds"] > 0 else None,
            "peak_rss_mb": round(r["rss_kb"] / 1024, 1) if r["rss_kb"] else None,
            "all_seconds": r["all_seconds"], "exit_status": r["exit_status"], "valid": valid,
        })
    return rows


# ---------------------------------------------------------------------------------------------
# Text table
# ---------------------------------------------------------------------------------------------
def fmt(v, spec="{:.1f}"):
    return "-" if v is None else spec.format(v)


def print_batch(title, rows, kyso_tools, jobs):
    print(f"\n{title}")
    heads = ["tool", "procs", "seconds", "files/s", "MB/s"] + [f"{k}/x" for k in kyso_tools] + ["status"]
    table = []
    by_tool = {r["tool"]: r for r in rows}
    for r in rows:
        procs = f"{r['procs']} (jobs)" if r["tool"].startswith("kyso") else (
            f"{r['procs']} (xargs -P)" if r["tool"] == "xmlsec1" else "1 process")
        line = [r["label"], procs, fmt(r["seconds"], "{:.2f}"), fmt(r["files_per_s"]), fmt(r["mb_per_s"], "{:.2f}")]
        for k in kyso_tools:
            line.append("" if r["tool"] == k or r["tool"].startswith("kyso") else fmt(ratio(by_tool.get(k), r), "{:.2f}x"))
        line.append("ok" if r["valid"] else "INVALID")
        table.append(line)
    widths = [max(len(str(x)) for x in col) for col in zip(heads, *table)]
    for line in [heads] + table:
        print("  " + "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w)
                               for i, (c, w) in enumerate(zip(line, widths))))


def busy(meta):
    """A 1-minute load average above half the cores at either end means other work competed."""
    try:
        cores = int(meta.get("nproc", "1"))
        loads = [float(meta[k].split()[0]) for k in ("loadavg_start", "loadavg_end") if k in meta]
    except ValueError:
        return False
    return any(x > cores / 2 for x in loads)


def print_report(doc):
    m = doc["meta"]
    jobs = m.get("jobs")
    print(f"kyso peer benchmark  {m.get('date', '')}  {m.get('cpu', '')} ({m.get('nproc')} cores)  jobs={jobs}")
    print(f"load average before/after: {m.get('loadavg_start', '?')} / {m.get('loadavg_end', '?')}; "
          f"best of {m.get('repeat', 1)} run(s) per figure")
    if busy(m):
        print("WARNING: the machine was busy during this run; treat the figures as rough")
    print(f"inputs: {m.get('count')} claims envelopes, {int(m.get('input_bytes', 0)) / 1e6:.1f} MB; "
          f"{m.get('large')} large; {m.get('xmlsec1', '')}; {m.get('python_xmlsec', '')}; "
          f"xml-crypto {m.get('xml_crypto', '')} on node {m.get('node', '')}")
    kyso_sign = [t for t in KYSO_SIGNERS if any(r["tool"] == t for r in doc["sign"])]
    print_batch("SIGN (wall time, same inputs)", doc["sign"], kyso_sign, jobs)
    kyso_verify = ["kyso"] if any(r["tool"] == "kyso" for r in doc["verify"]) else []
    print_batch(f"VERIFY (the set signed by {m.get('verify_set', '?')})", doc["verify"], kyso_verify, jobs)

    print("\nCEILINGS")
    for name, c in doc["ceilings"].items():
        runs = c.get("all_values", [c["value"]])
        each = f" (fastest of {', '.join(f'{v:.1f}' for v in runs)})" if len(runs) > 1 else ""
        print(f"  {name:<18} {c['value']:>10.1f} {c['unit']:<6}  {c['note']}{each}")
    if "p11_sign_rate" in m:
        print(f"  p11_sign_rate: {m['p11_sign_rate']}")
    r = doc["ratios"]
    if "kyso-p11_pct_of_p11_ceiling" in r:
        print(f"  kyso SoftHSM = {r['kyso-p11_pct_of_p11_ceiling']}% of the p11 ceiling (threads={jobs})")
    if "kyso-p12_pct_of_openssl_speed" in r:
        print(f"  kyso PKCS#12 = {r['kyso-p12_pct_of_openssl_speed']}% of openssl speed rsa2048 (-multi {jobs})")

    if doc.get("pairs"):
        print("\nPAIRED ROUNDS (each kyso run right after its ceiling)")
        for kind, label in (("p12", "kyso PKCS#12"), ("p11", "kyso SoftHSM")):
            p = doc["pairs"].get(kind)
            if not p:
                continue
            each = ", ".join(fmt(r["ratio"], "{:.3f}") for r in p["rounds"])
            print(f"  {label} / {p['ceiling']}: median {fmt(p['median_ratio'], '{:.3f}')} "
                  f"over {p['valid_rounds']} rounds ({each})")

    if doc["large"]:
        print("\nLARGE FILES (one at a time)")
        print(f"  {'op':<7}{'file':<15}{'MB':>7}  {'tool':<24}{'seconds':>8}{'MB/s':>8}{'peak RSS MB':>13}  status")
        for x in doc["large"]:
            print(f"  {x['op']:<7}{x['file']:<15}{x['bytes'] / 1e6:>7.1f}  {LABELS.get(x['tool'], x['tool']):<24}"
                  f"{x['seconds']:>8.2f}{fmt(x['mb_per_s'], '{:.1f}'):>8}{fmt(x['peak_rss_mb']):>13}  "
                  f"{'ok' if x['valid'] else 'INVALID'}")

    failed = [c for c in doc["checks"] if not c["ok"]]
    print(f"\nCHECKS: {len(doc['checks']) - len(failed)} ok, {len(failed)} failed")
    for c in failed:
        print(f"  FAIL {c['section']} {c['tool']}: {c['what']}: {c['note']}")


def main() -> int:
    ap = argparse.ArgumentParser(description="bench/run.sh report")
    for name in ("runs", "checks", "ceilings", "meta", "json"):
        ap.add_argument(f"--{name}", required=True)
    ap.add_argument("--pairs")
    args = ap.parse_args()
    runs, checks, ceilings, meta = load(args)
    jobs = meta.get("jobs", "1")
    sign = batch_rows(runs, checks, "sign")
    verify = batch_rows(runs, checks, "verify")
    doc = {
        "meta": meta,
        "sign": sign,
        "verify": verify,
        "ceilings": ceilings,
        "ratios": ratios(sign, verify, ceilings, jobs),
        "pairs": paired_rounds(args.pairs),
        "large": large_rows(runs, checks),
        "checks": checks,
        "machine_busy": busy(meta),
        "ok": all(c["ok"] for c in checks) and all(r["exit_status"] == 0 for r in runs),
    }
    print_report(doc)
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
