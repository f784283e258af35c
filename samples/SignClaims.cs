// SignClaims.cs — sign a claims XML file with the hospital's key, verify it, print the verdict: the kyso
// .NET binding (bindings/dotnet, Kyso.dll over libkyso.so) in one page, to copy from.
//
//   export KYSO_PIN=...   (the token's user PIN, set by the service manager, never on the command line)
//   mono SignClaims.exe 'pkcs11:token=benhvien;object=hospital-rsa?module-path=/usr/lib/softhsm/libsofthsm2.so' \
//       claims.xml claims.signed.xml root-ca.pem [intermediate-ca.pem...]
//
// Build: mcs -r:Kyso.dll SignClaims.cs   (Kyso.dll and Kyso.dll.config beside it; libkyso.so.0 on the
// library path). Exit status: 0 when the signature verifies TOTAL_PASSED, 1 for any other verdict, 2 when
// something failed.
using System;
using Kyso;

public static class SignClaims
{
    public static int Main(string[] args)
    {
        if (args.Length < 4) {
            Console.Error.WriteLine("usage: SignClaims KEYSPEC IN.xml OUT.xml TRUST.pem [UNTRUSTED.pem...]");
            return 2;
        }
        try {
            // 1. The key: a PKCS#11 token (or "p12:FILE" with a pass spec instead of null). The PIN comes
            //    from the environment; returning null cancels.
            using (var signer = Signer.Open(args[0], null, (kind, label) => Environment.GetEnvironmentVariable("KYSO_PIN"))) {
                // 2. Sign: the profile is detected from the root element (GIAMDINHHS: claims).
                signer.SignXml(args[1], args[2], overwrite: true);
            }

            // 3. Verify what was written, trusting the given CA certificates.
            using (var ctx = new VerifyContext().Trust(args[3])) {
                for (int i = 4; i < args.Length; ++i) ctx.Untrusted(args[i]);
                using (var report = ctx.Verify(args[2])) {
                    foreach (var signature in report.Signatures)
                        Console.WriteLine("{0}: signed by {1}: {2} {3}", args[2], signature.Signer.Subject,
                                          signature.Indication, signature.SubIndication);
                    return report.Indication == Indication.TotalPassed ? 0 : 1;
                }
            }
        } catch (KysoException e) { // e.Name is the CLI's error code: "pin_incorrect", "malformed_xml", ...
            Console.Error.WriteLine("SignClaims: {0}", e.Message);
            return 2;
        }
    }
}
