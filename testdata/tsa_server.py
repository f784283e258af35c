#!/usr/bin/python3
"""tsa_server.py -- an RFC 3161 time-stamping authority on 127.0.0.1, for tests.

    tsa_server.py --pki DIR --port-file FILE [--port 0]

Tokens are made by OpenSSL's TS API (`openssl ts -reply`), signed with DIR/tsa.key.pem /
DIR/tsa.cert.pem (chain DIR/ca.cert.pem), the test PKI of testdata/make-pki.sh. Listens on 127.0.0.1
only; --port 0 picks an ephemeral port. FILE receives the port (written atomically) once the server
listens. SIGTERM/SIGINT stop the server. Each request is logged to stderr.

POST a TimeStampReq (Content-Type application/timestamp-query); the answer is a TimeStampResp
(application/timestamp-reply). The URL path selects the behaviour:

  /                 normal token: policy 1.3.6.1.4.1.99999.1.1 (or the query's reqPolicy if it is
                    1.3.6.1.4.1.99999.1.2), accuracy 1 s 500 ms 100 us, ESSCertIDv2 (SHA-256)
  /reject           status rejection (2), failInfo badAlg -- made by openssl itself, which is given
                    a configuration that does not accept the query's hash algorithm
  /wrong-imprint    valid token over a different imprint (last byte of the query's hash flipped)
  /wrong-nonce      valid token with a different nonce (last byte flipped; a nonce is added when
                    the query has none)
  /other-policy     valid token under policy 1.3.6.1.4.1.99999.1.2 (the query's reqPolicy dropped, -tspolicy)
  /noncritical-eku  token signed by DIR/tsa-noncritical.cert.pem, whose extendedKeyUsage
                    timeStamping is not critical (openssl ts -reply refuses such a signer, so the
                    TSTInfo of a normal token is re-signed by `openssl cms -sign -cades`)
  /wrong-esscertid  token signed by the normal TSA whose ESSCertIDv2 certHash does not match the
                    signer certificate (hash byte flipped, signed attributes re-signed with the
                    TSA key via `openssl dgst -sign`)
  /no-esscertid     token signed by the normal TSA without any ESS signing-certificate attribute
                    (`openssl cms -sign` without -cades)
  /short            normal token signed by DIR/tsa-short.cert.pem, which expires two years after the
                    PKI was made (archive renewal tests)
  /basic-auth       normal token, but only with `Authorization: Basic` for kyso:kyso-test (else 401)
  /slow             sleeps 10 s, then answers normally (client timeouts)
  /http-500         HTTP 500

Other paths: 404. Methods other than POST: 405. Another Content-Type: 415. A query that the fault
modes cannot parse: 400.
"""

import argparse
import base64
import itertools
import os
import random
import shutil
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import servicelib  # noqa: E402  (beside this script)

POLICY = "1.3.6.1.4.1.99999.1.1"
OTHER_POLICY = "1.3.6.1.4.1.99999.1.2"
SLOW_SECONDS = 10
BASIC_USER, BASIC_PASS = "kyso", "kyso-test"

# DER OIDs (content octets) used when rewriting.
OID_SHA256 = bytes.fromhex("608648016503040201")
OID_SHA512 = bytes.fromhex("608648016503040203")
OID_SIGNING_CERT_V2 = bytes.fromhex("2a864886f70d010910022f")  # 1.2.840.113549.1.9.16.2.47
DIGEST_NAMES = {  # digestAlgorithm OID -> openssl name (for re-signing signed attributes)
    bytes.fromhex("608648016503040201"): "sha256",
    bytes.fromhex("608648016503040202"): "sha384",
    bytes.fromhex("608648016503040203"): "sha512",
    bytes.fromhex("2b0e03021a"): "sha1",
}


# ---- minimal DER ------------------------------------------------------------------------------

class DerError(ValueError):
    pass


