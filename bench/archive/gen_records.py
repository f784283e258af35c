#!/usr/bin/python3
"""gen_records.py -- deterministic small XML-ish records for the archive scale benchmark.

    gen_records.py --out DIR --records N --batches B [--size-min BYTES] [--size-max BYTES] [--seed S]

Writes DIR/day-001 .. DIR/day-BBB, day k holding records ceil/floor(N/B) files named
rec-NNNNNNN.xml (numbered 1..N over all days), each between --size-min and --size-max bytes (uniform,
exact sizes), well-formed XML shaped like a claims table (UTF-8, Vietnamese text). The content is a
pure function of (seed, N, B, size range): two runs give byte-identical trees. Not signed: the
benchmark measures the archive, not XML signatures.

Fast enough for 1,000,000 files in a couple of minutes: the bodies are slices (on element boundaries)
of one pool generated once, with the record number and exact-size padding around them.
Prints one line: "records N bytes TOTAL" (TOTAL = payload bytes written).
Standard library only.
"""

import argparse
import bisect
import os
import random
import sys

FIELDS = [
    (b"MA_THUOC", lambda r: b"40.%d" % r.randrange(1, 999)),
    (b"TEN_THUOC", lambda r: r.choice([
        "Paracetamol 500mg", "Amoxicilin 500mg", "Vitamin C 100mg", "Natri clorid 0,9%",
        "Omeprazol 20mg", "Metformin 850mg", "Cefuroxim 250mg", "Thuốc ho Bảo Thanh"]).encode()),
    (b"DON_VI_TINH", lambda r: r.choice(["Viên", "Chai", "Ống", "Gói", "Lọ"]).encode()),
    (b"SO_LUONG", lambda r: b"%d" % r.randrange(1, 60)),
    (b"DON_GIA", lambda r: b"%d.%02d" % (r.randrange(100, 250000), r.randrange(100))),
    (b"MA_KHOA", lambda r: b"K%02d" % r.randrange(1, 40)),
    (b"MA_BAC_SI", lambda r: b"%06d/HNO-CCHN" % r.randrange(1, 999999)),
    (b"NGAY_YL", lambda r: b"2026%02d%02d%02d%02d" % (r.randrange(1, 13), r.randrange(1, 29),
                                                      r.randrange(24), r.randrange(60))),
    (b"CHAN_DOAN", lambda r: r.choice([
        "Viêm họng cấp", "Tăng huyết áp vô căn", "Đái tháo đường typ 2", "Viêm phế quản",
        "Gãy xương cẳng tay", "Sốt xuất huyết Dengue", "Đau thắt lưng"]).encode()),
    (b"MA_BENH", lambda r: b"%c%02d.%d" % (r.randrange(65, 91), r.randrange(100), r.randrange(10))),
]
FOOTER = b"</CHI_TIET>\n</HOSO>\n"
PAD_OPEN, PAD_CLOSE = b"<GHI_CHU>", b"</GHI_CHU>\n"


def make_pool(rng, target):
    """One long run of complete <DONG>...</DONG> rows, and the offset where each row starts."""
    parts, starts, size = [], [], 0
    while size < target:
        k = rng.randrange(3, len(FIELDS) + 1)
        row = b"<DONG>" + b"".join(b"<%s>%s</%s>" % (n, f(rng), n) for n, f in FIELDS[:k]) + b"</DONG>\n"
        starts.append(size)
        parts.append(row)
        size += len(row)
    starts.append(size)
    return b"".join(parts), starts


def record(n, day, size, rng, pool, starts):
    head = (b'<?xml version="1.0" encoding="UTF-8"?>\n<HOSO>\n<MA_LK>LK%08d</MA_LK>'
            b"<NGAY>%03d</NGAY><MA_CSKCB>01001</MA_CSKCB>\n<CHI_TIET>\n" % (n, day))
    budget = size - len(head) - len(FOOTER)
    body = b""
    if budget > len(PAD_OPEN) + len(PAD_CLOSE):
        i = rng.randrange(len(starts) - 1)
        j = bisect.bisect_right(starts, starts[i] + budget - len(PAD_OPEN) - len(PAD_CLOSE)) - 1
        if j > i:
            body = pool[starts[i]:starts[j]]
    pad = budget - len(body)
    if pad >= len(PAD_OPEN) + len(PAD_CLOSE):
        fill = pad - len(PAD_OPEN) - len(PAD_CLOSE)
        body += PAD_OPEN + (b"ghi chu " * (fill // 8 + 1))[:fill] + PAD_CLOSE
    elif pad > 0:
        body += b"\n" * pad
    out = head + body + FOOTER
    return out  # exactly `size` bytes unless size < len(head)+len(FOOTER)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--records", type=int, required=True)
    ap.add_argument("--batches", type=int, required=True)
    ap.add_argument("--size-min", type=int, default=200)
    ap.add_argument("--size-max", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=2026)
    a = ap.parse_args()
    if a.records < 1 or a.batches < 1 or a.batches > a.records:
        ap.error("need 1 <= --batches <= --records")
    if a.size_min < 1 or a.size_max < a.size_min:
        ap.error("need 1 <= --size-min <= --size-max")

    rng = random.Random(a.seed)
    pool, starts = make_pool(rng, max(1 << 20, 64 * a.size_max))
    base, extra = divmod(a.records, a.batches)
    width = max(3, len(str(a.batches)))
    n = 0
    total = 0
    for day in range(1, a.batches + 1):
        d = os.path.join(a.out, "day-%0*d" % (width, day))
        os.makedirs(d, exist_ok=True)
        for _ in range(base + (1 if day <= extra else 0)):
            n += 1
            data = record(n, day, rng.randint(a.size_min, a.size_max), rng, pool, starts)
            with open(os.path.join(d, "rec-%07d.xml" % n), "wb") as f:
                f.write(data)
            total += len(data)
    print("records %d bytes %d" % (n, total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
