// SignXmlFile KEYSPEC PASS_SPEC IN OUT -- signs one claims file through Kyso.dll (used by the ctest
// bindings.same_bytes, which compares it with the CLI and Python).
using System;

public static class SignXmlFile
{
    public static int Main(string[] args)
    {
        if (args.Length != 4) {
            Console.Error.WriteLine("usage: SignXmlFile KEYSPEC PASS_SPEC IN OUT");
            return 2;
        }
        try {
            using (var signer = Kyso.Signer.Open(args[0], args[1])) signer.SignXml(args[2], args[3]);
            return 0;
        } catch (Kyso.KysoException e) {
            Console.Error.WriteLine("SignXmlFile: " + e.Message);
            return 1;
        }
    }
}
