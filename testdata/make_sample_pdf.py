#!/usr/bin/env python3
"""Write a synthetic, UNSIGNED medical-record PDF for kyso's PDF tests and benchmarks.

    make_sample_pdf.py OUT.pdf [--pages N] [--empty-field NAME] [--text-field NAME] [--size-mb M]

Every value in the document is fake (patient "Nguyen Van A (synthetic)", SYN- codes). Shape:
  * PDF 1.7, binary comment line, one classic cross-reference table, trailer with /Size /Root /Info /ID
    (/ID is the MD5 of the body bytes, both halves equal), an /Info dictionary.
  * Page tree of at least two levels: the root /Pages node holds only intermediate /Pages nodes (which
    may nest further), so /MediaBox (A4, on the root only) and /Resources (the Helvetica font, on the root
    only) are inherited by every page.
  * One content stream per page; even-numbered pages' streams are Flate-compressed.
  * --empty-field NAME: /AcroForm with one unsigned signature field (/FT /Sig, merged field + widget on
    page 1, /Rect, /F 4, no /V).
  * --text-field NAME: an AcroForm text field (/FT /Tx, merged field + widget on page 1 at
    TEXT_FIELD_RECT, /F 4, /DA with /Helv from the AcroForm /DR, no /V and no /AP), for form-fill tests of
    certification signatures. With --empty-field too, both fields share the one /AcroForm.
  * --size-mb M: pads the file to about M MB (10^6 bytes) with an incompressible DeviceGray image XObject
    (os.urandom bytes, no filter) drawn small on the last page. Written in 1 MiB chunks, so memory stays
    flat for 500 MB files.
Without --size-mb the output is a pure function of the arguments (same arguments, same bytes).
The result passes `qpdf --check` without warnings. Standard library only, Python >= 3.9.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import zlib

A4 = (595, 842)                      # points, portrait
CREATION_DATE = "D:20250102080000+07'00'"
FANOUT_LEAF = 4                      # pages per bottom-level /Pages node
FANOUT_NODE = 2                      # children per upper /Pages node
TEXT_FIELD_RECT = (300, 160, 545, 180)   # below the text, clear of the signature areas
IMAGE_WIDTH = 1024                   # padding image: 1024 x H DeviceGray, 8 bpc
CHUNK = 1 << 20

SECTIONS = [
    "I. HANH CHINH",
    "II. LY DO VAO VIEN",
    "III. HOI BENH",
    "IV. KHAM BENH",
    "V. CHAN DOAN",
    "VI. DIEN BIEN DIEU TRI",
    "VII. Y LENH",
    "VIII. KET QUA CAN LAM SANG",
    "IX. TONG KET BENH AN",
    "X. XAC NHAN",
]

LINES = [
    "Ho ten benh nhan: Nguyen Van A (synthetic)   Gioi tinh: Nam   Nam sinh: 1970",
    "Ma benh nhan: SYN-BN-000001   Ma the BHYT: SYN-DN-9999-0000001",
    "Dia chi: So 1, Duong Thu Nghiem, Phuong Mau, Thanh pho Gia Lap (synthetic)",
    "Khoa dieu tri: Noi tong hop   Giuong: 12   Phong: 305",
    "Ngay vao vien: 02/01/2025 08:00   Ngay ra vien: 09/01/2025 10:30",
    "Chan doan vao vien: J18.9 Viem phoi, khong dac hieu (synthetic)",
    "Chan doan ra vien: J18.9; I10 Tang huyet ap vo can (synthetic)",
    "Mach: 88 l/p   Nhiet do: 38.2 C   Huyet ap: 140/90 mmHg   Nhip tho: 20 l/p",
    "Xet nghiem: CRP 45 mg/L; Bach cau 12.5 G/L; X-quang nguc: dam mo thuy duoi phai",
    "Y lenh: Ceftriaxone 2 g x 1 lan/ngay, TM; Paracetamol 500 mg khi sot > 38.5 C",
    "Bac si dieu tri: BS. Tran Thi B (synthetic)   Truong khoa: BS CKII. Le Van C (synthetic)",
    "Ghi chu: Tai lieu tong hop dung cho kiem thu phan mem; khong phai ho so benh an that.",
]


def pdf_string(text: str) -> str:
    out = []
    for ch in text:
        if ch in "()\\":
            out.append("\\" + ch)
        elif 32 <= ord(ch) < 127:
            out.append(ch)
        else:
            raise ValueError("ASCII only: %r" % ch)
    return "(" + "".join(out) + ")"


def page_content(page_no: int, pages: int, draw_image: bool) -> bytes:
    y = A4[1] - 60
    ops = ["BT", "/F1 14 Tf", "50 %d Td" % y,
           pdf_string("BENH AN NOI TRU - benh nhan: Nguyen Van A (synthetic)") + " Tj",
           "/F1 9 Tf", "0 -16 Td",
           pdf_string("Benh vien Da khoa Thu nghiem (synthetic) - So luu tru: SYN-2025-%06d" % page_no) + " Tj",
           "/F1 12 Tf", "0 -28 Td",
           pdf_string(SECTIONS[(page_no - 1) % len(SECTIONS)]) + " Tj",
           "/F1 10 Tf", "14 TL"]
    for i in range(24):
        line = LINES[(page_no + i) % len(LINES)]
        ops.append("T* " + pdf_string(line) + " Tj")
    ops += ["ET", "BT", "/F1 8 Tf", "50 30 Td",
            pdf_string("Trang %d / %d - TAI LIEU TONG HOP (SYNTHETIC) - KHONG DUNG CHO LAM SANG" % (page_no, pages))
            + " Tj", "ET",
            "0.5 w 50 %d m 545 %d l S" % (y - 22, y - 22)]
    if draw_image:
        ops.append("q 64 0 0 16 481 24 cm /Im1 Do Q")
    return ("\n".join(ops) + "\n").encode("ascii")


class Writer:
    """Sequential object writer: records offsets, feeds the MD5 used for /ID."""

    def __init__(self, fh):
        self.fh = fh
        self.pos = 0
        self.md5 = hashlib.md5()
        self.offsets: dict[int, int] = {}

    def raw(self, data: bytes) -> None:
        self.fh.write(data)
        self.md5.update(data)
        self.pos += len(data)

    def obj(self, num: int, body: str) -> None:
        self.offsets[num] = self.pos
        self.raw(("%d 0 obj\n%s\nendobj\n" % (num, body)).encode("latin-1"))

    def stream(self, num: int, data: bytes, extra: str = "") -> None:
        self.offsets[num] = self.pos
        self.raw(("%d 0 obj\n<< /Length %d%s >>\nstream\n" % (num, len(data), extra)).encode("latin-1"))
        self.raw(data)
        self.raw(b"\nendstream\nendobj\n")


def build_tree(page_nums: list[int], alloc) -> tuple[list[tuple[int, list[int], int]], list[int]]:
    """Group pages under intermediate /Pages nodes.

    Returns (nodes, top) where nodes = [(num, kids, count)] for every intermediate node and top = the
    intermediate nodes that are children of the root. Pages end up under leaf nodes of <= FANOUT_LEAF
    pages; upper levels hold <= FANOUT_NODE children.
    """
    nodes: list[tuple[int, list[int], int]] = []
    level: list[tuple[int, int]] = []        # (node num, page count)
    for i in range(0, len(page_nums), FANOUT_LEAF):
        kids = page_nums[i:i + FANOUT_LEAF]
        num = alloc()
        nodes.append((num, kids, len(kids)))
        level.append((num, len(kids)))
    while len(level) > FANOUT_NODE:
        nxt: list[tuple[int, int]] = []
        for i in range(0, len(level), FANOUT_NODE):
            group = level[i:i + FANOUT_NODE]
            if len(group) == 1:
                nxt.append(group[0])
                continue
            num = alloc()
            count = sum(c for _, c in group)
            nodes.append((num, [n for n, _ in group], count))
            nxt.append((num, count))
        level = nxt
    return nodes, [n for n, _ in level]


def write_pdf(out_path: str, pages: int, empty_field: str | None, size_mb: float | None,
              text_field: str | None = None) -> None:
    counter = [0]

    def alloc() -> int:
        counter[0] += 1
        return counter[0]

    catalog, info, font, root_pages = alloc(), alloc(), alloc(), alloc()
    page_nums = [alloc() for _ in range(pages)]
    content_nums = [alloc() for _ in range(pages)]
    nodes, top = build_tree(page_nums, alloc)
    parent_of: dict[int, int] = {}
    for num, kids, _ in nodes:
        for k in kids:
            parent_of[k] = num
    for n in top:
        parent_of[n] = root_pages
    field = alloc() if empty_field else None
    image = alloc() if size_mb else None
    tfield = alloc() if text_field else None      # allocated last: other object numbers stay as before
    fields = [n for n in (field, tfield) if n]

    tmp = out_path + ".tmp"
    with open(tmp, "wb") as fh:
        w = Writer(fh)
        w.raw(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

        cat = "<< /Type /Catalog /Pages %d 0 R /PageMode /UseNone" % root_pages
        if fields:
            cat += " /AcroForm << /Fields [%s]" % " ".join("%d 0 R" % n for n in fields)
            if tfield:
                cat += " /DR << /Font << /Helv %d 0 R >> >> /DA (/Helv 10 Tf 0 g)" % font
            cat += " >>"
        w.obj(catalog, cat + " >>")
        w.obj(info, "<< /Title (BENH AN NOI TRU - Nguyen Van A \\(synthetic\\))"
                    " /Author (Benh vien Da khoa Thu nghiem \\(synthetic\\))"
                    " /Subject (Synthetic medical record for kyso tests)"
                    " /Keywords (kyso test synthetic EMR)"
                    " /Creator (kyso testdata/make_sample_pdf.py) /Producer (kyso testdata/make_sample_pdf.py)"
                    " /CreationDate (%s) /ModDate (%s) >>" % (CREATION_DATE, CREATION_DATE))
        w.obj(font, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        w.obj(root_pages, "<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 %d %d]"
                          " /Resources << /Font << /F1 %d 0 R >> /ProcSet [/PDF /Text] >> >>"
                          % (" ".join("%d 0 R" % n for n in top), pages, A4[0], A4[1], font))
        for num, kids, count in nodes:
            w.obj(num, "<< /Type /Pages /Parent %d 0 R /Kids [%s] /Count %d >>"
                       % (parent_of[num], " ".join("%d 0 R" % k for k in kids), count))
        for i, (pnum, cnum) in enumerate(zip(page_nums, content_nums)):
            last = i == pages - 1
            body = "<< /Type /Page /Parent %d 0 R /Contents %d 0 R" % (parent_of[pnum], cnum)
            if i == 0 and fields:
                body += " /Annots [%s]" % " ".join("%d 0 R" % n for n in fields)
            if last and image:
                body += (" /Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >>"
                         " /ProcSet [/PDF /Text /ImageB] >>" % (font, image))
            w.obj(pnum, body + " >>")
            data = page_content(i + 1, pages, bool(last and image))
            if (i + 1) % 2 == 0:
                w.stream(cnum, zlib.compress(data, 9), " /Filter /FlateDecode")
            else:
                w.stream(cnum, data)
        if field:
            w.obj(field, "<< /Type /Annot /Subtype /Widget /FT /Sig /T %s /F 4 /Rect [360 60 560 130]"
                         " /P %d 0 R >>" % (pdf_string(empty_field), page_nums[0]))
        if tfield:
            w.obj(tfield, "<< /Type /Annot /Subtype /Widget /FT /Tx /T %s /F 4 /Rect [%d %d %d %d]"
                          " /DA (/Helv 10 Tf 0 g) /MK << /BC [0 0 0] >> /P %d 0 R >>"
                          % ((pdf_string(text_field),) + TEXT_FIELD_RECT + (page_nums[0],)))
        if image:
            target = int(size_mb * 1_000_000)
            nbytes = max(IMAGE_WIDTH, target - w.pos - 400 - 20 * (counter[0] + 1))
            height = max(1, nbytes // IMAGE_WIDTH)
            nbytes = height * IMAGE_WIDTH
            w.offsets[image] = w.pos
            w.raw(("%d 0 obj\n<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
                   " /BitsPerComponent 8 /Length %d >>\nstream\n" % (image, IMAGE_WIDTH, height, nbytes))
                  .encode("ascii"))
            left = nbytes
            while left:
                n = min(CHUNK, left)
                w.raw(os.urandom(n))
                left -= n
            w.raw(b"\nendstream\nendobj\n")

        size = counter[0] + 1
        xref_pos = w.pos
        file_id = w.md5.hexdigest()
        xref = ["xref", "0 %d" % size, "0000000000 65535 f "]
        for num in range(1, size):
            xref.append("%010d 00000 n " % w.offsets[num])
        fh.write(("\n".join(xref) + "\n").encode("ascii"))
        fh.write(("trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
                  % (size, catalog, info, file_id, file_id, xref_pos)).encode("ascii"))
    os.replace(tmp, out_path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", help="output PDF path")
    ap.add_argument("--pages", type=int, default=10, help="number of pages (default 10)")
    ap.add_argument("--empty-field", metavar="NAME", help="add an AcroForm with an empty signature field NAME")
    ap.add_argument("--text-field", metavar="NAME", help="add an AcroForm text field NAME on page 1")
    ap.add_argument("--size-mb", type=float, metavar="M", help="pad the file to about M MB with a random image")
    args = ap.parse_args(argv)
    if args.pages < 1:
        ap.error("--pages must be >= 1")
    for opt, val in (("--empty-field", args.empty_field), ("--text-field", args.text_field)):
        if val is not None and (not val or any(not 32 <= ord(c) < 127 or c in "()\\." for c in val)):
            ap.error(opt + ": printable ASCII without ( ) \\ or .")
    if args.empty_field is not None and args.empty_field == args.text_field:
        ap.error("--empty-field and --text-field need different names")
    if args.size_mb is not None and args.size_mb <= 0:
        ap.error("--size-mb must be > 0")
    write_pdf(args.out, args.pages, args.empty_field, args.size_mb, args.text_field)
    return 0


if __name__ == "__main__":
    sys.exit(main())
