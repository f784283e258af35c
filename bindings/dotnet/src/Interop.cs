// Library start-up, status checks, UTF-8 strings and caller buffers (kyso.h rules 1, 4, 5, 7) (internal).
using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Kyso
{
    internal delegate int FillBuffer(byte[] output, ref UIntPtr len);

    internal static class Interop
    {
        private static readonly object Lock = new object();
        private static bool started;

        // kyso_init once per process, before the first call that needs it; kyso_shutdown when the process ends.
        internal static void Start()
        {
            lock (Lock) {
                if (started) return;
                if (Native.kyso_supports_api(Native.ApiVersion) != 0)
                    throw new DllNotFoundException("the loaded libkyso does not implement API version " + Native.ApiVersion);
                Check(Native.kyso_init());
                AppDomain.CurrentDomain.ProcessExit += (sender, e) => Native.kyso_shutdown();
                started = true;
            }
        }

        internal static void Check(int status)
        {
            if (status != 0) throw KysoException.For(status, LastError());
        }

        internal static string LastError() { return FromUtf8(Native.kyso_last_error()); }

        internal static byte[] Utf8(string value)
        {
            if (value == null) return null;
            var bytes = Encoding.UTF8.GetBytes(value);
            var terminated = new byte[bytes.Length + 1];
            Buffer.BlockCopy(bytes, 0, terminated, 0, bytes.Length);
            return terminated;
        }

        internal static string FromUtf8(IntPtr text)
        {
            if (text == IntPtr.Zero) return null;
            int len = 0;
            while (Marshal.ReadByte(text, len) != 0) ++len;
            var bytes = new byte[len];
            Marshal.Copy(text, bytes, 0, len);
            return Encoding.UTF8.GetString(bytes);
        }

        // A caller-buffer call made twice: once for the size (BUFFER_TOO_SMALL), once to fill it.
        internal static byte[] ReadBytes(FillBuffer fill)
        {
            var len = UIntPtr.Zero;
            int status = fill(null, ref len);
            while (status == Native.BufferTooSmall) {
                var output = new byte[(int)len.ToUInt64()];
                status = fill(output, ref len);
                if (status == 0) {
                    if ((int)len.ToUInt64() == output.Length) return output;
                    var exact = new byte[(int)len.ToUInt64()];
                    Buffer.BlockCopy(output, 0, exact, 0, exact.Length);
                    return exact;
                }
            }
            Check(status);
            return new byte[0];
        }

        internal static string ReadText(FillBuffer fill)
        {
            var bytes = ReadBytes(fill);
            int len = bytes.Length > 0 && bytes[bytes.Length - 1] == 0 ? bytes.Length - 1 : bytes.Length;
            return Encoding.UTF8.GetString(bytes, 0, len);
        }

        internal static byte[] BufferBytes(BufferHandle buffer)
        {
            IntPtr data;
            UIntPtr len;
            Check(Native.kyso_buffer_data(buffer, out data, out len));
            var bytes = new byte[(int)len.ToUInt64()];
            if (bytes.Length > 0) Marshal.Copy(data, bytes, 0, bytes.Length);
            return bytes;
        }

        internal static BufferHandle NewBuffer()
        {
            BufferHandle buffer;
            Check(Native.kyso_buffer_create(out buffer));
            return buffer;
        }
    }
}