def der_read(data, off=0):
    """One TLV at data[off:]: (tag, content_start, end). Single-byte tags, definite lengths only."""
    if off + 2 > len(data):
        raise DerError("truncated TLV")
    tag = data[off]
    if tag & 0x1F == 0x1F:
        raise DerError("high tag numbers are not supported")
    n = data[off + 1]
    p = off + 2
    if n & 0x80:
        k = n & 0x7F
        if k == 0 or k > 4 or p + k > len(data):
            raise DerError("bad or indefinite length")
        n = int.from_bytes(data[p:p + k], "big")
        p += k
    if p + n > len(data):
        raise DerError("truncated content")
    return tag, p, p + n


def der_children(content):
    """The TLVs of a constructed value's content, as (tag, full_tlv_bytes, content_bytes)."""
    out, off = [], 0
    while off < len(content):
        tag, c, end = der_read(content, off)
        out.append((tag, content[off:end], content[c:end]))
        off = end
    return out


def der_one(data, want_tag=None):
    tag, c, end = der_read(data)
    if end != len(data):
        raise DerError("trailing data")
    if want_tag is not None and tag != want_tag:
        raise DerError("expected tag 0x%02x, got 0x%02x" % (want_tag, tag))
    return tag, data[c:end]


def der_tlv(tag, content):
    n = len(content)
    if n < 0x80:
        head = bytes([tag, n])
    else:
        ln = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([tag, 0x80 | len(ln)]) + ln
    return head + content


def der_seq(*items):
    return der_tlv(0x30, b"".join(items))


def flip_last(b):
    return b[:-1] + bytes([b[-1] ^ 0x01])


# ---- query rewriting ----------------------------------------------------------------------------
# TimeStampReq ::= SEQUENCE { version INTEGER, messageImprint MessageImprint, reqPolicy OID OPTIONAL,
#                             nonce INTEGER OPTIONAL, certReq BOOLEAN DEFAULT FALSE,
#                             extensions [0] IMPLICIT Extensions OPTIONAL }

def parse_query(q):
    _, content = der_one(q, 0x30)
    fields = der_children(content)
    if len(fields) < 2 or fields[0][0] != 0x02 or fields[1][0] != 0x30:
        raise DerError("not a TimeStampReq")
    return fields


def query_hash_oid(q):
    imprint = der_children(parse_query(q)[1][2])  # AlgorithmIdentifier, OCTET STRING
    alg = der_children(imprint[0][2])
    return alg[0][2]


def query_cert_req(q):
    for tag, _, content in parse_query(q)[2:]:
        if tag == 0x01:
            return content != b"\x00"
    return False


def rewrite_query(q, mode):
    fields = parse_query(q)
    out = [fields[0][1]]
    if mode == "wrong-imprint":
        alg, digest = der_children(fields[1][2])
        if digest[0] != 0x04 or not digest[2]:
            raise DerError("bad messageImprint")
        out.append(der_seq(alg[1], der_tlv(0x04, flip_last(digest[2]))))
    else:
        out.append(fields[1][1])
    rest = fields[2:]
    if mode == "wrong-nonce":
        if any(t == 0x02 for t, _, _ in rest):
            rest = [(t, der_tlv(0x02, flip_last(c)) if t == 0x02 else raw, c) for t, raw, c in rest]
        else:  # no nonce asked for: the token carries one anyway
            nonce = der_tlv(0x02, bytes([0x11]) + os.urandom(7))
            pos = 1 if rest and rest[0][0] == 0x06 else 0
            rest = rest[:pos] + [(0x02, nonce, b"")] + rest[pos:]
    if mode == "other-policy":
        rest = [f for f in rest if f[0] != 0x06]  # drop reqPolicy; -policy OTHER_POLICY applies
    out.extend(raw for _, raw, _ in rest)
    return der_seq(*out)


