#!/usr/bin/python3
"""Benchmark peer: sign claims envelopes with python3-xmlsec (libxmlsec1 + lxml), one process.

    xmlsec_py_sign.py (--key KEY.pem --cert CERT.pem | --p12 FILE.p12 --pass PASSWORD) IN_DIR OUT_DIR

Run it with Debian's /usr/bin/python3 (python3-xmlsec, python3-lxml). Signature shape = the claims
profile: one enveloped <Signature xmlns="http://www.w3.org/2000/09/xmldsig#"> (default namespace, no
ds: prefix) appended as the child of /GIAMDINHHS/CHUKYDONVI; inclusive C14N 1.0; rsa-sha256 (ecdsa-sha256
for an EC key); one Reference URI="" with only the enveloped-signature transform; sha256 digest;
KeyInfo/X509Data/X509Certificate. xmlsec signs the template in its final place, so SignedInfo's C14N
inherits xmlns:xsi/xmlns:xsd from the root.

Output keeps the input's prolog (BOM, XML declaration) and epilog bytes; the root element is written
back by lxml. Prints one JSON line: {"peer": "xmlsec-py", "files": N, "signed": N, "errors": E, "seconds": S}.
Exit status 1 if any file failed.
"""

import argparse
import json
import os
import re
import sys
import time

import xmlsec
from lxml import etree

PROLOG = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>)?\s*")


def load_key(args):
    if args.p12:
        key = xmlsec.Key.from_file(args.p12, xmlsec.constants.KeyDataFormatPkcs12, args.password)
    else:
        key = xmlsec.Key.from_file(args.key, xmlsec.constants.KeyDataFormatPem)
        key.load_cert_from_file(args.cert, xmlsec.constants.KeyDataFormatPem)
    return key


def sign_document(data: bytes, key, sign_method) -> bytes:
    root = etree.fromstring(data)
    slot = root.find("CHUKYDONVI")
    if slot is None:
        raise ValueError("no /GIAMDINHHS/CHUKYDONVI")
    sig = xmlsec.template.create(root, xmlsec.constants.TransformInclC14N, sign_method)  # ns=None: no prefix
    slot.append(sig)
    ref = xmlsec.template.add_reference(sig, xmlsec.constants.TransformSha256, uri="")
    xmlsec.template.add_transform(ref, xmlsec.constants.TransformEnveloped)
    key_info = xmlsec.template.ensure_key_info(sig)
    x509 = xmlsec.template.add_x509_data(key_info)
    xmlsec.template.x509_data_add_certificate(x509)

    ctx = xmlsec.SignatureContext()
    ctx.key = key
    ctx.sign(sig)

    prolog = PROLOG.match(data).group(0)
    epilog = data[len(data.rstrip()):]
    return prolog + etree.tostring(root, encoding="utf-8", xml_declaration=False) + epilog


def main() -> int:
    ap = argparse.ArgumentParser(description="python3-xmlsec claims signer (benchmark peer)")
    ap.add_argument("--key")
    ap.add_argument("--cert")
    ap.add_argument("--p12")
    ap.add_argument("--pass", dest="password", default=None)
    ap.add_argument("--ecdsa", action="store_true", help="the key is EC: use ecdsa-sha256")
    ap.add_argument("in_dir")
    ap.add_argument("out_dir")
    args = ap.parse_args()
    if not args.p12 and not (args.key and args.cert):
        ap.error("give --key and --cert, or --p12 and --pass")

    start = time.monotonic()
    key = load_key(args)
    method = xmlsec.constants.TransformEcdsaSha256 if args.ecdsa else xmlsec.constants.TransformRsaSha256
    os.makedirs(args.out_dir, exist_ok=True)
    names = sorted(n for n in os.listdir(args.in_dir) if n.endswith(".xml"))
    signed = errors = 0
    for name in names:
        try:
            with open(os.path.join(args.in_dir, name), "rb") as f:
                data = f.read()
            out = sign_document(data, key, method)
            with open(os.path.join(args.out_dir, name), "wb") as f:
                f.write(out)
            signed += 1
        except Exception as e:  # report and go on, like a batch signer
            errors += 1
            print(f"xmlsec_py_sign: {name}: {e}", file=sys.stderr)
    print(json.dumps({"peer": "xmlsec-py", "files": len(names), "signed": signed, "errors": errors,
                      "seconds": round(time.monotonic() - start, 3)}))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
