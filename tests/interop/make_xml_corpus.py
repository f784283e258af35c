#!/usr/bin/python3
"""Build the XML-DSig interop + attack corpus for the `claims` profile with independent tools only.

    /usr/bin/python3 tests/interop/make_xml_corpus.py --pki PKI --sample SAMPLE.xml --out DIR [--only positive]

Signers used: python3-xmlsec (libxmlsec1 via lxml), the xmlsec1 command line, lxml, openssl/cryptography.
kyso is never called. Writes DIR/*.xml, DIR/xxe-secret.txt (marker file for the XXE/parameter-entity
cases) and DIR/expectations.json, a list of

    {"file": "pos-....xml", "expect": {"indication": ..., "sub_indication": ...} | {"error_code": ...},
     "exit": N, "why": "...", "group": "positive" | "attack" | "doctype" | "encoding", ...}

Every file is checked here with an independent verifier before it is written to expectations.json:
positive files must pass `xmlsec1 --verify --trusted-pem root --untrusted-pem ca`; attack files that
the table calls "validly signed" must verify with python-xmlsec given the signer's key (so the only
reason to reject them is the profile rule under test); tampered files must NOT verify. The script
exits non-zero if any of these self-checks fails.

Use /usr/bin/python3 (it has lxml and xmlsec); the pyenv `python3` does not.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from lxml import etree
import xmlsec

DSIG = "http://www.w3.org/2000/09/xmldsig#"
C14N = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
ENVELOPED = DSIG + "enveloped-signature"
XPATH_T = "http://www.w3.org/TR/1999/REC-xpath-19991116"
XSLT_T = "http://www.w3.org/TR/1999/REC-xslt-19991116"
XSL_NS = "http://www.w3.org/1999/XSL/Transform"
BOM = b"\xef\xbb\xbf"
PASS = "kyso-test"
NSMAP = {"ds": DSIG}

T = xmlsec.constants
SIGN_ALGS = {
    "rsa-sha256": (T.TransformRsaSha256, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"),
    "rsa-sha1": (T.TransformRsaSha1, "http://www.w3.org/2000/09/xmldsig#rsa-sha1"),
    "ecdsa-sha256": (T.TransformEcdsaSha256, "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"),
    "hmac-sha256": (T.TransformHmacSha256, "http://www.w3.org/2001/04/xmldsig-more#hmac-sha256"),
}
DIGEST_ALGS = {
    "sha256": (T.TransformSha256, "http://www.w3.org/2001/04/xmlenc#sha256"),
    "sha1": (T.TransformSha1, "http://www.w3.org/2000/09/xmldsig#sha1"),
}

# A parser that never touches a DTD, the network or entities (used for everything we sign).
SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                              strip_cdata=False, remove_blank_text=False, huge_tree=False)


class CorpusError(Exception):
    pass


# ------------------------------------------------------------------------------------------------
# byte-level helpers
# ------------------------------------------------------------------------------------------------

def expand_chukydonvi(data: bytes) -> bytes:
    """`<CHUKYDONVI/>` -> `<CHUKYDONVI></CHUKYDONVI>` (the form a spliced signature needs)."""
    return re.sub(rb"<CHUKYDONVI\s*/>", b"<CHUKYDONVI></CHUKYDONVI>", data, count=1)


def selfclose_chukydonvi(data: bytes) -> bytes:
    return re.sub(rb"<CHUKYDONVI>\s*</CHUKYDONVI>", b"<CHUKYDONVI/>", data, count=1)


def splice_before(data: bytes, close_tag: bytes, insert: bytes) -> bytes:
    """Insert `insert` right before the last occurrence of `close_tag`."""
    i = data.rfind(close_tag)
    if i < 0:
        raise CorpusError(f"{close_tag!r} not found")
    return data[:i] + insert + data[i:]


def splice_into_chukydonvi(data: bytes, sig: bytes) -> bytes:
    return splice_before(expand_chukydonvi(data), b"</CHUKYDONVI>", sig)


def replace_once(data: bytes, old: bytes, new: bytes) -> bytes:
    if data.count(old) != 1:
        raise CorpusError(f"expected exactly one {old!r}, found {data.count(old)}")
    return data.replace(old, new)


def insert_after_xmldecl(data: bytes, text: bytes) -> bytes:
    bom = data.startswith(BOM)
    body = data[3:] if bom else data
    m = re.match(rb"<\?xml[^>]*\?>\r?\n?", body)
    if not m:
        raise CorpusError("no XML declaration")
    out = body[:m.end()] + text + b"\n" + body[m.end():]
    return (BOM if bom else b"") + out


def root_span(data: bytes) -> tuple[int, int]:
    """Byte offsets of the root element (start of `<GIAMDINHHS`, end of `</GIAMDINHHS>`)."""
    s = data.find(b"<GIAMDINHHS")
    e = data.rfind(b"</GIAMDINHHS>")
    if s < 0 or e < 0:
        raise CorpusError("no GIAMDINHHS root")
    return s, e + len(b"</GIAMDINHHS>")


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, SAFE_PARSER)


def serialize_like(original: bytes, root: etree._Element) -> bytes:
    """Serialize a (signed) tree but keep the original prolog (BOM, XML declaration) and epilog bytes.

    libxml2 writes the element tree back as it was read (attribute order, whitespace, Base64 lines)
    except for the parts we added, so the result is the original plus the Signature."""
    s, e = root_span(original)
    return original[:s] + etree.tostring(root, encoding="UTF-8") + original[e:]


def strip_signature_text(data: bytes) -> bytes:
    return re.sub(rb"<Signature xmlns=\"http://www\.w3\.org/2000/09/xmldsig#\">.*?</Signature>", b"",
                  data, flags=re.S)


def pem_to_b64(pem_path: Path) -> str:
    text = pem_path.read_text()
    m = re.search(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", text, re.S)
    return "".join(m.group(1).split())


def pem_certs_b64(pem_path: Path) -> list[str]:
    text = pem_path.read_text()
    return ["".join(b.split()) for b in
            re.findall(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", text, re.S)]


def dotnet_subject_name(cert_pem: Path) -> str:
    """The subject DN as .NET's X500DistinguishedName.Name prints it (reversed RDN order, `S=` for
    stateOrProvince, unknown OIDs such as UID as `OID.0.9.2342.19200300.100.1.1=`). Uses the openssl
    CLI (RFC 2253 escaping, so a comma inside a value is not taken for a separator)."""
    r = subprocess.run(["openssl", "x509", "-in", str(cert_pem), "-noout", "-subject", "-nameopt",
                        "esc_2253,utf8,-esc_msb,sep_comma_plus_space,dn_rev,sname"],
                       capture_output=True, check=True)
    line = r.stdout.decode("utf-8").strip()
    line = line.split("=", 1)[1] if line.startswith("subject=") else line
    names = {"CN": "CN", "C": "C", "L": "L", "ST": "S", "O": "O", "OU": "OU", "title": "T",
             "emailAddress": "E", "GN": "G", "SN": "SN", "serialNumber": "SERIALNUMBER", "DC": "DC",
             "UID": "OID.0.9.2342.19200300.100.1.1"}
    parts = []
    for rdn in re.split(r"(?<!\\), ", line):
        key, val = rdn.split("=", 1)
        val = re.sub(r"\\(.)", r"\1", val)
        if key not in names:
            raise CorpusError(f"no .NET name for DN attribute {key}")
        if any(c in val for c in ',+"\\<>;') or val != val.strip():
            val = '"' + val.replace('"', '""') + '"'
        parts.append(f"{names[key]}={val}")
    return ", ".join(parts)


# ------------------------------------------------------------------------------------------------
# signing with python-xmlsec (in place: SignedInfo is canonicalized inside the document, so it
# inherits xmlns:xsi / xmlns:xsd from the root like the portal expects)
# ------------------------------------------------------------------------------------------------

class Keys:
    def __init__(self, pki: Path):
        self.pki = pki

    def cert(self, name: str) -> Path:
        return self.pki / f"{name}.cert.pem"

    def keyfile(self, name: str) -> Path:
        return self.pki / f"{name}.key.pem"

    def load(self, name: str, with_cert: bool = True) -> xmlsec.Key:
        k = xmlsec.Key.from_file(str(self.keyfile(name)), T.KeyDataFormatPem)
        if with_cert:
            k.load_cert_from_file(str(self.cert(name)), T.KeyDataFormatPem)
        return k

    def public(self, name: str) -> xmlsec.Key:
        return xmlsec.Key.from_file(str(self.cert(name)), T.KeyDataFormatCertPem)


HMAC_SECRET = b"kyso-interop-hmac-secret-0123456789"


def hmac_key() -> xmlsec.Key:
    return xmlsec.Key.from_binary_data(T.KeyDataHmac, HMAC_SECRET)


def make_template(sign_alg="rsa-sha256", digest="sha256", uris=("",), keyinfo="x509",
                  extra_transforms=None, cert_b64=None):
    """A <Signature xmlns=dsig> template (no prefix).

    keyinfo: "x509" (empty X509Certificate for xmlsec to fill), "keyvalue", "none", or a callable
    that receives the KeyInfo element. extra_transforms: callable(reference_element) appending more
    Transform elements after the enveloped transform."""
    sig = xmlsec.template.create(etree.Element("dummy"), T.TransformInclC14N, SIGN_ALGS[sign_alg][0])
    for uri in uris:
        ref = xmlsec.template.add_reference(sig, DIGEST_ALGS[digest][0], uri=uri)
        xmlsec.template.add_transform(ref, T.TransformEnveloped)
        if extra_transforms:
            extra_transforms(ref)
    if keyinfo == "none":
        return sig
    ki = xmlsec.template.ensure_key_info(sig)
    if keyinfo == "x509":
        xd = xmlsec.template.add_x509_data(ki)
        c = xmlsec.template.x509_data_add_certificate(xd)
        if cert_b64:
            c.text = cert_b64
    elif keyinfo == "keyvalue":
        xmlsec.template.add_key_value(ki)
    else:
        keyinfo(ki)
    return sig


def compact(sig: etree._Element) -> etree._Element:
    """Drop the newlines xmlsec.template puts between elements (.NET writes the Signature on one line)."""
    for el in sig.iter():
        if el.text is not None and not el.text.strip():
            el.text = None
        if el.tail is not None and not el.tail.strip():
            el.tail = None
    return sig


def ds(tag: str) -> str:
    return f"{{{DSIG}}}{tag}"


def sign_node(sig: etree._Element, key: xmlsec.Key, ids=()):
    ctx = xmlsec.SignatureContext()
    for node, attr in ids:
        ctx.register_id(node, attr)
    ctx.key = key
    ctx.sign(sig)


def verify_node(sig: etree._Element, key: xmlsec.Key, ids=()) -> bool:
    ctx = xmlsec.SignatureContext()
    for node, attr in ids:
        ctx.register_id(node, attr)
    ctx.key = key
    try:
        ctx.verify(sig)
        return True
    except xmlsec.Error:
        return False


def pysign(data: bytes, key: xmlsec.Key, template=None, parent_xpath="/GIAMDINHHS/CHUKYDONVI",
           id_attr_xpath=None, after_sign=None) -> bytes:
    """Parse `data`, append `template` under `parent_xpath`, sign in place, serialize with the
    original prolog/epilog."""
    data = expand_chukydonvi(data)
    root = parse(data)
    sig = template if template is not None else make_template()
    parent = root.xpath(parent_xpath)[0]
    parent.append(sig)
    ids = []
    if id_attr_xpath:
        for n in root.xpath(id_attr_xpath):
            ids.append((n, "Id"))
    sign_node(sig, key, ids)
    if after_sign:
        after_sign(root, sig)
    return serialize_like(data, root)


# ------------------------------------------------------------------------------------------------
# signing with the xmlsec1 command line (the template is spliced into the original bytes as text)
# ------------------------------------------------------------------------------------------------

def text_template(sign_uri: str, cert_nodes: bool = True) -> bytes:
    ki = "<KeyInfo><X509Data><X509Certificate/></X509Data></KeyInfo>" if cert_nodes else ""
    return ('<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>'
            f'<CanonicalizationMethod Algorithm="{C14N}"/>'
            f'<SignatureMethod Algorithm="{sign_uri}"/>'
            f'<Reference URI=""><Transforms><Transform Algorithm="{ENVELOPED}"/></Transforms>'
            '<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
            '<DigestValue/></Reference></SignedInfo><SignatureValue/>'
            f'{ki}</Signature>').encode()


def xmlsec1_sign(template_doc: bytes, key: Path, cert: Path, workdir: Path) -> bytes:
    with tempfile.TemporaryDirectory(dir=workdir) as td:
        tin = Path(td) / "tmpl.xml"
        tout = Path(td) / "out.xml"
        tin.write_bytes(template_doc)
        r = subprocess.run(["xmlsec1", "--sign", "--privkey-pem", f"{key},{cert}",
                            "--output", str(tout), str(tin)], capture_output=True, text=True)
        if r.returncode != 0:
            raise CorpusError(f"xmlsec1 --sign failed: {r.stderr.strip()}")
        return tout.read_bytes()


def xmlsec1_verify(path: Path, pki: Path, extra=()) -> tuple[bool, str]:
    r = subprocess.run(["xmlsec1", "--verify", "--trusted-pem", str(pki / "root.cert.pem"),
                        "--untrusted-pem", str(pki / "ca.cert.pem"), *extra, str(path)],
                       capture_output=True, text=True)
    return r.returncode == 0, (r.stdout + r.stderr).strip()


# ------------------------------------------------------------------------------------------------
# the corpus
# ------------------------------------------------------------------------------------------------

def passed():
    return {"indication": "TOTAL_PASSED", "sub_indication": None}


def failed(sub):
    return {"indication": "TOTAL_FAILED", "sub_indication": sub}


def indet(sub):
    return {"indication": "INDETERMINATE", "sub_indication": sub}


def malformed():
    return {"error_code": "malformed_xml"}


class Builder:
    def __init__(self, pki: Path, sample: Path, out: Path):
        self.pki = pki
        self.keys = Keys(pki)
        self.sample = sample.read_bytes()
        if self.sample.startswith(BOM):
            self.sample = self.sample[3:]
        self.out = out
        self.cases: list[dict] = []
        self.problems: list[str] = []
        self.secret = (out / "xxe-secret.txt").resolve()
        m = re.search(rb"<MACSKCB>([0-9A-Za-z]{2,})</MACSKCB>", self.sample)
        if not m:
            raise CorpusError("sample has no <MACSKCB>code</MACSKCB>")
        self.mkv = m.group(1)                       # the facility code, e.g. b"99999"
        self.mk = b"<MACSKCB>" + self.mkv + b"</MACSKCB>"

    def mk_with(self, inner: bytes) -> bytes:
        return b"<MACSKCB>" + inner + b"</MACSKCB>"

    # -- bookkeeping ------------------------------------------------------------------------------
    def add(self, name, data, expect, exit_code, why, group, check=None, **extra):
        path = self.out / name
        path.write_bytes(data)
        entry = {"file": name, "expect": expect, "exit": exit_code, "why": why, "group": group}
        entry.update(extra)
        if check is not None:
            try:
                ok, detail = check(path, data)
            except Exception as e:  # noqa: BLE001 - any failure of a self-check is a corpus bug
                ok, detail = False, f"{type(e).__name__}: {e}"
            entry["selfcheck"] = detail if ok else f"FAILED: {detail}"
            if not ok:
                self.problems.append(f"{name}: {detail}")
        self.cases.append(entry)
        print(f"  {'ok ' if check is None or ok else 'BAD'} {name}"
              + ("" if check is None else f"  [{detail if ok else 'selfcheck failed: ' + detail}]"))

    # -- self-checks --------------------------------------------------------------------------------
    def chk_xmlsec1_trusted(self, path, data):
        ok, out = xmlsec1_verify(path, self.pki)
        return ok, "xmlsec1 --verify (trusted root) OK" if ok else out[-400:]

    def chk_py(self, keyname=None, key=None, sig_xpath="/GIAMDINHHS/CHUKYDONVI/ds:Signature",
               which=-1, id_xpath=None, want=True, parser=None):
        """python-xmlsec verification of one Signature with a known key."""
        def check(path, data):
            root = etree.fromstring(data, parser or SAFE_PARSER)
            sigs = root.xpath(sig_xpath, namespaces=NSMAP)
            if not sigs:
                return False, f"no signature at {sig_xpath}"
            sig = sigs[which]
            k = key() if callable(key) else (key or self.keys.public(keyname))
            ids = [(n, "Id") for n in root.xpath(id_xpath)] if id_xpath else []
            ok = verify_node(sig, k, ids)
            what = f"python-xmlsec verify of {sig_xpath}[{which}]"
            if want:
                return ok, (f"{what}: valid" if ok else f"{what}: INVALID (expected valid)")
            return (not ok), (f"{what}: invalid as intended" if not ok
                              else f"{what}: still VALID (tampering had no effect)")
        return check

    # -- builders -------------------------------------------------------------------------------------
    def base_signed(self) -> bytes:
        """The reference file: sample signed by python-xmlsec with hospital-rsa."""
        return pysign(self.sample, self.keys.load("hospital-rsa"))

    def positives(self):
        k = self.keys
        s = self.sample
        sc = selfclose_chukydonvi(s)
        work = self.out

        def pos(name, data, why, **kw):
            self.add(name, data, passed(), 0, why, "positive", check=self.chk_xmlsec1_trusted, **kw)

        pos("pos-pyxmlsec-rsa.xml", self.base_signed(),
            "python3-xmlsec (libxmlsec1), hospital-rsa, rsa-sha256, signed in place in CHUKYDONVI")
        pos("pos-pyxmlsec-rsa-selfclosing.xml", pysign(sc, k.load("hospital-rsa")),
            "python3-xmlsec, input had <CHUKYDONVI/>")
        pos("pos-pyxmlsec-ec.xml",
            pysign(s, k.load("hospital-ec"), make_template(sign_alg="ecdsa-sha256")),
            "python3-xmlsec, hospital-ec, ecdsa-sha256")
        pos("pos-pyxmlsec-rsa-bom.xml", pysign(BOM + s, k.load("hospital-rsa")),
            "file starts with a UTF-8 BOM (as written by .NET XmlDocument.Save)")
        pos("pos-pyxmlsec-rsa-chain.xml",
            pysign(s, k.load("hospital-rsa", with_cert=False),
                   make_template(keyinfo=lambda ki: self._x509data(ki, pem_certs_b64(
                       k.pki / "hospital-rsa.chain.pem")))),
            "KeyInfo carries the signer certificate followed by the issuing CA (chain is optional)")

        rsa_t = text_template(SIGN_ALGS["rsa-sha256"][1])
        ec_t = text_template(SIGN_ALGS["ecdsa-sha256"][1])
        pos("pos-xmlsec1-rsa.xml",
            xmlsec1_sign(splice_into_chukydonvi(s, rsa_t), k.keyfile("hospital-rsa"),
                         k.cert("hospital-rsa"), work),
            "xmlsec1 CLI --sign, hospital-rsa; template spliced into <CHUKYDONVI></CHUKYDONVI>")
        pos("pos-xmlsec1-rsa-selfclosing.xml",
            xmlsec1_sign(splice_into_chukydonvi(sc, rsa_t), k.keyfile("hospital-rsa"),
                         k.cert("hospital-rsa"), work),
            "xmlsec1 CLI --sign, hospital-rsa; input had <CHUKYDONVI/>")
        pos("pos-xmlsec1-ec.xml",
            xmlsec1_sign(splice_into_chukydonvi(s, ec_t), k.keyfile("hospital-ec"),
                         k.cert("hospital-ec"), work),
            "xmlsec1 CLI --sign, hospital-ec, ecdsa-sha256 (raw r||s)")
        pos("pos-xmlsec1-rsa-bom.xml",
            BOM + xmlsec1_sign(splice_into_chukydonvi(BOM + s, rsa_t), k.keyfile("hospital-rsa"),
                               k.cert("hospital-rsa"), work).lstrip(BOM),
            "xmlsec1 CLI --sign of a BOM-prefixed input (BOM kept)")

        # .NET SignedXml shape: one line, KeyInfo/X509Data = X509SubjectName (.NET DN spelling) +
        # X509Certificate, Base64 without line breaks, root's xmlns:xsi/xsd in SignedInfo's c14n.
        for signer, bom, name in (("hospital-rsa", False, "pos-dotnet-shape.xml"),
                                  ("hospital-rsa", True, "pos-dotnet-shape-bom.xml"),
                                  ("doctor-rsa", False, "pos-dotnet-shape-doctor.xml")):
            data = pysign((BOM if bom else b"") + s, k.load(signer),
                          self._dotnet_template(signer), after_sign=self._dotnet_after)
            pos(name, data,
                f".NET SignedXml shape ({signer}): X509SubjectName '{dotnet_subject_name(k.cert(signer))}'"
                " before X509Certificate, unwrapped Base64" + (", UTF-8 BOM" if bom else ""))

    def _x509data(self, ki, certs_b64):
        xd = etree.SubElement(ki, ds("X509Data"))
        for c in certs_b64:
            etree.SubElement(xd, ds("X509Certificate")).text = c

    def _dotnet_template(self, name):
        def ki_fn(ki):
            xd = etree.SubElement(ki, ds("X509Data"))
            etree.SubElement(xd, ds("X509SubjectName")).text = dotnet_subject_name(self.keys.cert(name))
            etree.SubElement(xd, ds("X509Certificate"))
        return compact(make_template(keyinfo=ki_fn))

    @staticmethod
    def _dotnet_after(root, sig):
        # SignatureValue and KeyInfo are outside SignedInfo: unwrapping their Base64 is harmless.
        for el in sig.iter(ds("SignatureValue"), ds("X509Certificate")):
            el.text = "".join(el.text.split())

    def attacks(self):
        k = self.keys
        s = self.sample
        rsa = lambda: k.load("hospital-rsa")  # noqa: E731
        base = self.base_signed()
        A = "attack"

        # 1. one byte of signed content changed after signing
        last = self.mkv[-1:]
        bumped = self.mkv[:-1] + (b"8" if last != b"8" else b"7")
        self.add("atk-hash-macskcb.xml",
                 replace_once(base, self.mk, self.mk_with(bumped)),
                 failed("HASH_FAILURE"), 1,
                 f"MACSKCB {self.mkv.decode()} -> {bumped.decode()} after signing", A,
                 check=self.chk_py("hospital-rsa", want=False))

        # 2. SignatureValue altered (still valid Base64, same length)
        def alter_sv(root, sig):
            sv = sig.find(ds("SignatureValue"))
            raw = bytearray(base64.b64decode("".join(sv.text.split())))
            raw[len(raw) // 2] ^= 0x01
            sv.text = "\n" + base64.b64encode(bytes(raw)).decode() + "\n"
        self.add("atk-sigvalue-altered.xml", pysign(s, rsa(), after_sign=alter_sv),
                 failed("SIG_CRYPTO_FAILURE"), 1, "one bit of SignatureValue flipped (valid Base64)", A,
                 check=self.chk_py("hospital-rsa", want=False))

        # 3. ds:Object inside the Signature, present at signing time
        t = make_template()
        obj = etree.SubElement(t, ds("Object"), Id="kyso-extra")
        etree.SubElement(obj, "{urn:kyso:interop}GHICHU").text = "payload carried inside the signature"
        self.add("atk-object.xml", pysign(s, rsa(), t), failed("FORMAT_FAILURE"), 1,
                 "Signature contains a ds:Object (validly signed; the Object is excluded by the "
                 "enveloped transform)", A, check=self.chk_py("hospital-rsa"))

        # 4a. a second, earlier-signed Signature in THONGTINDONVI; the slot signature covers it and
        #     is itself fully valid, so only the "exactly one Signature" rule rejects the file
        first = pysign(s, rsa(), parent_xpath="/GIAMDINHHS/THONGTINDONVI")
        both = pysign(first, rsa())
        self.add("atk-second-sig-thongtindonvi.xml", both, failed("FORMAT_FAILURE"), 1,
                 "two Signatures: one in THONGTINDONVI, one at the slot (the slot one verifies)", A,
                 check=self.chk_py("hospital-rsa"), multi_signature=True)
        # 4b. two Signatures in CHUKYDONVI (the second covers the first and verifies)
        two = pysign(pysign(s, rsa()), rsa())
        self.add("atk-two-sigs-chukydonvi.xml", two, failed("FORMAT_FAILURE"), 1,
                 "two Signatures in CHUKYDONVI (the last one verifies)", A,
                 check=self.chk_py("hospital-rsa", which=-1), multi_signature=True)

        # 5. comment splitting a value, validly signed
        split = self.mkv[:3] + b"<!-- -->" + self.mkv[3:]
        cs = replace_once(s, self.mk, self.mk_with(split))
        self.add("atk-comment-split.xml", pysign(cs, rsa()), failed("FORMAT_FAILURE"), 1,
                 f"<MACSKCB>{split.decode()}</MACSKCB>, validly signed (URI=\"\" drops comments)", A,
                 check=self.chk_py("hospital-rsa"))

        # 6. processing instruction inside the signed content, validly signed
        pi = replace_once(s, self.mk, self.mk + b"<?kyso-note MACSKCB=79001?>")
        self.add("atk-pi-in-content.xml", pysign(pi, rsa()), failed("FORMAT_FAILURE"), 1,
                 "processing instruction inside THONGTINDONVI, validly signed", A,
                 check=self.chk_py("hospital-rsa"))

        # 7. wrong placement
        self.add("atk-sig-root-child.xml", pysign(s, rsa(), parent_xpath="/GIAMDINHHS"),
                 failed("FORMAT_FAILURE"), 1,
                 "Signature is a direct child of GIAMDINHHS (after an empty CHUKYDONVI), validly signed",
                 A, check=self.chk_py("hospital-rsa", sig_xpath="/GIAMDINHHS/ds:Signature"))
        self.add("atk-sig-in-thongtinhoso.xml",
                 pysign(s, rsa(), parent_xpath="/GIAMDINHHS/THONGTINHOSO"),
                 failed("FORMAT_FAILURE"), 1, "Signature inside THONGTINHOSO, validly signed", A,
                 check=self.chk_py("hospital-rsa", sig_xpath="/GIAMDINHHS/THONGTINHOSO/ds:Signature"))

        # 8. Reference URI="#x"
        idd = replace_once(s, b"<THONGTINHOSO>", b'<THONGTINHOSO Id="x">')
        self.add("atk-ref-uri-id.xml",
                 pysign(idd, rsa(), make_template(uris=("#x",)), id_attr_xpath="//*[@Id]"),
                 failed("FORMAT_FAILURE"), 1,
                 'Reference URI="#x" (Id on THONGTINHOSO) instead of URI="", validly signed', A,
                 check=self.chk_py("hospital-rsa", id_xpath="//*[@Id]"))

        # 9. extra transforms
        def xpath_t(ref):
            tr = xmlsec.template.add_transform(ref, T.TransformXPath)
            # no prefix: lxml drops a `dsig` declaration that duplicates the in-scope default namespace
            xp = etree.SubElement(tr, ds("XPath"))
            xp.text = "not(ancestor-or-self::*[local-name()='Signature'])"
        self.add("atk-transform-xpath.xml", pysign(s, rsa(), make_template(extra_transforms=xpath_t)),
                 failed("FORMAT_FAILURE"), 1,
                 "extra XPath 1.0 transform after enveloped-signature, validly signed", A,
                 check=self.chk_py("hospital-rsa"))

        def xslt_t(ref):
            tr = xmlsec.template.add_transform(ref, T.TransformXslt)
            ss = etree.SubElement(tr, f"{{{XSL_NS}}}stylesheet", nsmap={"xsl": XSL_NS}, version="1.0")
            etree.SubElement(ss, f"{{{XSL_NS}}}output", method="xml")
            tpl = etree.SubElement(ss, f"{{{XSL_NS}}}template", match="@*|node()")
            cp = etree.SubElement(tpl, f"{{{XSL_NS}}}copy")
            etree.SubElement(cp, f"{{{XSL_NS}}}apply-templates", select="@*|node()")
        self.add("atk-transform-xslt.xml", pysign(s, rsa(), make_template(extra_transforms=xslt_t)),
                 failed("FORMAT_FAILURE"), 1,
                 "extra XSLT transform (identity stylesheet) after enveloped-signature, validly signed",
                 A, check=self.chk_py("hospital-rsa"))

        # 10. two References
        self.add("atk-two-references.xml", pysign(idd, rsa(), make_template(uris=("", "#x")),
                                                  id_attr_xpath="//*[@Id]"),
                 failed("FORMAT_FAILURE"), 1,
                 'two References (URI="" and URI="#x"), validly signed', A,
                 check=self.chk_py("hospital-rsa", id_xpath="//*[@Id]"))

        # 11. weak algorithms (validly signed)
        self.add("atk-alg-rsa-sha1.xml", pysign(s, rsa(), make_template(sign_alg="rsa-sha1")),
                 indet("CRYPTO_CONSTRAINTS_FAILURE_NO_POE"), 2,
                 "SignatureMethod rsa-sha1 (digest sha256), validly signed", A,
                 check=self.chk_py("hospital-rsa"))
        self.add("atk-alg-digest-sha1.xml", pysign(s, rsa(), make_template(digest="sha1")),
                 indet("CRYPTO_CONSTRAINTS_FAILURE_NO_POE"), 2,
                 "DigestMethod sha1 (rsa-sha256), validly signed", A, check=self.chk_py("hospital-rsa"))

        # 12. HMAC-SHA256 (the hospital certificate is in KeyInfo so only the algorithm is wrong)
        self.add("atk-alg-hmac-sha256.xml",
                 pysign(s, hmac_key(), make_template(sign_alg="hmac-sha256",
                                                     cert_b64=pem_to_b64(k.cert("hospital-rsa")))),
                 indet("CRYPTO_CONSTRAINTS_FAILURE"), 2,
                 "SignatureMethod hmac-sha256 (valid under the shared secret); KeyInfo carries the "
                 "hospital-rsa certificate", A, check=self.chk_py(key=hmac_key))

        # 13. KeyValue only
        self.add("atk-keyvalue-only.xml",
                 pysign(s, k.load("hospital-rsa", with_cert=False), make_template(keyinfo="keyvalue")),
                 indet("NO_SIGNING_CERTIFICATE_FOUND"), 2,
                 "KeyInfo has only RSAKeyValue (no X509Certificate), validly signed", A,
                 check=self.chk_py("hospital-rsa"))

        # 14. RetrievalMethod in KeyInfo (next to a correct X509Data)
        def rm(ki):
            self._x509data(ki, [pem_to_b64(k.cert("hospital-rsa"))])
            etree.SubElement(ki, ds("RetrievalMethod"), URI="http://127.0.0.1:9/signer.der",
                             Type=DSIG + "rawX509Certificate")
        self.add("atk-keyinfo-retrievalmethod.xml",
                 pysign(s, k.load("hospital-rsa", with_cert=False), make_template(keyinfo=rm)),
                 failed("FORMAT_FAILURE"), 1,
                 "KeyInfo has a RetrievalMethod (http://127.0.0.1:9/...) besides X509Data, validly signed",
                 A, check=self.chk_py("hospital-rsa"))

        # 15. certificate problems (all validly signed with the named key)
        for name, expect, code, why in [
            ("foreign", indet("NO_CERTIFICATE_CHAIN_FOUND"), 2,
             "signer certificate chains to an unrelated root"),
            ("expired", indet("OUT_OF_BOUNDS_NO_POE"), 2,
             "signer certificate expired 2021-01-01, no proof of existence"),
            ("notyet", failed("NOT_YET_VALID"), 1, "signer certificate valid only from 2040-01-01"),
            ("nokeyusage", indet("CHAIN_CONSTRAINTS_FAILURE"), 2,
             "signer certificate keyUsage is keyEncipherment only"),
        ]:
            self.add(f"atk-cert-{name}.xml", pysign(s, k.load(name)), expect, code, why, A,
                     check=self.chk_py(name))

    def doctypes(self):
        base = self.base_signed()
        D = "doctype"
        self.secret.write_bytes(self.mkv)
        secret_uri = self.secret.as_uri()
        mk = self.mk

        self.add("dtd-bare.xml", insert_after_xmldecl(base, b"<!DOCTYPE GIAMDINHHS>"), malformed(), 3,
                 "DOCTYPE without subset", D)
        self.add("dtd-internal-subset.xml",
                 insert_after_xmldecl(base, b"<!DOCTYPE GIAMDINHHS [\n  <!ELEMENT GIAMDINHHS ANY>\n]>"),
                 malformed(), 3, "plain internal subset", D)
        self.add("dtd-attlist-default.xml",
                 insert_after_xmldecl(base, b'<!DOCTYPE GIAMDINHHS [\n  <!ATTLIST THONGTINHOSO Id ID '
                                            b'"x">\n]>'),
                 malformed(), 3, "internal subset with a defaulted ID attribute (ID-by-DTD)", D)
        xxe = insert_after_xmldecl(
            replace_once(base, mk, b"<MACSKCB>&x;</MACSKCB>"),
            f'<!DOCTYPE GIAMDINHHS [\n  <!ENTITY x SYSTEM "{secret_uri}">\n]>'.encode())
        # Expanding the entity gives back the signed value, so a verifier that resolved it would pass.
        xxe_parser = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=True)
        self.add("dtd-xxe-file.xml", xxe, malformed(), 3,
                 f"XXE: <!ENTITY x SYSTEM \"{secret_uri}\"> used in MACSKCB (verifies if expanded)", D,
                 check=self.chk_py("hospital-rsa", parser=xxe_parser), secret=str(self.secret),
                 strace=True)
        self.add("dtd-external-http.xml",
                 insert_after_xmldecl(base, b'<!DOCTYPE GIAMDINHHS SYSTEM "http://127.0.0.1:9/x.dtd">'),
                 malformed(), 3, "external DTD over http://127.0.0.1:9", D, strace=True)
        lol = [b'<!ENTITY lol0 "lol">']
        for i in range(1, 10):
            lol.append(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">'.encode())
        bl = insert_after_xmldecl(replace_once(base, mk, b"<MACSKCB>&lol9;</MACSKCB>"),
                                  b"<!DOCTYPE GIAMDINHHS [\n  " + b"\n  ".join(lol) + b"\n]>")
        self.add("dtd-billion-laughs.xml", bl, malformed(), 3, "billion laughs (10^9 x 'lol')", D)
        # Parameter entities, well-formed (PE references only between declarations): an internal PE
        # that declares the general entity used in MACSKCB (expanding it gives back the signed value)
        # and an external PE fetched over http.
        pe = (b'<!DOCTYPE GIAMDINHHS [\n'
              b'  <!ENTITY % decl "<!ENTITY y \'' + self.mkv + b'\'>">\n'
              b'  %decl;\n'
              b'  <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">\n'
              b'  %remote;\n]>')
        self.add("dtd-parameter-entities.xml",
                 insert_after_xmldecl(replace_once(base, mk, b"<MACSKCB>&y;</MACSKCB>"), pe),
                 malformed(), 3, "parameter entities: an internal PE declaring the entity used in "
                 "MACSKCB, and an external PE from http://127.0.0.1:9", D, strace=True)

    def encodings(self):
        base = self.base_signed()
        E = "encoding"
        self.add("enc-truncated.xml", base[: len(base) // 2], malformed(), 3,
                 "signed file cut in the middle", E)
        # ISO-8859-1 declared, Latin-1 byte in content, validly signed over the decoded infoset
        latin = self.sample.replace(b'encoding="utf-8"', b'encoding="ISO-8859-1"', 1)
        latin = replace_once(latin, self.mk, self.mk + b"<GHICHU>Caf\xe9</GHICHU>")
        root = parse(latin)
        sig = make_template()
        root.find("CHUKYDONVI").append(sig)
        sign_node(sig, self.keys.load("hospital-rsa"))
        s, e = root_span(latin)
        latin_signed = latin[:s] + etree.tostring(root, encoding="ISO-8859-1",
                                                  xml_declaration=False) + latin[e:]
        if b"\xe9" not in latin_signed:
            raise CorpusError("Latin-1 byte lost")
        self.add("enc-latin1.xml", latin_signed, malformed(), 3,
                 'encoding="ISO-8859-1" with a Latin-1 byte (0xE9), validly signed over the decoded text',
                 E, check=self.chk_py("hospital-rsa"))
        self.add("enc-invalid-utf8.xml",
                 replace_once(base, self.mk, self.mk_with(self.mkv[:2] + b"\xc3\x28" + self.mkv[2:])),
                 malformed(), 3, "UTF-8 declared, invalid sequence C3 28 inside MACSKCB", E)
        u16 = base.decode("utf-8").replace('encoding="utf-8"', 'encoding="UTF-16"', 1).encode("utf-16")
        self.add("enc-utf16.xml", u16, malformed(), 3,
                 "UTF-16 (BOM + declaration), otherwise the validly signed reference file", E,
                 check=self.chk_py("hospital-rsa"))

    def write_expectations(self):
        (self.out / "expectations.json").write_text(
            json.dumps(self.cases, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def build(pki: Path, sample: Path, out: Path, only: str | None = None, quiet=False) -> Builder:
    out.mkdir(parents=True, exist_ok=True)
    b = Builder(pki, sample, out)
    stdout = sys.stdout
    if quiet:
        sys.stdout = open(os.devnull, "w")
    try:
        b.positives()
        if only != "positive":
            b.attacks()
            b.doctypes()
            b.encodings()
        b.write_expectations()
    finally:
        if quiet:
            sys.stdout.close()
            sys.stdout = stdout
    return b


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pki", required=True, type=Path, help="directory made by testdata/make-pki.sh")
    ap.add_argument("--sample", required=True, type=Path, help="unsigned claims envelope")
    ap.add_argument("--out", required=True, type=Path, help="output directory")
    ap.add_argument("--only", choices=["positive"], help="build only the positive cases")
    a = ap.parse_args()
    for f in ("root.cert.pem", "ca.cert.pem", "hospital-rsa.key.pem", "hospital-ec.key.pem"):
        if not (a.pki / f).exists():
            print(f"missing {a.pki / f} (run testdata/make-pki.sh {a.pki})", file=sys.stderr)
            return 2
    b = build(a.pki, a.sample, a.out, a.only)
    print(f"{len(b.cases)} files written to {a.out}; expectations in {a.out / 'expectations.json'}")
    if b.problems:
        print(f"{len(b.problems)} self-check failure(s):", file=sys.stderr)
        for p in b.problems:
            print("  " + p, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
