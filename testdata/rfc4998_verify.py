#!/usr/bin/python3
"""Independent RFC 4998 Evidence Record verifier for kyso's tests.

Written from RFC 4998 (Evidence Record Syntax), not from kyso's code, with only the Python standard
library, python3-asn1crypto and the openssl CLI:

  - section 3:   the ASN.1 of EvidenceRecord, ArchiveTimeStampChain, ArchiveTimeStamp and
                 PartialHashtree (the module uses IMPLICIT TAGS); the record must be DER (re-encoded here
                 with definite minimal lengths and compared), without trailing data, version 1;
  - section 4.3: the reduced hash tree is walked from the data object hash h: h must be in the first
                 list; each list's values (plus h' of the list below, which "MUST become a member of the
                 next higher list") are sorted in binary ascending order, concatenated and hashed (a list
                 of one value is carried forward, as section 4.2 groups only "more than one hash value");
                 the root must equal the timestamp's messageImprint, whose algorithm must match the tree's:
                 the ArchiveTimeStamp's digestAlgorithm or, absent, "within the timestamp itself" (5.2);
  - section 5.2/5.3: timestamp renewal (each later ArchiveTimeStamp of a chain covers the hash of the
                 DER of the previous ArchiveTimeStamp's timeStamp field, with the chain's one algorithm)
                 and hash-tree renewal (the first ArchiveTimeStamp of chain n covers H(h(d) + ha), ha the
                 hash of the DER ArchiveTimeStampSequence of chains 1..n-1; the RFC's Figure 4 sorts the
                 two values, its step-4 prose and EU DSS concatenate them in that order: both are
                 accepted and the one that matched is reported); every algorithm used must be listed in
                 digestAlgorithms; genTimes must not go backwards.

Each timestamp token is checked with `openssl ts -verify -digest <imprint>` when --tsa-ca is given, at
the genTime of the timestamp that follows it (section 5.3), the last one at --at or now.

Usage: rfc4998_verify.py --er FILE.ers (--data FILE | --hash HEX...) [--tsa-ca PEM] [--untrusted PEM]
                         [--at TIME] [--json]
Exit codes: 0 valid, 1 invalid (with a reason), 2 usage or parse error.
"""
import argparse
import datetime
import hashlib
import json
import os
import subprocess
import sys
import tempfile

from asn1crypto import algos, cms, core, parser, tsp  # noqa: F401 (tsp registers TSTInfo in cms)

HASHES = {'sha256': 32, 'sha384': 48, 'sha512': 64}


# --- RFC 4998 section 3 ASN.1 (DEFINITIONS IMPLICIT TAGS) -----------------------------------------
class PartialHashtree(core.SequenceOf):
    _child_spec = core.OctetString


class ReducedHashtree(core.SequenceOf):
    _child_spec = PartialHashtree


class ArchiveTimeStamp(core.Sequence):
    _fields = [
        ('digest_algorithm', algos.DigestAlgorithm, {'implicit': 0, 'optional': True}),
        ('attributes', cms.CMSAttributes, {'implicit': 1, 'optional': True}),
        ('reduced_hashtree', ReducedHashtree, {'implicit': 2, 'optional': True}),
        ('time_stamp', cms.ContentInfo),
    ]


class ArchiveTimeStampChain(core.SequenceOf):
    _child_spec = ArchiveTimeStamp


class ArchiveTimeStampSequence(core.SequenceOf):
    _child_spec = ArchiveTimeStampChain


class DigestAlgorithms(core.SequenceOf):
    _child_spec = algos.DigestAlgorithm


class CryptoInfos(core.SequenceOf):
    _child_spec = cms.CMSAttribute


class EncryptionInfo(core.Sequence):
    _fields = [('encryption_info_type', core.ObjectIdentifier), ('encryption_info_value', core.Any)]


class EvidenceRecord(core.Sequence):
    _fields = [
        ('version', core.Integer),
        ('digest_algorithms', DigestAlgorithms),
        ('crypto_infos', CryptoInfos, {'implicit': 0, 'optional': True}),
        ('encryption_info', EncryptionInfo, {'implicit': 1, 'optional': True}),
        ('archive_time_stamp_sequence', ArchiveTimeStampSequence),
    ]


