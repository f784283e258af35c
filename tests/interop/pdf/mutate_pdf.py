#!/usr/bin/env python3
"""Attack corpus for PDF signature validation: mutate a PDF whose LAST revision carries a signature.

    mutate_pdf.py SIGNED.pdf OUTDIR [--seed S]

Writes one PDF per attack into OUTDIR plus OUTDIR/manifest.json, a JSON list of
    {"file", "attack", "expect_indication", "expect_sub", ...optional keys}
with ETSI EN 319 102-1 names as in spec/cli.md ("expect_sub": "" = no sub-indication). Optional keys:
    "expect_warning_contains"  a substring expected in one of the signature's warnings
    "modified_after_signing"   true when the signature must be reported as followed by a disallowed change
    "same_size"                true when the attack kept every byte offset (in-place edit)
    "note"                     what was done / why the expectation is what it is
An entry "original.pdf" (attack "none", TOTAL_PASSED) is the unmodified control. Attacks that cannot be
built for this input (e.g. junk-after-DER when /Contents has no zero padding) are not in the manifest but
in OUTDIR/skipped.json as {"file", "attack", "reason"}.

The signature attacked is the last /ByteRange of the file (its dictionary must be a direct object outside
object streams, as every signer writes it). Incremental updates keep the cross-reference kind of the last
section: a classic table after a table, an xref stream (Flate, /W [1 n 2]) after an xref stream, /Prev
chained, /Root /Info /ID copied. Objects are located through the xref chain (tables, xref streams, object
streams), so the input may come from any writer. Encrypted inputs are refused.

Not covered here (needs re-signing, write it as a C++ test): messageDigest mismatch, wrong signer
certificate / ESS signing-certificate-v2 mismatch, several SignerInfos.

Standard library only (zlib for streams), Python >= 3.9. Deterministic for a given input and --seed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import zlib

# ----------------------------------------------------------------------------------------------------------
# Minimal PDF object model / parser / serializer
# ----------------------------------------------------------------------------------------------------------

WS = b" \t\r\n\f\x00"
DELIM = b"()<>[]{}/%"


class Name(str):
    pass


class Ref(tuple):
    def __new__(cls, num: int, gen: int):
        return super().__new__(cls, (num, gen))

    @property
    def num(self) -> int:
        return self[0]

    @property
    def gen(self) -> int:
        return self[1]


class PdfString(bytes):
    pass


class Keyword(str):
    pass


class PdfError(Exception):
    pass


def skip_ws(data: bytes, pos: int) -> int:
    n = len(data)
    while pos < n:
        c = data[pos]
        if c in WS:
            pos += 1
        elif c == 0x25:  # %
            while pos < n and data[pos] not in b"\r\n":
                pos += 1
        else:
            break
    return pos


_NUM = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_REF = re.compile(rb"(\d+)\s+(\d+)\s+R(?![^\s()<>\[\]{}/%])")
_REGULAR = re.compile(rb"[^\s()<>\[\]{}/%\x00]*")


def parse(data: bytes, pos: int, depth: int = 0):
    """Parse one object at pos; return (value, end)."""
    if depth > 100:
        raise PdfError("nesting too deep")
    pos = skip_ws(data, pos)
    if pos >= len(data):
        raise PdfError("unexpected end of data")
    c = data[pos:pos + 1]
    if data.startswith(b"<<", pos):
        pos += 2
        out: dict = {}
        while True:
            pos = skip_ws(data, pos)
            if data.startswith(b">>", pos):
                return out, pos + 2
            key, pos = parse(data, pos, depth + 1)
            if not isinstance(key, Name):
                raise PdfError("dictionary key is not a name at %d" % pos)
            val, pos = parse(data, pos, depth + 1)
            out[key] = val
    if c == b"<":
        end = data.index(b">", pos)
        hexd = re.sub(rb"\s+", b"", data[pos + 1:end])
        if len(hexd) % 2:
            hexd += b"0"
        return PdfString(bytes.fromhex(hexd.decode("ascii"))), end + 1
    if c == b"[":
        pos += 1
        arr = []
        while True:
            pos = skip_ws(data, pos)
            if data.startswith(b"]", pos):
                return arr, pos + 1
            val, pos = parse(data, pos, depth + 1)
            arr.append(val)
    if c == b"(":
        return parse_literal(data, pos)
    if c == b"/":
        m = _REGULAR.match(data, pos + 1)
        raw = m.group(0)
        name = re.sub(rb"#([0-9A-Fa-f]{2})", lambda g: bytes([int(g.group(1), 16)]), raw)
        return Name(name.decode("latin-1")), m.end()
    m = _REF.match(data, pos)
    if m:
        return Ref(int(m.group(1)), int(m.group(2))), m.end()
    m = _NUM.match(data, pos)
    if m and (m.end() >= len(data) or data[m.end()] in WS or data[m.end()] in DELIM):
        t = m.group(0)
        return (float(t) if b"." in t else int(t)), m.end()
    m = _REGULAR.match(data, pos)
    word = m.group(0)
    if not word:
        raise PdfError("unexpected byte %r at %d" % (c, pos))
    if word == b"true":
        return True, m.end()
    if word == b"false":
        return False, m.end()
    if word == b"null":
        return None, m.end()
    return Keyword(word.decode("latin-1")), m.end()


def parse_literal(data: bytes, pos: int):
    assert data[pos:pos + 1] == b"("
    pos += 1
    depth = 1
    out = bytearray()
    esc = {ord("n"): 10, ord("r"): 13, ord("t"): 9, ord("b"): 8, ord("f"): 12}
    while True:
        c = data[pos]
        if c == 0x5C:  # backslash
            pos += 1
            d = data[pos]
            if d in esc:
                out.append(esc[d]); pos += 1
            elif 0x30 <= d <= 0x37:
                m = re.match(rb"[0-7]{1,3}", data[pos:pos + 3])
                out.append(int(m.group(0), 8) & 0xFF); pos += len(m.group(0))
            elif d == 0x0D:
                pos += 1
                if data[pos:pos + 1] == b"\n":
                    pos += 1
            elif d == 0x0A:
                pos += 1
            else:
                out.append(d); pos += 1
        elif c == 0x28:
            depth += 1; out.append(c); pos += 1
        elif c == 0x29:
            depth -= 1; pos += 1
            if depth == 0:
                return PdfString(bytes(out)), pos
            out.append(c)
        else:
            out.append(c); pos += 1


def ser(v) -> bytes:
    if isinstance(v, bool):
        return b"true" if v else b"false"
    if v is None:
        return b"null"
    if isinstance(v, Ref):
        return b"%d %d R" % (v.num, v.gen)
    if isinstance(v, Name):
        raw = v.encode("latin-1")
        return b"/" + b"".join(bytes([c]) if 0x21 <= c <= 0x7E and c not in b"#()<>[]{}/%" else b"#%02X" % c
                               for c in raw)
    if isinstance(v, Keyword):
        return v.encode("latin-1")
    if isinstance(v, int):
        return b"%d" % v
    if isinstance(v, float):
        s = ("%.6f" % v).rstrip("0").rstrip(".")
        return s.encode("ascii") if s not in ("", "-0") else b"0"
    if isinstance(v, (PdfString, bytes)):
        return b"<" + bytes(v).hex().encode("ascii") + b">"
    if isinstance(v, list):
        return b"[" + b" ".join(ser(x) for x in v) + b"]"
    if isinstance(v, dict):
        return b"<<" + b"".join(ser(Name(k)) + b" " + ser(x) + b" " for k, x in v.items()).rstrip() + b">>"
    raise TypeError(type(v))


def png_unpredict(data: bytes, columns: int) -> bytes:
    row_len = columns + 1
    prev = bytearray(columns)
    out = bytearray()
    for i in range(0, len(data), row_len):
        ftype, row = data[i], bytearray(data[i + 1:i + row_len])
        for j in range(len(row)):
            a = row[j - 1] if j else 0
            b = prev[j]
            cc = prev[j - 1] if j else 0
            if ftype == 1:
                row[j] = (row[j] + a) & 0xFF
            elif ftype == 2:
                row[j] = (row[j] + b) & 0xFF
            elif ftype == 3:
                row[j] = (row[j] + (a + b) // 2) & 0xFF
            elif ftype == 4:
                p = a + b - cc
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - cc)
                row[j] = (row[j] + (a if pa <= pb and pa <= pc else b if pb <= pc else cc)) & 0xFF
        out += row
        prev = row
    return bytes(out)


class Pdf:
    """Reads the xref chain (tables, xref streams, object streams) of a PDF held in memory."""

    def __init__(self, data: bytes):
        self.data = data
        m = list(re.finditer(rb"startxref\s+(\d+)", data))
        if not m:
            raise PdfError("no startxref")
        self.startxref = int(m[-1].group(1))
        self.entries: dict[int, tuple] = {}   # num -> ("n", offset, gen) | ("o", stream_num, index) | ("f",)
        self.trailer: dict | None = None        # newest trailer / xref-stream dictionary
        self.xref_kind: str | None = None       # kind of the newest section: "table" | "stream"
        self._objstm_cache: dict[int, tuple] = {}
        seen = set()
        off = self.startxref
        while off is not None and off not in seen and len(seen) < 10000:
            seen.add(off)
            trailer, kind = self._read_section(off)
            if self.trailer is None:
                self.trailer, self.xref_kind = trailer, kind
            if kind == "table" and isinstance(trailer.get("XRefStm"), int):
                self._read_section(trailer["XRefStm"])
            off = trailer.get("Prev") if isinstance(trailer.get("Prev"), int) else None
        if self.trailer is None or "Root" not in self.trailer:
            raise PdfError("no trailer /Root")

    def _set(self, num: int, entry: tuple) -> None:
        if num not in self.entries:      # sections are read newest first
            self.entries[num] = entry

    def _read_section(self, off: int):
        d = self.data
        pos = skip_ws(d, off)
        if d.startswith(b"xref", pos):
            pos += 4
            while True:
                pos = skip_ws(d, pos)
                if d.startswith(b"trailer", pos):
                    trailer, _ = parse(d, pos + 7)
                    return trailer, "table"
                m = re.compile(rb"(\d+)\s+(\d+)").match(d, pos)
                if not m:
                    raise PdfError("bad xref subsection at %d" % pos)
                start, count = int(m.group(1)), int(m.group(2))
                pos = m.end()
                ent = re.compile(rb"\s*(\d{1,10})\s+(\d{1,5})\s+([nf])")
                for i in range(count):
                    e = ent.match(d, pos)
                    if not e:
                        raise PdfError("bad xref entry at %d" % pos)
                    pos = e.end()
                    if e.group(3) == b"n":
                        self._set(start + i, ("n", int(e.group(1)), int(e.group(2))))
                    else:
                        self._set(start + i, ("f",))
        # xref stream
        num, gen, dic, raw = self._read_indirect_at(pos)
        if dic.get("Type") != "XRef":
            raise PdfError("startxref/Prev %d is neither xref nor an xref stream" % off)
        data = self._decode(dic, raw)
        w = dic["W"]
        index = dic.get("Index", [0, dic["Size"]])
        rec = sum(w)
        p = 0
        for k in range(0, len(index), 2):
            start, count = index[k], index[k + 1]
            for i in range(count):
                fields = []
                for width in w:
                    fields.append(int.from_bytes(data[p:p + width], "big") if width else None)
                    p += width
                t = fields[0] if w[0] else 1
                if t == 1:
                    self._set(start + i, ("n", fields[1], fields[2] or 0))
                elif t == 2:
                    self._set(start + i, ("o", fields[1], fields[2]))
                elif t == 0:
                    self._set(start + i, ("f",))
        del rec
        return dic, "stream"

    def _read_indirect_at(self, pos: int):
        m = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj").match(self.data, pos)
        if not m:
            raise PdfError("no object header at %d" % pos)
        val, end = parse(self.data, m.end())
        raw = None
        p = skip_ws(self.data, end)
        if isinstance(val, dict) and self.data.startswith(b"stream", p):
            p += 6
            if self.data.startswith(b"\r\n", p):
                p += 2
            elif self.data[p:p + 1] in (b"\n", b"\r"):
                p += 1
            length = val.get("Length")
            if isinstance(length, Ref):
                length = self.get(length)
            raw = self.data[p:p + length]
        return int(m.group(1)), int(m.group(2)), val, raw

    def _decode(self, dic: dict, raw: bytes) -> bytes:
        filters = dic.get("Filter")
        parms = dic.get("DecodeParms")
        if filters is None:
            return raw
        if not isinstance(filters, list):
            filters, parms = [filters], [parms]
        elif not isinstance(parms, list):
            parms = [parms] * len(filters)
        out = raw
        for f, pr in zip(filters, parms):
            if f != "FlateDecode":
                raise PdfError("unsupported filter %s" % f)
            out = zlib.decompress(out)
            if isinstance(pr, dict) and pr.get("Predictor", 1) >= 10:
                out = png_unpredict(out, pr.get("Columns", 1) * pr.get("Colors", 1)
                                    * pr.get("BitsPerComponent", 8) // 8)
        return out

    def get(self, ref):
        """Resolve a Ref (or return a direct value)."""
        v, _ = self.get_with_raw(ref)
        return v

    def get_with_raw(self, ref):
        if not isinstance(ref, Ref):
            return ref, None
        e = self.entries.get(ref.num)
        if e is None or e[0] == "f":
            return None, None
        if e[0] == "n":
            _, _, val, raw = self._read_indirect_at(e[1])
            return val, raw
        stm, idx = e[1], e[2]
        if stm not in self._objstm_cache:
            sdic, sraw = self.get_with_raw(Ref(stm, 0))
            sdata = self._decode(sdic, sraw)
            first, n = sdic["First"], sdic["N"]
            nums = list(map(int, sdata[:first].split()))
            self._objstm_cache[stm] = (sdata, first, [(nums[2 * i], nums[2 * i + 1]) for i in range(n)])
        sdata, first, table = self._objstm_cache[stm]
        val, _ = parse(sdata, first + table[idx][1])
        return val, None

    def gen_of(self, num: int) -> int:
        e = self.entries.get(num)
        return e[2] if e and e[0] == "n" else 0

    def first_page(self):
        """(Ref, dict) of page 1, walking Kids[0] from /Root /Pages."""
        cat = self.get(self.trailer["Root"])
        node_ref = cat["Pages"]
        for _ in range(64):
            node = self.get(node_ref)
            kids = node.get("Kids")
            if node.get("Type") == "Page" or not kids:
                return node_ref, node
            node_ref = self.get(kids)[0]
        raise PdfError("page tree too deep")


# ----------------------------------------------------------------------------------------------------------
# Signature location
# ----------------------------------------------------------------------------------------------------------

BR_RE = re.compile(rb"/ByteRange\s*(\[[^\]]*\])")


class SigInfo:
    def __init__(self, data: bytes):
        ms = list(BR_RE.finditer(data))
        if not ms:
            raise PdfError("no /ByteRange in the input")
        m = ms[-1]
        self.br_key_start = m.start()
        self.br_arr_start, self.br_arr_end = m.start(1), m.end(1)   # the [ ... ] token
        self.br_match_end = m.end()
        nums = [int(x) for x in m.group(1)[1:-1].split()]
        if len(nums) != 4:
            raise PdfError("last /ByteRange is not 4 numbers: %r" % m.group(1))
        self.byte_range = nums
        a, b, c, d = nums
        if a != 0 or c + d != len(data):
            raise PdfError("the last signature does not cover the file to its end: %r (file %d bytes)"
                           % (nums, len(data)))
        tok = data[b:c]
        if not (tok.startswith(b"<") and tok.endswith(b">")):
            raise PdfError("the ByteRange gap is not a <hex> token")
        self.contents_start, self.contents_end = b, c           # '<' .. '>' inclusive
        hexd = tok[1:-1]
        if re.search(rb"[^0-9A-Fa-f]", hexd):
            raise PdfError("whitespace or non-hex inside /Contents is not supported")
        self.hex = hexd
        raw = bytes.fromhex(hexd.decode("ascii"))
        self.der_len = tlv_end(raw, 0)
        self.raw = raw
        # the /Contents key before the token
        k = data.rfind(b"/Contents", 0, b)
        if k < 0 or data[k + 9:b].strip(WS):
            raise PdfError("no /Contents key right before the gap")
        self.contents_key = k
        # the enclosing object
        objs = list(re.finditer(rb"(\d+)\s+(\d+)\s+obj\b", data[:min(k, self.br_key_start)]))
        if not objs:
            raise PdfError("signature dictionary is not in an indirect object")
        self.obj_num, self.obj_gen = int(objs[-1].group(1)), int(objs[-1].group(2))
        self.obj_start = objs[-1].start()
        end = data.find(b"endobj", max(c, self.br_match_end))
        self.dict_text = data[self.obj_start:end]
        self.subfilter = (re.search(rb"/SubFilter\s*/([^\s/<>\[\]()]+)", self.dict_text) or [None, b"?"])[1] \
            .decode("latin-1")
        self.docmdp_in_dict = bool(re.search(rb"/TransformMethod\s*/DocMDP", self.dict_text))


def tlv_end(buf: bytes, pos: int) -> int:
    """End of the BER/DER element at pos (indefinite lengths allowed, as NSS writes them)."""
    if pos + 2 > len(buf):
        raise PdfError("truncated CMS")
    pos += 1
    if buf[pos - 1] & 0x1F == 0x1F:     # high tag number form
        while buf[pos] & 0x80:
            pos += 1
        pos += 1
    first = buf[pos]
    pos += 1
    if first == 0x80:
        while buf[pos:pos + 2] != b"\0\0":
            pos = tlv_end(buf, pos)
        return pos + 2
    if first < 0x80:
        return pos + first
    n = first & 0x7F
    return pos + n + int.from_bytes(buf[pos:pos + n], "big")


# ----------------------------------------------------------------------------------------------------------
# Writers for incremental updates
# ----------------------------------------------------------------------------------------------------------

def content_stream(text: str) -> bytes:
    return ("BT /KysoF 28 Tf 60 700 Td (%s) Tj ET\n"
            "BT /KysoF 14 Tf 60 670 Td (kyso attack corpus: added after signing) Tj ET\n" % text).encode("ascii")


FONT = {Name("Type"): Name("Font"), Name("Subtype"): Name("Type1"), Name("BaseFont"): Name("Helvetica")}


def obj_bytes(num: int, gen: int, value, stream: bytes | None = None) -> bytes:
    if stream is None:
        return b"%d %d obj\n" % (num, gen) + ser(value) + b"\nendobj\n"
    value = dict(value)
    value[Name("Length")] = len(stream)
    return b"%d %d obj\n" % (num, gen) + ser(value) + b"\nstream\n" + stream + b"\nendstream\nendobj\n"


def incremental(pdf: Pdf, objects: list[tuple[int, int, bytes]], with_xref: bool) -> bytes:
    """Bytes to append: objects (num, gen, serialized) then, if with_xref, an xref section of pdf's kind."""
    base = len(pdf.data)
    out = bytearray(b"\n" if not pdf.data.endswith((b"\n", b"\r")) else b"")
    offsets: dict[int, tuple[int, int]] = {}
    for num, gen, body in objects:
        offsets[num] = (base + len(out), gen)
        out += body
    if not with_xref:
        return bytes(out)
    t = pdf.trailer
    size = max([t["Size"]] + [n + 1 for n in offsets])
    keep = {k: t[k] for k in ("Root", "Info", "ID") if k in t}
    if pdf.xref_kind == "table":
        xref_pos = base + len(out)
        out += b"xref\n0 1\n0000000000 65535 f \n"
        for start, run in runs(sorted(offsets)):
            out += b"%d %d\n" % (start, len(run))
            for n in run:
                out += b"%010d %05d n \n" % offsets[n]
        trailer = {Name("Size"): size}
        trailer.update({Name(k): v for k, v in keep.items()})
        trailer[Name("Prev")] = pdf.startxref
        out += b"trailer\n" + ser(trailer) + b"\nstartxref\n%d\n%%%%EOF\n" % xref_pos
    else:
        xnum = size
        size += 1
        xref_pos = base + len(out)
        offsets[xnum] = (xref_pos, 0)
        width = max(4, (xref_pos.bit_length() + 7) // 8)
        rows = bytearray()
        index = []
        for start, run in runs(sorted(offsets)):
            index += [start, len(run)]
            for n in run:
                off, gen = offsets[n]
                rows += b"\x01" + off.to_bytes(width, "big") + gen.to_bytes(2, "big")
        dic = {Name("Type"): Name("XRef"), Name("Size"): size, Name("Index"): index,
               Name("W"): [1, width, 2], Name("Filter"): Name("FlateDecode")}
        dic.update({Name(k): v for k, v in keep.items()})
        dic[Name("Prev")] = pdf.startxref
        out += obj_bytes(xnum, 0, dic, zlib.compress(bytes(rows)))
        out += b"startxref\n%d\n%%%%EOF\n" % xref_pos
    return bytes(out)


def runs(nums: list[int]):
    run: list[int] = []
    for n in nums:
        if run and n == run[-1] + 1:
            run.append(n)
        else:
            if run:
                yield run[0], run
            run = [n]
    if run:
        yield run[0], run


# ----------------------------------------------------------------------------------------------------------
# Attacks
# ----------------------------------------------------------------------------------------------------------

class Corpus:
    def __init__(self, src: str, outdir: str, seed: int):
        with open(src, "rb") as fh:
            self.data = fh.read()
        self.outdir = outdir
        self.rng = random.Random(seed)
        self.pdf = Pdf(self.data)
        if "Encrypt" in self.pdf.trailer:
            raise PdfError("encrypted input is not supported")
        self.sig = SigInfo(self.data)
        self.certification = self.sig.docmdp_in_dict or self._catalog_has_docmdp()
        self.manifest: list[dict] = []
        self.skipped: list[dict] = []   # attacks that cannot be built for this input -> skipped.json

    def _catalog_has_docmdp(self) -> bool:
        cat = self.pdf.get(self.pdf.trailer["Root"])
        perms = self.pdf.get(cat.get("Perms")) if isinstance(cat, dict) else None
        if not isinstance(perms, dict) or "DocMDP" not in perms:
            return False
        ref = perms["DocMDP"]
        return isinstance(ref, Ref) and ref.num == self.sig.obj_num

    # -- output helpers
    def emit(self, name: str, data: bytes, attack: str, indication: str, sub: str, **extra) -> None:
        path = os.path.join(self.outdir, name)
        with open(path, "wb") as fh:
            fh.write(data)
        entry = {"file": name, "attack": attack, "expect_indication": indication, "expect_sub": sub}
        entry["same_size"] = len(data) == len(self.data)
        entry.update(extra)
        self.manifest.append(entry)

    def skip(self, name: str, attack: str, reason: str) -> None:
        self.skipped.append({"file": name, "attack": attack, "reason": reason})

    def replaced(self, start: int, end: int, new: bytes, *, same_len: bool = True) -> bytes:
        if same_len and len(new) != end - start:
            raise PdfError("internal: replacement of %d bytes by %d" % (end - start, len(new)))
        return self.data[:start] + new + self.data[end:]

    def br_region(self) -> tuple[int, int]:
        """The /ByteRange array token plus the blanks after it (signpdf pads after the ']')."""
        end = self.sig.br_arr_end
        while self.data[end:end + 1] == b" ":
            end += 1
        return self.sig.br_arr_start, end

    def br_token(self, nums: list[int]) -> bytes | None:
        """A /ByteRange array padded with spaces to the br_region() length, or None if it does not fit."""
        start, end = self.br_region()
        width = end - start
        body = b"[" + b" ".join(b"%d" % n for n in nums) + b"]"
        if len(body) > width:
            return None
        return body + b" " * (width - len(body))

    # -- attacks
    def control(self) -> None:
        self.emit("original.pdf", self.data, "none", "TOTAL_PASSED", "",
                  note="unmodified input; needs the test root as trust anchor")

    def byte_flips(self) -> None:
        a, b, c, d = self.sig.byte_range
        # first part: change the visible patient name in an uncompressed content stream when present
        i = self.data.find(b"Nguyen Van A \\(synthetic\\)) Tj", 0, b)
        j = self.data.find(b"Nguyen Van A", 0, b)
        if i >= 0 or j >= 0:
            pos = (i if i >= 0 else j) + len("Nguyen Van ")
            how = "patient name 'Nguyen Van A' -> 'Nguyen Van B' in %s" % (
                "the text of an uncompressed page content stream" if i >= 0 else "the first occurrence")
            new = b"B"
        else:
            nl = self.data.find(b"\n", 0, 64)
            if nl >= 0 and self.data[nl + 1:nl + 2] == b"%" and nl + 3 < b:
                pos, how = nl + 2, "one byte of the binary comment line after %PDF-"
            else:
                pos, how = b // 2, "the middle byte of the first signed range"
            new = bytes([self.data[pos] ^ 0x01])
        self.emit("flip-first-range.pdf", self.replaced(pos, pos + 1, new), "byte flip in signed range 1",
                  "TOTAL_FAILED", "HASH_FAILURE", offset=pos, note=how)
        # second part, parse-neutral: the whitespace right after the /Contents token, else the year in the
        # signature dictionary's /M (D:...), else the first whitespace byte of the second range
        pos, how = c, "whitespace byte right after the /Contents token changed"
        sig_end = self.data.find(b"endobj", c)
        m = re.compile(rb"/M\s*\(D:\d\d\d(\d)").search(self.data, c, sig_end if sig_end > 0 else c + d)
        if self.data[pos:pos + 1] not in (b" ", b"\n", b"\r", b"\t") and m:
            pos = m.start(1)
            how = "last digit of the year in the signature dictionary's /M changed"
        elif self.data[pos:pos + 1] not in (b" ", b"\n", b"\r", b"\t"):
            pos = re.compile(rb"[ \t\r\n]").search(self.data, c).start()
            how = "first whitespace byte of the second signed range changed"
        if how.startswith("last digit"):
            new = b"%d" % ((int(self.data[pos:pos + 1]) + 1) % 10)
        else:
            new = b"\n" if self.data[pos:pos + 1] == b" " else b" "
        self.emit("flip-second-range.pdf", self.replaced(pos, pos + 1, new), "byte flip in signed range 2",
                  "TOTAL_FAILED", "HASH_FAILURE", offset=pos, note=how)

    def incremental_attacks(self) -> None:
        pdf = self.pdf
        size = pdf.trailer["Size"]
        page_ref, page = pdf.first_page()
        cat_ref = pdf.trailer["Root"]
        catalog = pdf.get(cat_ref)
        pages_ref = catalog["Pages"]
        pages_root = pdf.get(pages_ref)
        media = pages_root.get("MediaBox") or page.get("MediaBox") or [0, 0, 595, 842]
        media = pdf.get(media)

        def new_page(num_parent, text):
            return {Name("Type"): Name("Page"), Name("Parent"): num_parent, Name("MediaBox"): media,
                    Name("Resources"): {Name("Font"): {Name("KysoF"): FONT}},
                    Name("Contents"): None}

        # (a) page 1 gets a new /Contents stream
        s = size
        new_page1 = dict(page)
        new_page1[Name("Contents")] = Ref(s, 0)
        res = pdf.get(page.get("Resources")) if "Resources" in page else None
        # make sure /KysoF resolves on the page without touching inherited resources
        res = dict(res) if isinstance(res, dict) else {}
        fonts = pdf.get(res.get("Font")) if "Font" in res else {}
        fonts = dict(fonts) if isinstance(fonts, dict) else {}
        fonts[Name("KysoF")] = FONT
        res[Name("Font")] = fonts
        if "Resources" not in page:
            # keep whatever the page inherited: copy the inherited /Resources (walk up /Parent)
            inherited = self._inherited(page, "Resources")
            if isinstance(inherited, dict):
                merged = dict(inherited)
                f2 = dict(pdf.get(merged.get("Font")) or {})
                f2[Name("KysoF")] = FONT
                merged[Name("Font")] = f2
                res = merged
        new_page1[Name("Resources")] = res
        objs_a = [(page_ref.num, page_ref.gen, obj_bytes(page_ref.num, page_ref.gen, new_page1)),
                  (s, 0, obj_bytes(s, 0, {}, content_stream("FORGED: page 1 contents replaced")))]

        # (b) a new page appended to the root /Pages node
        s = size
        pg = new_page(pages_ref, "")
        pg[Name("Contents")] = Ref(s + 1, 0)
        root2 = dict(pages_root)
        root2[Name("Kids")] = list(pdf.get(pages_root["Kids"])) + [Ref(s, 0)]
        root2[Name("Count")] = pdf.get(pages_root["Count"]) + 1
        objs_b = [(pages_ref.num, pages_ref.gen, obj_bytes(pages_ref.num, pages_ref.gen, root2)),
                  (s, 0, obj_bytes(s, 0, pg)),
                  (s + 1, 0, obj_bytes(s + 1, 0, {}, content_stream("FORGED: page added after signing")))]

        # (c) the Catalog points /Pages at a brand-new one-page tree
        s = size
        tree = {Name("Type"): Name("Pages"), Name("Kids"): [Ref(s + 1, 0)], Name("Count"): 1}
        pg = new_page(Ref(s, 0), "")
        pg[Name("Contents")] = Ref(s + 2, 0)
        cat2 = dict(catalog)
        cat2[Name("Pages")] = Ref(s, 0)
        objs_c = [(cat_ref.num, cat_ref.gen, obj_bytes(cat_ref.num, cat_ref.gen, cat2)),
                  (s, 0, obj_bytes(s, 0, tree)),
                  (s + 1, 0, obj_bytes(s + 1, 0, pg)),
                  (s + 2, 0, obj_bytes(s + 2, 0, {}, content_stream("FORGED: Catalog /Pages swapped")))]

        kind = pdf.xref_kind
        for tag, label, objs in (("replace-page1-contents", "page 1 /Contents replaced", objs_a),
                                 ("add-page", "page added to the page tree", objs_b),
                                 ("swap-catalog-pages", "Catalog /Pages swapped to a new tree", objs_c)):
            data = self.data + incremental(pdf, objs, True)
            note = "incremental update with a %s xref section, /Prev %d" % (kind, pdf.startxref)
            if self.certification:
                self.emit("incr-%s.pdf" % tag, data, "incremental update: " + label, "TOTAL_FAILED", "",
                          modified_after_signing=True, note=note + "; certification signature")
            else:
                self.emit("incr-%s.pdf" % tag, data, "incremental update: " + label, "TOTAL_PASSED", "",
                          modified_after_signing=True, expect_warning_contains="modified", note=note)
            data = self.data + incremental(pdf, objs, False)
            self.emit("noxref-%s.pdf" % tag, data, "objects appended without xref/trailer: " + label,
                      "TOTAL_PASSED", "", expect_warning_contains="data after the signed revision",
                      note="objects written after the last %%EOF, no xref section, startxref unchanged")

    def _inherited(self, node: dict, key: str):
        for _ in range(64):
            if key in node:
                return self.pdf.get(node[key])
            parent = node.get("Parent")
            if parent is None:
                return None
            node = self.pdf.get(parent)
        return None

    def usf(self) -> None:
        sg = self.sig
        L = sg.contents_end - sg.contents_start
        # empty /Contents, rest of the gap blank
        self.emit("usf-contents-empty.pdf", self.replaced(sg.contents_start, sg.contents_end,
                                                           b"<>" + b" " * (L - 2)),
                  "USF: /Contents <> (empty)", "TOTAL_FAILED", "FORMAT_FAILURE",
                  note="token <> followed by spaces; ByteRange unchanged")
        hexd = "".join(self.rng.choice("0123456789abcdef") for _ in range(L - 2)).encode("ascii")
        self.emit("usf-contents-random.pdf", self.replaced(sg.contents_start + 1, sg.contents_end - 1, hexd),
                  "USF: /Contents random hex of the same length (not a CMS)", "TOTAL_FAILED", "FORMAT_FAILURE")
        # /Contents key and value removed (blanked)
        self.emit("usf-contents-removed.pdf", self.replaced(sg.contents_key, sg.contents_end,
                                                             b" " * (sg.contents_end - sg.contents_key)),
                  "USF: /Contents entry removed", "TOTAL_FAILED", "FORMAT_FAILURE",
                  note="'/Contents <...>' overwritten with spaces")
        self.emit("usf-byterange-removed.pdf",
                  self.replaced(sg.br_key_start, sg.br_arr_end, b" " * (sg.br_arr_end - sg.br_key_start)),
                  "USF: /ByteRange removed", "TOTAL_FAILED", "FORMAT_FAILURE",
                  note="'/ByteRange [...]' overwritten with spaces")
        self.emit("usf-byterange-zero.pdf",
                  self.replaced(*self.br_region(), self.br_token([0, 0, 0, 0])),
                  "USF: /ByteRange [0 0 0 0]", "TOTAL_FAILED", "FORMAT_FAILURE")
        start, end = self.br_region()
        null = b"null" if self.data[start - 1:start] in (b" ", b"\n", b"\r", b"\t") else b" null"
        self.emit("usf-byterange-null.pdf",
                  self.replaced(start, end, null + b" " * (end - start - len(null))),
                  "USF: /ByteRange null", "TOTAL_FAILED", "FORMAT_FAILURE")

    def byterange_tricks(self) -> None:
        sg = self.sig
        a, b, c, d = sg.byte_range
        n = len(self.data)
        cases = [
            ("br-first-not-zero.pdf", "ByteRange first offset not 0", [1, b - 1, c, d],
             "byte 0 left unsigned"),
            ("br-overlap.pdf", "ByteRange ranges overlap", [0, b, b - 100, n - (b - 100)],
             "second range starts 100 bytes inside the first and runs to EOF (covers the Contents token)"),
            ("br-gap-larger.pdf", "ByteRange gap larger than the /Contents token", [0, b - 10, c, d],
             "gap begins 10 bytes before '<' (inside '/Contents' key)"),
            ("br-gap-smaller.pdf", "ByteRange gap smaller than the /Contents token", [0, b + 2, c, d],
             "first range covers '<' and one hex digit"),
            ("br-short-end.pdf", "ByteRange does not reach the end of the file", [0, b, c, d - 10],
             "last 10 bytes unsigned"),
            ("br-past-eof.pdf", "ByteRange runs past the end of the file", [0, b, c, d + 10],
             "c + d = file size + 10"),
            ("br-six-numbers.pdf", "ByteRange with two gaps (6 numbers)", [0, b, c, 5, c + 6, d - 6],
             "one byte after the Contents token left unsigned"),
            ("br-negative.pdf", "ByteRange with a negative number", [0, b, c, -d], ""),
        ]
        for name, attack, nums, note in cases:
            tok = self.br_token(nums)
            if tok is None:
                self.skip(name, attack, "new /ByteRange does not fit in the original token (%d bytes)"
                          % (self.br_region()[1] - self.br_region()[0]))
                continue
            self.emit(name, self.replaced(*self.br_region(), tok), attack, "TOTAL_FAILED",
                      "FORMAT_FAILURE", byte_range=nums, note=note)

        # /Contents as a literal string of exactly the same length, holding the same bytes
        L = sg.contents_end - sg.contents_start
        lit = bytearray(b"(")
        for byte in sg.raw[:sg.der_len]:
            ch = bytes([byte])
            if ch in b"()\\":
                lit += b"\\" + ch
            elif 0x20 <= byte < 0x7F:
                lit += ch
            else:
                lit += b"\\%03o" % byte
        if len(lit) + 1 > L:
            # octal escapes do not fit (a signer with little zero padding): raw bytes, escaping only what a
            # literal string cannot hold verbatim -- \ ( ) and CR (a raw CR or CRLF would read as LF)
            lit = bytearray(b"(")
            for byte in sg.raw[:sg.der_len]:
                ch = bytes([byte])
                lit += b"\\" + ch if ch in b"()\\" else b"\\r" if byte == 0x0D else ch
        if len(lit) + 1 <= L:
            lit += b"\x00" * (L - len(lit) - 1) + b")"
            self.emit("br-contents-literal.pdf", self.replaced(sg.contents_start, sg.contents_end, bytes(lit)),
                      "/Contents written as a literal string (...)", "TOTAL_FAILED", "FORMAT_FAILURE",
                      note="same DER inside a literal string padded with NUL bytes to the token length; "
                           "the hashed bytes are unchanged, so a lax validator would PASS it")
        else:
            self.skip("br-contents-literal.pdf", "/Contents written as a literal string (...)",
                      "escaped DER longer than the hex token")

        # junk after the DER: replace the zero padding with nonzero hex
        pad_hex = len(sg.hex) - 2 * sg.der_len
        if pad_hex >= 2:
            junk = (b"DEADBEEF" * (pad_hex // 8 + 1))[:pad_hex]
            start = sg.contents_start + 1 + 2 * sg.der_len
            self.emit("br-junk-after-der.pdf", self.replaced(start, start + pad_hex, junk),
                      "junk bytes after the DER inside /Contents", "TOTAL_FAILED", "FORMAT_FAILURE",
                      note="%d padding bytes after the %d-byte CMS set to DE AD BE EF..." % (pad_hex // 2,
                                                                                           sg.der_len))
        else:
            self.skip("br-junk-after-der.pdf", "junk bytes after the DER inside /Contents",
                      "the CMS fills /Contents exactly (no zero padding to overwrite)")

        # data after the last %%EOF
        tail = b"" if self.data.endswith((b"\n", b"\r")) else b"\n"
        self.emit("data-after-eof.pdf", self.data + tail + b"JUNK AFTER THE LAST EOF 0123456789\n",
                  "data after the last %%EOF", "TOTAL_PASSED", "", expect_warning_contains="after",
                  note="a non-comment junk line after %%EOF; the signature no longer covers the whole file "
                       "(expect a warning, not a failure; adjust if kyso fails it)")

    def run(self) -> None:
        os.makedirs(self.outdir, exist_ok=True)
        self.control()
        self.byte_flips()
        self.incremental_attacks()
        self.usf()
        self.byterange_tricks()
        for name, obj in (("manifest.json", self.manifest), ("skipped.json", self.skipped)):
            with open(os.path.join(self.outdir, name), "w") as fh:
                json.dump(obj, fh, indent=1)
                fh.write("\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("signed", help="PDF whose last revision carries a signature")
    ap.add_argument("outdir", help="output directory (created)")
    ap.add_argument("--seed", type=int, default=20250102, help="seed for random bytes (default fixed)")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    try:
        corpus = Corpus(args.signed, args.outdir, args.seed)
        corpus.run()
    except (PdfError, KeyError, ValueError, IndexError, zlib.error) as e:
        print("mutate_pdf.py: %s: %s" % (args.signed, e), file=sys.stderr)
        return 1
    if not args.quiet:
        sg = corpus.sig
        made = corpus.manifest
        print("%s: signature obj %d (%s), ByteRange %s, xref %s, certification=%s, CMS %d bytes + %d padding; "
              "%d files, %d skipped -> %s/manifest.json"
              % (args.signed, sg.obj_num, sg.subfilter, sg.byte_range, corpus.pdf.xref_kind,
                 corpus.certification, sg.der_len, len(sg.raw) - sg.der_len, len(made),
                 len(corpus.skipped), args.outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
