"""Tests of testdata/rfc4998_verify.py, the independent RFC 4998 verifier, on records that
testdata/rfc4998_make.py builds (sections 4.2, 4.3, 5.2, 5.3); each case asserts the exit code and the
exact reason. Fails, never skips, when openssl or python3-asn1crypto is missing."""
import datetime
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TESTDATA = os.path.join(ROOT, 'testdata')
VERIFY = os.path.join(TESTDATA, 'rfc4998_verify.py')
sys.path.insert(0, TESTDATA)
import rfc4998_make as mk  # noqa: E402

TSA = OTHER_TSA = WORK = None


def setUpModule():
    global TSA, OTHER_TSA, WORK
    if shutil.which('openssl') is None:
        raise AssertionError('openssl CLI is missing (scripts/setup installs it)')
    import asn1crypto  # noqa: F401 -- an ImportError here fails the run: python3-asn1crypto is required
    WORK = tempfile.mkdtemp(prefix='rfc4998-test-')
    TSA, OTHER_TSA = mk.TestTSA('Test'), mk.TestTSA('Other')


def tearDownModule():
    for tsa in (TSA, OTHER_TSA):
        if tsa:
            tsa.close()
    if WORK:
        shutil.rmtree(WORK, ignore_errors=True)


def sha(alg, data):
    return hashlib.new(alg, data).digest()


def objects(n, tag='obj'):
    return [f'{tag} {i}: record.manifest bytes'.encode() for i in range(n)]


def walk(alg, h, lists):
    """Section 4.3 steps 2-3, for computing the root a verifier must report on a broken record."""
    for level, values in enumerate(lists):
        values = values if level == 0 else values + [h]
        h = sha(alg, b''.join(sorted(values))) if len(values) > 1 else values[0]
    return h


