"""Verification and reading the report: verdicts, signer identity, scope, messages, JSON/HTML/text."""
import json
import unittest

from support import P12_PASS, PKI, SAMPLE_XML, TempDirTest, kyso, p12, trusting_context


class VerifyTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.signed = self.dir / "signed.xml"
        with kyso.Signer.open(p12(), P12_PASS) as signer:
            signer.sign_xml(SAMPLE_XML, self.signed)

    def test_report_of_a_good_signature(self):
        with trusting_context(time="2027-06-01T00:00:00Z", cache_dir=self.dir / "cache") as ctx, \
                ctx.verify(self.signed) as report:
            self.assertEqual(kyso.Indication.TOTAL_PASSED, report.indication)
            self.assertEqual("", report.sub_indication)
            document, = report.documents
            self.assertEqual((str(self.signed), "xml", "claims", ""), (document.path, document.format,
                                                                        document.profile, document.error))
            signature, = document.signatures
            self.assertEqual(kyso.Indication.TOTAL_PASSED, signature.indication)
            self.assertIn("CN=" + signature.signer.common_name, signature.signer.subject)
            self.assertTrue(signature.signer.common_name)
            self.assertEqual(64, len(signature.signer.sha256_fingerprint))
            self.assertEqual("0101234567", signature.signer.mst)
            self.assertEqual((kyso.TimeSource.NONE, ""), (signature.time_source, signature.time))
            self.assertIn("Kyso Test Issuing CA", signature.signer.issuer)
            self.assertIn("whole document", signature.scope)
            self.assertEqual([], signature.errors)
            self.assertIsInstance(signature.warnings, list)
            as_json = json.loads(report.json())
            self.assertIn("TOTAL_PASSED", json.dumps(as_json))
            self.assertIn("<html", report.html("en").lower())
            self.assertIn("TOTAL_PASSED", report.text("en"))
            self.assertNotEqual(report.text("en"), report.text("vi"))

    def test_validation_time_is_used(self):
        # RSA-2048 is not trusted after 2028 under the default policy, and nothing proves the signature older.
        with trusting_context(time="2031-01-01T00:00:00Z") as ctx, ctx.verify(self.signed) as report:
            self.assertEqual(kyso.Indication.INDETERMINATE, report.indication)
            self.assertEqual("CRYPTO_CONSTRAINTS_FAILURE_NO_POE", report.sub_indication)
            self.assertIn("2028-12-31", report.signatures[0].errors[0])

    def test_bytes_are_verified_under_the_given_name(self):
        with trusting_context() as ctx, ctx.verify(self.signed.read_bytes(), name="in-memory.xml") as report:
            self.assertEqual("in-memory.xml", report.documents[0].path)
            self.assertEqual(kyso.Indication.TOTAL_PASSED, report.indication)

    def test_a_changed_document_fails(self):
        tampered = self.signed.read_bytes().replace(b"<MACSKCB>99999</MACSKCB>", b"<MACSKCB>99998</MACSKCB>", 1)
        self.assertNotEqual(tampered, self.signed.read_bytes())
        with trusting_context() as ctx, ctx.verify(tampered) as report:
            self.assertEqual(kyso.Indication.TOTAL_FAILED, report.indication)
            self.assertEqual("HASH_FAILURE", report.sub_indication)
            self.assertTrue(report.signatures[0].errors)

    def test_without_trust_anchors_the_verdict_is_indeterminate(self):
        with kyso.VerifyContext(offline=True) as ctx, ctx.verify(self.signed) as report:
            self.assertEqual(kyso.Indication.INDETERMINATE, report.indication)
            self.assertTrue(report.sub_indication)

    def test_unreadable_document_is_in_the_report_not_an_exception(self):
        with trusting_context() as ctx, ctx.verify(b"<GIAMDINHHS><unclosed>", name="bad.xml") as report:
            document, = report.documents
            self.assertEqual("malformed_xml", document.error)
            self.assertTrue(document.error_message)
            self.assertEqual([], document.signatures)

    def test_directory_of_documents(self):
        with kyso.Signer.open(p12(), P12_PASS) as signer:
            signer.sign_xml(SAMPLE_XML, self.dir / "second.xml")
        with trusting_context() as ctx, ctx.verify(self.dir) as report:
            self.assertEqual(2, len(report.documents))
            self.assertEqual(kyso.Indication.TOTAL_PASSED, report.indication)

    def test_context_options_are_checked(self):
        with self.assertRaises(kyso.UsageError):
            kyso.VerifyContext(time="not a time")
        with self.assertRaises(kyso.KysoError):
            kyso.VerifyContext(trust=[PKI / "no-such-file.pem"])


if __name__ == "__main__":
    unittest.main()
