// P/Invoke declarations of kyso.h (internal). [DllImport("kyso")] is resolved at run time: Mono maps it
// through Kyso.dll.config to libkyso.so.0 on the library path (LD_LIBRARY_PATH, ld.so.conf); .NET finds
// libkyso.so there. Strings cross as UTF-8 byte arrays (NUL-terminated), never as the platform's ANSI.
using System;
using System.Runtime.InteropServices;

namespace Kyso
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate int PinCallbackNative(IntPtr user, int kind, IntPtr label, IntPtr pin, UIntPtr pinSize);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate int ProgressCallbackNative(IntPtr user, UIntPtr done, UIntPtr total);

    internal static class Native
    {
        private const string Lib = "kyso";
        internal const int ApiVersion = 1;
        internal const int BufferTooSmall = -1001;
        internal const uint SignOverwrite = 0x1;

        [DllImport(Lib)] internal static extern IntPtr kyso_last_error();
        [DllImport(Lib)] internal static extern IntPtr kyso_error_name(int status);
        [DllImport(Lib)] internal static extern int kyso_init();
        [DllImport(Lib)] internal static extern int kyso_shutdown();
        [DllImport(Lib)] internal static extern IntPtr kyso_version();
        [DllImport(Lib)] internal static extern uint kyso_api_version();
        [DllImport(Lib)] internal static extern int kyso_supports_api(uint version);

        [DllImport(Lib)] internal static extern int kyso_buffer_create(out BufferHandle buffer);
        [DllImport(Lib)] internal static extern int kyso_buffer_data(BufferHandle buffer, out IntPtr data, out UIntPtr len);
        [DllImport(Lib)] internal static extern int kyso_buffer_destroy(IntPtr buffer);

        [DllImport(Lib)] internal static extern int kyso_signer_open(out SignerHandle signer, byte[] keyspec, byte[] passSpec,
                                                                     PinCallbackNative callback, IntPtr user);
        [DllImport(Lib)] internal static extern int kyso_signer_certificate(SignerHandle signer, byte[] output, ref UIntPtr len);
        [DllImport(Lib)] internal static extern int kyso_signer_subject(SignerHandle signer, byte[] output, ref UIntPtr len);
        [DllImport(Lib)] internal static extern int kyso_signer_destroy(IntPtr signer);

        [DllImport(Lib)] internal static extern int kyso_xml_sign_file(SignerHandle signer, byte[] inPath, byte[] outPath,
                                                                       byte[] profile, uint flags);
        [DllImport(Lib)] internal static extern int kyso_xml_sign_buffer(SignerHandle signer, byte[] data, UIntPtr len,
                                                                         byte[] profile, BufferHandle output);

        [DllImport(Lib)] internal static extern int kyso_pdf_options_create(out PdfOptionsHandle options);
        [DllImport(Lib)] internal static extern int kyso_pdf_options_set_field(PdfOptionsHandle options, byte[] name);
        [DllImport(Lib)] internal static extern int kyso_pdf_options_set_visible(PdfOptionsHandle options, int page, double x,
                                                                                 double y, double width, double height);
        [DllImport(Lib)] internal static extern int kyso_pdf_options_set_name(PdfOptionsHandle options, byte[] value);
        [DllImport(Lib)] internal static extern int kyso_pdf_options_set_title(PdfOptionsHandle options, byte[] value);
        [DllImport(Lib)] internal static extern int kyso_pdf_options_set_reason(PdfOptionsHandle options, byte[] value);
        [DllImport(Lib)] internal static extern int kyso_pdf_options_set_location(PdfOptionsHandle options, byte[] value);
        [DllImport(Lib)] internal static extern int kyso_pdf_options_set_image(PdfOptionsHandle options, byte[] pngPath);
        [DllImport(Lib)] internal static extern int kyso_pdf_options_set_certify(PdfOptionsHandle options, int certify);
        [DllImport(Lib)] internal static extern int kyso_pdf_options_set_level(PdfOptionsHandle options, int level);
        [DllImport(Lib)] internal static extern int kyso_pdf_options_set_tsa_url(PdfOptionsHandle options, byte[] url);
        [DllImport(Lib)] internal static extern int kyso_pdf_options_destroy(IntPtr options);
        [DllImport(Lib)] internal static extern int kyso_pdf_sign_file(SignerHandle signer, byte[] inPath, byte[] outPath,
                                                                       PdfOptionsHandle options, uint flags);

        [DllImport(Lib)] internal static extern int kyso_verify_ctx_create(out VerifyContextHandle ctx);
        [DllImport(Lib)] internal static extern int kyso_verify_ctx_add_trust(VerifyContextHandle ctx, byte[] path);
        [DllImport(Lib)] internal static extern int kyso_verify_ctx_add_untrusted(VerifyContextHandle ctx, byte[] path);
        [DllImport(Lib)] internal static extern int kyso_verify_ctx_set_time(VerifyContextHandle ctx, byte[] rfc3339);
        [DllImport(Lib)] internal static extern int kyso_verify_ctx_set_offline(VerifyContextHandle ctx, int offline);
        [DllImport(Lib)] internal static extern int kyso_verify_ctx_set_cache_dir(VerifyContextHandle ctx, byte[] path);
        [DllImport(Lib)] internal static extern int kyso_verify_ctx_set_profile(VerifyContextHandle ctx, byte[] profile);
        [DllImport(Lib)] internal static extern int kyso_verify_ctx_destroy(IntPtr ctx);
        [DllImport(Lib)] internal static extern int kyso_verify_file(VerifyContextHandle ctx, byte[] path, out ReportHandle report);
        [DllImport(Lib)] internal static extern int kyso_verify_buffer(VerifyContextHandle ctx, byte[] data, UIntPtr len,
                                                                       byte[] name, out ReportHandle report);

        [DllImport(Lib)] internal static extern IntPtr kyso_indication_name(int indication);
        [DllImport(Lib)] internal static extern IntPtr kyso_sub_indication_name(int subIndication);
        [DllImport(Lib)] internal static extern int kyso_report_document_count(ReportHandle report, out UIntPtr count);
        [DllImport(Lib)] internal static extern int kyso_report_document_path(ReportHandle report, UIntPtr doc, byte[] output,
                                                                              ref UIntPtr len);
        [DllImport(Lib)] internal static extern int kyso_report_document_format(ReportHandle report, UIntPtr doc, byte[] output,
                                                                                ref UIntPtr len);
        [DllImport(Lib)] internal static extern int kyso_report_document_profile(ReportHandle report, UIntPtr doc, byte[] output,
                                                                                 ref UIntPtr len);
        [DllImport(Lib)] internal static extern int kyso_report_document_error(ReportHandle report, UIntPtr doc, out int status,
                                                                               byte[] output, ref UIntPtr len);
        [DllImport(Lib)] internal static extern int kyso_report_signature_count(ReportHandle report, UIntPtr doc, out UIntPtr count);
        [DllImport(Lib)] internal static extern int kyso_report_signature_indication(ReportHandle report, UIntPtr doc, UIntPtr sig,
                                                                                     out int indication, out int subIndication);
        [DllImport(Lib)] internal static extern int kyso_report_signature_signer(ReportHandle report, UIntPtr doc, UIntPtr sig,
                                                                                 int attr, byte[] output, ref UIntPtr len);
        [DllImport(Lib)] internal static extern int kyso_report_signature_time(ReportHandle report, UIntPtr doc, UIntPtr sig,
                                                                               out int source, byte[] output, ref UIntPtr len);
        [DllImport(Lib)] internal static extern int kyso_report_signature_scope(ReportHandle report, UIntPtr doc, UIntPtr sig,
                                                                                byte[] output, ref UIntPtr len);
        [DllImport(Lib)] internal static extern int kyso_report_signature_message_count(ReportHandle report, UIntPtr doc,
                                                                                        UIntPtr sig, int kind, out UIntPtr count);
        [DllImport(Lib)] internal static extern int kyso_report_signature_message(ReportHandle report, UIntPtr doc, UIntPtr sig,
                                                                                  int kind, UIntPtr index, byte[] output,
                                                                                  ref UIntPtr len);
        [DllImport(Lib)] internal static extern int kyso_report_json(ReportHandle report, BufferHandle output);
        [DllImport(Lib)] internal static extern int kyso_report_text(ReportHandle report, byte[] lang, BufferHandle output);
        [DllImport(Lib)] internal static extern int kyso_report_html(ReportHandle report, byte[] lang, BufferHandle output);
        [DllImport(Lib)] internal static extern int kyso_report_destroy(IntPtr report);

        [DllImport(Lib)] internal static extern int kyso_xml_sign_batch(SignerHandle signer, IntPtr[] inputs, UIntPtr inputCount,
                                                                        byte[] output, byte[] profile, uint flags, uint jobs,
                                                                        ProgressCallbackNative progress, IntPtr user,
                                                                        BatchResultHandle result);
        [DllImport(Lib)] internal static extern int kyso_batch_result_create(out BatchResultHandle result);
        [DllImport(Lib)] internal static extern int kyso_batch_result_counts(BatchResultHandle result, out UIntPtr items,
                                                                             out UIntPtr signedCount, out UIntPtr skipped,
                                                                             out UIntPtr failed);
        [DllImport(Lib)] internal static extern int kyso_batch_result_item(BatchResultHandle result, UIntPtr item, out int status,
                                                                           out int error);
        [DllImport(Lib)] internal static extern int kyso_batch_result_item_path(BatchResultHandle result, UIntPtr item, int which,
                                                                                byte[] output, ref UIntPtr len);
        [DllImport(Lib)] internal static extern int kyso_batch_result_item_message(BatchResultHandle result, UIntPtr item,
                                                                                   byte[] output, ref UIntPtr len);
        [DllImport(Lib)] internal static extern int kyso_batch_result_destroy(IntPtr result);

        [DllImport(Lib)] internal static extern int kyso_archive_verify(VerifyContextHandle ctx, byte[] path, byte[] checkpoint,
                                                                        out int verdict, out ReportHandle report,
                                                                        BufferHandle json);
    }
}
