// Status codes become exceptions of the right family, with the code's name and kyso_last_error.
using System;
using System.IO;

namespace Kyso.Tests
{
    public class ErrorTests : Fixture
    {
        public void WrongPinIsPinIncorrect()
        {
            var e = Check.Throws<KysoPinIncorrectException>(() => Signer.Open(TokenUri(), null, "000000"));
            Check.True(e is KysoPinException, "PIN family");
            Check.Equal(-13, e.Code);
            Check.Equal("pin_incorrect", e.Name);
            Check.True(e.Detail != "" && !e.Detail.Contains("000000"), "a message without the PIN");
            Check.Contains("pin_incorrect", e.Message);
        }

        public void WrongPkcs12Passphrase()
        {
            Check.Throws<KysoPinIncorrectException>(() => Signer.Open(P12(), "pass:wrong"));
        }

        public void NoPinAndACancellingCallback()
        {
            Check.Throws<KysoPinRequiredException>(() => Signer.Open(TokenUri()));
            Check.Throws<KysoCancelledException>(() => Signer.Open(TokenUri(), null, (kind, label) => null));
        }

        public void AnExceptionInThePinCallbackIsThrownAsItself()
        {
            Check.Throws<UnauthorizedAccessException>(() => Signer.Open(TokenUri(), null, (PinCallback)((kind, label) => {
                throw new UnauthorizedAccessException("vault unavailable");
            })));
        }

        public void UseAfterDisposeIsRefused()
        {
            var signer = Signer.Open(P12(), P12Pass);
            signer.Dispose();
            signer.Dispose(); // twice: a no-op
            Check.Throws<ObjectDisposedException>(() => signer.SignXml(File.ReadAllBytes(SampleXml)));
            Check.Throws<ObjectDisposedException>(() => { var s = signer.Subject; });
            Report report;
            var ctx = new VerifyContext();
            using (ctx) report = ctx.Verify(new byte[] { 0x3c, 0x61, 0x2f, 0x3e });
            Check.Throws<ObjectDisposedException>(() => ctx.Verify(new byte[] { 0x3c, 0x61, 0x2f, 0x3e }));
            report.Dispose();
            Check.Throws<ObjectDisposedException>(() => report.Json());
            Check.Throws<ObjectDisposedException>(() => { var d = report.Documents; });
        }

        public void MalformedInput()
        {
            using (var signer = Signer.Open(TokenUri(), null, Pin)) {
                var e = Check.Throws<KysoDocumentException>(() => signer.SignXml(System.Text.Encoding.UTF8.GetBytes("<GIAMDINHHS><unclosed>")));
                Check.Equal("malformed_xml", e.Name);
                Check.True(e.Detail != "", "a message");
                File.WriteAllText(In("not.pdf"), "%PDF-1.7\nnot really");
                e = Check.Throws<KysoDocumentException>(() => signer.SignPdf(In("not.pdf"), In("out.pdf")));
                Check.Equal("malformed_pdf", e.Name);
                var io = Check.Throws<KysoFileException>(() => signer.SignXml(In("missing.xml"), In("out.xml")));
                Check.Equal("io", io.Name);
                Check.Throws<KysoUsageException>(() => signer.SignXml(File.ReadAllBytes(SampleXml), "no-such-profile"));
            }
        }

        public void KeyErrors()
        {
            Check.Equal("keyspec_invalid", Check.Throws<KysoKeyException>(() => Signer.Open("nonsense:abc")).Name);
            Check.Equal("key_not_found", Check.Throws<KysoKeyException>(() => Signer.Open(TokenUri("no-such-key"), null, Pin)).Name);
            Check.Contains("no-such-file", Check.Throws<KysoKeyException>(() => Signer.Open(P12("no-such-file"), P12Pass)).Detail);
        }

        public void EveryStatusCodeHasAFamily()
        {
            Check.True(KysoException.For(-1000, "x") is KysoInvalidHandleException, "invalid_handle");
            Check.True(KysoException.For(-20, "x") is KysoNetworkException, "network");
            Check.Equal("buffer_too_small", KysoException.For(-1001, "x").Name);
            for (int code = -1; code >= -24; --code)
                Check.True(KysoException.For(code, "x").GetType() != typeof(KysoException), "a family for " + code);
        }
    }
}