# ---- token surgery ------------------------------------------------------------------------------
# TimeStampResp ::= SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo OPTIONAL }
# ContentInfo ::= SEQUENCE { contentType OID, [0] EXPLICIT SignedData }
# SignedData ::= SEQUENCE { version, digestAlgorithms SET, encapContentInfo SEQUENCE { eContentType,
#                [0] EXPLICIT OCTET STRING }, [0] IMPLICIT certificates OPTIONAL,
#                [1] IMPLICIT crls OPTIONAL, signerInfos SET }
# SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, [0] IMPLICIT signedAttrs,
#                signatureAlgorithm, signature OCTET STRING, [1] unsignedAttrs OPTIONAL }

def resp_parts(resp):
    """(status_int, token_bytes_or_None) of a TimeStampResp."""
    _, content = der_one(resp, 0x30)
    parts = der_children(content)
    status_fields = der_children(parts[0][2])
    status = int.from_bytes(status_fields[0][2], "big")
    return status, (parts[1][1] if len(parts) > 1 else None)


def granted_resp(token):
    # status PKIStatusInfo ::= SEQUENCE { status INTEGER granted(0) }
    return der_seq(der_seq(der_tlv(0x02, b"\x00")), token)


def token_signed_data(token):
    _, ci = der_one(token, 0x30)
    ci_fields = der_children(ci)
    _, sd = der_one(ci_fields[1][2], 0x30)
    return ci_fields, der_children(sd)


def token_tstinfo(token):
    _, sd = token_signed_data(token)
    encap = der_children(sd[2][2])
    _, octets = der_one(encap[1][2], 0x04)
    return octets


def corrupt_esscertid(token, key, workdir):
    """Flips a byte of the ESSCertIDv2 certHash in the (single) SignerInfo and re-signs the signed
    attributes with KEY, so the signature is valid but the ESS binding names another certificate."""
    ci_fields, sd = token_signed_data(token)
    si_set_index = len(sd) - 1
    signer_infos = der_children(sd[si_set_index][2])
    si = der_children(signer_infos[0][2])
    attrs_index = next(i for i, f in enumerate(si) if f[0] == 0xA0)
    digest_alg = der_children(si[2][2])[0][2]
    new_attrs, found = [], False
    for _, raw, content in der_children(si[attrs_index][2]):
        attr = der_children(content)  # OID, SET OF value
        if attr[0][2] == OID_SIGNING_CERT_V2:
            (_, value_raw, value) = der_children(attr[1][2])[0]  # SigningCertificateV2
            certs = der_children(der_children(value)[0][2])  # SEQUENCE OF ESSCertIDv2
            first = der_children(certs[0][2])
            hi = next(i for i, f in enumerate(first) if f[0] == 0x04)  # certHash
            first[hi] = (0x04, der_tlv(0x04, flip_last(first[hi][2])), None)
            certs[0] = (0x30, der_seq(*(f[1] for f in first)), None)
            scv2_fields = der_children(value)
            scv2_fields[0] = (0x30, der_seq(*(c[1] for c in certs)), None)
            value_raw = der_seq(*(f[1] for f in scv2_fields))
            raw = der_seq(attr[0][1], der_tlv(0x31, value_raw))
            found = True
        new_attrs.append(raw)
    if not found:
        raise DerError("token has no signingCertificateV2 attribute")
    attrs_content = b"".join(new_attrs)  # order kept: still DER-sorted (lengths unchanged)
    to_sign = os.path.join(workdir, "signed-attrs.der")
    with open(to_sign, "wb") as f:
        f.write(der_tlv(0x31, attrs_content))
    md = DIGEST_NAMES.get(digest_alg)
    if md is None:
        raise DerError("unknown SignerInfo digest algorithm")
    sig = servicelib.run_openssl(["dgst", "-" + md, "-sign", key, "-binary", to_sign])
    si[attrs_index] = (0xA0, der_tlv(0xA0, attrs_content), None)
    sig_index = attrs_index + 2
    si[sig_index] = (0x04, der_tlv(0x04, sig), None)
    signer_infos[0] = (0x30, der_seq(*(f[1] for f in si)), None)
    sd[si_set_index] = (0x31, der_tlv(0x31, b"".join(s[1] for s in signer_infos)), None)
    signed_data = der_seq(*(f[1] for f in sd))
    return der_seq(ci_fields[0][1], der_tlv(0xA0, signed_data))


