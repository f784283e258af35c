#!/usr/bin/python3
"""Test helper: builds RFC 4998 Evidence Records from Python, independently of kyso.

Follows RFC 4998 and shares no code with kyso nor with rfc4998_verify.py (its DER is written and read
by the small functions below, not by asn1crypto):

  - section 4.2: a binary Merkle tree over the data objects' hashes, each parent the hash of its
    children sorted in binary ascending order and concatenated; an odd last node is promoted unchanged;
  - section 4.3 / 3: per data object the reduced hash tree (first list: the object's hash and its
    sibling, then one list per higher level with the sibling only) and one ArchiveTimeStamp whose
    timestamp covers the root;
  - section 5.2: timestamp renewal (the new ArchiveTimeStamp covers the hash of the DER of the previous
    timeStamp field, several records renewed by one timestamp through a tree) and hash-tree renewal (a
    new chain over H(h(d) + H(DER of the ArchiveTimeStampSequence)), unsorted as EU DSS does, or sorted).

Timestamps come from a throwaway test TSA made with the openssl CLI (CA + TSA certificate with a
critical timeStamping extended key usage) and `openssl ts -query | openssl ts -reply`.

CLI: rfc4998_make.py --out DIR [--alg sha256] [--renew-timestamp] [--renew-hash-tree sha512] FILE...
writes DIR/<name>.ers per FILE and DIR/tsa-ca.pem.
"""
import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile

OIDS = {'sha256': '2.16.840.1.101.3.4.2.1', 'sha384': '2.16.840.1.101.3.4.2.2', 'sha512': '2.16.840.1.101.3.4.2.3'}


