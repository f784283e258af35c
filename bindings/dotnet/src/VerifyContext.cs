// What a verification trusts, and as of when (kyso_verify_ctx_t); Verify gives a Report.
using System;

namespace Kyso
{
    /// <summary>Starts with no trust anchors, validating as of now, online, evidence in memory only. One
    /// context may verify from several threads at once; setters need it to themselves.</summary>
    public sealed class VerifyContext : IDisposable
    {
        internal readonly VerifyContextHandle Handle;

        public VerifyContext()
        {
            Interop.Start();
            Interop.Check(Native.kyso_verify_ctx_create(out Handle));
        }

        /// <summary>A trust anchor: a PEM or DER file, or a directory of them.</summary>
        public VerifyContext Trust(string path) { return Set(Native.kyso_verify_ctx_add_trust(Handle, Interop.Utf8(path))); }

        /// <summary>Intermediates that may build paths without being trusted.</summary>
        public VerifyContext Untrusted(string path)
        {
            return Set(Native.kyso_verify_ctx_add_untrusted(Handle, Interop.Utf8(path)));
        }

        /// <summary>Validate as of this RFC 3339 UTC time ("2031-01-01T00:00:00Z"; null: now).</summary>
        public VerifyContext Time(string rfc3339) { return Set(Native.kyso_verify_ctx_set_time(Handle, Interop.Utf8(rfc3339))); }

        /// <summary>Only embedded or cached revocation evidence: no network.</summary>
        public VerifyContext Offline(bool offline = true) { return Set(Native.kyso_verify_ctx_set_offline(Handle, offline ? 1 : 0)); }

        /// <summary>Keep fetched OCSP responses and CRLs in this directory between runs.</summary>
        public VerifyContext CacheDir(string path) { return Set(Native.kyso_verify_ctx_set_cache_dir(Handle, Interop.Utf8(path))); }

        /// <summary>The XML profile ("claims", ..., "generic"); null: detected from the root element.</summary>
        public VerifyContext Profile(string profile) { return Set(Native.kyso_verify_ctx_set_profile(Handle, Interop.Utf8(profile))); }

        /// <summary>Verifies a file or a directory as `kyso verify` does. A bad signature or an unreadable
        /// document is in the report, not an exception.</summary>
        public Report Verify(string path)
        {
            ReportHandle report;
            Interop.Check(Native.kyso_verify_file(Handle, Interop.Utf8(path), out report));
            return new Report(report);
        }

        /// <summary>Verifies a document in memory; name is the path the report shows.</summary>
        public Report Verify(byte[] document, string name = null)
        {
            if (document == null) throw new ArgumentNullException("document");
            ReportHandle report;
            Interop.Check(Native.kyso_verify_buffer(Handle, document, (UIntPtr)document.Length, Interop.Utf8(name), out report));
            return new Report(report);
        }

        private VerifyContext Set(int status)
        {
            Interop.Check(status);
            return this;
        }

        public void Dispose() { Handle.Dispose(); }
    }
}
