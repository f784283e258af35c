// Verification and reading the report: verdicts, signer identity, scope, messages, JSON/HTML/text.
using System;
using System.IO;
using System.Linq;
using System.Text;

namespace Kyso.Tests
{
    public class VerifyTests : Fixture
    {
        private readonly string signed;

        public VerifyTests()
        {
            signed = In("signed.xml");
            using (var signer = Signer.Open(P12(), P12Pass)) signer.SignXml(SampleXml, signed);
        }

        public void ReportOfAGoodSignature()
        {
            using (var ctx = TrustingContext().Time("2027-06-01T00:00:00Z").CacheDir(In("cache")))
            using (var report = ctx.Verify(signed)) {
                Check.Equal<Indication?>(Indication.TotalPassed, report.Indication);
                Check.Equal("", report.SubIndication);
                var document = report.Documents.Single();
                Check.Equal(signed, document.Path);
                Check.Equal("xml", document.Format);
                Check.Equal("claims", document.Profile);
                Check.Equal("", document.Error);
                var signature = document.Signatures.Single();
                Check.Contains("CN=" + signature.Signer.CommonName, signature.Signer.Subject);
                Check.True(signature.Signer.CommonName != "", "common name");
                Check.Equal("0101234567", signature.Signer.Mst);
                Check.Equal(64, signature.Signer.Sha256Fingerprint.Length);
                Check.Contains("Kyso Test Issuing CA", signature.Signer.Issuer);
                Check.Equal(TimeSource.None, signature.TimeSource);
                Check.Contains("whole document", signature.Scope);
                Check.Equal(0, signature.Errors.Count);
                Check.True(signature.Warnings.Count > 0, "revocation not checked: a warning");
                Check.Contains("TOTAL_PASSED", report.Json());
                Check.Contains("<html", report.Html("en").ToLowerInvariant());
                Check.Contains("TOTAL_PASSED", report.Text("en"));
                Check.True(report.Text("en") != report.Text("vi"), "two languages");
            }
        }

        public void ValidationTimeIsUsed()
        {
            using (var ctx = TrustingContext().Time("2031-01-01T00:00:00Z"))
            using (var report = ctx.Verify(signed)) {
                Check.Equal<Indication?>(Indication.Indeterminate, report.Indication);
                Check.Equal("CRYPTO_CONSTRAINTS_FAILURE_NO_POE", report.SubIndication);
                Check.Contains("2028-12-31", report.Signatures[0].Errors[0]);
            }
        }

        public void BytesAreVerifiedUnderTheGivenName()
        {
            using (var ctx = TrustingContext())
            using (var report = ctx.Verify(File.ReadAllBytes(signed), "in-memory.xml")) {
                Check.Equal("in-memory.xml", report.Documents[0].Path);
                Check.Equal<Indication?>(Indication.TotalPassed, report.Indication);
            }
        }

        public void AChangedDocumentFails()
        {
            string text = File.ReadAllText(signed, Encoding.UTF8);
            byte[] tampered = Encoding.UTF8.GetBytes(text.Replace("<MACSKCB>99999</MACSKCB>", "<MACSKCB>99998</MACSKCB>"));
            using (var ctx = TrustingContext())
            using (var report = ctx.Verify(tampered)) {
                Check.Equal<Indication?>(Indication.TotalFailed, report.Indication);
                Check.Equal("HASH_FAILURE", report.SubIndication);
                Check.True(report.Signatures[0].Errors.Count > 0, "errors");
            }
        }

        public void WithoutTrustAnchorsTheVerdictIsIndeterminate()
        {
            using (var ctx = new VerifyContext().Offline())
            using (var report = ctx.Verify(signed)) {
                Check.Equal<Indication?>(Indication.Indeterminate, report.Indication);
                Check.True(report.SubIndication != "", "a sub-indication");
            }
        }

        public void AnUnreadableDocumentIsInTheReport()
        {
            using (var ctx = TrustingContext())
            using (var report = ctx.Verify(Encoding.UTF8.GetBytes("<GIAMDINHHS><unclosed>"), "bad.xml")) {
                var document = report.Documents.Single();
                Check.Equal("malformed_xml", document.Error);
                Check.True(document.ErrorMessage != "", "a message");
                Check.Equal(0, document.Signatures.Count);
            }
        }

        public void ADirectoryOfDocuments()
        {
            using (var signer = Signer.Open(P12(), P12Pass)) signer.SignXml(SampleXml, In("second.xml"));
            using (var ctx = TrustingContext())
            using (var report = ctx.Verify(Dir)) {
                Check.Equal(2, report.Documents.Count);
                Check.Equal<Indication?>(Indication.TotalPassed, report.Indication);
            }
        }

        public void ContextOptionsAreChecked()
        {
            using (var ctx = new VerifyContext()) {
                Check.Throws<KysoUsageException>(() => ctx.Time("not a time"));
                Check.Throws<KysoException>(() => ctx.Trust(In("no-such-file.pem")));
            }
        }
    }
}
