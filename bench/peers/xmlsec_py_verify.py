#!/usr/bin/python3
"""Benchmark peer: verify signed claims envelopes with python3-xmlsec, one process.

    xmlsec_py_verify.py --trusted ROOT.pem [--untrusted CA.pem ...] DIR

Run it with Debian's /usr/bin/python3. One keys manager holds the trust anchor (trusted) and the
intermediates (untrusted); for every *.xml in DIR the single Signature at /GIAMDINHHS/CHUKYDONVI is
verified with the key of the X509Certificate in its KeyInfo, which xmlsec chains to the anchor.
It also checks the profile shape a claims verifier must insist on (exactly one Reference, URI="").
Prints one JSON line: {"peer": "xmlsec-py", "files": N, "valid": V, "invalid": I, "seconds": S}.
Exit status 1 if any file did not verify.
"""

import argparse
import json
import os
import sys
import time

import xmlsec
from lxml import etree

DSIG = "{http://www.w3.org/2000/09/xmldsig#}"


def make_manager(trusted, untrusted):
    mgr = xmlsec.KeysManager()
    for path in trusted:
        mgr.load_cert(path, xmlsec.constants.KeyDataFormatPem, xmlsec.constants.KeyDataTypeTrusted)
    for path in untrusted:
        mgr.load_cert(path, xmlsec.constants.KeyDataFormatPem, xmlsec.constants.KeyDataTypeNone)
    return mgr


def verify_document(data: bytes, mgr) -> None:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(data, parser)
    sigs = root.findall(f"CHUKYDONVI/{DSIG}Signature")
    if len(sigs) != 1 or len(list(root.iter(f"{DSIG}Signature"))) != 1:
        raise ValueError("expected exactly one Signature in /GIAMDINHHS/CHUKYDONVI")
    refs = sigs[0].findall(f"{DSIG}SignedInfo/{DSIG}Reference")
    if len(refs) != 1 or refs[0].get("URI") != "":
        raise ValueError('expected exactly one Reference with URI=""')
    ctx = xmlsec.SignatureContext(mgr)
    ctx.verify(sigs[0])  # raises xmlsec.VerificationError


def main() -> int:
    ap = argparse.ArgumentParser(description="python3-xmlsec claims verifier (benchmark peer)")
    ap.add_argument("--trusted", action="append", required=True)
    ap.add_argument("--untrusted", action="append", default=[])
    ap.add_argument("dir")
    args = ap.parse_args()

    start = time.monotonic()
    mgr = make_manager(args.trusted, args.untrusted)
    names = sorted(n for n in os.listdir(args.dir) if n.endswith(".xml"))
    valid = invalid = 0
    for name in names:
        try:
            with open(os.path.join(args.dir, name), "rb") as f:
                verify_document(f.read(), mgr)
            valid += 1
        except Exception as e:
            invalid += 1
            print(f"xmlsec_py_verify: {name}: {e or type(e).__name__}", file=sys.stderr)
    print(json.dumps({"peer": "xmlsec-py", "files": len(names), "valid": valid, "invalid": invalid,
                      "seconds": round(time.monotonic() - start, 3)}))
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
