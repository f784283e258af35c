"""Status codes become exceptions of the right family, with the code's name and kyso_last_error."""
import unittest

from support import P12_PASS, PIN, SAMPLE_XML, TempDirTest, kyso, p12, token_uri


class ErrorMappingTest(TempDirTest):
    def test_wrong_pin_is_pin_incorrect(self):
        with self.assertRaises(kyso.PinIncorrectError) as caught:
            kyso.Signer.open(token_uri(), pin="000000")
        e = caught.exception
        self.assertIsInstance(e, kyso.PinError)
        self.assertIsInstance(e, kyso.KysoError)
        self.assertEqual((-13, "pin_incorrect"), (e.code, e.name))
        self.assertTrue(e.message)
        self.assertNotIn("000000", e.message)
        self.assertIn("pin_incorrect", str(e))

    def test_wrong_pkcs12_passphrase(self):
        with self.assertRaises(kyso.PinIncorrectError):
            kyso.Signer.open(p12(), "pass:wrong")

    def test_no_pin_and_a_cancelling_callback(self):
        with self.assertRaises(kyso.PinRequiredError):
            kyso.Signer.open(token_uri())
        with self.assertRaises(kyso.CancelledError):
            kyso.Signer.open(token_uri(), pin=lambda kind, label: None)

    def test_an_exception_in_the_pin_callback_is_raised_as_itself(self):
        def pin(kind, label):
            raise LookupError("vault unavailable")

        with self.assertRaises(LookupError):
            kyso.Signer.open(token_uri(), pin=pin)

    def test_use_after_close_is_invalid_handle(self):
        signer = kyso.Signer.open(p12(), P12_PASS)
        signer.close()
        self.assertTrue(signer.closed)
        signer.close()  # twice: a no-op
        with self.assertRaises(kyso.InvalidHandleError) as caught:
            signer.sign_xml(SAMPLE_XML.read_bytes())
        self.assertEqual("invalid_handle", caught.exception.name)
        self.assertIsInstance(caught.exception, kyso.UsageError)
        with self.assertRaises(kyso.InvalidHandleError):
            signer.subject
        with kyso.VerifyContext() as ctx:
            report = ctx.verify(b"<a/>")
        with self.assertRaises(kyso.InvalidHandleError):
            ctx.verify(b"<a/>")
        report.close()
        with self.assertRaises(kyso.InvalidHandleError):
            report.json()
        with self.assertRaises(kyso.InvalidHandleError):
            report.documents

    def test_malformed_input(self):
        with kyso.Signer.open(token_uri(), pin=PIN) as signer:
            with self.assertRaises(kyso.DocumentError) as caught:
                signer.sign_xml(b"<GIAMDINHHS><unclosed>")
            self.assertEqual("malformed_xml", caught.exception.name)
            self.assertTrue(caught.exception.message)
            not_pdf = self.dir / "not.pdf"
            not_pdf.write_bytes(b"%PDF-1.7\nnot really")
            with self.assertRaises(kyso.DocumentError) as caught:
                signer.sign_pdf(not_pdf, self.dir / "out.pdf")
            self.assertEqual("malformed_pdf", caught.exception.name)
            with self.assertRaises(kyso.FileError) as caught:
                signer.sign_xml(self.dir / "missing.xml", self.dir / "out.xml")
            self.assertEqual("io", caught.exception.name)
            with self.assertRaises(kyso.UsageError):
                signer.sign_xml(SAMPLE_XML.read_bytes(), profile="no-such-profile")

    def test_key_errors(self):
        with self.assertRaises(kyso.KeyAccessError) as caught:
            kyso.Signer.open("nonsense:abc")
        self.assertEqual("keyspec_invalid", caught.exception.name)
        with self.assertRaises(kyso.KeyAccessError) as caught:
            kyso.Signer.open(token_uri("no-such-key"), pin=PIN)
        self.assertEqual("key_not_found", caught.exception.name)

    def test_the_message_is_kyso_last_error(self):
        with self.assertRaises(kyso.KeyAccessError) as caught:
            kyso.Signer.open(p12("no-such-file"), P12_PASS)
        self.assertIn("no-such-file", caught.exception.message)


if __name__ == "__main__":
    unittest.main()
