// What the tests share: the test PKI and SoftHSM token made by run_tests.sh (environment), and a
// temporary directory per test, removed on Dispose.
using System;
using System.IO;

namespace Kyso.Tests
{
    public abstract class Fixture : IDisposable
    {
        public const string P12Pass = "pass:kyso-test";
        public const string Pin = "123456";
        public static readonly string Source = Required("KYSO_TEST_SOURCE_DIR");
        public static readonly string Pki = Required("KYSO_TEST_PKI_DIR");
        public static readonly string Cli = Required("KYSO_CLI");
        public static readonly string SampleXml = Path.Combine(Source, "testdata/samples/claims-4750-sample.xml");
        public static readonly string SamplePdf = Path.Combine(Source, "testdata/samples/record-sample.pdf");
        protected readonly string Dir;

        protected Fixture()
        {
            Required("SOFTHSM2_CONF");
            Dir = Path.Combine(Path.GetTempPath(), "kyso-dotnet-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Dir);
        }

        public void Dispose() { Directory.Delete(Dir, true); }

        protected string In(string name) { return Path.Combine(Dir, name); }

        public static string P12(string name = "hospital-rsa") { return "p12:" + Path.Combine(Pki, name + ".p12"); }

        public static string TokenUri(string obj = "hospital-rsa")
        {
            return "pkcs11:token=benhvien;object=" + obj + "?module-path=/usr/lib/softhsm/libsofthsm2.so";
        }

        public static VerifyContext TrustingContext()
        {
            return new VerifyContext().Trust(Path.Combine(Pki, "root.cert.pem"))
                .Untrusted(Path.Combine(Pki, "ca.cert.pem")).Offline();
        }

        private static string Required(string name)
        {
            string value = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrEmpty(value)) throw new InvalidOperationException(name + " is not set (run by run_tests.sh)");
            return value;
        }
    }
}
