#!/usr/bin/python3
"""crl_server.py -- serves CRL files over HTTP on 127.0.0.1, for tests.

    crl_server.py --dir CRL_DIR --state STATE --port-file FILE [--port 0]

GET /NAME answers the current bytes of CRL_DIR/NAME (read per request; application/pkix-crl), 404
when there is no such file. NAME is one path segment of letters, digits, '.', '_' and '-'; anything
else is 404 too. Listens on 127.0.0.1 only; --port 0 picks an ephemeral port. FILE receives the port
(written atomically) once the server listens. SIGTERM/SIGINT stop it (a test stops the process to
simulate a distribution point that is down: connection refused).

The behaviour is read per request from STATE/crl.mode (one word; absent = normal):
  normal    the file as it is
  http-500  HTTP 500
  garbage   HTTP 200, application/pkix-crl, a body that is neither DER nor PEM
  slow      sleeps 10 s, then answers as normal
One line per request goes to stderr.
"""

import argparse
import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import servicelib  # noqa: E402  (beside this script)



class Handler(servicelib.Handler):
    server_version = "KysoTestCRL/1"
    name = "crl_server"
    garbage_type = "application/pkix-crl"
    crl_dir = None  # set in main()

    def do_GET(self):
        if self.begin() is None:
            return None
        name = self.path.split("?", 1)[0][1:]
        if not re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9._-]*", name):
            return self.send_body(404, b"no such CRL\n")
        try:
            with open(os.path.join(self.crl_dir, name), "rb") as f:
                body = f.read()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return self.send_body(404, b"no such CRL\n")
        return self.send_body(200, body, ctype="application/pkix-crl")

    do_HEAD = do_GET

    def not_allowed(self):
        self.send_body(405, b"GET a CRL\n", headers=[("Allow", "GET, HEAD")])

    do_POST = do_PUT = do_DELETE = not_allowed


def main():
    ap = argparse.ArgumentParser(description="CRL distribution point for tests (127.0.0.1 only)")
    ap.add_argument("--dir", required=True, help="directory of the CRL files (may be empty or absent)")
    args = servicelib.parse_args(ap, Handler, "crl.mode")
    Handler.crl_dir = os.path.abspath(args.dir)
    return servicelib.serve(Handler, args, "CRLs in %s, mode file %s" % (Handler.crl_dir, Handler.mode_file))


if __name__ == "__main__":
    sys.exit(main())
