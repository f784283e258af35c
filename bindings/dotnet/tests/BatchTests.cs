// Signing batches: progress for every input, cancellation from the callback, resuming, failing inputs.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Kyso.Tests
{
    public class BatchTests : Fixture
    {
        private const int Count = 12;
        private readonly string inputs;

        public BatchTests()
        {
            inputs = In("in");
            Directory.CreateDirectory(inputs);
            byte[] data = File.ReadAllBytes(SampleXml);
            for (int i = 1; i <= Count; ++i) File.WriteAllBytes(Path.Combine(inputs, string.Format("claim_{0:D6}.xml", i)), data);
        }

        public void ProgressForEveryInputOnTheToken()
        {
            var calls = new List<string>();
            using (var signer = Signer.Open(TokenUri(), null, Pin)) {
                var result = signer.SignXmlBatch(new[] { inputs }, In("out"), (done, total) => {
                    lock (calls) calls.Add(done + "/" + total);
                    return false;
                }, jobs: 3);
                Check.Equal(Count, result.Signed);
                Check.Equal(0, result.Failed);
                var expected = Enumerable.Range(1, Count).Select(i => i + "/" + Count);
                Check.Equal(string.Join(",", expected), string.Join(",", calls.OrderBy(c => int.Parse(c.Split('/')[0]))));
                Check.True(result.Items.All(i => i.Output.StartsWith(In("out"))), "outputs under out");
                var again = signer.SignXmlBatch(new[] { inputs }, In("out"));
                Check.Equal(Count, again.Skipped);
                Check.Equal(0, again.Signed);
            }
        }

        public void CancelledByTheCallback()
        {
            var calls = new List<long>();
            using (var signer = Signer.Open(P12(), P12Pass)) {
                var e = Check.Throws<KysoCancelledException>(() => signer.SignXmlBatch(new[] { inputs }, In("out"), (done, total) => {
                    calls.Add(done);
                    return done == 2;
                }, jobs: 1));
                Check.Equal("cancelled", e.Name);
                Check.Contains("10 of 12 inputs were not signed", e.Detail);
                Check.Equal(2, e.Result.Signed);
                Check.Equal(Count - 2, e.Result.Failed);
                Check.True(e.Result.Items.Where(i => i.Status == ItemStatus.Failed).All(i => i.Error == "cancelled"), "cancelled items");
            }
            Check.Equal("1,2", string.Join(",", calls));
            Check.True(!File.Exists(Path.Combine(In("out"), "claim_000003.xml")), "third not signed");
        }

        public void AnExceptionInTheCallbackStopsTheBatchAndIsThrown()
        {
            using (var signer = Signer.Open(P12(), P12Pass))
                Check.Throws<TimeoutException>(() => signer.SignXmlBatch(new[] { inputs }, In("out"),
                                                                        (done, total) => { throw new TimeoutException("stop"); }, jobs: 1));
            Check.True(Directory.GetFiles(In("out"), "*.xml").Length < Count, "stopped early");
        }

        public void AFailingInputThrowsItsErrorWithEveryOutcome()
        {
            File.WriteAllText(Path.Combine(inputs, "claim_000005.xml"), "<GIAMDINHHS><broken>");
            using (var signer = Signer.Open(P12(), P12Pass)) {
                var e = Check.Throws<KysoDocumentException>(() => signer.SignXmlBatch(new[] { inputs }, In("out"), jobs: 2));
                Check.Equal("malformed_xml", e.Name);
                Check.Equal(Count - 1, e.Result.Signed);
                var failed = e.Result.Items.Single(i => i.Status == ItemStatus.Failed);
                Check.True(failed.Input.EndsWith("claim_000005.xml"), "the broken input");
                Check.Equal("malformed_xml", failed.Error);
                Check.True(failed.Message != "", "a message");
            }
        }
    }
}
