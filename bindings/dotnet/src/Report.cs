// A verification report (kyso_report_t): documents, their signatures' ETSI verdicts, and the whole report
// as JSON, text or HTML.
using System;
using System.Collections.Generic;
using System.Linq;

namespace Kyso
{
    /// <summary>ETSI EN 319 102-1 main indications.</summary>
    public enum Indication { TotalPassed = 0, TotalFailed = 1, Indeterminate = 2 }

    public enum TimeSource { None = 0, Claimed = 1, Timestamp = 2 }

    /// <summary>Who signed, read from the certificate's subject ("" for what it does not carry).</summary>
    public sealed class SignerIdentity
    {
        public string Subject, Issuer, Serial, CommonName, Title, Mst, Cccd, Cmnd, Sha256Fingerprint;
    }

    public sealed class Signature
    {
        public Indication Indication;
        /// <summary>"" or an ETSI sub-indication name ("HASH_FAILURE").</summary>
        public string SubIndication;
        public SignerIdentity Signer;
        /// <summary>RFC 3339; "" when TimeSource is None.</summary>
        public string Time;
        public TimeSource TimeSource;
        /// <summary>What exactly the signature covers, in words.</summary>
        public string Scope;
        public IList<string> Warnings, Errors;
    }

    public sealed class Document
    {
        public string Path;
        /// <summary>"xml" or "pdf".</summary>
        public string Format;
        /// <summary>"claims", ..., "generic" for XML; "pades" for PDF.</summary>
        public string Profile;
        /// <summary>Why it could not be read ("malformed_xml", ...); "" when it was read.</summary>
        public string Error, ErrorMessage;
        public IList<Signature> Signatures;
    }

    public sealed class Report : IDisposable
    {
        private readonly ReportHandle handle;
        private IList<Document> documents;

        internal Report(ReportHandle handle) { this.handle = handle; }

        public IList<Document> Documents { get { return documents ?? (documents = ReadDocuments()); } }

        /// <summary>Every signature of every document, in order.</summary>
        public IList<Signature> Signatures { get { return Documents.SelectMany(d => d.Signatures).ToList(); } }

        /// <summary>The verdict over everything: TotalPassed when every document was read and every signature
        /// passed, else the worst (TotalFailed before Indeterminate); null when there is no signature.</summary>
        public Indication? Indication {
            get {
                var sigs = Signatures;
                if (sigs.Count == 0) return null;
                if (Documents.Any(d => d.Error != "")) return Kyso.Indication.TotalFailed;
                if (sigs.Any(s => s.Indication == Kyso.Indication.TotalFailed)) return Kyso.Indication.TotalFailed;
                if (sigs.Any(s => s.Indication == Kyso.Indication.Indeterminate)) return Kyso.Indication.Indeterminate;
                return Kyso.Indication.TotalPassed;
            }
        }

        /// <summary>The sub-indication of the first signature with the overall indication ("" if none).</summary>
        public string SubIndication {
            get {
                var overall = Indication;
                var first = Signatures.FirstOrDefault(s => s.Indication == overall);
                return first == null ? "" : first.SubIndication;
            }
        }

        /// <summary>The JSON of `kyso verify --json`.</summary>
        public string Json() { return Whole(b => Native.kyso_report_json(handle, b)); }
        /// <summary>The report for people, in "vi" or "en".</summary>
        public string Text(string lang = "vi") { return Whole(b => Native.kyso_report_text(handle, Interop.Utf8(lang), b)); }
        public string Html(string lang = "vi") { return Whole(b => Native.kyso_report_html(handle, Interop.Utf8(lang), b)); }

        public void Dispose() { handle.Dispose(); }

        private static string Whole(Func<BufferHandle, int> write)
        {
            using (var buffer = Interop.NewBuffer()) {
                Interop.Check(write(buffer));
                return System.Text.Encoding.UTF8.GetString(Interop.BufferBytes(buffer));
            }
        }

        private IList<Document> ReadDocuments()
        {
            UIntPtr count;
            Interop.Check(Native.kyso_report_document_count(handle, out count));
            var list = new List<Document>();
            for (ulong i = 0; i < count.ToUInt64(); ++i) {
                var d = (UIntPtr)i;
                int status = 0;
                string message = Interop.ReadText((byte[] o, ref UIntPtr l) =>
                    Native.kyso_report_document_error(handle, d, out status, o, ref l));
                UIntPtr n;
                Interop.Check(Native.kyso_report_signature_count(handle, d, out n));
                var signatures = new List<Signature>();
                for (ulong s = 0; s < n.ToUInt64(); ++s) signatures.Add(ReadSignature(d, (UIntPtr)s));
                list.Add(new Document {
                    Path = Interop.ReadText((byte[] o, ref UIntPtr l) => Native.kyso_report_document_path(handle, d, o, ref l)),
                    Format = Interop.ReadText((byte[] o, ref UIntPtr l) => Native.kyso_report_document_format(handle, d, o, ref l)),
                    Profile = Interop.ReadText((byte[] o, ref UIntPtr l) => Native.kyso_report_document_profile(handle, d, o, ref l)),
                    Error = status == 0 ? "" : KysoException.NameOf(status),
                    ErrorMessage = message,
                    Signatures = signatures,
                });
            }
            return list;
        }

        private Signature ReadSignature(UIntPtr d, UIntPtr s)
        {
            int indication, sub, source = 0;
            Interop.Check(Native.kyso_report_signature_indication(handle, d, s, out indication, out sub));
            string time = Interop.ReadText((byte[] o, ref UIntPtr l) => Native.kyso_report_signature_time(handle, d, s, out source, o, ref l));
            Func<int, string> attr = a => Interop.ReadText((byte[] o, ref UIntPtr l) =>
                Native.kyso_report_signature_signer(handle, d, s, a, o, ref l));
            return new Signature {
                Indication = (Indication)indication,
                SubIndication = Interop.FromUtf8(Native.kyso_sub_indication_name(sub)) ?? ("UNKNOWN_" + sub),
                Signer = new SignerIdentity {
                    Subject = attr(0), Issuer = attr(1), Serial = attr(2), CommonName = attr(3), Title = attr(4),
                    Mst = attr(5), Cccd = attr(6), Cmnd = attr(7), Sha256Fingerprint = attr(8),
                },
                Time = time,
                TimeSource = (TimeSource)source,
                Scope = Interop.ReadText((byte[] o, ref UIntPtr l) => Native.kyso_report_signature_scope(handle, d, s, o, ref l)),
                Warnings = Messages(d, s, 0),
                Errors = Messages(d, s, 1),
            };
        }

        private IList<string> Messages(UIntPtr d, UIntPtr s, int kind)
        {
            UIntPtr n;
            Interop.Check(Native.kyso_report_signature_message_count(handle, d, s, kind, out n));
            var list = new List<string>();
            for (ulong i = 0; i < n.ToUInt64(); ++i) {
                var index = (UIntPtr)i;
                list.Add(Interop.ReadText((byte[] o, ref UIntPtr l) =>
                    Native.kyso_report_signature_message(handle, d, s, kind, index, o, ref l)));
            }
            return list;
        }
    }
}