# --- helpers ----------------------------------------------------------------------------------------
class Invalid(Exception):
    """The record is well-formed enough to judge and does not verify (exit 1)."""


class ParseError(Exception):
    """Usage or parse error (exit 2)."""


def der_length(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(body)]) + body


def der_sequence(contents):
    return b'\x30' + der_length(len(contents)) + contents


def digest(alg, data):
    return hashlib.new(alg, data).digest()


def walk_reduced_tree(alg, h, tree, where, what):
    """RFC 4998 section 4.3 steps 2-3: from h through the partial hash trees to the root."""
    size = HASHES[alg]
    for level, partial in enumerate(tree):
        values = [v.native for v in partial]
        if any(len(v) != size for v in values):
            raise Invalid(f'{where}: partial hash tree {level + 1} holds a value that is not a {alg} hash')
        if level == 0:
            if h not in values:
                raise Invalid(f'{where}: {what} not in first partial hash tree')
        else:
            values = values + [h]  # "This hash value h' MUST become a member of the next higher list"
        if len(values) == 1:
            continue  # a single value is not a group (section 4.2 step 3): carried forward unhashed
        h = digest(alg, b''.join(sorted(values)))
    return h


def token_info(ats, where):
    token = ats['time_stamp']
    if token['content_type'].native != 'signed_data':
        raise Invalid(f'{where}: timeStamp is not SignedData')
    encap = token['content']['encap_content_info']
    if encap['content_type'].native != 'tst_info':
        raise Invalid(f'{where}: timeStamp does not carry a TSTInfo')
    tst = encap['content'].parsed
    imprint = tst['message_imprint']
    return imprint['hash_algorithm']['algorithm'].native, imprint['hashed_message'].native, tst['gen_time'].native


def openssl_verify(token_der, imprint, args, where, at):
    with tempfile.TemporaryDirectory(prefix='rfc4998-') as tmp:
        path = os.path.join(tmp, 'token.der')
        with open(path, 'wb') as f:
            f.write(token_der)
        cmd = ['openssl', 'ts', '-verify', '-digest', imprint.hex(), '-in', path, '-token_in', '-CAfile', args.tsa_ca]
        if args.untrusted:
            cmd += ['-untrusted', args.untrusted]
        if at is not None:
            cmd += ['-attime', str(int(at.timestamp()))]
        run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0 or 'Verification: OK' not in run.stdout:
        lines = [l for l in (run.stdout + run.stderr).splitlines() if l and not l.startswith('Using configuration')]
        detail = ' '.join(' '.join(lines).split())
        raise Invalid(f'{where}: openssl ts -verify failed: {detail}')


def check_signatures(stamps, args):
    """Section 5.3: "Each Archive Timestamp MUST be valid relative to the time of the following Archive
    Timestamp"; the last one is checked at --at (default: now)."""
    for k, (where, token, imprint, gen_time, entry) in enumerate(stamps):
        at = stamps[k + 1][3] if k + 1 < len(stamps) else args.at
        openssl_verify(token, imprint, args, where, at)
        entry['tsa_verified'] = True
        entry['checked_at'] = at.isoformat() if at else 'now'


def check_ats(ats, alg_default, h, where, what, args):
    """Checks one ArchiveTimeStamp over hash value h; returns (root, report entry, algorithm)."""
    imprint_alg, imprint, gen_time = token_info(ats, where)
    alg = ats['digest_algorithm']['algorithm'].native if ats['digest_algorithm'].native else imprint_alg
    if alg not in HASHES:
        raise Invalid(f'{where}: unsupported digest algorithm {alg}')
    if alg_default and alg != alg_default:
        raise Invalid(f'{where}: digest algorithm {alg} differs from the chain\'s {alg_default}')
    if imprint_alg != alg:
        raise Invalid(f'{where}: imprint algorithm mismatch: timestamp uses {imprint_alg}, hash tree uses {alg}')
    if callable(h):
        try:
            h = h(alg)
        except Invalid as e:
            raise Invalid(f'{where}: {e}')
    tree = ats['reduced_hashtree']
    root = walk_reduced_tree(alg, h, tree, where, what) if tree.native is not None else h
    if root != imprint:
        raise Invalid(f'{where}: root mismatch: computed {root.hex()}, timestamp imprint {imprint.hex()}')
    entry = {'gen_time': gen_time.isoformat(), 'imprint': imprint.hex(), 'tsa_verified': False}
    return root, entry, alg, (where, ats['time_stamp'].dump(), imprint, gen_time, entry)


