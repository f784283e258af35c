"""Signing XML and PDF through the SoftHSM token and a PKCS#12 file."""
import unittest

from support import PIN, P12_PASS, SAMPLE_PDF, SAMPLE_XML, TempDirTest, kyso, p12, token_uri, trusting_context


class SignXmlTest(TempDirTest):
    def test_file_and_bytes_through_the_token_give_the_same_signed_document(self):
        with kyso.Signer.open(token_uri(), pin=PIN) as signer:
            self.assertIn("CN=", signer.subject)
            self.assertEqual(0x30, signer.certificate[0])  # DER SEQUENCE
            out = self.dir / "signed.xml"
            self.assertIsNone(signer.sign_xml(SAMPLE_XML, out))
            signed = signer.sign_xml(SAMPLE_XML.read_bytes())
        self.assertEqual(out.read_bytes(), signed)
        self.assertIn(b"<Signature", signed)
        self.assertTrue(signed.startswith(SAMPLE_XML.read_bytes()[:200]))
        with trusting_context() as ctx, ctx.verify(out) as report:
            self.assertEqual(kyso.Indication.TOTAL_PASSED, report.indication)

    def test_pin_callback_is_asked_with_the_token_label(self):
        asked = []

        def pin(kind, label):
            asked.append((kind, label))
            return PIN

        with kyso.Signer.open(token_uri(), pin=pin) as signer:
            signer.sign_xml(SAMPLE_XML.read_bytes(), profile="claims")
        self.assertEqual([(kyso.PIN_TOKEN_USER, "benhvien")], asked)

    def test_pkcs12_passphrase_from_the_callback(self):
        with kyso.Signer.open(p12(), pin=lambda kind, label: "kyso-test" if kind == kyso.PIN_PKCS12_PASSPHRASE
                              else None) as signer:
            self.assertIn(b"<Signature", signer.sign_xml(SAMPLE_XML.read_bytes()))

    def test_overwrite(self):
        out = self.dir / "signed.xml"
        with kyso.Signer.open(p12(), P12_PASS) as signer:
            signer.sign_xml(SAMPLE_XML, out)
            with self.assertRaises(kyso.FileError) as caught:
                signer.sign_xml(SAMPLE_XML, out)
            self.assertEqual("output_exists", caught.exception.name)
            signer.sign_xml(SAMPLE_XML, out, overwrite=True)


class SignPdfTest(TempDirTest):
    def test_visible_signature_with_appearance_through_the_token(self):
        out = self.dir / "signed.pdf"
        with kyso.Signer.open(token_uri(), pin=PIN) as signer:
            signer.sign_pdf(SAMPLE_PDF, out, visible=(1, 50, 50, 220, 80), name="BS. Nguyễn Văn An",
                            title="Trưởng khoa", reason="Duyệt hồ sơ", location="Hà Nội", field="KyBacSi")
        data = out.read_bytes()
        self.assertTrue(data.startswith(SAMPLE_PDF.read_bytes()))  # one incremental revision
        self.assertIn(b"/KyBacSi", data.replace(b"(KyBacSi)", b"/KyBacSi"))
        with trusting_context() as ctx, ctx.verify(out) as report:
            document, = report.documents
            self.assertEqual(("pdf", "pades"), (document.format, document.profile))
            self.assertEqual(1, len(document.signatures))
            self.assertEqual(kyso.Indication.TOTAL_PASSED, document.signatures[0].indication)

    def test_certifying_signature_with_an_options_object_then_a_second_signature(self):
        first, second = self.dir / "first.pdf", self.dir / "second.pdf"
        with kyso.Signer.open(p12(), P12_PASS) as signer:
            with kyso.PdfOptions(certify=kyso.Certify.FORM_FILLING, reason="Lưu trữ") as options:
                signer.sign_pdf(SAMPLE_PDF, first, options)
            signer.sign_pdf(first, second)
        with trusting_context() as ctx, ctx.verify(second) as report:
            self.assertEqual(2, len(report.signatures))
            self.assertEqual(kyso.Indication.TOTAL_PASSED, report.indication)

    def test_b_t_without_a_tsa_is_a_usage_error(self):
        with kyso.Signer.open(p12(), P12_PASS) as signer, self.assertRaises(kyso.UsageError) as caught:
            signer.sign_pdf(SAMPLE_PDF, self.dir / "out.pdf", level=kyso.PadesLevel.B_T)
        self.assertEqual("usage", caught.exception.name)
        self.assertFalse((self.dir / "out.pdf").exists())


if __name__ == "__main__":
    unittest.main()
