#!/usr/bin/python3
"""Independent checks of signed PDFs for run_pdf_interop.sh (kyso's PDF interop suite).

    pdf_checks.py xref-kind PDF                          print "table" or "stream" (kind of the newest section)
    pdf_checks.py extract   PDF OUTDIR                   every signature -> OUTDIR/sigN.der (CMS, exact DER/BER
                                                         length), OUTDIR/sigN.content (the ByteRange bytes) and
                                                         OUTDIR/sigs.json (field, SubFilter, ByteRange, revision end)
    pdf_checks.py cms       DER --content BIN --leaf PEM --ca PEM
                                                         asn1crypto: one SignerInfo, contentType + messageDigest (=
                                                         SHA-256 of BIN), ESS signing-certificate-v2 whose certHash
                                                         is SHA-256 of the signer certificate, no signingTime, signer
                                                         = LEAF and its issuing CA = CA both included
    pdf_checks.py update    PREV NEW                     the revision NEW appended to PREV: PREV is an exact prefix,
                                                         same xref kind, /Prev = PREV's startxref, /ID[0] /Root /Info
                                                         kept, the section's objects are exactly those its xref lists,
                                                         and no object is redefined with unchanged content
    pdf_checks.py verify    --kyso K [--trust P] [--untrusted P] PDF --count N [--expect IND]
                            [--warning FIELD=TEXT]...    run `kyso pdf verify --json` and check every signature
    pdf_checks.py corpus    --kyso K [--trust P] [--untrusted P] DIR
                                                         DIR/manifest.json (mutate_pdf.py / cert_attacks.py) against
                                                         kyso's verdict on the attacked signature (see corpus_cmd)
    pdf_checks.py pdfsig-last REPORT                     the last "Signature #" block of a pdfsig report says
                                                         "Total document signed" and "Signature is Valid"

The PDF parser is mutate_pdf.py's (pure Python, stdlib only), never kyso. Every subcommand prints what it
checked, and exits 1 with "FAIL: ..." lines when something does not hold.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mutate_pdf import Pdf, PdfError, Ref, parse, ser, skip_ws, tlv_end  # noqa: E402

KYSO_TIMEOUT = 120


class Failures:
    def __init__(self):
        self.items: list[str] = []

    def __call__(self, msg: str) -> None:
        self.items.append(msg)

    def finish(self, ok_msg: str) -> int:
        if self.items:
            for m in self.items:
                print("FAIL: " + m)
            return 1
        print(ok_msg)
        return 0


def pdf_text(v) -> str:
    """A PDF text string (PDFDocEncoding ~ latin-1, or UTF-16BE with BOM) as str."""
    if v is None:
        return ""
    b = bytes(v)
    if b.startswith(b"\xfe\xff"):
        return b[2:].decode("utf-16-be", "replace")
    if b.startswith(b"\xef\xbb\xbf"):
        return b[3:].decode("utf-8", "replace")
    return b.decode("latin-1")


# ----------------------------------------------------------------------------------------------------------
# Signatures (through the AcroForm of the newest revision)
# ----------------------------------------------------------------------------------------------------------

def signatures(data: bytes) -> list[dict]:
    """Signed signature fields of the newest revision, sorted by the end of their ByteRange."""
    pdf = Pdf(data)
    cat = pdf.get(pdf.trailer["Root"])
    acro = pdf.get(cat.get("AcroForm")) if isinstance(cat, dict) else None
    out: list[dict] = []
    seen: set = set()

    def walk(fields, prefix: str, inherited_ft, depth: int) -> None:
        if depth > 32:
            raise PdfError("field tree too deep")
        for fref in pdf.get(fields) or []:
            if isinstance(fref, Ref):
                if fref in seen:
                    continue
                seen.add(fref)
            f = pdf.get(fref)
            if not isinstance(f, dict):
                continue
            name = prefix
            if "T" in f:
                t = pdf_text(pdf.get(f["T"]))
                name = prefix + "." + t if prefix else t
            ft = pdf.get(f.get("FT", inherited_ft))
            kids = pdf.get(f.get("Kids"))
            if isinstance(kids, list) and any(isinstance(pdf.get(k), dict) and "T" in pdf.get(k) for k in kids):
                walk(kids, name, ft, depth + 1)
            v = f.get("V")
            if ft != "Sig" or v is None:
                continue
            sig = pdf.get(v)
            if not isinstance(sig, dict):
                continue
            br = [pdf.get(x) for x in pdf.get(sig.get("ByteRange")) or []]
            contents = pdf.get(sig.get("Contents"))
            if len(br) != 4 or not all(isinstance(x, int) for x in br) or not isinstance(contents, bytes):
                raise PdfError("field %r: signature without a 4-number /ByteRange or /Contents" % name)
            raw = bytes(contents)
            der_len = tlv_end(raw, 0)
            a, b, c, d = br
            out.append({"field": name, "obj": v.num if isinstance(v, Ref) else None,
                        "subfilter": str(pdf.get(sig.get("SubFilter")) or ""),
                        "byte_range": br, "revision_end": c + d, "cms": raw[:der_len],
                        "padding": len(raw) - der_len,
                        "content": data[a:a + b] + data[c:c + d]})
    if isinstance(acro, dict):
        walk(acro.get("Fields"), "", None, 0)
    out.sort(key=lambda s: s["revision_end"])
    return out


def extract_cmd(args) -> int:
    with open(args.pdf, "rb") as fh:
        data = fh.read()
    fail = Failures()
    sigs = signatures(data)
    os.makedirs(args.outdir, exist_ok=True)
    index = []
    for i, s in enumerate(sigs, 1):
        with open(os.path.join(args.outdir, "sig%d.der" % i), "wb") as fh:
            fh.write(s["cms"])
        with open(os.path.join(args.outdir, "sig%d.content" % i), "wb") as fh:
            fh.write(s["content"])
        a, b, c, d = s["byte_range"]
        tok = data[b:c]
        if not (tok.startswith(b"<") and tok.endswith(b">")):
            fail("sig%d (%s): the ByteRange gap is not the <hex> /Contents token" % (i, s["field"]))
        if a != 0:
            fail("sig%d (%s): ByteRange does not start at 0" % (i, s["field"]))
        index.append({k: s[k] for k in ("field", "obj", "subfilter", "byte_range", "revision_end", "padding")}
                     | {"cms_bytes": len(s["cms"]), "n": i})
        print("sig%d: field %r, %s, ByteRange %s, CMS %d bytes + %d padding" % (
            i, s["field"], s["subfilter"], s["byte_range"], len(s["cms"]), s["padding"]))
    with open(os.path.join(args.outdir, "sigs.json"), "w") as fh:
        json.dump(index, fh, indent=1)
    if not sigs:
        fail("no signed signature field in %s" % args.pdf)
    elif sigs[-1]["revision_end"] != len(data):
        fail("the last signature does not reach the end of the file")
    return fail.finish("%d signatures extracted to %s" % (len(sigs), args.outdir))


# ----------------------------------------------------------------------------------------------------------
# CMS (asn1crypto)
# ----------------------------------------------------------------------------------------------------------

def load_cert_der(path: str) -> bytes:
    from asn1crypto import pem
    with open(path, "rb") as fh:
        raw = fh.read()
    if pem.detect(raw):
        _, _, der = pem.unarmor(raw)
        return der
    return raw


OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
OID_SIGNING_TIME = "1.2.840.113549.1.9.5"
OID_SIGNING_CERT_V1 = "1.2.840.113549.1.9.16.2.12"
OID_SIGNING_CERT_V2 = "1.2.840.113549.1.9.16.2.47"
OID_NAMES = {OID_CONTENT_TYPE: "contentType", OID_MESSAGE_DIGEST: "messageDigest", OID_SIGNING_TIME: "signingTime",
             OID_SIGNING_CERT_V1: "signingCertificate", OID_SIGNING_CERT_V2: "signingCertificateV2"}


def cms_cmd(args) -> int:
    from asn1crypto import cms, tsp
    fail = Failures()
    with open(args.der, "rb") as fh:
        der = fh.read()
    content = open(args.content, "rb").read() if args.content else None
    ci = cms.ContentInfo.load(der, strict=True)
    if ci["content_type"].native != "signed_data":
        fail("content type is %s, not signed_data" % ci["content_type"].native)
        return fail.finish("")
    sd = ci["content"]
    if sd["encap_content_info"]["content"].native is not None:
        fail("encapContentInfo carries content (not detached)")
    sis = list(sd["signer_infos"])
    if len(sis) != 1:
        fail("%d SignerInfos (PAdES baseline wants exactly one)" % len(sis))
        return fail.finish("")
    si = sis[0]
    dalg = si["digest_algorithm"]["algorithm"].native
    if dalg != "sha256":
        fail("digest algorithm %s, expected sha256" % dalg)
    # keyed by dotted OID: asn1crypto 1.5 (Debian 12) has no name for id-aa-signingCertificateV2
    attrs: dict[str, list] = {}
    for a in si["signed_attrs"]:
        attrs.setdefault(a["type"].dotted, []).append(a)
    print("signed attributes: %s" % ", ".join(OID_NAMES.get(k, k) for k in sorted(attrs)))
    for k, v in attrs.items():
        if len(v) != 1 or len(v[0]["values"]) != 1:
            fail("signed attribute %s occurs %d times / has several values" % (OID_NAMES.get(k, k), len(v)))
    if OID_SIGNING_TIME in attrs:
        fail("signingTime signed attribute present (the time belongs in /M)")
    for need in (OID_CONTENT_TYPE, OID_MESSAGE_DIGEST, OID_SIGNING_CERT_V2):
        if need not in attrs:
            fail("signed attribute %s missing" % OID_NAMES[need])
    if OID_SIGNING_CERT_V1 in attrs:
        fail("ESS signing-certificate (v1, SHA-1) present next to / instead of v2")
    if OID_CONTENT_TYPE in attrs and attrs[OID_CONTENT_TYPE][0]["values"][0].native != "data":
        fail("contentType attribute is %s, not id-data" % attrs[OID_CONTENT_TYPE][0]["values"][0].native)
    if content is not None and OID_MESSAGE_DIGEST in attrs:
        md = attrs[OID_MESSAGE_DIGEST][0]["values"][0].native
        if md != hashlib.sha256(content).digest():
            fail("messageDigest != SHA-256 of the ByteRange bytes")
        else:
            print("messageDigest = SHA-256 of the %d ByteRange bytes" % len(content))
    certs = [c.chosen for c in sd["certificates"] if c.name == "certificate"] if sd["certificates"] else []
    dumps = [c.dump() for c in certs]
    if len(set(dumps)) != len(dumps):
        fail("a certificate is included twice")
    sid = si["sid"]
    signer = None
    for c in certs:
        if sid.name == "issuer_and_serial_number":
            if c.issuer == sid.chosen["issuer"] and c.serial_number == sid.chosen["serial_number"].native:
                signer = c
        elif c.key_identifier == sid.chosen.native:
            signer = c
    if signer is None:
        fail("the signer certificate (sid) is not among the %d certificates" % len(certs))
        return fail.finish("")
    print("signer: %s (sid %s)" % (signer.subject.human_friendly, sid.name))
    leaf = load_cert_der(args.leaf)
    if signer.dump() != leaf:
        fail("signer certificate is not %s" % args.leaf)
    ca = load_cert_der(args.ca)
    issuers = [c for c in certs if c.subject == signer.issuer]
    if not issuers:
        fail("the issuing CA (%s) of the signer is not included" % signer.issuer.human_friendly)
    elif all(c.dump() != ca for c in issuers):
        fail("the included issuer certificate is not %s" % args.ca)
    else:
        print("chain included: leaf + %s (%d certificates in all)" % (issuers[0].subject.human_friendly,
                                                                       len(certs)))
    # "Certificates: signer plus chain" (spec/pdf.md): walk up from the signer; anything else is extra
    chain, cur = [signer], signer
    for _ in range(10):
        up = [c for c in certs if c.subject == cur.issuer and c.dump() not in {x.dump() for x in chain}]
        if not up or cur.self_signed != "no":
            break
        cur = up[0]
        chain.append(cur)
    extra = [c for c in certs if c.dump() not in {x.dump() for x in chain}]
    if extra:
        fail("%d certificate(s) outside the signer's chain are embedded: %s" % (
            len(extra), "; ".join(c.subject.human_friendly for c in extra)))
    if OID_SIGNING_CERT_V2 in attrs:
        scv2 = tsp.SigningCertificateV2.load(attrs[OID_SIGNING_CERT_V2][0]["values"][0].dump())
        ids = list(scv2["certs"])
        if not ids:
            fail("signing-certificate-v2 has no ESSCertIDv2")
        else:
            first = ids[0]
            halg = first["hash_algorithm"]["algorithm"].native
            h = hashlib.new(halg.replace("_", "-") if halg.startswith("sha3") else halg, signer.dump()).digest()
            if halg != "sha256":
                fail("ESSCertIDv2 hash algorithm %s, expected sha256 (the default)" % halg)
            if first["cert_hash"].native != h:
                fail("ESSCertIDv2 certHash != %s of the signer certificate DER" % halg)
            else:
                print("ESS signing-certificate-v2: certHash = %s(signer certificate)" % halg)
            iss = first["issuer_serial"]
            if iss.native is not None:
                names = [g.chosen for g in iss["issuer"] if g.name == "directory_name"]
                if iss["serial_number"].native != signer.serial_number or \
                        (names and names[0] != signer.issuer):
                    fail("ESSCertIDv2 issuerSerial does not name the signer certificate")
    return fail.finish("CMS ok: one SignerInfo, ESS v2 certHash matches, no signingTime, leaf + CA included")


# ----------------------------------------------------------------------------------------------------------
# Incremental update sections
# ----------------------------------------------------------------------------------------------------------

_OBJ_HDR = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
_ENTRY_STRICT = re.compile(rb"(\d{10}) (\d{5}) ([nf])(?:\r\n| \r| \n)")     # 20 bytes (ISO 32000 7.5.4)
_ENTRY_LAX = re.compile(rb"\s*(\d{1,10})\s+(\d{1,5})\s+([nf])")


def read_section(data: bytes, off: int, strict: bool = True):
    """One cross-reference section at off: (kind, {num: entry}, trailer, xref_stream_num or None).

    entry: ("n", offset, gen) | ("o", stream_num, index) | ("f", gen)."""
    entries: dict[int, tuple] = {}
    if data.startswith(b"xref", off):
        pos = off + 4
        while True:
            pos = skip_ws(data, pos)
            if data.startswith(b"trailer", pos):
                trailer, _ = parse(data, pos + 7)
                return "table", entries, trailer, None
            m = re.compile(rb"(\d+)\s+(\d+)").match(data, pos)
            if not m:
                raise PdfError("bad xref subsection header at %d" % pos)
            start, count = int(m.group(1)), int(m.group(2))
            pos = skip_ws(data, m.end())       # the EOL after the subsection header
            for i in range(count):
                e = (_ENTRY_STRICT if strict else _ENTRY_LAX).match(data, pos)
                if not e:
                    raise PdfError("malformed xref entry (not 20 bytes) at %d" % pos)
                pos = e.end()
                if start + i in entries:
                    raise PdfError("object %d listed twice in one xref section" % (start + i))
                if e.group(3) == b"n":
                    entries[start + i] = ("n", int(e.group(1)), int(e.group(2)))
                else:
                    entries[start + i] = ("f", int(e.group(2)))
    m = _OBJ_HDR.match(data, off)
    if not m:
        raise PdfError("startxref %d points at neither 'xref' nor an object" % off)
    dic, end = parse(data, m.end())
    if not isinstance(dic, dict) or dic.get("Type") != "XRef":
        raise PdfError("object at startxref %d is not an xref stream" % off)
    p = skip_ws(data, end)
    if not data.startswith(b"stream", p):
        raise PdfError("xref stream without stream data")
    p += 6
    p += 2 if data.startswith(b"\r\n", p) else 1
    raw = data[p:p + dic["Length"]]
    rows = Pdf._decode(None, dic, raw)
    w = dic["W"]
    index = dic.get("Index", [0, dic["Size"]])
    q = 0
    for k in range(0, len(index), 2):
        for i in range(index[k + 1]):
            f = []
            for width in w:
                f.append(int.from_bytes(rows[q:q + width], "big") if width else None)
                q += width
            t = f[0] if w[0] else 1
            num = index[k] + i
            if num in entries:
                raise PdfError("object %d listed twice in one xref stream" % num)
            if t == 1:
                entries[num] = ("n", f[1], f[2] or 0)
            elif t == 2:
                entries[num] = ("o", f[1], f[2])
            elif t == 0:
                entries[num] = ("f", f[2] or 0)
    return "stream", entries, dic, int(m.group(1))


def walk_body(data: bytes, start: int, pdf: Pdf):
    """Objects written sequentially from start: [(num, gen, offset)] and where the walk stopped."""
    objs = []
    pos = start
    while True:
        pos = skip_ws(data, pos)
        if pos >= len(data) or data.startswith(b"xref", pos) or data.startswith(b"startxref", pos):
            return objs, pos
        m = _OBJ_HDR.match(data, pos)
        if not m:
            raise PdfError("unexpected bytes %r at %d in the update section" % (data[pos:pos + 20], pos))
        num, gen = int(m.group(1)), int(m.group(2))
        val, end = parse(data, m.end())
        p = skip_ws(data, end)
        if isinstance(val, dict) and data.startswith(b"stream", p):
            p += 6
            p += 2 if data.startswith(b"\r\n", p) else 1
            length = val.get("Length")
            if isinstance(length, Ref):
                length = pdf.get(length)
            p = skip_ws(data, p + length)
            if not data.startswith(b"endstream", p):
                raise PdfError("object %d: stream /Length does not end at 'endstream'" % num)
            p = skip_ws(data, p + 9)
        if not data.startswith(b"endobj", p):
            raise PdfError("object %d at %d: no 'endobj'" % (num, pos))
        objs.append((num, gen, pos))
        pos = p + 6


def sorted_keys(v):
    """The value with every dictionary's keys sorted: dictionaries are unordered, so a writer that only
    reorders keys has re-serialized the object without changing it."""
    if isinstance(v, dict):
        return {k: sorted_keys(v[k]) for k in sorted(v)}
    if isinstance(v, list):
        return [sorted_keys(x) for x in v]
    return v


def canonical(pdf: Pdf, num: int, gen: int) -> bytes | None:
    """Parsed and re-serialized with sorted keys (whitespace, string syntax and key order normalised);
    streams: the dictionary without /Length plus the raw (still encoded) data."""
    val, raw = pdf.get_with_raw(Ref(num, gen))
    if val is None:
        return None
    if isinstance(val, dict) and raw is not None:
        d = {k: v for k, v in val.items() if k != "Length"}
        return ser(sorted_keys(d)) + b"\nstream\n" + raw
    return ser(sorted_keys(val))


def describe(pdf: Pdf, num: int, gen: int) -> str:
    val = pdf.get(Ref(num, gen))
    if isinstance(val, dict):
        t = val.get("Type") or val.get("FT") or val.get("Subtype")
        return "%d(%s)" % (num, t) if t else "%d" % num
    return "%d" % num


def update_cmd(args) -> int:
    prev = open(args.prev, "rb").read()
    new = open(args.new, "rb").read()
    fail = Failures()
    if not new.startswith(prev):
        k = next((i for i in range(min(len(prev), len(new))) if prev[i] != new[i]), min(len(prev), len(new)))
        fail("%s is not an exact prefix of %s (first difference at byte %d)" % (args.prev, args.new, k))
        return fail.finish("")
    p_old, p_new = Pdf(prev), Pdf(new)
    sx_old, sx_new = p_old.startxref, p_new.startxref
    if sx_new < len(prev):
        fail("the new startxref %d points into the previous revision" % sx_new)
        return fail.finish("")
    kind_old, _, tr_old, _ = read_section(prev, sx_old, strict=False)   # any writer
    kind_new, entries, tr_new, xnum = read_section(new, sx_new)        # kyso's: 20-byte entries
    print("previous section: %s at %d; new section: %s at %d, %d bytes appended"
          % (kind_old, sx_old, kind_new, sx_new, len(new) - len(prev)))
    if kind_new != kind_old:
        fail("xref kind changed: %s after %s" % (kind_new, kind_old))
    if "XRefStm" in tr_old and "XRefStm" not in tr_new:
        print("note: previous section was a hybrid (XRefStm)")
    if tr_new.get("Prev") != sx_old:
        fail("/Prev is %r, expected the previous startxref %d" % (tr_new.get("Prev"), sx_old))
    for key in ("Root", "Info"):
        if key in tr_old and tr_new.get(key) != tr_old.get(key):
            fail("trailer /%s changed: %r -> %r" % (key, tr_old.get(key), tr_new.get(key)))
    if "Encrypt" in tr_old or "Encrypt" in tr_new:
        if tr_new.get("Encrypt") != tr_old.get("Encrypt"):
            fail("trailer /Encrypt changed")
    id_old, id_new = tr_old.get("ID"), tr_new.get("ID")
    if isinstance(id_old, list) and id_old:
        if not (isinstance(id_new, list) and len(id_new) == 2 and bytes(id_new[0]) == bytes(id_old[0])):
            fail("/ID[0] changed or missing: %r -> %r" % (id_old, id_new))
        else:
            print("/ID[0] kept: %s" % bytes(id_old[0]).hex())
    size_old, size_new = tr_old.get("Size", 0), tr_new.get("Size", 0)
    if size_new < size_old:
        fail("/Size shrank: %d -> %d" % (size_old, size_new))
    if entries and max(entries) >= size_new:
        fail("object %d listed but /Size is %d" % (max(entries), size_new))
    # what is written in the section, sequentially
    try:
        walked, stop = walk_body(new, len(prev), p_new)
    except PdfError as e:
        fail("update body does not parse: %s" % e)
        return fail.finish("")
    at_xref = (sx_new == stop) if kind_new == "table" else any(o == sx_new for _, _, o in walked)
    if not at_xref:
        fail("the xref section is not where the body walk ended (%d vs startxref %d)" % (stop, sx_new))
    tail = new[new.rfind(b"%%EOF") + 5:]
    if tail.strip(b"\r\n"):
        fail("%d bytes after the final %%%%EOF" % len(tail))
    body = {}
    for num, gen, off in walked:
        if num in body:
            fail("object %d written twice in the section" % num)
        body[num] = (gen, off)
    # xref entries <-> objects written
    for num, e in sorted(entries.items()):
        if e[0] == "n":
            if num not in body or body[num][1] != e[1] or body[num][0] != e[2]:
                fail("xref entry %d -> offset %d does not point at an object %d written in this section"
                     % (num, e[1], num))
        elif e[0] == "o":
            if e[1] not in body:
                fail("object %d lives in object stream %d that is not in this section" % (num, e[1]))
        elif num != 0:
            fail("object %d freed by the update" % num)
    for num in body:
        if num not in entries and num != xnum:
            fail("object %d written in the section but not listed in its xref" % num)
    # new vs changed
    created, changed = [], []
    defined = [(n, e[2] if e[0] == "n" else 0) for n, e in entries.items() if e[0] in "no" and n != xnum]
    for num, gen in sorted(defined):
        old = p_old.entries.get(num)
        if old is None or old[0] == "f":
            created.append(describe(p_new, num, gen))
            continue
        old_gen = old[2] if old[0] == "n" else 0
        a, b = canonical(p_old, num, old_gen), canonical(p_new, num, gen)
        if a is None:
            created.append(describe(p_new, num, gen))
        elif a == b:
            fail("object %d %d is redefined with unchanged content (re-serialized without a change)"
                 % (num, gen))
        else:
            changed.append(describe(p_new, num, gen))
    print("new objects: %s" % (" ".join(created) or "-"))
    print("changed objects: %s" % (" ".join(changed) or "-"))
    return fail.finish("update section ok: %s xref, /Prev chained, /ID[0] kept, %d new + %d changed objects"
                       % (kind_new, len(created), len(changed)))


def xref_kind_cmd(args) -> int:
    data = open(args.pdf, "rb").read()
    p = Pdf(data)
    print(read_section(data, p.startxref, strict=False)[0])
    return 0


# ----------------------------------------------------------------------------------------------------------
# kyso verify
# ----------------------------------------------------------------------------------------------------------

SEVERITY_RC = {"TOTAL_FAILED": 1, "INDETERMINATE": 2, "TOTAL_PASSED": 0}


def kyso_verify(kyso: str, pdf: str, trust: list[str], untrusted: list[str]):
    """(rc, report dict or None, stderr)."""
    cmd = [kyso, "pdf", "verify", "--json", "--offline", pdf]
    for t in trust:
        cmd += ["--trust", t]
    for u in untrusted:
        cmd += ["--untrusted", u]
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=KYSO_TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, None, "timed out after %ds" % KYSO_TIMEOUT
    out, err = r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")
    try:
        rep = json.loads(out)
    except ValueError:
        rep = None
    return r.returncode, rep, err


def field_of(sig: dict) -> str | None:
    m = re.fullmatch(r"field '(.*)'", sig.get("slot") or "", re.S)
    return m.group(1) if m else None


def expected_rc(doc: dict) -> int:
    if doc.get("error"):
        return 3
    rcs = [SEVERITY_RC.get(s.get("indication"), 5) for s in doc.get("signatures") or []]
    if 1 in rcs:
        return 1
    return max(rcs) if rcs else 0


def short(sig: dict) -> str:
    return "%s/%s" % (sig.get("indication"), sig.get("sub_indication") or "-")


def verify_cmd(args) -> int:
    fail = Failures()
    rc, rep, err = kyso_verify(args.kyso, args.pdf, args.trust, args.untrusted)
    if rep is None:
        fail("kyso pdf verify: rc=%s, no JSON on stdout; stderr: %s" % (rc, err.strip()[-300:]))
        return fail.finish("")
    doc = rep["documents"][0]
    if doc.get("error"):
        fail("document error: %s" % json.dumps(doc["error"], ensure_ascii=False))
    sigs = doc.get("signatures") or []
    for s in sigs:
        print("  %-28s %-30s warnings=%s errors=%s" % (s.get("slot"), short(s),
                                                      json.dumps(s.get("warnings"), ensure_ascii=False),
                                                      json.dumps(s.get("errors"), ensure_ascii=False)))
    if len(sigs) != args.count:
        fail("%d signatures reported, expected %d" % (len(sigs), args.count))
    for s in sigs:
        if s.get("indication") != args.expect:
            fail("%s: %s, expected %s; errors %s" % (s.get("slot"), short(s), args.expect,
                                                      json.dumps(s.get("errors"), ensure_ascii=False)))
    for spec in args.warning:
        fld, _, text = spec.partition("=")
        match = [s for s in sigs if fld in ("*", field_of(s))]
        if not match:
            fail("no signature for field %r in the report" % fld)
        elif not any(text in w for s in match for w in (s.get("warnings") or [])):
            fail("field %r: no warning containing %r" % (fld, text))
    want_rc = {"TOTAL_PASSED": 0, "TOTAL_FAILED": 1, "INDETERMINATE": 2}[args.expect]
    if rc != want_rc:
        fail("exit code %s, expected %d" % (rc, want_rc))
    return fail.finish("kyso: %d signatures %s, exit %s" % (len(sigs), args.expect, rc))


def corpus_cmd(args) -> int:
    """Check every manifest entry against kyso's verdict on the ATTACKED signature.

    The attacked signature is found by its field name: the field whose /V is the signature dictionary that
    the attack generator targeted (the last signature of the input it was given, or "field" in the manifest
    entry). That name comes from the unmodified input (original.pdf / the generator's input), because every
    attack leaves the field dictionary alone. Matching by name is stricter than taking the worst verdict of
    the document: a failure reported on another signature cannot stand in for the attacked one, a
    signature that disappears from the report is an error, and "passed with warning W" expectations are
    checked on the right signature. Other signatures in the document are not judged (a byte flip in the
    first revision rightly breaks all of them).
    """
    d = args.dir
    manifest = json.load(open(os.path.join(d, "manifest.json")))
    base = os.path.join(d, args.original) if args.original else os.path.join(d, "original.pdf")
    sigs = signatures(open(base, "rb").read())
    if not sigs:
        print("FAIL: no signature in %s" % base)
        return 1
    default_field = sigs[-1]["field"]
    bad = 0
    skipped = os.path.join(d, "skipped.json")
    for e in json.load(open(skipped)) if os.path.exists(skipped) else []:
        print("skip %-34s %s" % (e["file"], e["reason"]))
    for e in manifest:
        field = e.get("field") or default_field
        rc, rep, err = kyso_verify(args.kyso, os.path.join(d, e["file"]), args.trust, args.untrusted)
        exp = "%s/%s" % (e["expect_indication"], e["expect_sub"] or "-")
        problems = []
        got = "?"
        mine = []
        if rep is None:
            problems.append("rc=%s, no JSON (%s)" % (rc, err.strip()[-200:]))
        else:
            doc = rep["documents"][0]
            docsigs = doc.get("signatures") or []
            mine = [s for s in docsigs if field_of(s) == field]
            if doc.get("error"):
                got = "document error %s" % doc["error"].get("code")
                problems.append("document error %s: %s" % (doc["error"].get("code"), doc["error"].get("message")))
            elif len(mine) != 1:
                got = "%d signatures for field %r" % (len(mine), field)
                problems.append("%d report entries for the attacked field %r (slots: %s)"
                                % (len(mine), field, [s.get("slot") for s in docsigs]))
            else:
                s = mine[0]
                got = short(s)
                if s.get("indication") != e["expect_indication"]:
                    problems.append("indication %s" % s.get("indication"))
                if (s.get("sub_indication") or "") != (e["expect_sub"] or ""):
                    problems.append("sub-indication %s" % s.get("sub_indication"))
                texts = (s.get("warnings") or []) + (s.get("errors") or [])
                w = e.get("expect_warning_contains")
                if w and not any(w.lower() in t.lower() for t in texts):
                    problems.append("no warning/error containing %r: %s" % (w, json.dumps(texts, ensure_ascii=False)))
                x = e.get("expect_error_contains")
                if x and not any(x.lower() in t.lower() for t in s.get("errors") or []):
                    problems.append("no error containing %r: errors %s" % (x, json.dumps(s.get("errors"),
                                                                                       ensure_ascii=False)))
                if e.get("modified_after_signing") and e["expect_indication"] == "TOTAL_PASSED" and \
                        not any("modif" in t.lower() or "after signing" in t.lower() for t in texts):
                    problems.append("modification after signing not reported")
            if rc == 5 or rc is None:
                problems.append("exit code %s (internal error / timeout)" % rc)
            elif rc != expected_rc(doc):
                problems.append("exit code %s does not match the verdicts (expected %d)" % (rc, expected_rc(doc)))
        status = "ok  " if not problems else "FAIL"
        bad += bool(problems)
        print("%s %-34s expect %-30s got %-30s%s" % (status, e["file"], exp, got,
                                                     ("  <- " + "; ".join(problems)) if problems else ""))
        for s in mine if rep is not None else []:
            for kind in ("errors", "warnings"):
                for t in s.get(kind) or []:
                    print("       %s: %s" % (kind[:-1], t))
    print("%s: %d files, %d as expected, %d not" % (d, len(manifest), len(manifest) - bad, bad))
    return 1 if bad else 0


def pdfsig_last_cmd(args) -> int:
    text = open(args.report, encoding="utf-8", errors="replace").read()
    blocks = re.split(r"^Signature #\d+:", text, flags=re.M)[1:]
    blocks = [b for b in blocks if "The signature form field is not signed" not in b]
    fail = Failures()
    if not blocks:
        fail("no signature in the pdfsig report")
        return fail.finish("")
    last = blocks[-1]
    if "Total document signed" not in last:
        fail("pdfsig: the last signature is not 'Total document signed'")
    if "Signature is Valid" not in last:
        fail("pdfsig: the last signature is not valid")
    for i, b in enumerate(blocks, 1):
        if "Signature is Valid" not in b:
            fail("pdfsig: signature #%d is not valid" % i)
    return fail.finish("pdfsig: %d signatures valid, the last one covers the total document" % len(blocks))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("xref-kind"); p.add_argument("pdf"); p.set_defaults(fn=xref_kind_cmd)
    p = sub.add_parser("extract"); p.add_argument("pdf"); p.add_argument("outdir"); p.set_defaults(fn=extract_cmd)
    p = sub.add_parser("cms")
    p.add_argument("der"); p.add_argument("--content"); p.add_argument("--leaf", required=True)
    p.add_argument("--ca", required=True); p.set_defaults(fn=cms_cmd)
    p = sub.add_parser("update"); p.add_argument("prev"); p.add_argument("new"); p.set_defaults(fn=update_cmd)
    for name, fn in (("verify", verify_cmd), ("corpus", corpus_cmd)):
        p = sub.add_parser(name)
        p.add_argument("--kyso", required=True)
        p.add_argument("--trust", action="append", default=[])
        p.add_argument("--untrusted", action="append", default=[])
        p.set_defaults(fn=fn)
    sub.choices["verify"].add_argument("pdf")
    sub.choices["verify"].add_argument("--count", type=int, required=True)
    sub.choices["verify"].add_argument("--expect", default="TOTAL_PASSED",
                                       choices=["TOTAL_PASSED", "TOTAL_FAILED", "INDETERMINATE"])
    sub.choices["verify"].add_argument("--warning", action="append", default=[], metavar="FIELD=TEXT",
                                       help="signature of FIELD (* = any) has a warning containing TEXT")
    sub.choices["corpus"].add_argument("dir")
    sub.choices["corpus"].add_argument("--original", help="unmodified input in DIR (default original.pdf)")
    p = sub.add_parser("pdfsig-last"); p.add_argument("report"); p.set_defaults(fn=pdfsig_last_cmd)
    args = ap.parse_args(argv)
    try:
        return args.fn(args)
    except (PdfError, KeyError, ValueError, IndexError, TypeError, OSError) as e:
        print("FAIL: %s: %s" % (type(e).__name__, e))
        return 1


if __name__ == "__main__":
    sys.exit(main())
