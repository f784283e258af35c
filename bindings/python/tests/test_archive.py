"""Archive evidence against a real RFC 3161 TSA on 127.0.0.1: create, export, append, verify, tampering and
the exceptions of unusable arguments."""
import shutil
import unittest

from support import P12_PASS, SAMPLE_XML, TempDirTest, kyso, p12, trusting_context, tsa_url


class ArchiveTest(TempDirTest):
    @classmethod
    def setUpClass(cls):
        cls.signer = kyso.Signer.open(p12(), P12_PASS)
        cls.tsa = tsa_url()

    @classmethod
    def tearDownClass(cls):
        cls.signer.close()

    def make_batch(self, name, group_by=kyso.GroupBy.FILE):
        """Two notes and a signed claims file in a new batch self.dir/NAME; returns its JSON."""
        src = self.dir / f"in-{name}"
        src.mkdir()
        (src / "note_0.txt").write_text("hồ sơ bệnh án 0\n", encoding="utf-8")
        (src / "note_1.txt").write_text(f"hồ sơ bệnh án {name}\n", encoding="utf-8")
        self.signer.sign_xml(SAMPLE_XML, src / "claim_001.xml")
        return kyso.create_batch([src], self.dir / name, self.tsa, group_by=group_by)

    def record_of(self, created, file_name):
        for r in created["records"]:
            if any(f["name"] == file_name for f in r["files"]):
                return r["record_id"]
        raise AssertionError(f"no record holds {file_name}")

    def test_create_export_and_verify(self):
        created = self.make_batch("batch")
        self.assertEqual(3, len(created["records"]))
        self.assertTrue(created["batch"]["batch_id"])
        record = self.record_of(created, "claim_001.xml")
        kyso.export_record(self.dir / "batch", record, self.dir / "package")
        self.assertTrue((self.dir / "package" / f"{record}.ers").is_file())

        with trusting_context() as ctx:
            with kyso.verify_archive(self.dir / "batch", context=ctx) as result:
                self.assertEqual(kyso.Verdict.OK, result.verdict)
                self.assertEqual("batch", result.archive["kind"])
                self.assertEqual([], result.problems)
                self.assertEqual(3, len(result.report.documents))
                self.assertEqual({"archive-record"}, {d.format for d in result.report.documents})
                self.assertEqual([kyso.Indication.TOTAL_PASSED], [s.indication for s in result.report.signatures])
                self.assertEqual(1, len(result.statements))
                self.assertIn("existed unaltered at", result.statements[0])
            with kyso.verify_archive(self.dir / "package", ctx) as result:
                self.assertEqual(kyso.Verdict.OK, result.verdict)
                self.assertEqual("package", result.archive["kind"])
                self.assertEqual(record, result.archive["records"][0]["record_id"])
        # An empty context trusts no TSA: the time-stamp proves nothing.
        with kyso.verify_archive(self.dir / "batch") as result:
            self.assertEqual(kyso.Verdict.INDETERMINATE, result.verdict)

    def test_grouping(self):
        src = self.dir / "in"
        src.mkdir()
        for name in ("c1.note.txt", "c1.scan.txt", "c2.txt"):
            (src / name).write_text(name)
        created = kyso.create_batch([src / "c1.note.txt", src / "c1.scan.txt", src / "c2.txt"], self.dir / "b",
                                    self.tsa, group_by=kyso.GroupBy.STEM)
        self.assertEqual([1, 2], sorted(len(r["files"]) for r in created["records"]))

    def test_append_and_verify_an_archive_with_a_checkpoint(self):
        for name in ("a", "b", "c"):
            self.make_batch(name)
        archive = self.dir / "archive"
        kyso.append_batches(self.signer, archive, [self.dir / "a", self.dir / "b"], origin="bv-python")
        self.assertFalse((self.dir / "a").exists())
        shutil.copy(archive / "log" / "checkpoint", self.dir / "auditor.checkpoint")
        kyso.append_batches(self.signer, archive, [self.dir / "c"])
        with trusting_context() as ctx, \
                kyso.verify_archive(archive, context=ctx, checkpoint=self.dir / "auditor.checkpoint") as result:
            self.assertEqual(kyso.Verdict.OK, result.verdict, result.problems)
            self.assertEqual("archive", result.archive["kind"])
            self.assertEqual(3, len(result.batches))
            self.assertTrue(result.archive["log"]["auditor_checkpoint"]["consistent"])
            self.assertEqual(9, len(result.report.documents))

    def test_a_changed_file_fails_naming_it(self):
        created = self.make_batch("batch")
        record = self.record_of(created, "note_1.txt")
        with open(self.dir / "batch" / "data" / "records" / record / "note_1.txt", "ab") as f:
            f.write(b"x")
        with trusting_context() as ctx, kyso.verify_archive(self.dir / "batch", ctx) as result:
            self.assertEqual(kyso.Verdict.FAILED, result.verdict)
            changed = [p for p in result.problems if "CHANGED" in p]
            self.assertEqual(1, len(changed), result.problems)
            self.assertIn(f"{record}/note_1.txt", changed[0])

    def test_errors_are_exceptions(self):
        self.make_batch("batch")
        with self.assertRaises(kyso.FileError) as e:
            kyso.create_batch([self.dir / "in-batch"], self.dir / "batch", self.tsa)
        self.assertEqual("output_exists", e.exception.name)
        with self.assertRaises(kyso.FileError) as e:
            kyso.create_batch([self.dir / "missing.txt"], self.dir / "new", self.tsa)
        self.assertEqual("io", e.exception.name)
        with self.assertRaises(kyso.NetworkError) as e:
            kyso.create_batch([self.dir / "in-batch"], self.dir / "new", self.tsa + "reject")
        self.assertEqual("tsa_rejected", e.exception.name)
        self.assertFalse((self.dir / "new").exists())
        with self.assertRaises(kyso.UsageError):
            kyso.create_batch([], self.dir / "new", self.tsa)
        with self.assertRaises(kyso.UsageError) as e:
            kyso.create_batch([self.dir / "in-batch"], self.dir / "new", self.tsa, group_by=7)
        self.assertIn("group_by", e.exception.message)

        with self.assertRaises(kyso.UsageError) as e:
            kyso.export_record(self.dir / "batch", "r0000000000000000", self.dir / "package")
        self.assertIn("no record", e.exception.message)
        with self.assertRaises(kyso.FileError) as e:
            kyso.export_record(self.dir / "no-such-batch", "r0000000000000000", self.dir / "package")
        self.assertIn("does not exist", e.exception.message)

        with self.assertRaises(kyso.UsageError) as e:
            kyso.append_batches(self.signer, self.dir / "archive", [self.dir / "batch"])
        self.assertIn("origin", e.exception.message)
        closed = kyso.Signer.open(p12(), P12_PASS)
        closed.close()
        with self.assertRaises(kyso.InvalidHandleError):
            kyso.append_batches(closed, self.dir / "archive", [self.dir / "batch"], origin="x")

        with trusting_context() as ctx:
            with self.assertRaises(kyso.FileError):
                kyso.verify_archive(self.dir / "nowhere", ctx)
            with self.assertRaises(kyso.UsageError):
                kyso.verify_archive(self.dir / "in-batch", ctx)
            with self.assertRaises(kyso.UsageError):
                kyso.verify_archive(self.dir / "batch", ctx, checkpoint=self.dir / "x.checkpoint")
            kyso.append_batches(self.signer, self.dir / "archive", [self.dir / "batch"], origin="bv")
            (self.dir / "garbage.checkpoint").write_text("not a checkpoint\n")
            with self.assertRaises(kyso.DocumentError) as e:
                kyso.verify_archive(self.dir / "archive", ctx, checkpoint=self.dir / "garbage.checkpoint")
            self.assertEqual("evidence_invalid", e.exception.name)
            with self.assertRaises(kyso.FileError):
                kyso.verify_archive(self.dir / "archive", ctx, checkpoint=self.dir / "none.checkpoint")


if __name__ == "__main__":
    unittest.main()