# ---- openssl ------------------------------------------------------------------------------------

TS_CONFIG = """\
# generated by testdata/tsa_server.py
[ tsa ]
default_tsa = tsa_config

[ tsa_config ]
serial                 = {serial}
crypto_device          = builtin
signer_digest          = sha256
default_policy         = {policy}
other_policies         = {other_policy}
digests                = {digests}
accuracy               = secs:1, millisecs:500, microsecs:100
clock_precision_digits = 0
ordering               = no
tsa_name               = no
ess_cert_id_chain      = no
ess_cert_id_alg        = sha256
"""

_serials = itertools.count(random.SystemRandom().randrange(1 << 32, 1 << 48))
_serial_lock = threading.Lock()


def next_serial():
    with _serial_lock:
        return next(_serials)


class Tsa:
    def __init__(self, pki):
        self.pki = os.path.abspath(pki)
        for f in ("tsa.key.pem", "tsa.cert.pem", "ca.cert.pem"):
            if not os.path.isfile(self.file(f)):
                raise SystemExit("tsa_server.py: %s is missing (run testdata/make-pki.sh)" % self.file(f))

    def file(self, name):
        return os.path.join(self.pki, name)

    def reply(self, query, workdir, digests="sha256, sha384, sha512, sha1", policy=None, signer="tsa"):
        """`openssl ts -reply` for QUERY; returns the DER TimeStampResp."""
        qf, rf = os.path.join(workdir, "query.tsq"), os.path.join(workdir, "reply.tsr")
        cf, sf = os.path.join(workdir, "ts.cnf"), os.path.join(workdir, "serial")
        with open(qf, "wb") as f:
            f.write(query)
        with open(sf, "w") as f:
            # openssl reads the serial with a2i_ASN1_INTEGER, which wants an even number of hex digits.
            digits = "%X" % next_serial()
            f.write(("0" + digits if len(digits) % 2 else digits) + "\n")
        with open(cf, "w") as f:
            f.write(TS_CONFIG.format(serial=sf, policy=POLICY, other_policy=OTHER_POLICY,
                                     digests=digests))
        args = ["ts", "-reply", "-config", cf, "-queryfile", qf, "-inkey", self.file(signer + ".key.pem"),
                "-signer", self.file(signer + ".cert.pem"), "-chain", self.file("ca.cert.pem"), "-out", rf]
        if policy:
            args += ["-tspolicy", policy]
        servicelib.run_openssl(args)
        with open(rf, "rb") as f:
            return f.read()

    def cms_resign(self, query, resp, workdir, signer, cades):
        """Re-signs the TSTInfo of a granted RESP with SIGNER (via openssl cms -sign)."""
        status, token = resp_parts(resp)
        if status not in (0, 1) or token is None:
            return resp
        tf, of = os.path.join(workdir, "tstinfo.der"), os.path.join(workdir, "token.der")
        with open(tf, "wb") as f:
            f.write(token_tstinfo(token))
        args = ["cms", "-sign", "-binary", "-nodetach", "-in", tf,
                "-econtent_type", "id-smime-ct-TSTInfo", "-signer", self.file(signer + ".cert.pem"),
                "-inkey", self.file(signer + ".key.pem"), "-md", "sha256", "-nosmimecap",
                "-outform", "DER", "-out", of]
        if cades:
            args.append("-cades")
        if query_cert_req(query):
            args += ["-certfile", self.file("ca.cert.pem")]
        else:
            args.append("-nocerts")
        servicelib.run_openssl(args)
        with open(of, "rb") as f:
            return granted_resp(f.read())

    def respond(self, mode, query):
        with tempfile.TemporaryDirectory(prefix="kyso-tsa-") as wd:
            if mode == "reject":
                # A configuration accepting only a digest the query does not use: openssl answers
                # rejection / badAlg ("Message digest algorithm is not supported.").
                other = "sha512" if query_hash_oid(query) != OID_SHA512 else "sha256"
                return self.reply(query, wd, digests=other)
            if mode in ("wrong-imprint", "wrong-nonce"):
                return self.reply(rewrite_query(query, mode), wd)
            if mode == "other-policy":
                return self.reply(rewrite_query(query, mode), wd, policy=OTHER_POLICY)
            if mode == "short":
                if not os.path.isfile(self.file("tsa-short.cert.pem")):
                    raise RuntimeError("%s is missing: the test PKI predates it; delete the PKI "
                                       "directory so testdata/make-pki.sh rebuilds it"
                                       % self.file("tsa-short.cert.pem"))
                return self.reply(query, wd, signer="tsa-short")
            resp = self.reply(query, wd)
            if mode == "noncritical-eku":
                if not os.path.isfile(self.file("tsa-noncritical.cert.pem")):
                    raise RuntimeError("%s is missing: the test PKI predates it; delete the PKI "
                                       "directory so testdata/make-pki.sh rebuilds it"
                                       % self.file("tsa-noncritical.cert.pem"))
                return self.cms_resign(query, resp, wd, "tsa-noncritical", cades=True)
            if mode == "no-esscertid":
                return self.cms_resign(query, resp, wd, "tsa", cades=False)
            if mode == "wrong-esscertid":
                status, token = resp_parts(resp)
                if status not in (0, 1) or token is None:
                    return resp
                return granted_resp(corrupt_esscertid(token, self.file("tsa.key.pem"), wd))
            return resp


