// SafeHandles for the kyso_*_t handles: each releases its handle with the matching _destroy exactly once,
// and a disposed one is refused by the runtime (ObjectDisposedException) before libkyso is called.
using System;
using System.Runtime.InteropServices;

namespace Kyso
{
    internal abstract class KysoHandle : SafeHandle
    {
        protected KysoHandle() : base(IntPtr.Zero, true) { }
        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }
    }

    internal sealed class BufferHandle : KysoHandle
    {
        protected override bool ReleaseHandle() { return Native.kyso_buffer_destroy(handle) == 0; }
    }

    internal sealed class SignerHandle : KysoHandle
    {
        protected override bool ReleaseHandle() { return Native.kyso_signer_destroy(handle) == 0; }
    }

    internal sealed class PdfOptionsHandle : KysoHandle
    {
        protected override bool ReleaseHandle() { return Native.kyso_pdf_options_destroy(handle) == 0; }
    }

    internal sealed class VerifyContextHandle : KysoHandle
    {
        protected override bool ReleaseHandle() { return Native.kyso_verify_ctx_destroy(handle) == 0; }
    }

    internal sealed class ReportHandle : KysoHandle
    {
        protected override bool ReleaseHandle() { return Native.kyso_report_destroy(handle) == 0; }
    }

    internal sealed class BatchResultHandle : KysoHandle
    {
        protected override bool ReleaseHandle() { return Native.kyso_batch_result_destroy(handle) == 0; }
    }
}