class Rfc4998VerifierTest(unittest.TestCase):
    def verify(self, er, data=None, hashes=None, ca=True, extra=()):
        fd, er_path = tempfile.mkstemp(dir=WORK, suffix='.ers')
        with os.fdopen(fd, 'wb') as f:
            f.write(er)
        cmd = [sys.executable, VERIFY, '--er', er_path, '--json', *extra]
        if data is not None:
            data_path = er_path + '.data'
            with open(data_path, 'wb') as f:
                f.write(data)
            cmd += ['--data', data_path]
        for h in hashes or ():
            cmd += ['--hash', h.hex()]
        if ca:
            cmd += ['--tsa-ca', (ca if isinstance(ca, str) else TSA.ca_pem)]
        run = subprocess.run(cmd, capture_output=True, text=True)
        self.assertEqual(run.stderr, '')
        return run.returncode, json.loads(run.stdout)

    def assertInvalid(self, result, reason, code=1):
        rc, out = result
        self.assertEqual((rc, out['valid'], out['reason']), (code, False, reason))

    def assertValid(self, result):
        rc, out = result
        self.assertEqual((rc, out['valid'], out['reason']), (0, True, None))
        return out

    # --- valid records ---------------------------------------------------------------------------
    def test_every_object_of_trees_of_1_2_3_5_8_objects_verifies(self):
        for n in (1, 2, 3, 5, 8):
            data = objects(n, f'tree{n}')
            root = mk.merkle_levels('sha256', [sha('sha256', d) for d in data])[-1][0]
            records = mk.make_records(TSA, data)
            for i, (er, d) in enumerate(zip(records, data)):
                with self.subTest(n=n, i=i):
                    out = self.assertValid(self.verify(er, d))
                    self.assertEqual(out['root'], root.hex())
                    entry, = out['chains'][0]
                    self.assertEqual((entry['imprint'], entry['tsa_verified']), (root.hex(), True))
                    self.assertTrue(entry['gen_time'])

    def test_a_hash_argument_stands_for_the_data(self):
        data = objects(3)
        er = mk.make_records(TSA, data)[2]
        self.assertValid(self.verify(er, hashes=[sha('sha256', data[2])]))

    def test_without_a_tsa_ca_the_signature_is_reported_unchecked(self):
        data = objects(2)
        er = mk.make_records(TSA, data)[0]
        rc, out = self.verify(er, data[0], ca=False)
        self.assertEqual((rc, out['chains'][0][0]['tsa_verified'], out['signature_checked']), (0, False, False))
        path = os.path.join(WORK, 'unchecked.ers')
        with open(path, 'wb') as f:
            f.write(er)
        text = subprocess.run([sys.executable, VERIFY, '--er', path, '--hash', sha('sha256', data[0]).hex()],
                              capture_output=True, text=True)
        self.assertEqual(text.returncode, 0)
        self.assertIn('signature not checked', text.stdout)

    def test_sha384_and_sha512_trees_verify(self):
        for alg in ('sha384', 'sha512'):
            with self.subTest(alg=alg):
                data = objects(3, alg)
                self.assertValid(self.verify(mk.make_records(TSA, data, alg)[1], data[1]))

    # --- tampering ---------------------------------------------------------------------------------
    def test_a_tampered_data_byte_is_not_in_the_first_list(self):
        data = objects(5)
        er = mk.make_records(TSA, data)[2]
        tampered = bytearray(data[2])
        tampered[0] ^= 1
        self.assertInvalid(self.verify(er, bytes(tampered)), 'chain 1 ats 1: data hash not in first partial hash tree')

    def test_a_tampered_single_object_misses_the_imprint(self):
        data = objects(1)
        er = mk.make_records(TSA, data)[0]
        root = sha('sha256', data[0])
        self.assertInvalid(self.verify(er, data[0] + b'!'), 'chain 1 ats 1: root mismatch: computed '
                           f'{sha("sha256", data[0] + b"!").hex()}, timestamp imprint {root.hex()}')

    def tree_record(self, data, index, mutate, alg='sha256', token=None):
        """Builds data[index]'s record with its reduced tree lists passed through mutate."""
        levels = mk.merkle_levels(alg, [sha(alg, d) for d in data])
        lists = mutate([list(v) for v in mk.reduced_tree(levels, index)])
        token = token or TSA.stamp(alg, levels[-1][0])
        return mk.evidence_record([alg], [[mk.archive_time_stamp(alg, lists, token)]]), lists, levels[-1][0]

    def test_an_altered_sibling_hash_misses_the_root(self):
        data = objects(8)
        for level in (0, 1, 2):
            def alter(lists, level=level):
                sibling = 1 - lists[0].index(sha('sha256', data[0])) if level == 0 else 0
                lists[level][sibling] = bytes([lists[level][sibling][0] ^ 0x80]) + lists[level][sibling][1:]
                return lists
            with self.subTest(level=level):
                er, lists, root = self.tree_record(data, 0, alter)
                computed = walk('sha256', sha('sha256', data[0]), lists)
                self.assertInvalid(self.verify(er, data[0]), 'chain 1 ats 1: root mismatch: computed '
                                   f'{computed.hex()}, timestamp imprint {root.hex()}')

    def test_swapped_partial_hashtrees_are_caught(self):
        data = objects(8)
        h = sha('sha256', data[3])

        def swap_upper(lists):
            lists[1], lists[2] = lists[2], lists[1]
            return lists
        er, lists, root = self.tree_record(data, 3, swap_upper)
        self.assertInvalid(self.verify(er, data[3]), 'chain 1 ats 1: root mismatch: computed '
                           f'{walk("sha256", h, lists).hex()}, timestamp imprint {root.hex()}')

        def swap_first(lists):
            lists[0], lists[1] = lists[1], lists[0]
            return lists
        er, _, _ = self.tree_record(data, 3, swap_first)
        self.assertInvalid(self.verify(er, data[3]), 'chain 1 ats 1: data hash not in first partial hash tree')

    def test_the_record_of_another_object_is_refused(self):
        data = objects(8)
        records = mk.make_records(TSA, data)
        self.assertInvalid(self.verify(records[0], data[5]), 'chain 1 ats 1: data hash not in first partial hash tree')

    def test_a_sibling_shares_the_first_list_by_design(self):
        # Section 4.3 step 2 only asks that h be in the first list, and the sibling leaf is there: a record's
        # evidence also proves its sibling's hash. A record's identity has to be bound elsewhere.
        data = objects(8)
        records = mk.make_records(TSA, data)
        self.assertValid(self.verify(records[0], data[1]))

    def test_a_token_from_another_tree_is_refused(self):
        data, others = objects(5), objects(5, 'other batch')
        other_root = mk.merkle_levels('sha256', [sha('sha256', d) for d in others])[-1][0]
        token = TSA.stamp('sha256', other_root)
        er, lists, _ = self.tree_record(data, 4, lambda lists: lists, token=token)
        self.assertInvalid(self.verify(er, data[4]), 'chain 1 ats 1: root mismatch: computed '
                           f'{walk("sha256", sha("sha256", data[4]), lists).hex()}, '
                           f'timestamp imprint {other_root.hex()}')

    def test_a_token_of_an_untrusted_tsa_fails_openssl(self):
        data = objects(2)
        rc, out = self.verify(mk.make_records(OTHER_TSA, data)[0], data[0])
        self.assertEqual(rc, 1)
        self.assertTrue(out['reason'].startswith('chain 1 ats 1: openssl ts -verify failed: '), out['reason'])

    def test_an_imprint_algorithm_mismatch_is_refused(self):
        data = objects(3)
        levels = mk.merkle_levels('sha256', [sha('sha256', d) for d in data])
        token = TSA.stamp('sha512', sha('sha512', levels[-1][0]))
        er = mk.evidence_record(['sha256'], [[mk.archive_time_stamp('sha256', mk.reduced_tree(levels, 0), token)]])
        self.assertInvalid(self.verify(er, data[0]),
                           'chain 1 ats 1: imprint algorithm mismatch: timestamp uses sha512, hash tree uses sha256')

    def test_a_single_value_first_list_is_carried_forward(self):
        # Section 4.2 step 3 groups and hashes only "if there is more than one hash value": a reduced tree
        # whose only list is [h] has the root h, as a record without reducedHashtree does.
        data = objects(1)
        h = sha('sha256', data[0])
        er = mk.evidence_record(['sha256'], [[mk.archive_time_stamp('sha256', [[h]], TSA.stamp('sha256', h))]])
        self.assertValid(self.verify(er, data[0]))

    def test_a_chain_keeps_one_algorithm(self):
        data = objects(2)
        algs, chains, _ = mk.read_record(mk.make_records(TSA, data)[0])
        _, token = mk.ats_parts(chains[0][0])
        renewal = mk.archive_time_stamp('sha512', [], TSA.stamp('sha512', sha('sha512', token)))
        er = mk.evidence_record(algs + ['sha512'], [chains[0] + [renewal]])
        self.assertInvalid(self.verify(er, data[0]), "chain 1 ats 2: digest algorithm sha512 differs from the chain's sha256")

    # --- encoding --------------------------------------------------------------------------------------
    def test_trailing_bytes_are_refused(self):
        data = objects(2)
        er = mk.make_records(TSA, data)[0]
        self.assertInvalid(self.verify(er + b'\x00', data[0]), 'trailing data')

    def test_a_wrong_version_is_refused(self):
        data = objects(2)
        levels = mk.merkle_levels('sha256', [sha('sha256', d) for d in data])
        ats = mk.archive_time_stamp('sha256', mk.reduced_tree(levels, 0), TSA.stamp('sha256', levels[-1][0]))
        er = mk.evidence_record(['sha256'], [[ats]], version=2)
        self.assertInvalid(self.verify(er, data[0]), 'unsupported version 2 (must be 1)')

    def test_a_non_der_length_is_refused(self):
        data = objects(2)
        er = mk.make_records(TSA, data)[0]
        # version INTEGER 02 01 01 re-encoded with a long-form length 02 81 01 01: BER, not DER
        body = mk.split(er)[0][1]
        ber = body.replace(b'\x02\x01\x01', b'\x02\x81\x01\x01', 1)
        self.assertInvalid(self.verify(mk.seq(ber), data[0]), 'not DER: re-encoding differs from the input')

    def test_usage_and_parse_errors_exit_2(self):
        data = objects(2)
        er = mk.make_records(TSA, data)[0]
        rc, out = self.verify(b'\x04\x02ab', data[0])
        self.assertEqual((rc, out['valid']), (2, False))
        self.assertTrue(out['reason'].startswith('not an EvidenceRecord'), out['reason'])
        rc, out = self.verify(b'\x30\x05\x02', data[0])
        self.assertEqual((rc, out['valid']), (2, False))
        path = os.path.join(WORK, 'usage.ers')
        with open(path, 'wb') as f:
            f.write(er)
        for argv in (['--er', path], ['--er', path, '--hash', 'zz'], ['--er', path + '.missing', '--hash', '00'],
                     ['--er', path, '--data', path + '.missing'], ['--er', path, '--data', path, '--at', 'soon']):
            with self.subTest(argv=argv):
                run = subprocess.run([sys.executable, VERIFY, *argv], capture_output=True, text=True)
                self.assertEqual(run.returncode, 2, run.stdout + run.stderr)

    # --- renewal ---------------------------------------------------------------------------------------
    def test_timestamp_renewal_chains_verify(self):
        data = objects(3)
        first = mk.make_records(TSA, data)
        renewed = mk.renew_timestamps(TSA, mk.renew_timestamps(TSA, first))
        for i, d in enumerate(data):
            with self.subTest(i=i):
                out = self.assertValid(self.verify(renewed[i], d))
                self.assertEqual(len(out['chains']), 1)
                self.assertEqual(len(out['chains'][0]), 3)
        single = mk.renew_timestamps(TSA, first[:1])[0]  # one record renewed alone: no reduced tree
        self.assertValid(self.verify(single, data[0]))

    def test_each_timestamp_is_checked_at_the_time_of_the_next(self):
        # Section 5.3: "Each Archive Timestamp MUST be valid relative to the time of the following Archive
        # Timestamp": a renewed record outlives its first TSA certificate, an unrenewed one does not.
        short = mk.TestTSA('Short', days=1)
        try:
            both = os.path.join(WORK, 'both-ca.pem')
            with open(both, 'w') as out:
                for pem in (short.ca_pem, TSA.ca_pem):
                    with open(pem) as f:
                        out.write(f.read())
            data = objects(3)
            first = mk.make_records(short, data)
            renewed = mk.renew_timestamps(TSA, first)
        finally:
            short.close()
        later = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=2)).replace(microsecond=0)
        at = ['--at', later.isoformat()]
        out = self.assertValid(self.verify(renewed[1], data[1], ca=both, extra=at))
        first_ats, renewal_ats = out['chains'][0]
        self.assertEqual(first_ats['checked_at'], renewal_ats['gen_time'])
        self.assertEqual(renewal_ats['checked_at'], later.isoformat())
        rc, out = self.verify(first[1], data[1], ca=both, extra=at)
        self.assertEqual(rc, 1)
        self.assertTrue(out['reason'].startswith('chain 1 ats 1: openssl ts -verify failed: '), out['reason'])
        self.assertIn('certificate has expired', out['reason'])
        self.assertValid(self.verify(first[1], data[1], ca=both))

    def test_a_renewal_over_another_timestamp_is_refused(self):
        data = objects(3)
        first = mk.make_records(TSA, data)
        other = mk.make_records(TSA, objects(3, 'other'))
        algs, chains, _ = mk.read_record(first[0])
        renewal = mk.read_record(mk.renew_timestamps(TSA, other)[0])[1][0][-1]
        er = mk.evidence_record(algs, [chains[0] + [renewal]])
        self.assertInvalid(self.verify(er, data[0]),
                           'chain 1 ats 2: hash of previous timestamp not in first partial hash tree')

    def test_a_renewal_over_the_whole_previous_archive_timestamp_is_refused(self):
        # Section 5.2: "the content of the timeStamp field of the old Archive Timestamp has to be hashed",
        # not the whole ArchiveTimeStamp.
        data = objects(2)
        algs, chains, _ = mk.read_record(mk.make_records(TSA, data)[0])
        wrong = sha('sha256', chains[0][0])
        er = mk.evidence_record(algs, [chains[0] + [mk.archive_time_stamp('sha256', [], TSA.stamp('sha256', wrong))]])
        _, token = mk.ats_parts(chains[0][0])
        self.assertInvalid(self.verify(er, data[0]), 'chain 1 ats 2: root mismatch: computed '
                           f'{sha("sha256", token).hex()}, timestamp imprint {wrong.hex()}')

    def hash_tree_renewed(self, order, n=16):
        data = objects(n, order)
        first = mk.renew_timestamps(TSA, mk.make_records(TSA, data))
        # the orders differ only where h(d) sorts after ha = H(ArchiveTimeStampSequence)
        differs = [sha('sha512', d) > sha('sha512', mk.read_record(er)[2]) for d, er in zip(data, first)]
        return data, mk.renew_hash_tree(TSA, first, data, 'sha512', order), differs

    def test_hash_tree_renewal_verifies_in_both_orders_and_reports_which(self):
        for order in ('unsorted', 'sorted'):
            data, renewed, differs = self.hash_tree_renewed(order)
            self.assertTrue(any(differs) and not all(differs), 'need objects on both sides of ha')
            for i, d in enumerate(data):
                with self.subTest(order=order, i=i):
                    out = self.assertValid(self.verify(renewed[i], d))
                    self.assertEqual([len(c) for c in out['chains']], [2, 1])
                    self.assertEqual(out['renewal_concatenation'], order if differs[i] else 'unsorted')

    def test_hash_tree_renewal_needs_the_new_algorithms_hash(self):
        data, renewed, _ = self.hash_tree_renewed('unsorted', n=2)
        self.assertInvalid(self.verify(renewed[0], hashes=[sha('sha256', data[0])]),
                           'chain 2 ats 1: no sha512 hash of the data object given (pass --data or a sha512 --hash)')
        self.assertValid(self.verify(renewed[0], hashes=[sha('sha256', data[0]), sha('sha512', data[0])]))

    def test_hash_tree_renewal_over_other_chains_is_refused(self):
        data, renewed, _ = self.hash_tree_renewed('unsorted', n=4)
        algs, chains, _ = mk.read_record(renewed[0])
        _, other_chains, _ = mk.read_record(renewed[2])
        er = mk.evidence_record(algs, [chains[0], other_chains[1]])
        self.assertInvalid(self.verify(er, data[0]), 'chain 2 ats 1: renewal hash not in first partial hash tree')

    def test_the_new_algorithm_must_be_listed(self):
        data, renewed, _ = self.hash_tree_renewed('unsorted', n=2)
        _, chains, _ = mk.read_record(renewed[0])
        self.assertInvalid(self.verify(mk.evidence_record(['sha256'], chains), data[0]),
                           'chain 2 ats 1: digest algorithm sha512 not listed in digestAlgorithms')

    # --- the helper's CLI ----------------------------------------------------------------------------------
    def test_the_make_cli_writes_records_that_verify(self):
        out_dir = tempfile.mkdtemp(dir=WORK)
        files = []
        for i, d in enumerate(objects(3, 'cli')):
            files.append(os.path.join(out_dir, f'f{i}.bin'))
            with open(files[-1], 'wb') as f:
                f.write(d)
        subprocess.run([sys.executable, os.path.join(TESTDATA, 'rfc4998_make.py'), '--out', out_dir,
                        '--renew-timestamp', '--renew-hash-tree', 'sha512', *files], check=True)
        for name in files:
            with self.subTest(name=name):
                run = subprocess.run([sys.executable, VERIFY, '--er', name + '.ers', '--data', name,
                                      '--tsa-ca', os.path.join(out_dir, 'tsa-ca.pem')], capture_output=True, text=True)
                self.assertEqual(run.returncode, 0, run.stdout)
                self.assertTrue(run.stdout.startswith('VALID'))


if __name__ == '__main__':
    unittest.main()