def data_hash(args, alg):
    if args.data is not None:
        return digest(alg, args.data)
    for value in args.hash:
        if len(value) == HASHES[alg]:
            return value
    raise Invalid(f'no {alg} hash of the data object given (pass --data or a {alg} --hash)')


def der_reencode(der):
    """Re-encodes a BER/DER TLV stream with DER lengths (X.690 section 10.1: definite, minimal), recursing
    into constructed values; the result differs from the input wherever the input is not DER-shaped."""
    out = b''
    while der:
        tag, off = der[0], 1
        if tag & 0x1F == 0x1F:
            raise ParseError('high tag numbers do not occur in an EvidenceRecord')
        if off >= len(der):
            raise ParseError('truncated')
        n = der[off]
        off += 1
        if n == 0x80:
            return None  # indefinite length: BER only
        if n & 0x80:
            n, off = int.from_bytes(der[off:off + (n & 0x7F)], 'big'), off + (n & 0x7F)
        contents, der = der[off:off + n], der[off + n:]
        if len(contents) != n:
            raise ParseError('truncated')
        if tag & 0xE0 == 0x20 and tag not in (0x30, 0x31):
            return None  # a constructed string: BER only
        if tag & 0x20:
            inner = der_reencode(contents)
            if inner is None:
                return None
            contents = inner
        elif tag == 0x02 and len(contents) > 1 and contents[0] in (0, 0xFF) and \
                (contents[0] ^ contents[1]) & 0x80 == 0:
            contents = b'\xff'  # INTEGER not in minimal form: force a difference
        elif tag == 0x01 and contents not in (b'\x00', b'\xff'):
            contents = b'\x00\x00'  # BOOLEAN TRUE not 0xFF
        out += bytes([tag]) + der_length(len(contents)) + contents
    return out


def parse_record(der):
    try:
        _, _, _, header, contents, _ = parser.parse(der)
    except ValueError as e:
        raise ParseError(f'not DER: {e}')
    if len(header) + len(contents) != len(der):
        raise Invalid('trailing data')
    if der_reencode(der) != der:
        raise Invalid('not DER: re-encoding differs from the input')
    try:
        er = EvidenceRecord.load(der, strict=True)
        version = er['version'].native
        for chain in er['archive_time_stamp_sequence']:
            for ats in chain:  # parse our structures (not the token's certificates, which openssl reads)
                ats['digest_algorithm'].native, ats['attributes'].native, ats['reduced_hashtree'].native
                ats['time_stamp']['content']['encap_content_info']['content'].parsed.native
        [a.native for a in er['digest_algorithms']]
    except (ValueError, TypeError, KeyError) as e:
        raise ParseError(f'not an EvidenceRecord: {e}')
    if version != 1:
        raise Invalid(f'unsupported version {version} (must be 1)')
    return er


def verify(der, args):
    er = parse_record(der)
    listed = [a['algorithm'].native for a in er['digest_algorithms']]
    chains = er['archive_time_stamp_sequence']
    if len(chains) == 0:
        raise Invalid('archiveTimeStampSequence is empty')
    report = {'root': None, 'chains': [], 'renewal_concatenation': None}
    stamps = []  # every timestamp in sequence order, for check_signatures
    for n, chain in enumerate(chains):
        if len(chain) == 0:
            raise Invalid(f'chain {n + 1} is empty')
        entries, chain_alg, previous = [], None, None
        for i, ats in enumerate(chain):
            where = f'chain {n + 1} ats {i + 1}'
            if i > 0:  # timestamp renewal: section 5.2, 5.3 step 2
                what, h = 'hash of previous timestamp', digest(chain_alg, previous['time_stamp'].dump())
            elif n == 0:  # initial archive timestamp: section 4.3
                what, h = 'data hash', lambda alg: data_hash(args, alg)
            else:  # hash-tree renewal: section 5.2 steps 3-4, 5.3 step 3
                what, h = 'renewal hash', None
            if h is None:
                root, entry, chain_alg, stamp = check_renewal(ats, chains, n, where, args, report)
            else:
                root, entry, chain_alg, stamp = check_ats(ats, chain_alg, h, where, what, args)
            if chain_alg not in listed:
                raise Invalid(f'{where}: digest algorithm {chain_alg} not listed in digestAlgorithms')
            if stamps and stamp[3] < stamps[-1][3]:
                raise Invalid(f'{where}: genTime {entry["gen_time"]} precedes the previous timestamp\'s')
            stamps.append(stamp)
            entry['root'] = root.hex()
            entries.append(entry)
            report['root'] = report['root'] or root.hex()
            previous = ats
        report['chains'].append(entries)
    if args.tsa_ca:
        check_signatures(stamps, args)
    return report


