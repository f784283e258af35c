#!/usr/bin/env python3
"""Prepare xmlsec1 CLI inputs: each claims envelope with an empty claims-profile Signature template
spliced into /GIAMDINHHS/CHUKYDONVI (empty DigestValue/SignatureValue/X509Certificate for
`xmlsec1 --sign` to fill). Not timed by bench/run.sh. Standard library only.

    make_templates.py IN_DIR OUT_DIR [--ecdsa]

The bytes around the template are copied unchanged; `<CHUKYDONVI/>` becomes
`<CHUKYDONVI>TEMPLATE</CHUKYDONVI>`.
"""

import argparse
import os
import sys

TEMPLATE = (
    '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>'
    '<CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/>'
    '<SignatureMethod Algorithm="{sign}"/>'
    '<Reference URI=""><Transforms>'
    '<Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/></Transforms>'
    '<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue></DigestValue>'
    '</Reference></SignedInfo><SignatureValue></SignatureValue>'
    '<KeyInfo><X509Data><X509Certificate></X509Certificate></X509Data></KeyInfo></Signature>'
)
RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
ECDSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"


def splice(data: bytes, template: bytes) -> bytes:
    empty = data.rfind(b"<CHUKYDONVI/>")
    close = data.rfind(b"</CHUKYDONVI>")
    if close >= 0 and close > empty:
        return data[:close] + template + data[close:]
    if empty >= 0:
        return data[:empty] + b"<CHUKYDONVI>" + template + b"</CHUKYDONVI>" + data[empty + 13:]
    raise ValueError("no CHUKYDONVI element")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("in_dir")
    ap.add_argument("out_dir")
    ap.add_argument("--ecdsa", action="store_true")
    a = ap.parse_args()
    template = TEMPLATE.format(sign=ECDSA_SHA256 if a.ecdsa else RSA_SHA256).encode("ascii")
    os.makedirs(a.out_dir, exist_ok=True)
    for name in sorted(os.listdir(a.in_dir)):
        if not name.endswith(".xml"):
            continue
        with open(os.path.join(a.in_dir, name), "rb") as f:
            data = f.read()
        with open(os.path.join(a.out_dir, name), "wb") as f:
            f.write(splice(data, template))
    return 0


if __name__ == "__main__":
    sys.exit(main())
