// The outcome of a signing batch (kyso_batch_result_t), read into managed values.
using System;
using System.Collections.Generic;
using System.Linq;

namespace Kyso
{
    public enum ItemStatus { Signed = 0, Skipped = 1 /* already signed by this signer */, Failed = 2 }

    public sealed class BatchItem
    {
        public string Input, Output;
        public ItemStatus Status;
        /// <summary>"" unless it failed: the error's name ("malformed_xml", "cancelled") and message.</summary>
        public string Error, Message;
    }

    public sealed class BatchResult
    {
        public IList<BatchItem> Items { get; private set; }
        public int Signed { get { return Items.Count(i => i.Status == ItemStatus.Signed); } }
        public int Skipped { get { return Items.Count(i => i.Status == ItemStatus.Skipped); } }
        public int Failed { get { return Items.Count(i => i.Status == ItemStatus.Failed); } }

        internal static BatchResult Read(BatchResultHandle h)
        {
            UIntPtr n, signedCount, skipped, failed;
            Interop.Check(Native.kyso_batch_result_counts(h, out n, out signedCount, out skipped, out failed));
            var items = new List<BatchItem>();
            for (ulong i = 0; i < n.ToUInt64(); ++i) {
                var item = (UIntPtr)i;
                int status, error;
                Interop.Check(Native.kyso_batch_result_item(h, item, out status, out error));
                items.Add(new BatchItem {
                    Input = Interop.ReadText((byte[] o, ref UIntPtr l) => Native.kyso_batch_result_item_path(h, item, 0, o, ref l)),
                    Output = Interop.ReadText((byte[] o, ref UIntPtr l) => Native.kyso_batch_result_item_path(h, item, 1, o, ref l)),
                    Status = (ItemStatus)status,
                    Error = error == 0 ? "" : KysoException.NameOf(error),
                    Message = Interop.ReadText((byte[] o, ref UIntPtr l) => Native.kyso_batch_result_item_message(h, item, o, ref l)),
                });
            }
            return new BatchResult { Items = items };
        }
    }
}