def check_renewal(ats, chains, n, where, args, report):
    """First ArchiveTimeStamp of chain n+1: covers H(h(d) + ha), ha = H(DER of the older chains)."""
    older = der_sequence(b''.join(chains[k].dump() for k in range(n)))
    failures = []
    for order in ('unsorted', 'sorted'):
        def renewal_hash(alg, order=order):
            pair = [data_hash(args, alg), digest(alg, older)]
            return digest(alg, b''.join(sorted(pair) if order == 'sorted' else pair))
        try:
            result = check_ats(ats, None, renewal_hash, where, 'renewal hash', args)
        except Invalid as e:
            failures.append(str(e))
            continue
        report['renewal_concatenation'] = order
        return result
    raise Invalid(failures[0] if failures[0] == failures[1] else f'{failures[0]} (sorted: {failures[1]})')


def main(argv=None):
    ap = argparse.ArgumentParser(description='Verify an RFC 4998 EvidenceRecord (DER).')
    ap.add_argument('--er', required=True, help='the DER EvidenceRecord')
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument('--data', help='the data object')
    src.add_argument('--hash', action='append', help='hex hash of the data object (repeat for several algorithms)')
    ap.add_argument('--tsa-ca', help='PEM trust anchors for the timestamps (openssl ts -verify)')
    ap.add_argument('--untrusted', help='PEM intermediate certificates')
    ap.add_argument('--at', help='ISO 8601 time at which the last timestamp is checked (default: now)')
    ap.add_argument('--json', action='store_true')
    args = ap.parse_args(argv)
    try:
        if args.at is not None:
            try:
                args.at = datetime.datetime.fromisoformat(args.at)
            except ValueError:
                raise ParseError('--at is not an ISO 8601 time')
            if args.at.tzinfo is None:
                args.at = args.at.replace(tzinfo=datetime.timezone.utc)
        with open(args.er, 'rb') as f:
            der = f.read()
        if args.data is not None:
            with open(args.data, 'rb') as f:
                args.data = f.read()
        else:
            try:
                args.hash = [bytes.fromhex(v) for v in args.hash]
            except ValueError:
                raise ParseError('--hash is not hex')
        report = verify(der, args)
        valid, reason, code = True, None, 0
    except OSError as e:
        report, valid, reason, code = {}, False, f'cannot read: {e}', 2
    except ParseError as e:
        report, valid, reason, code = {}, False, str(e), 2
    except Invalid as e:
        report, valid, reason, code = {}, False, str(e), 1
    out = {'valid': valid, 'reason': reason, 'root': report.get('root'), 'chains': report.get('chains', []),
           'renewal_concatenation': report.get('renewal_concatenation'),
           'signature_checked': bool(args.tsa_ca)}
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print('VALID' if valid else f'INVALID: {reason}')
        for n, chain in enumerate(out['chains']):
            for i, e in enumerate(chain):
                sig = f'TSA signature verified at {e["checked_at"]}' if e['tsa_verified'] else 'signature not checked'
                print(f'  chain {n + 1} ats {i + 1}: genTime {e["gen_time"]}, imprint {e["imprint"]}, {sig}')
        if out['renewal_concatenation']:
            print(f'  hash-tree renewal concatenation: {out["renewal_concatenation"]}')
    return code


if __name__ == '__main__':
    sys.exit(main())
