// How a PDF is signed (kyso_pdf_options_t): starts as the CLI's defaults, a new invisible field, PAdES B-B.
using System;

namespace Kyso
{
    public enum PadesLevel { BB = 0, BT = 1 /* with a signature time-stamp: set TsaUrl */ }

    /// <summary>DocMDP permissions of a certification signature.</summary>
    public enum Certify { None = 0, NoChanges = 1, FormFilling = 2, FormFillingAndAnnotations = 3 }

    public sealed class PdfOptions : IDisposable
    {
        internal readonly PdfOptionsHandle Handle;

        public PdfOptions()
        {
            Interop.Start();
            Interop.Check(Native.kyso_pdf_options_create(out Handle));
        }

        /// <summary>An existing empty signature field to sign, or the name of the new one.</summary>
        public PdfOptions Field(string name) { return Set(Native.kyso_pdf_options_set_field(Handle, Interop.Utf8(name))); }

        /// <summary>A visible appearance on page (from 1), in PDF points from the page's lower-left corner.</summary>
        public PdfOptions Visible(int page, double x, double y, double width, double height)
        {
            return Set(Native.kyso_pdf_options_set_visible(Handle, page, x, y, width, height));
        }

        /// <summary>The appearance's signer name (default: the certificate's CN).</summary>
        public PdfOptions Name(string value) { return Set(Native.kyso_pdf_options_set_name(Handle, Interop.Utf8(value))); }
        /// <summary>"Chức danh".</summary>
        public PdfOptions Title(string value) { return Set(Native.kyso_pdf_options_set_title(Handle, Interop.Utf8(value))); }
        /// <summary>"Lý do" (also /Reason).</summary>
        public PdfOptions Reason(string value) { return Set(Native.kyso_pdf_options_set_reason(Handle, Interop.Utf8(value))); }
        /// <summary>"Nơi ký" (also /Location).</summary>
        public PdfOptions Location(string value) { return Set(Native.kyso_pdf_options_set_location(Handle, Interop.Utf8(value))); }
        /// <summary>A PNG drawn in the appearance (scanned signature or seal).</summary>
        public PdfOptions Image(string pngPath) { return Set(Native.kyso_pdf_options_set_image(Handle, Interop.Utf8(pngPath))); }
        public PdfOptions Certify(Certify permissions) { return Set(Native.kyso_pdf_options_set_certify(Handle, (int)permissions)); }
        public PdfOptions Level(PadesLevel level) { return Set(Native.kyso_pdf_options_set_level(Handle, (int)level)); }
        /// <summary>The RFC 3161 time-stamping authority (needed from PAdES B-T on).</summary>
        public PdfOptions TsaUrl(string url) { return Set(Native.kyso_pdf_options_set_tsa_url(Handle, Interop.Utf8(url))); }

        private PdfOptions Set(int status)
        {
            Interop.Check(status);
            return this;
        }

        public void Dispose() { Handle.Dispose(); }
    }
}
