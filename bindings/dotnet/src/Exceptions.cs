// Exceptions mapped from kyso.h status codes: one class per family. Code is the negative KYSO_ERROR_* value,
// Name its name as the CLI's JSON spells it ("pin_incorrect"), Detail the text of kyso_last_error.
using System;
using System.Collections.Generic;

namespace Kyso
{
    public class KysoException : Exception
    {
        public int Code { get; private set; }
        public string Name { get; private set; }
        public string Detail { get; private set; }
        /// <summary>For a batch that failed or was cancelled: every input's outcome.</summary>
        public BatchResult Result { get; internal set; }

        public KysoException(int code, string detail)
            : base(NameOf(code) + (string.IsNullOrEmpty(detail) ? "" : ": " + detail))
        {
            Code = code;
            Name = NameOf(code);
            Detail = detail ?? "";
        }

        /// <summary>"pin_incorrect" for -13, "unknown_N" for a code this library does not name.</summary>
        public static string NameOf(int code)
        {
            return Interop.FromUtf8(Native.kyso_error_name(code)) ?? ("unknown_" + code);
        }

        private static readonly Dictionary<int, Func<int, string, KysoException>> Families =
            new Dictionary<int, Func<int, string, KysoException>> {
                { -1, (c, m) => new KysoInternalException(c, m) },
                { -2, (c, m) => new KysoUsageException(c, m) },
                { -3, (c, m) => new KysoFileException(c, m) },
                { -4, (c, m) => new KysoDocumentException(c, m) },
                { -5, (c, m) => new KysoDocumentException(c, m) },
                { -6, (c, m) => new KysoDocumentException(c, m) },
                { -7, (c, m) => new KysoDocumentException(c, m) },
                { -8, (c, m) => new KysoDocumentException(c, m) },
                { -9, (c, m) => new KysoKeyException(c, m) },
                { -10, (c, m) => new KysoKeyException(c, m) },
                { -11, (c, m) => new KysoKeyException(c, m) },
                { -12, (c, m) => new KysoPinRequiredException(c, m) },
                { -13, (c, m) => new KysoPinIncorrectException(c, m) },
                { -14, (c, m) => new KysoPinLockedException(c, m) },
                { -15, (c, m) => new KysoKeyException(c, m) },
                { -16, (c, m) => new KysoKeyException(c, m) },
                { -17, (c, m) => new KysoKeyException(c, m) },
                { -18, (c, m) => new KysoKeyException(c, m) },
                { -19, (c, m) => new KysoKeyException(c, m) },
                { -20, (c, m) => new KysoNetworkException(c, m) },
                { -21, (c, m) => new KysoNetworkException(c, m) },
                { -22, (c, m) => new KysoCancelledException(c, m) },
                { -23, (c, m) => new KysoFileException(c, m) },
                { -24, (c, m) => new KysoNetworkException(c, m) },
                { -25, (c, m) => new KysoDocumentException(c, m) },
                { -1000, (c, m) => new KysoInvalidHandleException(c, m) },
                { -1001, (c, m) => new KysoUsageException(c, m) },
            };

        /// <summary>The exception of a status code's family (a code this version does not know: KysoException).</summary>
        public static KysoException For(int code, string detail)
        {
            Func<int, string, KysoException> make;
            return Families.TryGetValue(code, out make) ? make(code, detail) : new KysoException(code, detail);
        }
    }

    /// <summary>internal: a bug in kyso.</summary>
    public class KysoInternalException : KysoException { public KysoInternalException(int c, string m) : base(c, m) { } }
    /// <summary>usage, buffer_too_small: bad arguments or configuration.</summary>
    public class KysoUsageException : KysoException { public KysoUsageException(int c, string m) : base(c, m) { } }
    /// <summary>invalid_handle: a handle libkyso does not know (the wrapper refuses disposed objects first,
    /// with ObjectDisposedException).</summary>
    public class KysoInvalidHandleException : KysoUsageException { public KysoInvalidHandleException(int c, string m) : base(c, m) { } }
    /// <summary>io, output_exists.</summary>
    public class KysoFileException : KysoException { public KysoFileException(int c, string m) : base(c, m) { } }
    /// <summary>malformed_xml, malformed_pdf, unsupported, profile_violation, already_signed, evidence_invalid.</summary>
    public class KysoDocumentException : KysoException { public KysoDocumentException(int c, string m) : base(c, m) { } }
    /// <summary>keyspec_invalid, module_load_failed, token_not_present, key_not_found, mechanism_unsupported,
    /// token_error, signature_check_failed, certificate_invalid.</summary>
    public class KysoKeyException : KysoException { public KysoKeyException(int c, string m) : base(c, m) { } }
    /// <summary>pin_required, pin_incorrect, pin_locked.</summary>
    public class KysoPinException : KysoException { public KysoPinException(int c, string m) : base(c, m) { } }
    public class KysoPinRequiredException : KysoPinException { public KysoPinRequiredException(int c, string m) : base(c, m) { } }
    /// <summary>pin_incorrect: the token refused the PIN (tried exactly once).</summary>
    public class KysoPinIncorrectException : KysoPinException { public KysoPinIncorrectException(int c, string m) : base(c, m) { } }
    public class KysoPinLockedException : KysoPinException { public KysoPinLockedException(int c, string m) : base(c, m) { } }
    /// <summary>network, tsa_rejected, revocation_invalid.</summary>
    public class KysoNetworkException : KysoException { public KysoNetworkException(int c, string m) : base(c, m) { } }
    /// <summary>cancelled: a PIN or progress callback asked to stop.</summary>
    public class KysoCancelledException : KysoException { public KysoCancelledException(int c, string m) : base(c, m) { } }
}
