// Archive.Verify on an archive made by the CLI against the test TSA (testdata/tsa_server.py on 127.0.0.1,
// started per test): the verdicts, the report of the records, the JSON, and the exceptions.
using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;

namespace Kyso.Tests
{
    // IDisposable again: the runner's Dispose must stop the TSA before the fixture removes the directory.
    public class ArchiveTests : Fixture, IDisposable
    {
        private readonly Process tsa;
        private readonly string archive, batchDir, checkpoint;

        public ArchiveTests()
        {
            string portFile = In("tsa.port");
            tsa = Process.Start(new ProcessStartInfo("/usr/bin/python3",
                Quote(Path.Combine(Source, "testdata/tsa_server.py")) + " --pki " + Quote(Pki) + " --port-file " +
                Quote(portFile) + " --port 0") { UseShellExecute = false, RedirectStandardError = true });
            tsa.ErrorDataReceived += (sender, e) => { };
            tsa.BeginErrorReadLine();
            for (int i = 0; i < 500 && !(File.Exists(portFile) && File.ReadAllText(portFile).Trim() != ""); ++i)
                Thread.Sleep(20);
            if (!File.Exists(portFile)) {
                StopTsa();
                throw new InvalidOperationException("testdata/tsa_server.py did not start"); // a failure, never a skip
            }
            string url = "http://127.0.0.1:" + File.ReadAllText(portFile).Trim() + "/";

            Directory.CreateDirectory(In("in"));
            using (var signer = Signer.Open(P12(), P12Pass)) signer.SignXml(SampleXml, In("in/claim_001.xml"));
            File.WriteAllText(In("in/note_001.txt"), "hồ sơ bệnh án\n");
            batchDir = In("batch");
            archive = In("archive");
            checkpoint = In("auditor.checkpoint");
            RunCli("archive create " + Quote(In("in")) + " --out " + Quote(batchDir) + " --tsa " + url);
            RunCli("archive append " + Quote(archive) + " " + Quote(batchDir) + " --origin bv-dotnet --key " +
                Quote(P12()) + " --pass " + P12Pass);
            File.Copy(Path.Combine(archive, "log/checkpoint"), checkpoint);
        }

        // Explicit, so that the runner does not take it for a test.
        void IDisposable.Dispose()
        {
            StopTsa();
            Dispose();
        }

        private void StopTsa()
        {
            if (tsa != null && !tsa.HasExited) {
                tsa.Kill();
                tsa.WaitForExit();
            }
        }

        public void AnArchiveVerifiesWithTheAuditorsCheckpoint()
        {
            using (var ctx = TrustingContext())
            using (var result = Archive.Verify(archive, ctx, checkpoint)) {
                Check.Equal(ArchiveVerdict.Ok, result.Verdict, result.Json);
                Check.Equal(2, result.Report.Documents.Count);
                Check.True(result.Report.Documents.All(d => d.Format == "archive-record"), "archive-record documents");
                Check.Equal<Indication?>(Indication.TotalPassed, result.Report.Indication);
                Check.Contains("\"kind\": \"archive\"", result.Json);
                Check.Contains("existed unaltered at", result.Json);
                Check.Contains("\"consistent\": true", result.Json);
            }
        }

        public void WithoutTrustTheVerdictIsIndeterminate()
        {
            using (var ctx = new VerifyContext().Offline())
            using (var result = Archive.Verify(archive, ctx))
                Check.Equal(ArchiveVerdict.Indeterminate, result.Verdict);
        }

        public void AChangedFileFails()
        {
            string note = Directory
                .GetFiles(Path.Combine(archive, "batches"), "note_001.txt", SearchOption.AllDirectories).Single();
            File.AppendAllText(note, "x");
            using (var ctx = TrustingContext())
            using (var result = Archive.Verify(archive, ctx, checkpoint)) {
                Check.Equal(ArchiveVerdict.Failed, result.Verdict);
                Check.Contains("CHANGED", result.Json);
            }
        }

        public void UnusableArgumentsAreExceptions()
        {
            using (var ctx = TrustingContext()) {
                Check.Equal("io", Check.Throws<KysoFileException>(() => Archive.Verify(In("nowhere"), ctx)).Name);
                string batch = Directory.GetDirectories(Path.Combine(archive, "batches")).Single();
                var e = Check.Throws<KysoUsageException>(() => Archive.Verify(batch, ctx, checkpoint));
                Check.Equal("usage", e.Name);
                Check.Throws<KysoUsageException>(() => Archive.Verify(In("in"), ctx));
                Check.Throws<ArgumentNullException>(() => Archive.Verify(archive, null));
            }
        }

        private static string Quote(string s) { return "'" + s.Replace("'", "'\\''") + "'"; }

        private static void RunCli(string arguments)
        {
            string command = Quote(Fixture.Cli) + " " + arguments + " >/dev/null";
            var start = new ProcessStartInfo("/bin/sh", "-c " + Quote(command)) { UseShellExecute = false };
            using (var p = Process.Start(start)) {
                p.WaitForExit();
                if (p.ExitCode != 0) throw new InvalidOperationException("kyso " + arguments + ": exit " + p.ExitCode);
            }
        }
    }
}
