#!/usr/bin/python3
"""Attacks on CERTIFIED PDFs (DocMDP): changes appended after a certification signature.

    cert_attacks.py CERTIFIED.pdf OUTDIR [--text "..."]

CERTIFIED.pdf must carry a certification signature (Catalog /Perms /DocMDP -> a signature dictionary with a
DocMDP /Reference; P defaults to 2 when /TransformParams has none). Writes OUTDIR/manifest.json in the
format of mutate_pdf.py (file, attack, expect_indication, expect_sub, ...) plus:
    "field"                  the certifying signature's field name (the signature that is judged)
    "expect_error_contains"  a substring expected in one of that signature's errors
and the files:
    original.pdf             the input unchanged                                   -> TOTAL_PASSED
    evil-annot-freetext.pdf  an incremental revision adds a /FreeText annotation whose appearance paints a
                             white box with a forged diagnosis over page 1 text (Evil Annotation Attack)
    evil-annot-square.pdf    the same with a white-filled /Square annotation hiding the patient block
                             annotations: P=1/2 -> TOTAL_FAILED, error contains "certification";
                             P=3 allows annotations -> TOTAL_PASSED (kyso warns about painting over content)
    form-fill.pdf            only when the document has a text field (/FT /Tx): a revision sets its /V and a
                             new /AP /N appearance -- a form fill.
                             P=1 -> TOTAL_FAILED, error contains "certification"; P=2/3 -> TOTAL_PASSED
Each revision is a proper incremental update (same xref kind as the last section, /Prev chained, /Root /Info
/ID kept), written by mutate_pdf.py's writer. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mutate_pdf import Name, Pdf, PdfError, PdfString, Ref, incremental, obj_bytes  # noqa: E402

HELVETICA = {Name("Type"): Name("Font"), Name("Subtype"): Name("Type1"), Name("BaseFont"): Name("Helvetica"),
             Name("Encoding"): Name("WinAnsiEncoding")}


def text_of(v) -> str:
    b = bytes(v or b"")
    return b[2:].decode("utf-16-be", "replace") if b.startswith(b"\xfe\xff") else b.decode("latin-1")


def pdf_lit(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


class Certified:
    def __init__(self, path: str):
        with open(path, "rb") as fh:
            self.data = fh.read()
        self.pdf = Pdf(self.data)
        pdf = self.pdf
        if "Encrypt" in pdf.trailer:
            raise PdfError("encrypted input")
        self.cat = pdf.get(pdf.trailer["Root"])
        perms = pdf.get(self.cat.get("Perms"))
        if not isinstance(perms, dict) or not isinstance(perms.get("DocMDP"), Ref):
            raise PdfError("no certification signature (Catalog /Perms /DocMDP)")
        self.sig_ref = perms["DocMDP"]
        sig = pdf.get(self.sig_ref)
        self.p = 2
        for ref in pdf.get(sig.get("Reference")) or []:
            r = pdf.get(ref)
            if isinstance(r, dict) and r.get("TransformMethod") == "DocMDP":
                params = pdf.get(r.get("TransformParams")) or {}
                self.p = pdf.get(params.get("P", 2))
        self.acro = pdf.get(self.cat.get("AcroForm")) or {}
        self.sig_field = None
        self.text_field = None          # (ref, dict)
        for fref in pdf.get(self.acro.get("Fields")) or []:
            f = pdf.get(fref)
            if not isinstance(f, dict):
                continue
            if f.get("V") == self.sig_ref:
                self.sig_field = text_of(pdf.get(f.get("T")))
            if pdf.get(f.get("FT")) == "Tx" and self.text_field is None and isinstance(fref, Ref):
                self.text_field = (fref, f)
        if self.sig_field is None:
            raise PdfError("the certification signature has no field in /AcroForm /Fields")

    def next_num(self) -> int:
        return self.pdf.trailer["Size"]

    def add_annotation(self, annot: dict, ap_content: bytes, bbox: list) -> bytes:
        """An incremental revision adding annot (with an /AP /N form) to page 1's /Annots."""
        pdf = self.pdf
        page_ref, page = pdf.first_page()
        n = self.next_num()
        annot_num, ap_num = n, n + 1
        annot = dict(annot)
        annot[Name("P")] = page_ref
        annot[Name("AP")] = {Name("N"): Ref(ap_num, 0)}
        ap = {Name("Type"): Name("XObject"), Name("Subtype"): Name("Form"), Name("BBox"): bbox,
              Name("Resources"): {Name("Font"): {Name("Helv"): HELVETICA}}}
        objs = [(annot_num, 0, obj_bytes(annot_num, 0, annot)), (ap_num, 0, obj_bytes(ap_num, 0, ap, ap_content))]
        annots = page.get("Annots")
        if isinstance(annots, Ref):      # an indirect /Annots array: rewrite the array object
            arr = list(pdf.get(annots) or []) + [Ref(annot_num, 0)]
            objs.append((annots.num, annots.gen, obj_bytes(annots.num, annots.gen, arr)))
        else:
            newpage = dict(page)
            newpage[Name("Annots")] = list(annots or []) + [Ref(annot_num, 0)]
            objs.append((page_ref.num, page_ref.gen, obj_bytes(page_ref.num, page_ref.gen, newpage)))
        return self.data + incremental(pdf, objs, True)

    def fill_form(self, text: str) -> bytes:
        pdf = self.pdf
        ref, field = self.text_field
        rect = [pdf.get(x) for x in pdf.get(field["Rect"])]
        w, h = abs(rect[2] - rect[0]), abs(rect[3] - rect[1])
        ap_num = self.next_num()
        dr = pdf.get(self.acro.get("DR")) or {}
        fonts = pdf.get(dr.get("Font")) or {}
        helv = fonts.get("Helv", HELVETICA)
        ap = {Name("Type"): Name("XObject"), Name("Subtype"): Name("Form"), Name("BBox"): [0, 0, w, h],
              Name("Resources"): {Name("Font"): {Name("Helv"): helv}}}
        content = ("/Tx BMC q BT /Helv 10 Tf 0 g 2 %d Td %s Tj ET Q EMC\n"
                   % (max(2, int(h / 2 - 4)), pdf_lit(text))).encode("latin-1")
        nf = dict(field)
        nf[Name("V")] = PdfString(text.encode("latin-1"))
        nf[Name("AP")] = {Name("N"): Ref(ap_num, 0)}
        objs = [(ref.num, ref.gen, obj_bytes(ref.num, ref.gen, nf)), (ap_num, 0, obj_bytes(ap_num, 0, ap, content))]
        return self.data + incremental(pdf, objs, True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("certified")
    ap.add_argument("outdir")
    ap.add_argument("--text", default="Da kiem tra - BS. Tran Thi B (synthetic)", help="value typed into the form")
    args = ap.parse_args(argv)
    try:
        doc = Certified(args.certified)
    except (PdfError, KeyError, ValueError, TypeError) as e:
        print("cert_attacks.py: %s: %s" % (args.certified, e), file=sys.stderr)
        return 1
    os.makedirs(args.outdir, exist_ok=True)
    manifest = []

    def emit(name, data, attack, indication, sub="", **extra):
        if data is not None:
            with open(os.path.join(args.outdir, name), "wb") as fh:
                fh.write(data)
        e = {"file": name, "attack": attack, "expect_indication": indication, "expect_sub": sub,
             "field": doc.sig_field, "certification_p": doc.p}
        e.update(extra)
        manifest.append(e)

    shutil.copyfile(args.certified, os.path.join(args.outdir, "original.pdf"))
    emit("original.pdf", None, "none", "TOTAL_PASSED", note="certified document, unmodified (P=%d)" % doc.p)

    annot_allowed = doc.p == 3
    verdict = {"TOTAL_PASSED": {}, "TOTAL_FAILED": {"expect_error_contains": "certification"}}
    # P=3 allows the annotation, but one that paints over page content is warned about (spec/pdf.md)
    annot_ok = {"expect_warning_contains": "annotation"}
    forged = "Chan doan ra vien: KHONG MAC BENH - xuat vien (FORGED)"
    box = [45, 560, 550, 700]
    ff = ("1 1 1 rg 0 0 505 140 re f BT /Helv 14 Tf 0.1 0.1 0.1 rg 8 110 Td %s Tj ET\n" % pdf_lit(forged)).encode()
    ind = "TOTAL_PASSED" if annot_allowed else "TOTAL_FAILED"
    emit("evil-annot-freetext.pdf",
         doc.add_annotation({Name("Type"): Name("Annot"), Name("Subtype"): Name("FreeText"), Name("Rect"): box,
                             Name("Contents"): PdfString(forged.encode()), Name("F"): 4,
                             Name("DA"): PdfString(b"/Helv 14 Tf 0 g")}, ff, [0, 0, 505, 140]),
         "Evil Annotation: /FreeText with an opaque appearance over page 1 text after certification",
         ind, modified_after_signing=True, **(annot_ok if annot_allowed else verdict[ind]),
         note="P=%d: annotations are %s" % (doc.p, "allowed (P=3)" if annot_allowed else "not allowed"))
    sq = b"1 1 1 rg 1 1 1 RG 0 0 505 140 re B\n"
    emit("evil-annot-square.pdf",
         doc.add_annotation({Name("Type"): Name("Annot"), Name("Subtype"): Name("Square"), Name("Rect"): box,
                             Name("C"): [1, 1, 1], Name("IC"): [1, 1, 1], Name("F"): 4,
                             Name("Contents"): PdfString(b"hidden")}, sq, [0, 0, 505, 140]),
         "Evil Annotation: white /Square hiding page 1 text after certification",
         ind, modified_after_signing=True, **(annot_ok if annot_allowed else verdict[ind]),
         note="P=%d: annotations are %s" % (doc.p, "allowed (P=3)" if annot_allowed else "not allowed"))
    if doc.text_field is not None:
        ind = "TOTAL_FAILED" if doc.p == 1 else "TOTAL_PASSED"
        emit("form-fill.pdf", doc.fill_form(args.text),
             "form fill (/V + /AP of text field %r) after certification" % text_of(doc.pdf.get(doc.text_field[1].get("T"))),
             ind, **verdict[ind],
             note="P=%d: form fill is %s" % (doc.p, "not allowed (P=1)" if doc.p == 1 else "allowed"))
    with open(os.path.join(args.outdir, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=1)
        fh.write("\n")
    print("%s: certification P=%d by field %r; %d files -> %s/manifest.json"
          % (args.certified, doc.p, doc.sig_field, len(manifest), args.outdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
