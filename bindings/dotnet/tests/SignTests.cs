// Signing XML and PDF through the SoftHSM token and a PKCS#12 file.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace Kyso.Tests
{
    public class SignTests : Fixture
    {
        public void FileAndBytesThroughTheTokenGiveTheSameSignedDocument()
        {
            byte[] signed;
            using (var signer = Signer.Open(TokenUri(), null, Pin)) {
                Check.Contains("CN=", signer.Subject);
                Check.Equal((byte)0x30, signer.Certificate[0], "DER SEQUENCE");
                signer.SignXml(SampleXml, In("signed.xml"));
                signed = signer.SignXml(File.ReadAllBytes(SampleXml));
            }
            Check.Bytes(File.ReadAllBytes(In("signed.xml")), signed, "file and bytes");
            Check.Contains("<Signature", Encoding.UTF8.GetString(signed));
            using (var ctx = TrustingContext())
            using (var report = ctx.Verify(In("signed.xml")))
                Check.Equal<Indication?>(Indication.TotalPassed, report.Indication);
        }

        public void PinCallbackIsAskedWithTheTokenLabel()
        {
            var asked = new List<string>();
            using (var signer = Signer.Open(TokenUri(), null, (kind, label) => { asked.Add(kind + " " + label); return Pin; }))
                signer.SignXml(File.ReadAllBytes(SampleXml), "claims");
            Check.Equal("TokenUser benhvien", string.Join("|", asked));
        }

        public void Pkcs12PassphraseFromTheCallback()
        {
            using (var signer = Signer.Open(P12(), null, (kind, label) => kind == PinKind.Pkcs12Passphrase ? "kyso-test" : null))
                Check.Contains("<Signature", Encoding.UTF8.GetString(signer.SignXml(File.ReadAllBytes(SampleXml))));
        }

        public void AnExistingOutputIsOverwrittenOnlyWhenAsked()
        {
            using (var signer = Signer.Open(P12(), P12Pass)) {
                signer.SignXml(SampleXml, In("signed.xml"));
                var e = Check.Throws<KysoFileException>(() => signer.SignXml(SampleXml, In("signed.xml")));
                Check.Equal("output_exists", e.Name);
                signer.SignXml(SampleXml, In("signed.xml"), overwrite: true);
            }
        }

        public void VisiblePdfSignatureWithAppearanceThroughTheToken()
        {
            using (var signer = Signer.Open(TokenUri(), null, Pin))
            using (var options = new PdfOptions().Field("KyBacSi").Visible(1, 50, 50, 220, 80).Name("BS. Nguyễn Văn An")
                       .Title("Trưởng khoa").Reason("Duyệt hồ sơ").Location("Hà Nội"))
                signer.SignPdf(SamplePdf, In("signed.pdf"), options);
            byte[] original = File.ReadAllBytes(SamplePdf), signed = File.ReadAllBytes(In("signed.pdf"));
            Check.Bytes(original, signed.Take(original.Length).ToArray(), "one incremental revision");
            using (var ctx = TrustingContext())
            using (var report = ctx.Verify(In("signed.pdf"))) {
                var document = report.Documents.Single();
                Check.Equal("pdf", document.Format);
                Check.Equal("pades", document.Profile);
                Check.Equal(1, document.Signatures.Count);
                Check.Equal(Indication.TotalPassed, document.Signatures[0].Indication);
            }
        }

        public void CertifyingSignatureThenASecondWithDefaults()
        {
            using (var signer = Signer.Open(P12(), P12Pass)) {
                using (var options = new PdfOptions().Certify(Certify.FormFilling).Reason("Lưu trữ"))
                    signer.SignPdf(SamplePdf, In("first.pdf"), options);
                signer.SignPdf(In("first.pdf"), In("second.pdf"));
            }
            using (var ctx = TrustingContext())
            using (var report = ctx.Verify(In("second.pdf"))) {
                Check.Equal(2, report.Signatures.Count);
                Check.Equal<Indication?>(Indication.TotalPassed, report.Indication);
            }
        }

        public void BTWithoutATsaIsAUsageError()
        {
            using (var signer = Signer.Open(P12(), P12Pass))
            using (var options = new PdfOptions().Level(PadesLevel.BT)) {
                var e = Check.Throws<KysoUsageException>(() => signer.SignPdf(SamplePdf, In("out.pdf"), options));
                Check.Equal("usage", e.Name);
            }
            Check.True(!File.Exists(In("out.pdf")), "no output");
        }
    }
}
