// A key that signs (kyso_signer_t): a PKCS#11 token or a PKCS#12 file; signing XML, PDF and XML batches.
using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Kyso
{
    /// <summary>What a PIN callback is asked for.</summary>
    public enum PinKind { TokenUser = 0, ContextSpecific = 1, Pkcs12Passphrase = 2 }

    /// <summary>Asked for a secret the KEYSPEC does not carry (label: the token label or the file name);
    /// returns it, or null to cancel (KysoCancelledException).</summary>
    public delegate string PinCallback(PinKind kind, string label);

    /// <summary>Called after each input of a batch, one call at a time, possibly from worker threads;
    /// returns true to stop.</summary>
    public delegate bool ProgressCallback(long done, long total);

    public sealed class Signer : IDisposable
    {
        internal readonly SignerHandle Handle;
        private readonly PinCallbackNative pinCallback; // kept alive while libkyso may call it
        private readonly List<Exception> callbackErrors;

        private Signer(SignerHandle handle, PinCallbackNative callback, List<Exception> errors)
        {
            Handle = handle;
            pinCallback = callback;
            callbackErrors = errors;
        }

        /// <summary>Opens a key as the CLI's --key takes it: "pkcs11:token=...;object=...?module-path=..."
        /// or "p12:PATH" with passSpec ("pass:TEXT", "env:VAR", "file:PATH", "fd:N"). pin gives whatever
        /// secret they do not. A PIN the token refuses is KysoPinIncorrectException after one attempt.</summary>
        public static Signer Open(string keyspec, string passSpec = null, PinCallback pin = null)
        {
            Interop.Start();
            var errors = new List<Exception>();
            PinCallbackNative native = null;
            if (pin != null) {
                native = (user, kind, label, output, size) => {
                    try {
                        string value = pin((PinKind)kind, Interop.FromUtf8(label) ?? "");
                        if (value == null) return 1;
                        byte[] bytes = Encoding.UTF8.GetBytes(value);
                        if ((ulong)bytes.Length >= size.ToUInt64())
                            throw new ArgumentException("the PIN is longer than KYSO_PIN_MAX");
                        Marshal.Copy(bytes, 0, output, bytes.Length);
                        Marshal.WriteByte(output, bytes.Length, 0);
                        Array.Clear(bytes, 0, bytes.Length);
                        return 0;
                    } catch (Exception e) { // never across the C boundary: cancel, rethrow afterwards
                        lock (errors) errors.Add(e);
                        return 1;
                    }
                };
            }
            SignerHandle handle;
            int status = Native.kyso_signer_open(out handle, Interop.Utf8(keyspec), Interop.Utf8(passSpec), native,
                                                 IntPtr.Zero);
            Raise(status, errors);
            return new Signer(handle, native, errors);
        }

        /// <summary>Opens a key with a fixed PIN (or PKCS#12 passphrase) for whatever the KEYSPEC does not carry.</summary>
        public static Signer Open(string keyspec, string passSpec, string pin)
        {
            return Open(keyspec, passSpec, (kind, label) => pin);
        }

        /// <summary>The certificate's subject, RFC 2253 order ("CN=...,O=...,C=VN").</summary>
        public string Subject {
            get { return Interop.ReadText((byte[] o, ref UIntPtr l) => Native.kyso_signer_subject(Handle, o, ref l)); }
        }

        /// <summary>The certificate, DER.</summary>
        public byte[] Certificate {
            get { return Interop.ReadBytes((byte[] o, ref UIntPtr l) => Native.kyso_signer_certificate(Handle, o, ref l)); }
        }

        /// <summary>Signs a claims XML file into outPath (written atomically). profile: "claims", "checkin",
        /// "catalog", "ksk-doctor", "ksk-hospital", or null to detect it from the root element.</summary>
        public void SignXml(string inPath, string outPath, string profile = null, bool overwrite = false)
        {
            Raise(Native.kyso_xml_sign_file(Handle, Interop.Utf8(inPath), Interop.Utf8(outPath), Interop.Utf8(profile),
                                            overwrite ? Native.SignOverwrite : 0), callbackErrors);
        }

        /// <summary>Signs claims XML in memory and returns the signed bytes.</summary>
        public byte[] SignXml(byte[] document, string profile = null)
        {
            if (document == null) throw new ArgumentNullException("document");
            using (var buffer = Interop.NewBuffer()) {
                Raise(Native.kyso_xml_sign_buffer(Handle, document, (UIntPtr)document.Length, Interop.Utf8(profile), buffer),
                      callbackErrors);
                return Interop.BufferBytes(buffer);
            }
        }

        /// <summary>Signs a PDF into outPath: one incremental revision (PAdES). options null: the defaults.</summary>
        public void SignPdf(string inPath, string outPath, PdfOptions options = null, bool overwrite = false)
        {
            if (options != null) {
                Raise(Native.kyso_pdf_sign_file(Handle, Interop.Utf8(inPath), Interop.Utf8(outPath), options.Handle,
                                                overwrite ? Native.SignOverwrite : 0), callbackErrors);
                return;
            }
            using (var defaults = new PdfOptions()) SignPdf(inPath, outPath, defaults, overwrite);
        }

        /// <summary>Signs XML files and directories (walked for *.xml) into outDir, as `kyso xml sign IN... --out`.
        /// An existing signed copy by this signer is skipped. Returns every input's outcome when all were
        /// signed or skipped; otherwise throws the first failure's exception (or KysoCancelledException)
        /// with Result set.</summary>
        public BatchResult SignXmlBatch(IList<string> inputs, string outDir, ProgressCallback progress = null,
                                        string profile = null, bool overwrite = false, int jobs = 0)
        {
            var errors = new List<Exception>();
            ProgressCallbackNative native = null;
            if (progress != null) {
                native = (user, done, total) => {
                    try {
                        return progress((long)done.ToUInt64(), (long)total.ToUInt64()) ? 1 : 0;
                    } catch (Exception e) {
                        lock (errors) errors.Add(e);
                        return 1;
                    }
                };
            }
            var paths = new IntPtr[Math.Max(inputs.Count, 1)];
            try {
                for (int i = 0; i < inputs.Count; ++i) {
                    byte[] path = Interop.Utf8(inputs[i]);
                    paths[i] = Marshal.AllocHGlobal(path.Length);
                    Marshal.Copy(path, 0, paths[i], path.Length);
                }
                BatchResultHandle handle;
                Interop.Check(Native.kyso_batch_result_create(out handle));
                using (handle) {
                    int status = Native.kyso_xml_sign_batch(Handle, paths, (UIntPtr)inputs.Count, Interop.Utf8(outDir),
                                                            Interop.Utf8(profile), overwrite ? Native.SignOverwrite : 0,
                                                            (uint)jobs, native, IntPtr.Zero, handle);
                    string detail = Interop.LastError();
                    GC.KeepAlive(native);
                    var result = BatchResult.Read(handle);
                    if (errors.Count > 0) ExceptionDispatchInfo.Capture(errors[0]).Throw();
                    if (status != 0) {
                        var e = KysoException.For(status, detail);
                        e.Result = result;
                        throw e;
                    }
                    return result;
                }
            } finally {
                foreach (var p in paths)
                    if (p != IntPtr.Zero) Marshal.FreeHGlobal(p);
            }
        }

        public void Dispose()
        {
            Handle.Dispose();
            GC.KeepAlive(pinCallback); // libkyso may call it until the signer is destroyed
        }

        // Check(), but an exception thrown by a callback wins over the cancellation it caused.
        private static void Raise(int status, List<Exception> errors)
        {
            if (status != 0) {
                lock (errors) {
                    if (errors.Count > 0) {
                        var e = errors[0];
                        errors.Clear();
                        ExceptionDispatchInfo.Capture(e).Throw();
                    }
                }
            }
            Interop.Check(status);
        }
    }
}
