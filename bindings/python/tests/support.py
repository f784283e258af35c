"""What the kyso Python tests share: the test PKI, a private SoftHSM token, temporary directories.

Run by ctest (bindings/python/CMakeLists.txt), which sets KYSO_LIBRARY, KYSO_TEST_SOURCE_DIR,
KYSO_TEST_PKI_DIR and KYSO_CLI. Anything missing is an error, never a skipped test.
"""
from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import time
import unittest
from pathlib import Path
from typing import Optional


def _required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set (the tests are run by ctest, which sets it)")
    return value


SOURCE = Path(_required("KYSO_TEST_SOURCE_DIR"))
PKI = Path(_required("KYSO_TEST_PKI_DIR"))
CLI = _required("KYSO_CLI")
SAMPLE_XML = SOURCE / "testdata/samples/claims-4750-sample.xml"
SAMPLE_PDF = SOURCE / "testdata/samples/record-sample.pdf"
P12_PASS = "pass:kyso-test"
PIN = "123456"
SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"

subprocess.run(["bash", str(SOURCE / "testdata/make-pki.sh"), str(PKI)], check=True, stdout=subprocess.DEVNULL)
_token_dir = tempfile.mkdtemp(prefix="kyso-python-token-")
atexit.register(shutil.rmtree, _token_dir, True)
subprocess.run(["bash", str(SOURCE / "testdata/make-token.sh"), str(PKI), _token_dir + "/t"], check=True,
               stdout=subprocess.DEVNULL)
os.environ["SOFTHSM2_CONF"] = _token_dir + "/t/softhsm2.conf"

import kyso  # noqa: E402  (after SOFTHSM2_CONF: SoftHSM reads it when the module is loaded)


def p12(name: str = "hospital-rsa") -> str:
    return f"p12:{PKI / name}.p12"


def token_uri(obj: str = "hospital-rsa", extra: str = "") -> str:
    return f"pkcs11:token=benhvien;object={obj}?module-path={SOFTHSM}{extra}"


_tsa: Optional[str] = None


def tsa_url() -> str:
    """Starts testdata/tsa_server.py (an RFC 3161 TSA on 127.0.0.1 signing with the test PKI's TSA key) once
    per process and returns its URL "http://127.0.0.1:PORT/"; stopped at exit. Raises when it cannot start:
    a test that needs it fails, never skips."""
    global _tsa
    if _tsa is not None:
        return _tsa
    work = tempfile.mkdtemp(prefix="kyso-python-tsa-")
    atexit.register(shutil.rmtree, work, True)
    port_file = Path(work) / "port"
    log = open(Path(work) / "tsa_server.log", "wb")
    server = subprocess.Popen(["/usr/bin/python3", str(SOURCE / "testdata/tsa_server.py"), "--pki", str(PKI),
                               "--port-file", str(port_file), "--port", "0"],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log)
    log.close()

    def stop() -> None:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    atexit.register(stop)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        text = port_file.read_text() if port_file.exists() else ""  # written atomically once it listens
        if text.strip().isdigit() and int(text) > 0:
            _tsa = f"http://127.0.0.1:{int(text)}/"
            return _tsa
        if server.poll() is not None:
            break
        time.sleep(0.02)
    stop()
    raise RuntimeError("testdata/tsa_server.py did not start: " +
                       (Path(work) / "tsa_server.log").read_text(errors="replace"))


def trusting_context(**options) -> "kyso.VerifyContext":
    return kyso.VerifyContext(trust=[PKI / "root.cert.pem"], untrusted=[PKI / "ca.cert.pem"], offline=True,
                              **options)


class TempDirTest(unittest.TestCase):
    """A test with a fresh directory self.dir, removed afterwards."""

    def setUp(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="kyso-python-"))
        self.addCleanup(shutil.rmtree, self.dir, True)
