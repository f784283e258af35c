"""servicelib.py -- what the test HTTP servers of testdata/ share (tsa_server.py, ocsp_server.py,
crl_server.py): a threading HTTP server bound to 127.0.0.1 only, the port file protocol of
tests/support/services.cpp, one stderr log line per request, mode files, and clean stops on
SIGTERM/SIGINT, and running the openssl CLI.

The port file is written atomically (a rename) once the server listens, so the parent that waits for
it can connect at once. A mode file holds one word, read per request; when it is absent (or empty)
the mode is "normal". Handler.begin() serves the fault modes every such server shares: http-500,
garbage and slow.
"""

import http.server
import os
import signal
import subprocess
import sys
import time

OPENSSL = os.environ.get("OPENSSL", "openssl")
SLOW_SECONDS = 10


def run_openssl(args, stdin=None):
    """Runs `openssl ARGS...`; its stdout, or RuntimeError with its stderr when it fails."""
    p = subprocess.run([OPENSSL] + args, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=60, check=False)
    if p.returncode != 0:
        raise RuntimeError("openssl %s failed (%d): %s" %
                           (args[0], p.returncode, p.stderr.decode(errors="replace").strip()))
    return p.stdout


class Handler(http.server.BaseHTTPRequestHandler):
    """Base request handler: HTTP/1.1, logging to stderr with the time and the server's name."""

    protocol_version = "HTTP/1.1"
    name = "server"  # overridden by each server: the prefix of its log lines
    note = ""  # what a handler adds to the request's log line ("mode=... -> ...")
    # Servers with a mode file (parse_args): its path, the words allowed in it, and the Content-Type
    # of the answer in mode "garbage".
    mode_file = None
    modes = {"normal", "http-500", "garbage", "slow"}
    garbage_type = "application/octet-stream"

    def begin(self):
        """Reads the mode for this request and notes it in the log line. Answers the modes every
        server shares itself -- http-500 (HTTP 500), garbage (HTTP 200, a body that is not DER) --
        and sleeps SLOW_SECONDS in mode slow. Returns the mode, or None once the request is answered
        (also with HTTP 500 when the mode file holds an unknown word)."""
        try:
            mode = read_mode(self.mode_file, self.modes)
        except ValueError as e:
            self.note = "error: %s" % e
            self.send_body(500, ("%s\n" % e).encode())
            return None
        self.note = "mode=" + mode
        if mode == "http-500":
            self.send_body(500, b"fault mode http-500\n")
            return None
        if mode == "garbage":
            self.send_body(200, ("<html><body>%s, mode garbage: this is not DER</body></html>\n" %
                                 self.name).encode(), ctype=self.garbage_type)
            return None
        if mode == "slow":
            time.sleep(SLOW_SECONDS)
        return mode

    def log_request(self, code="-", size="-"):  # one line per request: the request, status, note
        self.log_message('"%s" %s %s%s', self.requestline, getattr(code, "value", code), size,
                         " " + self.note if self.note else "")

    def log_message(self, fmt, *args):  # to stderr, with the time
        sys.stderr.write("%s %s: %s %s\n" % (time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                             self.name, self.address_string(), fmt % args))
        sys.stderr.flush()

    def send_body(self, code, body=b"", ctype="text/plain; charset=utf-8", headers=()):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        try:
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.log_message("client went away before the answer (%d) was sent", code)
            self.close_connection = True

    def parse_request(self):  # each request of a kept-alive connection starts without a note
        self.note = ""
        return super().parse_request()

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def content_type(self):
        return (self.headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def read_mode(path, modes):
    """The word in PATH ("normal" when the file is absent or empty); ValueError if not in MODES."""
    try:
        with open(path, encoding="utf-8") as f:
            mode = f.read().strip() or "normal"
    except FileNotFoundError:
        mode = "normal"
    if mode not in modes:
        raise ValueError("unknown mode %r in %s" % (mode, path))
    return mode


def add_arguments(ap):
    """--port-file and --port, as tests/support/services.cpp passes them."""
    ap.add_argument("--port-file", required=True, help="written with the port once listening")
    ap.add_argument("--port", type=int, default=0, help="0 = ephemeral (default)")


def parse_args(ap, handler, mode_file):
    """Adds --state (the directory of MODE_FILE), --port-file and --port to AP, parses the command
    line and points HANDLER at STATE/MODE_FILE."""
    ap.add_argument("--state", required=True, help="directory of the mode file " + mode_file)
    add_arguments(ap)
    args = ap.parse_args()
    handler.mode_file = os.path.join(os.path.abspath(args.state), mode_file)
    return args


def serve(handler, args, what):
    """Serves HANDLER on 127.0.0.1:args.port until SIGTERM/SIGINT; writes args.port_file once
    listening. WHAT describes the server in its first log line. Returns the exit status."""
    httpd = Server(("127.0.0.1", args.port), handler)

    def stop(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    port = httpd.server_address[1]
    tmp = args.port_file + ".tmp.%d" % os.getpid()
    with open(tmp, "w", encoding="ascii") as f:
        f.write("%d\n" % port)
    os.replace(tmp, args.port_file)
    sys.stderr.write("%s: listening on http://127.0.0.1:%d/ (%s)\n" % (handler.name, port, what))
    sys.stderr.flush()
    try:
        httpd.serve_forever()
    except SystemExit:
        pass
    finally:
        httpd.server_close()
    return 0
