// Archive evidence (kyso.h "Archive evidence"): an auditor's verification of an archive, a batch or a
// disclosure package, with the verdict of `kyso archive verify`.
using System;

namespace Kyso
{
    /// <summary>The verdict of Archive.Verify: the exit code of `kyso archive verify`.</summary>
    public enum ArchiveVerdict
    {
        Ok = 0,
        /// <summary>Something changed, missing, extra or renamed; a proof, the log or a signature failed.</summary>
        Failed = 1,
        /// <summary>The time-stamp's TSA (or a signature inside) could not be trusted.</summary>
        Indeterminate = 2,
        /// <summary>A listed file or a document inside could not be read.</summary>
        Unreadable = 3,
    }

    /// <summary>What Archive.Verify found. Dispose it to release the report.</summary>
    public sealed class ArchiveResult : IDisposable
    {
        public ArchiveVerdict Verdict { get; private set; }
        /// <summary>One "archive-record" document per record, with the signatures found in its files.</summary>
        public Report Report { get; private set; }
        /// <summary>What `kyso archive verify --json` prints: the report plus an "archive" object (per record and
        /// file status, proof, time-stamp, the statement "existed unaltered at T0 ...", the log audit).</summary>
        public string Json { get; private set; }

        internal ArchiveResult(ArchiveVerdict verdict, Report report, string json)
        {
            Verdict = verdict;
            Report = report;
            Json = json;
        }

        public void Dispose() { Report.Dispose(); }
    }

    public static class Archive
    {
        /// <summary>Verifies an archive, a batch or a disclosure package as `kyso archive verify PATH
        /// [--checkpoint FILE]`. checkpoint: an auditor's copy of an archive's log/checkpoint (archives only).
        /// A bad archive is a verdict, not an exception; exceptions are for unusable arguments and paths.</summary>
        public static ArchiveResult Verify(string path, VerifyContext context, string checkpoint = null)
        {
            if (context == null) throw new ArgumentNullException("context");
            using (var json = Interop.NewBuffer()) {
                int verdict;
                ReportHandle report;
                Interop.Check(Native.kyso_archive_verify(context.Handle, Interop.Utf8(path), Interop.Utf8(checkpoint),
                                                         out verdict, out report, json));
                var owned = new Report(report);
                return new ArchiveResult((ArchiveVerdict)verdict, owned,
                                         System.Text.Encoding.UTF8.GetString(Interop.BufferBytes(json)));
            }
        }
    }
}