MODES = {"", "reject", "wrong-imprint", "wrong-nonce", "other-policy", "noncritical-eku", "short",
         "wrong-esscertid", "no-esscertid", "basic-auth", "slow", "http-500"}


class Handler(servicelib.Handler):
    server_version = "KysoTestTSA/1"
    name = "tsa_server"
    tsa = None  # set in main()

    def not_post(self):
        self.send_body(405, b"POST a TimeStampReq\n", headers=[("Allow", "POST")])

    do_GET = do_HEAD = do_PUT = do_DELETE = not_post

    def do_POST(self):
        mode = self.path.split("?", 1)[0].strip("/")
        query = self.read_body()
        if mode not in MODES:
            return self.send_body(404, b"unknown mode\n")
        if mode == "http-500":
            return self.send_body(500, b"fault mode http-500\n")
        if mode == "basic-auth":
            want = "Basic " + base64.b64encode(("%s:%s" % (BASIC_USER, BASIC_PASS)).encode()).decode()
            if self.headers.get("Authorization", "").strip() != want:
                return self.send_body(401, b"credentials required\n",
                                      headers=[("WWW-Authenticate", 'Basic realm="kyso-test-tsa"')])
        if self.content_type() != "application/timestamp-query":
            return self.send_body(415, b"Content-Type must be application/timestamp-query\n")
        if mode == "slow":
            time.sleep(SLOW_SECONDS)
        try:
            resp = self.tsa.respond(mode, query)
        except DerError as e:
            self.log_message("bad query: %s", e)
            return self.send_body(400, b"bad TimeStampReq\n")
        except Exception as e:  # pylint: disable=broad-except
            self.log_message("error: %s", e)
            return self.send_body(500, ("TSA error: %s\n" % e).encode())
        self.send_body(200, resp, ctype="application/timestamp-reply")


def main():
    ap = argparse.ArgumentParser(description="RFC 3161 TSA for tests (127.0.0.1 only)")
    ap.add_argument("--pki", required=True, help="test PKI directory (testdata/make-pki.sh)")
    servicelib.add_arguments(ap)
    args = ap.parse_args()

    if shutil.which(servicelib.OPENSSL) is None:
        sys.exit("tsa_server.py: %s not found" % servicelib.OPENSSL)
    Handler.tsa = Tsa(args.pki)
    return servicelib.serve(Handler, args, "pki %s" % args.pki)


if __name__ == "__main__":
    sys.exit(main())