# --- a little DER ------------------------------------------------------------------------------------
def tlv(tag, contents):
    n = len(contents)
    length = bytes([n]) if n < 0x80 else (lambda b: bytes([0x80 | len(b)]) + b)(n.to_bytes((n.bit_length() + 7) // 8, 'big'))
    return bytes([tag]) + length + contents


def seq(*items):
    return tlv(0x30, b''.join(items))


def octets(value):
    return tlv(0x04, value)


def integer(n):
    return tlv(0x02, n.to_bytes(max(1, (n.bit_length() + 8) // 8), 'big'))


def oid(dotted):
    arcs = [int(a) for a in dotted.split('.')]
    body = bytes([40 * arcs[0] + arcs[1]])
    for arc in arcs[2:]:
        chunk = [arc & 0x7F]
        while arc > 0x7F:
            arc >>= 7
            chunk.insert(0, 0x80 | (arc & 0x7F))
        body += bytes(chunk)
    return tlv(0x06, body)


def alg_id_contents(alg):
    return oid(OIDS[alg])  # SHA-2 parameters absent (RFC 5754)


def split(der):
    """Splits concatenated DER TLVs into a list of (tag, contents, whole encoding)."""
    items = []
    while der:
        tag, n, off = der[0], der[1], 2
        if n & 0x80:
            off = 2 + (n & 0x7F)
            n = int.from_bytes(der[2:off], 'big')
        items.append((tag, der[off:off + n], der[:off + n]))
        der = der[off + n:]
    return items


def H(alg, data):
    return hashlib.new(alg, data).digest()


# --- RFC 4998 structures --------------------------------------------------------------------------------
def archive_time_stamp(alg, lists, token, with_alg=True):
    fields = tlv(0xA0, alg_id_contents(alg)) if with_alg else b''
    if lists:
        fields += tlv(0xA2, b''.join(seq(*(octets(v) for v in partial)) for partial in lists))
    return seq(fields + token)


def evidence_record(algs, chains, version=1):
    """chains: a list of chains, each a list of ArchiveTimeStamp DER encodings."""
    return seq(integer(version), seq(*(seq(alg_id_contents(a)) for a in algs)),
               seq(*(seq(*chain) for chain in chains)))


def read_record(der):
    """Returns (digest algorithm names, chains as lists of ArchiveTimeStamp DER, the sequence's DER)."""
    (_, body, _), = split(der)
    items = split(body)
    names = {v: k for k, v in OIDS.items()}
    algs = [names[decode_oid(split(a)[0][1])] for _, a, _ in split(items[1][1])]
    ats_seq = items[-1]
    chains = [[whole for _, _, whole in split(chain)] for _, chain, _ in split(ats_seq[1])]
    return algs, chains, ats_seq[2]


def decode_oid(body):
    arcs, value = [body[0] // 40, body[0] % 40], 0
    for b in body[1:]:
        value = (value << 7) | (b & 0x7F)
        if not b & 0x80:
            arcs.append(value)
            value = 0
    return '.'.join(map(str, arcs))


def ats_parts(ats_der):
    """Returns (digest algorithm or None, timeStamp DER) of one ArchiveTimeStamp."""
    (_, body, _), = split(ats_der)
    items = split(body)
    names = {v: k for k, v in OIDS.items()}
    alg = next((names[decode_oid(split(c)[0][1])] for t, c, _ in items if t == 0xA0), None)
    return alg, items[-1][2]


# --- section 4.2 hash trees ------------------------------------------------------------------------------
def merkle_levels(alg, leaves):
    levels = [list(leaves)]
    while len(levels[-1]) > 1:
        level = levels[-1]
        parents = [H(alg, b''.join(sorted(level[i:i + 2]))) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            parents.append(level[-1])  # odd last node promoted unchanged
        levels.append(parents)
    return levels


def reduced_tree(levels, index):
    lists = []
    for level in levels[:-1]:
        sibling = index ^ 1
        if sibling < len(level):
            lists.append(sorted([level[index], level[sibling]]) if not lists else [level[sibling]])
        index //= 2
    return lists


# --- the test TSA --------------------------------------------------------------------------------------
class TestTSA:
    """A throwaway CA and TSA made with the openssl CLI in a temporary directory."""

    def __init__(self, name='Test', days=3650):
        self.dir = tempfile.mkdtemp(prefix='rfc4998-tsa-')
        d = lambda f: os.path.join(self.dir, f)  # noqa: E731
        self.ca_pem, self.tsa_pem = d('ca.pem'), d('tsa.pem')
        ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes']
        run(['openssl', 'req', '-x509', *ec, '-keyout', d('ca.key'), '-out', self.ca_pem, '-days', '3650',
             '-subj', f'/CN={name} RFC 4998 CA', '-addext', 'basicConstraints=critical,CA:TRUE',
             '-addext', 'keyUsage=critical,keyCertSign,cRLSign'])
        run(['openssl', 'req', '-new', *ec, '-keyout', d('tsa.key'), '-out', d('tsa.csr'),
             '-subj', f'/CN={name} RFC 4998 TSA'])
        write(d('ext.cnf'), 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n'
                            'extendedKeyUsage=critical,timeStamping\n')
        run(['openssl', 'x509', '-req', '-in', d('tsa.csr'), '-CA', self.ca_pem, '-CAkey', d('ca.key'),
             '-set_serial', '2', '-days', str(days), '-extfile', d('ext.cnf'), '-out', self.tsa_pem])
        write(d('serial'), '01\n')
        write(d('tsa.cnf'), f'[tsa]\ndefault_tsa = t\n[t]\nserial = {d("serial")}\n'
                            f'signer_cert = {self.tsa_pem}\nsigner_key = {d("tsa.key")}\nsigner_digest = sha256\n'
                            'default_policy = 1.2.3.4.1\ndigests = sha256, sha384, sha512\naccuracy = secs:1\n'
                            'ess_cert_id_alg = sha256\n')

    def stamp(self, alg, imprint):
        """Returns the DER timeStampToken (ContentInfo) over imprint, a hash made with alg."""
        q, tok = os.path.join(self.dir, 'q.tsq'), os.path.join(self.dir, 'tok.der')
        run(['openssl', 'ts', '-query', '-digest', imprint.hex(), f'-{alg}', '-no_nonce', '-cert', '-out', q])
        run(['openssl', 'ts', '-reply', '-queryfile', q, '-config', os.path.join(self.dir, 'tsa.cnf'),
             '-token_out', '-out', tok])
        with open(tok, 'rb') as f:
            return f.read()

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def run(cmd):
    subprocess.run(cmd, check=True, capture_output=True)


def write(path, text):
    with open(path, 'w') as f:
        f.write(text)


# --- building and renewing records -----------------------------------------------------------------------
def make_records(tsa, data_objects, alg='sha256'):
    """One timestamp over the tree of data_objects; returns one EvidenceRecord DER per object."""
    levels = merkle_levels(alg, [H(alg, d) for d in data_objects])
    token = tsa.stamp(alg, levels[-1][0])
    return [evidence_record([alg], [[archive_time_stamp(alg, reduced_tree(levels, i), token)]])
            for i in range(len(data_objects))]


def renew_timestamps(tsa, records):
    """Section 5.2 timestamp renewal of several records with one timestamp, same algorithm."""
    parsed = [read_record(r) for r in records]
    alg = ats_parts(parsed[0][1][-1][-1])[0]
    levels = merkle_levels(alg, [H(alg, ats_parts(chains[-1][-1])[1]) for _, chains, _ in parsed])
    token = tsa.stamp(alg, levels[-1][0])
    out = []
    for i, (algs, chains, _) in enumerate(parsed):
        chains[-1].append(archive_time_stamp(alg, reduced_tree(levels, i), token))
        out.append(evidence_record(algs, chains))
    return out


def renew_hash_tree(tsa, records, data_objects, alg='sha512', order='unsorted'):
    """Section 5.2 hash-tree renewal: a new chain over H(h(d) + H(ArchiveTimeStampSequence DER))."""
    parsed = [read_record(r) for r in records]
    leaves = []
    for (_, _, ats_seq), d in zip(parsed, data_objects):
        pair = [H(alg, d), H(alg, ats_seq)]
        leaves.append(H(alg, b''.join(sorted(pair) if order == 'sorted' else pair)))
    levels = merkle_levels(alg, leaves)
    token = tsa.stamp(alg, levels[-1][0])
    out = []
    for i, (algs, chains, _) in enumerate(parsed):
        chains.append([archive_time_stamp(alg, reduced_tree(levels, i), token)])
        out.append(evidence_record(algs + ([alg] if alg not in algs else []), chains))
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description='Build RFC 4998 EvidenceRecords with a throwaway test TSA.')
    ap.add_argument('--out', required=True)
    ap.add_argument('--alg', default='sha256', choices=sorted(OIDS))
    ap.add_argument('--renew-timestamp', action='store_true')
    ap.add_argument('--renew-hash-tree', choices=sorted(OIDS))
    ap.add_argument('files', nargs='+')
    args = ap.parse_args(argv)
    data = []
    for name in args.files:
        with open(name, 'rb') as f:
            data.append(f.read())
    tsa = TestTSA()
    try:
        records = make_records(tsa, data, args.alg)
        if args.renew_timestamp:
            records = renew_timestamps(tsa, records)
        if args.renew_hash_tree:
            records = renew_hash_tree(tsa, records, data, args.renew_hash_tree)
        os.makedirs(args.out, exist_ok=True)
        for name, record in zip(args.files, records):
            with open(os.path.join(args.out, os.path.basename(name) + '.ers'), 'wb') as f:
                f.write(record)
        shutil.copy(tsa.ca_pem, os.path.join(args.out, 'tsa-ca.pem'))
    finally:
        tsa.close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
