#!/usr/bin/python3
"""ocsp_server.py -- an RFC 6960 OCSP responder on 127.0.0.1, for tests.

    ocsp_server.py --pki DIR --state STATE --port-file FILE [--port 0]

Every request is answered by OpenSSL's own responder code, one process per request:
`openssl ocsp -index DIR/db/issuing/index.txt -CA DIR/ca.cert.pem -rsigner R -rkey K -reqin REQ
-respout RESP -ndays 1`, so changes to the PKI (testdata/revocation_pki.py: issued and revoked
certificates) count from the next request on. Listens on 127.0.0.1 only; --port 0 picks an ephemeral
port. FILE receives the port (written atomically) once the server listens. SIGTERM/SIGINT stop it.

Requests (RFC 6960 A.1): POST /ocsp with Content-Type application/ocsp-request, or
GET /ocsp/{url-encoded base64 of the DER OCSPRequest}. Answers are application/ocsp-response.
Other paths: 404. Other methods: 405. A POST with another Content-Type: 415. A request that does not
parse: an OCSPResponse with responseStatus malformedRequest (1).

The behaviour is read per request from STATE/ocsp.mode (one word; absent = normal), so a test can
change it while the certificates' AIA URL stays the same:
  normal        signed by the delegated responder DIR/ocsp.cert.pem (extendedKeyUsage OCSPSigning,
                id-pkix-ocsp-nocheck), nonce echoed, nextUpdate = thisUpdate + 1 day
  ca-signed     signed by the issuing CA's key itself (DIR/ca.{cert,key}.pem)
  unauthorized  signed by DIR/ocsp-unauthorized.cert.pem: issued by the same CA, no OCSPSigning
  unknown       status unknown for every certificate (openssl is given an empty index)
  try-later     OCSPResponse with responseStatus tryLater (3) and no responseBytes
  wrong-nonce   valid signed response whose nonce is not the request's: the request's nonce is
                changed (last byte flipped; a random 32-byte nonce is added when it has none)
                before openssl sees it
  no-nonce      valid signed response without a nonce (the request's nonce is removed first)
  stale         nextUpdate = thisUpdate + 1 minute (-nmin 1)
  http-500      HTTP 500
  garbage       HTTP 200, application/ocsp-response, a body that is not DER
  slow          sleeps 10 s, then answers as normal
Signed responses carry the signer's certificate only (openssl's default).

One line per request goes to stderr: the mode, the serial numbers asked about, the response status
and the certificate statuses given.
"""

import argparse
import base64
import binascii
import os
import sys
import tempfile
import time
import urllib.parse

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import servicelib  # noqa: E402  (beside this script)

from asn1crypto import ocsp  # noqa: E402  (Debian python3-asn1crypto)

MODES = {"normal", "ca-signed", "unauthorized", "unknown", "try-later", "wrong-nonce", "no-nonce",
         "stale", "http-500", "garbage", "slow"}
# OCSPResponse ::= SEQUENCE { responseStatus ENUMERATED, responseBytes [0] EXPLICIT OPTIONAL }
TRY_LATER = bytes.fromhex("30030a0103")
MALFORMED_REQUEST = bytes.fromhex("30030a0101")
SIGNERS = {"ca-signed": "ca", "unauthorized": "ocsp-unauthorized"}  # the rest: "ocsp"


def serials(req):
    return ["%X" % r["req_cert"]["serial_number"].native for r in req["tbs_request"]["request_list"]]


def rewrite_nonce(req, mode):
    """REQ (parsed) with its nonce changed (wrong-nonce) or removed (no-nonce), as DER."""
    tbs = req["tbs_request"]
    exts = list(tbs["request_extensions"]) if tbs["request_extensions"].native else []
    old = [e for e in exts if e["extn_id"].native == "nonce"]
    exts = [e for e in exts if e["extn_id"].native != "nonce"]
    if mode == "wrong-nonce":
        nonce = old[0]["extn_value"].parsed.native if old else b""
        nonce = nonce[:-1] + bytes([nonce[-1] ^ 0x01]) if nonce else os.urandom(32)
        exts.append(ocsp.TBSRequestExtension({"extn_id": "nonce", "critical": False,
                                              "extn_value": nonce}))
    tbs["request_extensions"] = exts or None
    return req.dump(force=True)


def describe(resp):
    """"successful [good, revoked]" for a DER OCSPResponse."""
    try:
        parsed = ocsp.OCSPResponse.load(resp)
        status = parsed["response_status"].native
        if status != "successful":
            return status
        data = parsed["response_bytes"]["response"].parsed["tbs_response_data"]
        return "%s [%s]" % (status, ", ".join(
            "%X %s" % (r["cert_id"]["serial_number"].native, r["cert_status"].name)
            for r in data["responses"]))
    except (ValueError, TypeError, KeyError) as e:
        return "unparsable response (%s)" % e


