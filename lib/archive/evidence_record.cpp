#include <kyso/archive/evidence_record.hpp>

#include <algorithm>
#include <string>

namespace kyso::archive {

namespace {

// RFC 4998 §4.1 module (IMPLICIT TAGS): the tags as they appear on the wire.
constexpr std::uint8_t kInteger = 0x02, kOctetString = 0x04, kOid = 0x06, kNull = 0x05, kSequence = 0x30;
constexpr std::uint8_t kCtx0 = 0xA0, kCtx1 = 0xA1, kCtx2 = 0xA2;
// id-sha256, id-sha384, id-sha512: 2.16.840.1.101.3.4.2.{1,2,3}
constexpr std::uint8_t kShaOidPrefix[] = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02};

std::uint8_t oid_arc(DigestAlgorithm alg) {
    switch (alg) {
        case DigestAlgorithm::sha256:
            return 1;
        case DigestAlgorithm::sha384:
            return 2;
        case DigestAlgorithm::sha512:
            return 3;
    }
    return 1;
}

void put_length(Bytes& out, std::size_t n) {
    if (n < 0x80) {
        out.push_back(static_cast<std::uint8_t>(n));
        return;
    }
    std::uint8_t tmp[8];
    int k = 0;
    for (std::size_t v = n; v; v >>= 8)
        tmp[k++] = static_cast<std::uint8_t>(v & 0xff);
    out.push_back(static_cast<std::uint8_t>(0x80 | k));
    while (k)
        out.push_back(tmp[--k]);
}

Bytes tlv(std::uint8_t tag, ByteView content) {
    Bytes out;
    out.reserve(content.size() + 6);
    out.push_back(tag);
    put_length(out, content.size());
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

void append(Bytes& out, const Bytes& more) {
    out.insert(out.end(), more.begin(), more.end());
}

Bytes algorithm_identifier(DigestAlgorithm alg) {
    Bytes oid(std::begin(kShaOidPrefix), std::end(kShaOidPrefix));
    oid.push_back(oid_arc(alg));
    return tlv(kSequence, tlv(kOid, oid));
}

Bytes encode_ats(const ArchiveTimeStamp& ats) {
    Bytes body;
    if (ats.digest_algorithm) {
        // [0] IMPLICIT AlgorithmIdentifier: the SEQUENCE's content under the context tag.
        const Bytes id = algorithm_identifier(*ats.digest_algorithm);
        append(body, tlv(kCtx0, ByteView(id).subspan(2)));
    }
    if (!ats.reduced_tree.empty()) {
        Bytes lists;
        for (const auto& list : ats.reduced_tree) {
            Bytes hashes;
            for (const auto& h : list) {
                const Bytes os = tlv(kOctetString, h);
                hashes.insert(hashes.end(), os.begin(), os.end());
            }
            const Bytes seq = tlv(kSequence, hashes);
            lists.insert(lists.end(), seq.begin(), seq.end());
        }
        const Bytes tree = tlv(kCtx2, lists);
        body.insert(body.end(), tree.begin(), tree.end());
    }
    body.insert(body.end(), ats.timestamp.begin(), ats.timestamp.end());
    return tlv(kSequence, body);
}

// A DER reader over one level of TLVs: every length checked against what remains.
class Reader {
public:
    Reader(ByteView in, std::string where) : m_in(in), m_where(std::move(where)) {}
    bool done() const { return m_pos == m_in.size(); }
    std::uint8_t peek() const { return done() ? 0 : m_in[m_pos]; }
    const std::string& where() const { return m_where; }

    // The next TLV, which must carry `tag`: its content, and (optionally) the whole encoding.
    Result<ByteView> read(std::uint8_t tag, const char* what, ByteView* whole = nullptr) {
        const std::size_t start = m_pos;
        if (done()) return fail(Errc::evidence_invalid, m_where + ": " + what + " is missing");
        const std::uint8_t t = m_in[m_pos++];
        if (t != tag)
            return fail(Errc::evidence_invalid,
                        m_where + ": " + what + ": expected tag 0x" + hex(tag) + ", found 0x" + hex(t));
        if (done()) return fail(Errc::evidence_invalid, m_where + ": " + what + ": truncated length");
        const std::uint8_t first = m_in[m_pos++];
        std::size_t len = 0;
        if (first < 0x80) {
            len = first;
        } else if (first == 0x80) {
            return fail(Errc::evidence_invalid, m_where + ": " + what + ": indefinite length (not DER)");
        } else {
            const std::size_t n = first & 0x7f;
            if (n > 4) return fail(Errc::evidence_invalid, m_where + ": " + what + ": length too large");
            if (m_in.size() - m_pos < n)
                return fail(Errc::evidence_invalid, m_where + ": " + what + ": truncated length");
            if (m_in[m_pos] == 0)
                return fail(Errc::evidence_invalid, m_where + ": " + what + ": non-minimal length (not DER)");
            for (std::size_t i = 0; i < n; ++i)
                len = (len << 8) | m_in[m_pos++];
            if (len < 0x80)
                return fail(Errc::evidence_invalid, m_where + ": " + what + ": non-minimal length (not DER)");
        }
        if (m_in.size() - m_pos < len)
            return fail(Errc::evidence_invalid, m_where + ": " + what + ": length runs past the end of its container");
        const ByteView content = m_in.subspan(m_pos, len);
        m_pos += len;
        if (whole) *whole = m_in.subspan(start, m_pos - start);
        return content;
    }

private:
    static std::string hex(std::uint8_t b) { return hex_encode(ByteView(&b, 1)); }
    ByteView m_in;
    std::size_t m_pos = 0;
    std::string m_where;
};

Result<DigestAlgorithm> read_algorithm(ByteView content, const std::string& where) {
    Reader r(content, where);
    KYSO_TRY(const ByteView oid, r.read(kOid, "algorithm"));
    std::optional<DigestAlgorithm> alg;
    for (const auto a : {DigestAlgorithm::sha256, DigestAlgorithm::sha384, DigestAlgorithm::sha512})
        if (oid.size() == sizeof kShaOidPrefix + 1 &&
            std::equal(std::begin(kShaOidPrefix), std::end(kShaOidPrefix), oid.begin()) && oid.back() == oid_arc(a))
            alg = a;
    if (!alg)
        return fail(Errc::evidence_invalid,
                    where + ": only SHA-256, SHA-384 and SHA-512 (2.16.840.1.101.3.4.2.1-3) are supported");
    if (!r.done()) {  // parameters: absent, or NULL as some encoders write it
        KYSO_TRY(const ByteView null, r.read(kNull, "parameters"));
        if (!null.empty() || !r.done())
            return fail(Errc::evidence_invalid, where + ": unexpected algorithm parameters");
    }
    return *alg;
}

Result<ArchiveTimeStamp> decode_ats(ByteView content, const std::string& where) {
    ArchiveTimeStamp ats;
    Reader r(content, where);
    if (r.peek() == kCtx0) {
        KYSO_TRY(const ByteView alg, r.read(kCtx0, "digestAlgorithm"));
        KYSO_TRY(ats.digest_algorithm, read_algorithm(alg, where + " digestAlgorithm"));
    }
    if (r.peek() == kCtx1) {
        return fail(Errc::evidence_invalid, where + ": archive time-stamp attributes are not supported");
    }
    if (r.peek() == kCtx2) {
        KYSO_TRY(const ByteView lists, r.read(kCtx2, "reducedHashtree"));
        Reader lr(lists, where + " reducedHashtree");
        if (lr.done()) return fail(Errc::evidence_invalid, where + ": empty reducedHashtree");
        std::size_t size = ats.digest_algorithm ? keys::digest_size(*ats.digest_algorithm) : 0;
        while (!lr.done()) {
            const std::string lw = where + " PartialHashtree " + std::to_string(ats.reduced_tree.size() + 1);
            KYSO_TRY(const ByteView hashes, lr.read(kSequence, "PartialHashtree"));
            Reader hr(hashes, lw);
            HashList list;
            if (hr.done()) return fail(Errc::evidence_invalid, lw + ": empty list of hash values");
            while (!hr.done()) {
                KYSO_TRY(const ByteView h, hr.read(kOctetString, "hash value"));
                if (size == 0 && h.size() != 32 && h.size() != 48 && h.size() != 64)
                    return fail(Errc::evidence_invalid, lw + ": a hash value of " + std::to_string(h.size()) +
                                                            " bytes (SHA-256 has 32, SHA-384 48, SHA-512 64)");
                if (size == 0) size = h.size();
                if (h.size() != size)
                    return fail(Errc::evidence_invalid, lw + ": a hash value of " + std::to_string(h.size()) +
                                                            " bytes among values of " + std::to_string(size) +
                                                            " (one algorithm per ArchiveTimeStamp)");
                list.emplace_back(h.begin(), h.end());
            }
            ats.reduced_tree.push_back(std::move(list));
        }
    }
    ByteView whole;
    KYSO_TRY(const ByteView token, r.read(kSequence, "timeStamp (ContentInfo)", &whole));
    if (token.empty()) return fail(Errc::evidence_invalid, where + ": empty timeStamp");
    ats.timestamp.assign(whole.begin(), whole.end());
    if (!r.done()) return fail(Errc::evidence_invalid, where + ": unexpected data after the timeStamp");
    return ats;
}

}  // namespace

Bytes encode_chains(const EvidenceRecord& er, std::size_t count) {
    Bytes chains;
    for (std::size_t i = 0; i < count && i < er.chains.size(); ++i) {
        Bytes stamps;
        for (const auto& ats : er.chains[i])
            append(stamps, encode_ats(ats));
        append(chains, tlv(kSequence, stamps));
    }
    return tlv(kSequence, chains);
}

Bytes encode_evidence_record(const EvidenceRecord& er) {
    Bytes body = tlv(kInteger, Bytes{1});
    Bytes algs;
    for (const auto alg : er.digest_algorithms)
        append(algs, algorithm_identifier(alg));
    append(body, tlv(kSequence, algs));
    append(body, encode_chains(er, er.chains.size()));
    return tlv(kSequence, body);
}

Result<EvidenceRecord> decode_evidence_record(ByteView der) {
    Reader top(der, "EvidenceRecord");
    KYSO_TRY(const ByteView content, top.read(kSequence, "EvidenceRecord"));
    if (!top.done()) return fail(Errc::evidence_invalid, "EvidenceRecord: trailing bytes after the DER value");
    Reader r(content, "EvidenceRecord");
    KYSO_TRY(const ByteView version, r.read(kInteger, "version"));
    if (version.size() != 1 || version[0] != 1)
        return fail(Errc::evidence_invalid, "EvidenceRecord: version must be 1 (v1, RFC 4998 §4.1)");
    KYSO_TRY(const ByteView algs, r.read(kSequence, "digestAlgorithms"));
    Reader ar(algs, "EvidenceRecord digestAlgorithms");
    if (ar.done()) return fail(Errc::evidence_invalid, "EvidenceRecord: empty digestAlgorithms");
    EvidenceRecord er;
    er.digest_algorithms.clear();
    while (!ar.done()) {
        KYSO_TRY(const ByteView alg, ar.read(kSequence, "AlgorithmIdentifier"));
        KYSO_TRY(const DigestAlgorithm a, read_algorithm(alg, "EvidenceRecord digestAlgorithms"));
        er.digest_algorithms.push_back(a);
    }
    if (r.peek() == kCtx0 || r.peek() == kCtx1)
        return fail(Errc::evidence_invalid, "EvidenceRecord: cryptoInfos and encryptionInfo are not supported");
    KYSO_TRY(const ByteView seq, r.read(kSequence, "archiveTimeStampSequence"));
    if (!r.done())
        return fail(Errc::evidence_invalid, "EvidenceRecord: unexpected data after archiveTimeStampSequence");
    Reader sr(seq, "archiveTimeStampSequence");
    if (sr.done()) return fail(Errc::evidence_invalid, "EvidenceRecord: empty archiveTimeStampSequence");
    while (!sr.done()) {
        const std::string cw = "ArchiveTimeStampChain " + std::to_string(er.chains.size() + 1);
        KYSO_TRY(const ByteView chain, sr.read(kSequence, "ArchiveTimeStampChain"));
        Reader cr(chain, cw);
        if (cr.done()) return fail(Errc::evidence_invalid, cw + ": empty chain");
        ArchiveTimeStampChain c;
        while (!cr.done()) {
            const std::string aw = cw + " ArchiveTimeStamp " + std::to_string(c.size() + 1);
            KYSO_TRY(const ByteView ats, cr.read(kSequence, "ArchiveTimeStamp"));
            KYSO_TRY(auto a, decode_ats(ats, aw));
            c.push_back(std::move(a));
        }
        er.chains.push_back(std::move(c));
    }
    return er;
}

}  // namespace kyso::archive
