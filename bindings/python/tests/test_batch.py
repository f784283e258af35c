"""Signing batches: progress reported for every input, cancellation from the callback, resuming."""
import threading
import unittest

from support import P12_PASS, SAMPLE_XML, TempDirTest, kyso, p12, token_uri, PIN

COUNT = 12


class BatchTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.inputs = self.dir / "in"
        self.inputs.mkdir()
        data = SAMPLE_XML.read_bytes()
        for i in range(1, COUNT + 1):
            (self.inputs / f"claim_{i:06d}.xml").write_bytes(data)

    def test_progress_for_every_input_on_the_token(self):
        calls = []
        lock = threading.Lock()

        def progress(done, total):
            with lock:
                calls.append((done, total))
            return False

        with kyso.Signer.open(token_uri(), pin=PIN) as signer:
            result = signer.sign_xml_batch([self.inputs], self.dir / "out", jobs=3, progress=progress)
            self.assertEqual((COUNT, 0, 0), (result.signed, result.skipped, result.failed))
            self.assertEqual(sorted(calls), [(i, COUNT) for i in range(1, COUNT + 1)])
            self.assertTrue(all(item.output.startswith(str(self.dir / "out")) for item in result.items))
            self.assertTrue(all((self.dir / "out" / f"claim_{i:06d}.xml").exists() for i in range(1, COUNT + 1)))
            # Run again: every output is a signed copy by this signer, so it is skipped.
            again = signer.sign_xml_batch([self.inputs], self.dir / "out")
            self.assertEqual((0, COUNT, 0), (again.signed, again.skipped, again.failed))

    def test_cancelled_by_the_callback(self):
        calls = []
        with kyso.Signer.open(p12(), P12_PASS) as signer, self.assertRaises(kyso.CancelledError) as caught:
            signer.sign_xml_batch([self.inputs], self.dir / "out", jobs=1,
                                  progress=lambda done, total: calls.append(done) or done == 2)
        self.assertEqual([1, 2], calls)
        self.assertEqual("cancelled", caught.exception.name)
        self.assertIn("10 of 12 inputs were not signed", caught.exception.message)
        result = caught.exception.result
        self.assertEqual((2, 0, COUNT - 2), (result.signed, result.skipped, result.failed))
        self.assertEqual({"cancelled"}, {i.error for i in result.items if i.status == kyso.ItemStatus.FAILED})
        self.assertFalse((self.dir / "out" / "claim_000003.xml").exists())

    def test_an_exception_in_the_callback_stops_the_batch_and_is_raised(self):
        def progress(done, total):
            raise ValueError("stop here")

        with kyso.Signer.open(p12(), P12_PASS) as signer, self.assertRaises(ValueError):
            signer.sign_xml_batch([self.inputs], self.dir / "out", jobs=1, progress=progress)
        self.assertLess(len(list((self.dir / "out").glob("*.xml"))), COUNT)

    def test_a_failing_input_raises_its_error_with_every_outcome(self):
        (self.inputs / "claim_000005.xml").write_bytes(b"<GIAMDINHHS><broken>")
        with kyso.Signer.open(p12(), P12_PASS) as signer, self.assertRaises(kyso.DocumentError) as caught:
            signer.sign_xml_batch([self.inputs], self.dir / "out", jobs=2)
        self.assertEqual("malformed_xml", caught.exception.name)
        result = caught.exception.result
        self.assertEqual((COUNT - 1, 1), (result.signed, result.failed))
        failed, = [i for i in result.items if i.status == kyso.ItemStatus.FAILED]
        self.assertTrue(failed.input.endswith("claim_000005.xml"))
        self.assertEqual("malformed_xml", failed.error)
        self.assertTrue(failed.message)


if __name__ == "__main__":
    unittest.main()
