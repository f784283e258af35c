#!/usr/bin/python3
"""kyso against the reference XML-DSig implementation (libxmlsec1: xmlsec1 CLI and python3-xmlsec).

    /usr/bin/python3 tests/interop/kyso_vs_xmlsec.py --kyso build/cli/kyso --pki PKI --token-dir TOK \\
        --sample SAMPLE.xml --work DIR [--count 30] [--seed 4750]

(a) byte equality. For the sample, a `<CHUKYDONVI/>` variant, a BOM variant and --count envelopes from
    testdata/gen_claims.py (some with BOM / `<CHUKYDONVI/>`): sign with kyso (PKCS#12 hospital-rsa);
    check the output minus its one Signature element equals the input byte for byte (a `<CHUKYDONVI/>`
    input compared in its expanded `<CHUKYDONVI></CHUKYDONVI>` form); turn kyso's output into a template
    (DigestValue and SignatureValue emptied, everything else unchanged), sign that with
    `xmlsec1 --sign --privkey-pem key,cert` and check kyso's DigestValue and SignatureValue decode to
    exactly xmlsec1's (RSA PKCS#1 v1.5 is deterministic); and check `xmlsec1 --verify` accepts the output.
(b) `xmlsec1 --verify --trusted-pem root --untrusted-pem ca` accepts kyso outputs signed with RSA from
    PKCS#12, RSA from SoftHSM and ECDSA from SoftHSM (token made by testdata/make-token.sh; SOFTHSM2_CONF
    from TOKENDIR/env.sh). The SoftHSM RSA signature must equal the PKCS#12 one (same key, same input).
(c) `kyso xml verify` reports TOTAL_PASSED (exit 0) for files signed by python3-xmlsec and xmlsec1
    (the positive half of make_xml_corpus.py).

Prints one line per check and finally `N passed, M failed`; exits 1 if anything failed.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # no __pycache__ next to the sources
sys.path.insert(0, str(HERE))
import make_xml_corpus as corpus  # noqa: E402
import run_xml_corpus as runner  # noqa: E402

from lxml import etree  # noqa: E402

REPO = HERE.parent.parent
GEN_CLAIMS = REPO / "testdata" / "gen_claims.py"
MODULE = "/usr/lib/softhsm/libsofthsm2.so"
SIG_RE = re.compile(rb'<Signature xmlns="http://www\.w3\.org/2000/09/xmldsig#">.*?</Signature>', re.S)
ANY_SIG_RE = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Signature[\s/>]")
NS = {"ds": corpus.DSIG}


class Results:
    def __init__(self):
        self.npass = 0
        self.nfail = 0

    def check(self, ok: bool, label: str, detail: str = ""):
        print(f"{'PASS' if ok else 'FAIL'} {label}" + (f": {detail}" if detail else ""))
        if ok:
            self.npass += 1
        else:
            self.nfail += 1
        return ok


def run(cmd, env=None, timeout=120):
    try:
        r = subprocess.run(cmd, capture_output=True, env=env, timeout=timeout)
        return r.returncode, r.stdout.decode("utf-8", "replace"), r.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return None, "", f"timed out after {timeout}s"


def last_line(s: str) -> str:
    lines = [ln for ln in s.strip().splitlines() if ln.strip()]
    return lines[-1][:300] if lines else ""


def kyso_sign(kyso: Path, src: Path, dst: Path, key: str, passarg: list[str], env=None):
    """Returns (ok, detail)."""
    if dst.exists():
        dst.unlink()
    rc, out, err = run([str(kyso), "xml", "sign", str(src), "--out", str(dst), "--key", key,
                        *passarg, "--json"], env=env)
    if rc != 0:
        return False, f"kyso xml sign exit {rc}: {last_line(err) or last_line(out)}"
    try:
        rep = json.loads(out)
        st = rep["results"][0]["status"]
        if st != "signed":
            return False, f"JSON status {st!r}"
    except (ValueError, KeyError, IndexError, TypeError) as e:
        return False, f"sign --json output not as specified ({e}): {out[:200]!r}"
    if not dst.exists():
        return False, "no output file"
    return True, "signed"


def split_signature(signed: bytes):
    """Return (signature bytes, document without it) or raise ValueError."""
    sigs = SIG_RE.findall(signed)
    anysig = len(ANY_SIG_RE.findall(signed))
    if len(sigs) != 1 or anysig != 1:
        raise ValueError(f"expected one <Signature xmlns=\"...xmldsig#\"> element, found {len(sigs)} "
                         f"({anysig} Signature start tags with any prefix)")
    i = signed.index(sigs[0])
    after = signed[i + len(sigs[0]):]
    if not after.startswith(b"</CHUKYDONVI>"):
        raise ValueError("Signature is not the last child of CHUKYDONVI")
    return sigs[0], signed[:i] + after


def b64_text(sig: bytes, tag: str) -> bytes:
    m = re.search(rb"<" + tag.encode() + rb"(?:\s[^>]*)?>([^<]*)</" + tag.encode() + rb">", sig)
    if not m:
        raise ValueError(f"no {tag}")
    return base64.b64decode(b"".join(m.group(1).split()), validate=True)


def empty_values(sig: bytes) -> bytes:
    for tag in (b"DigestValue", b"SignatureValue"):
        sig, n = re.subn(rb"(<" + tag + rb"(?:\s[^>]*)?>)[^<]*(</" + tag + rb">)", rb"\1\2", sig)
        if n != 1:
            raise ValueError(f"{n} {tag.decode()} elements")
    return sig


def xmlsec1_values(xml: bytes) -> tuple[bytes, bytes]:
    root = etree.fromstring(xml, corpus.SAFE_PARSER)
    sig = root.xpath("/GIAMDINHHS/CHUKYDONVI/ds:Signature", namespaces=NS)[0]
    dv = sig.find("ds:SignedInfo/ds:Reference/ds:DigestValue", NS).text
    sv = sig.find("ds:SignatureValue", NS).text
    return base64.b64decode("".join(dv.split())), base64.b64decode("".join(sv.split()))


def part_a(a, R: Results, inputs: list[Path], outdir: Path, tmpldir: Path) -> dict[str, Path]:
    pki = a.pki
    outs = {}
    key, cert = pki / "hospital-rsa.key.pem", pki / "hospital-rsa.cert.pem"
    for src in inputs:
        name = src.name if src.parent.name != "gen" else "gen/" + src.name
        dst = outdir / src.name
        ok, detail = kyso_sign(a.kyso, src, dst, f"p12:{pki / 'hospital-rsa.p12'}",
                               ["--pass", "pass:kyso-test"])
        if not R.check(ok, f"a/sign {name}", detail if not ok else ""):
            continue
        outs[src.name] = dst
        inp = src.read_bytes()
        signed = dst.read_bytes()
        try:
            sig, rest = split_signature(signed)
        except ValueError as e:
            R.check(False, f"a/bytes {name}", str(e))
            continue
        expected = corpus.expand_chukydonvi(inp)
        if rest == expected:
            R.check(True, f"a/bytes {name}", "output minus Signature == input"
                    + (" (CHUKYDONVI expanded)" if expected != inp else ""))
        else:
            n = next((i for i, (x, y) in enumerate(zip(rest, expected)) if x != y),
                     min(len(rest), len(expected)))
            R.check(False, f"a/bytes {name}",
                    f"differs at byte {n}: kyso {rest[max(0, n - 20):n + 20]!r} vs input "
                    f"{expected[max(0, n - 20):n + 20]!r} (lengths {len(rest)} / {len(expected)})")
        # template from kyso's own output, signed by xmlsec1
        try:
            tmpl = signed.replace(sig, empty_values(sig))
            tpath = tmpldir / src.name
            tpath.write_bytes(tmpl)
            xout = tmpldir / (src.stem + ".xmlsec1.xml")
            rc, _, err = run(["xmlsec1", "--sign", "--privkey-pem", f"{key},{cert}",
                              "--output", str(xout), str(tpath)])
            if rc != 0:
                raise ValueError(f"xmlsec1 --sign on kyso's template failed: {last_line(err)}")
            xdv, xsv = xmlsec1_values(xout.read_bytes())
            kdv, ksv = b64_text(sig, "DigestValue"), b64_text(sig, "SignatureValue")
            probs = []
            if kdv != xdv:
                probs.append(f"DigestValue kyso {kdv.hex()[:16]}.. != xmlsec1 {xdv.hex()[:16]}..")
            if ksv != xsv:
                probs.append("SignatureValue differs from xmlsec1's")
            R.check(not probs, f"a/values {name}",
                    "; ".join(probs) if probs else "DigestValue and SignatureValue == xmlsec1's")
        except (ValueError, IndexError, AttributeError, etree.XMLSyntaxError) as e:
            R.check(False, f"a/values {name}", str(e))
        ok, out = corpus.xmlsec1_verify(dst, pki)
        R.check(ok, f"a/xmlsec1-verify {name}", "" if ok else last_line(out))
    return outs


def token_env(token_dir: Path):
    envsh = token_dir / "env.sh"
    if not envsh.exists():
        return None, f"{envsh} missing (run testdata/make-token.sh PKI {token_dir})"
    r = subprocess.run(["bash", "-c", f'. "{envsh}" && printf %s "$SOFTHSM2_CONF"'],
                       capture_output=True, text=True)
    if r.returncode != 0 or not r.stdout:
        return None, f"could not read SOFTHSM2_CONF from {envsh}: {r.stderr.strip()}"
    env = dict(os.environ)
    env["SOFTHSM2_CONF"] = r.stdout
    return env, ""


def part_b(a, R: Results, sample_in: Path, p12_out: Path | None, outdir: Path):
    pki = a.pki
    env, why = token_env(a.token_dir)
    variants = [("p12-rsa", p12_out, None)]
    for obj in ("hospital-rsa", "hospital-ec"):
        variants.append((f"pkcs11-{obj}", outdir / f"sample.{obj}.pkcs11.xml",
                         f"pkcs11:token=benhvien;object={obj}?module-path={MODULE}&pin-value=123456"))
    p12_sv = None
    for label, dst, uri in variants:
        if uri is not None:
            if env is None:
                R.check(False, f"b/sign {label}", why)
                continue
            ok, detail = kyso_sign(a.kyso, sample_in, dst, uri, [], env=env)
            if not R.check(ok, f"b/sign {label}", detail if not ok else ""):
                continue
        elif dst is None:
            R.check(False, f"b/xmlsec1-verify {label}", "no PKCS#12-signed output from part (a)")
            continue
        ok, out = corpus.xmlsec1_verify(dst, pki)
        R.check(ok, f"b/xmlsec1-verify {label}", "xmlsec1 --verify OK" if ok else last_line(out))
        try:
            sig, rest = split_signature(dst.read_bytes())
            same = rest == corpus.expand_chukydonvi(sample_in.read_bytes())
            R.check(same, f"b/bytes {label}", "" if same else "output minus Signature != input")
            meth = re.search(rb'<SignatureMethod Algorithm="([^"]+)"', sig).group(1).decode()
            want = corpus.SIGN_ALGS["ecdsa-sha256" if "-ec" in label else "rsa-sha256"][1]
            R.check(meth == want, f"b/algorithm {label}", meth)
            sv = b64_text(sig, "SignatureValue")
            if label == "p12-rsa":
                p12_sv = sv
            elif label == "pkcs11-hospital-rsa" and p12_sv is not None:
                R.check(sv == p12_sv, f"b/same-signature {label}",
                        "SoftHSM RSA SignatureValue == PKCS#12 RSA SignatureValue" if sv == p12_sv
                        else "SoftHSM and PKCS#12 signatures of the same input with the same key differ")
            elif "-ec" in label:
                R.check(len(sv) == 64, f"b/ecdsa-raw {label}",
                        f"SignatureValue is {len(sv)} bytes (P-256 raw r||s is 64)")
        except (ValueError, AttributeError) as e:
            R.check(False, f"b/shape {label}", str(e))


def part_c(a, R: Results, workdir: Path):
    cdir = workdir / "corpus"
    if cdir.exists():
        shutil.rmtree(cdir)
    b = corpus.build(a.pki, a.sample, cdir, only="positive", quiet=True)
    for p in b.problems:
        R.check(False, "c/corpus-selfcheck", p)
    for case in b.cases:
        f = cdir / case["file"]
        rc, out, err = runner.run(runner.verify_cmd(a.kyso, f, a.pki))
        ok, detail = runner.check_case(case, rc, out, err)
        R.check(ok, f"c/verify {case['file']}", detail)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kyso", required=True, type=Path)
    ap.add_argument("--pki", required=True, type=Path)
    ap.add_argument("--token-dir", required=True, type=Path)
    ap.add_argument("--sample", required=True, type=Path)
    ap.add_argument("--work", required=True, type=Path)
    ap.add_argument("--count", type=int, default=30, help="generated envelopes for part (a)")
    ap.add_argument("--seed", type=int, default=4750)
    ap.add_argument("--parts", default="abc", help="subset of abc to run")
    a = ap.parse_args()
    a.pki = a.pki.resolve()
    R = Results()
    if not os.access(a.kyso, os.X_OK):
        R.check(False, "kyso", f"binary not found or not executable: {a.kyso}")
        print(f"{R.npass} passed, {R.nfail} failed")
        return 1

    work = a.work
    indir, outdir, tmpldir = work / "in", work / "out", work / "xmlsec1"
    for d in (indir, outdir, tmpldir):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)

    sample = a.sample.read_bytes()
    if sample.startswith(corpus.BOM):
        sample = sample[3:]
    inputs = []
    for name, data in (("sample.xml", sample),
                       ("sample-selfclosing.xml", corpus.selfclose_chukydonvi(sample)),
                       ("sample-bom.xml", corpus.BOM + sample)):
        (indir / name).write_bytes(data)
        inputs.append(indir / name)
    if a.count > 0:
        gen = indir / "gen"
        if GEN_CLAIMS.exists():
            r = subprocess.run([sys.executable, str(GEN_CLAIMS), "--out", str(gen), "--count",
                                str(a.count), "--seed", str(a.seed), "--bom-every", "7",
                                "--selfclosing-every", "5"], capture_output=True, text=True)
            if r.returncode != 0:
                R.check(False, "a/gen_claims", r.stderr.strip()[-300:])
        else:  # vary the sample: facility code, date, whitespace, CHUKYDONVI form, BOM
            gen.mkdir()
            for i in range(a.count):
                d = sample.replace(b"<MACSKCB>99999</MACSKCB>", b"<MACSKCB>9%04d</MACSKCB>" % i)
                d = d.replace(b"<NGAYLAP>20250701</NGAYLAP>", b"<NGAYLAP>202507%02d</NGAYLAP>" % (i % 28 + 1))
                if i % 5 == 0:
                    d = corpus.selfclose_chukydonvi(d)
                if i % 7 == 0:
                    d = corpus.BOM + d
                (gen / f"claim_{i + 1:06d}.xml").write_bytes(d)
        if gen.exists():
            inputs += sorted(gen.glob("*.xml"))

    outs = {}
    if "a" in a.parts:
        outs = part_a(a, R, inputs, outdir, tmpldir)
    if "b" in a.parts:
        if "sample.xml" not in outs:
            ok, detail = kyso_sign(a.kyso, indir / "sample.xml", outdir / "sample.xml",
                                   f"p12:{a.pki / 'hospital-rsa.p12'}", ["--pass", "pass:kyso-test"])
            if ok:
                outs["sample.xml"] = outdir / "sample.xml"
        part_b(a, R, indir / "sample.xml", outs.get("sample.xml"), outdir)
    if "c" in a.parts:
        part_c(a, R, work)
    print(f"{R.npass} passed, {R.nfail} failed")
    return 1 if R.nfail else 0


if __name__ == "__main__":
    sys.exit(main())