class Responder:
    def __init__(self, pki):
        self.pki = os.path.abspath(pki)

    def file(self, *parts):
        return os.path.join(self.pki, *parts)

    def respond(self, mode, der):
        """(DER OCSPResponse, log text) for the request DER in MODE (one of the signed modes)."""
        if not os.path.isfile(self.file(".complete")):
            raise RuntimeError("the PKI at %s is not ready (no .complete)" % self.pki)
        try:
            req = ocsp.OCSPRequest.load(der)
            asked = serials(req)
            if mode in ("wrong-nonce", "no-nonce"):
                der = rewrite_nonce(req, mode)
        except (ValueError, TypeError, KeyError) as e:
            return MALFORMED_REQUEST, "malformed request (%s)" % e
        signer = SIGNERS.get(mode, "ocsp")
        with tempfile.TemporaryDirectory(prefix="kyso-ocsp-") as wd:
            reqf, respf = os.path.join(wd, "req.der"), os.path.join(wd, "resp.der")
            with open(reqf, "wb") as f:
                f.write(der)
            index = self.file("db", "issuing", "index.txt")
            if mode == "unknown":
                index = os.path.join(wd, "index.txt")
                open(index, "wb").close()
            args = (["ocsp", "-index", index, "-CA", self.file("ca.cert.pem"),
                     "-rsigner", self.file(signer + ".cert.pem"), "-rkey", self.file(signer + ".key.pem"),
                     "-reqin", reqf, "-respout", respf] +
                    (["-nmin", "1"] if mode == "stale" else ["-ndays", "1"]))
            try:
                servicelib.run_openssl(args)
            except RuntimeError:
                # `openssl ca` (issuing a leaf) renames index.txt away for a moment before it puts
                # the new one in place: one more try a little later.
                time.sleep(0.2)
                servicelib.run_openssl(args)
            with open(respf, "rb") as f:
                resp = f.read()
        return resp, "serials [%s] -> %s" % (", ".join(asked), describe(resp))


class Handler(servicelib.Handler):
    server_version = "KysoTestOCSP/1"
    name = "ocsp_server"
    modes = MODES
    garbage_type = "application/ocsp-response"
    responder = None  # set in main()

    def answer(self, der):
        mode = self.begin()
        if mode is None:
            return None
        if mode == "try-later":
            self.note += " -> tryLater"
            return self.send_body(200, TRY_LATER, ctype="application/ocsp-response")
        try:
            resp, text = self.responder.respond(mode, der)
        except Exception as e:  # pylint: disable=broad-except
            self.note += " error: %s" % e
            return self.send_body(500, ("OCSP responder error: %s\n" % e).encode())
        self.note += " " + text
        return self.send_body(200, resp, ctype="application/ocsp-response")

    def do_POST(self):
        body = self.read_body()
        if self.path.split("?", 1)[0].rstrip("/") != "/ocsp":
            return self.send_body(404, b"POST to /ocsp\n")
        if self.content_type() != "application/ocsp-request":
            return self.send_body(415, b"Content-Type must be application/ocsp-request\n")
        return self.answer(body)

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if not path.startswith("/ocsp/") or len(path) == len("/ocsp/"):
            return self.send_body(404, b"GET /ocsp/{url-encoded base64 OCSPRequest}\n")
        try:
            der = base64.b64decode(urllib.parse.unquote(path[len("/ocsp/"):]), validate=True)
        except (binascii.Error, ValueError):
            self.note = "bad base64 -> malformedRequest"
            return self.send_body(200, MALFORMED_REQUEST, ctype="application/ocsp-response")
        return self.answer(der)

    def not_allowed(self):
        self.send_body(405, b"GET or POST an OCSPRequest\n", headers=[("Allow", "GET, POST")])

    do_HEAD = do_PUT = do_DELETE = not_allowed


def main():
    ap = argparse.ArgumentParser(description="OCSP responder for tests (127.0.0.1 only)")
    ap.add_argument("--pki", required=True, help="revocation test PKI (testdata/revocation_pki.py)")
    args = servicelib.parse_args(ap, Handler, "ocsp.mode")
    Handler.responder = Responder(args.pki)
    return servicelib.serve(Handler, args, "pki %s, mode file %s" % (args.pki, Handler.mode_file))


if __name__ == "__main__":
    sys.exit(main())
