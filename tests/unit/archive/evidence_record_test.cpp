// RFC 4998 EvidenceRecord DER: round trip, the exact bytes of the header, malformed inputs refused.
#include <kyso/archive/evidence_record.hpp>

#include <gtest/gtest.h>

#include <algorithm>

namespace kyso::archive {
namespace {

Bytes filled(std::uint8_t v, std::size_t size = 32) {
    return Bytes(size, v);
}

// Any DER SEQUENCE stands in for the time-stamp token's ContentInfo here.
const Bytes kToken{0x30, 0x03, 0x02, 0x01, 0x05};

// A TLV with a short length (test vectors only).
Bytes tlv(std::uint8_t tag, Bytes content) {
    Bytes out;
    out.reserve(content.size() + 2);
    out.push_back(tag);
    out.push_back(static_cast<std::uint8_t>(content.size()));
    for (const auto b : content)
        out.push_back(b);
    return out;
}
Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const auto& p : parts)
        for (const auto b : p)
            out.push_back(b);
    return out;
}
const Bytes kVersion{0x02, 0x01, 0x01};
const Bytes kSha256Alg = tlv(0x30, tlv(0x06, {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01}));
const Bytes kAlgs = tlv(0x30, kSha256Alg);

EvidenceRecord sample() {
    EvidenceRecord er;
    ArchiveTimeStamp ats;
    ats.reduced_tree = {{filled(1), filled(2)}, {filled(3)}};
    ats.timestamp = kToken;
    er.chains.push_back({ats});
    return er;
}

TEST(EvidenceRecord, RoundTripAndDeterminism) {
    const Bytes der = encode_evidence_record(sample());
    EXPECT_EQ(der, encode_evidence_record(sample()));
    auto back = decode_evidence_record(der);
    ASSERT_TRUE(back) << back.error().message;
    ASSERT_EQ(back->chains.size(), 1u);
    ASSERT_EQ(back->chains[0].size(), 1u);
    EXPECT_EQ(back->chains[0][0].reduced_tree, sample().chains[0][0].reduced_tree);
    EXPECT_EQ(back->chains[0][0].timestamp, kToken);
    EXPECT_EQ(encode_evidence_record(*back), der);
}

TEST(EvidenceRecord, HeaderBytes) {
    EvidenceRecord er;
    ArchiveTimeStamp ats;
    ats.timestamp = kToken;
    er.chains.push_back({ats});
    const Bytes der = encode_evidence_record(er);
    // SEQUENCE { INTEGER 1, SEQUENCE { SEQUENCE { OID id-sha256 } }, SEQUENCE { SEQUENCE { SEQUENCE { token } } } }
    const Bytes expected = tlv(0x30, cat({kVersion, kAlgs, tlv(0x30, tlv(0x30, tlv(0x30, kToken)))}));
    EXPECT_EQ(der[1], 0x1d);
    EXPECT_EQ(der, expected) << hex_encode(der);
}

TEST(EvidenceRecord, LongLengthsAreMinimal) {
    EvidenceRecord er;
    ArchiveTimeStamp ats;
    for (int i = 0; i < 20; ++i)
        ats.reduced_tree.push_back({filled(static_cast<std::uint8_t>(i))});
    ats.timestamp = kToken;
    er.chains.push_back({ats});
    const Bytes der = encode_evidence_record(er);
    EXPECT_EQ(der[1], 0x82);  // > 255 bytes: two length octets
    ASSERT_TRUE(decode_evidence_record(der));
}

void expect_refused(const Bytes& der, const std::string& why_contains) {
    auto r = decode_evidence_record(der);
    ASSERT_FALSE(r) << "accepted: " << hex_encode(der);
    EXPECT_EQ(r.error().code, Errc::evidence_invalid);
    EXPECT_NE(r.error().message.find(why_contains), std::string::npos) << r.error().message;
}

TEST(EvidenceRecord, MalformedInputsRefused) {
    const Bytes good = encode_evidence_record(sample());
    Bytes b = good;
    b.push_back(0);
    expect_refused(b, "trailing bytes");
    b = good;
    b[0] = 0x31;
    expect_refused(b, "expected tag");
    b = good;
    b[4] = 2;  // version 2
    expect_refused(b, "version must be 1");
    // Every truncation is refused.
    for (std::size_t n = 0; n < good.size(); ++n)
        EXPECT_FALSE(decode_evidence_record(ByteView(good.data(), n))) << n;
    // Indefinite length.
    b = good;
    b[1] = 0x80;
    expect_refused(b, "indefinite");
    // Non-minimal length: 0x81 0x05 for a short value.
    expect_refused(Bytes{0x30, 0x81, 0x03, 0x02, 0x01, 0x01}, "non-minimal");
    // SHA-1 instead of SHA-256.
    const Bytes sha1 = tlv(0x30, tlv(0x30, tlv(0x06, {0x2b, 0x0e, 0x03, 0x02, 0x1a})));
    const Bytes chains = tlv(0x30, tlv(0x30, tlv(0x30, kToken)));
    expect_refused(tlv(0x30, cat({kVersion, sha1, chains})), "only SHA-256, SHA-384 and SHA-512");
    // id-sha256 with NULL parameters is accepted (some encoders write it).
    const Bytes with_null = tlv(
        0x30, tlv(0x30, cat({tlv(0x06, {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01}), Bytes{0x05, 0x00}})));
    EXPECT_TRUE(decode_evidence_record(tlv(0x30, cat({kVersion, with_null, chains}))));
    // Empty digestAlgorithms, empty archiveTimeStampSequence, empty chain.
    expect_refused(tlv(0x30, cat({kVersion, tlv(0x30, {}), chains})), "empty digestAlgorithms");
    expect_refused(tlv(0x30, cat({kVersion, kAlgs, tlv(0x30, {})})), "empty archiveTimeStampSequence");
    expect_refused(tlv(0x30, cat({kVersion, kAlgs, tlv(0x30, tlv(0x30, {}))})), "empty chain");
    // An empty reducedHashtree and an empty PartialHashtree.
    expect_refused(tlv(0x30, cat({kVersion, kAlgs, tlv(0x30, tlv(0x30, tlv(0x30, cat({tlv(0xa2, {}), kToken}))))})),
                   "empty reducedHashtree");
    expect_refused(
        tlv(0x30, cat({kVersion, kAlgs, tlv(0x30, tlv(0x30, tlv(0x30, cat({tlv(0xa2, tlv(0x30, {})), kToken}))))})),
        "empty list");
    // A 31-byte hash value.
    expect_refused(
        tlv(0x30, cat({kVersion, kAlgs,
                       tlv(0x30, tlv(0x30, tlv(0x30, cat({tlv(0xa2, tlv(0x30, tlv(0x04, Bytes(31, 7)))), kToken}))))})),
        "31 bytes");
    // Data after the token.
    expect_refused(tlv(0x30, cat({kVersion, kAlgs, tlv(0x30, tlv(0x30, tlv(0x30, cat({kToken, kToken}))))})),
                   "after the timeStamp");
}

TEST(EvidenceRecord, RenewedChainsRoundTrip) {
    // A hash-tree renewal: a second chain in SHA-512 with its digestAlgorithm written, then a time-stamp
    // renewal in it.
    EvidenceRecord er = sample();
    er.digest_algorithms.push_back(DigestAlgorithm::sha512);
    ArchiveTimeStamp first, second;
    first.digest_algorithm = DigestAlgorithm::sha512;
    first.reduced_tree = {{filled(4, 64), filled(5, 64)}};
    first.timestamp = kToken;
    second.digest_algorithm = DigestAlgorithm::sha512;
    second.timestamp = kToken;
    er.chains.push_back({first, second});
    const Bytes der = encode_evidence_record(er);
    auto back = decode_evidence_record(der);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->digest_algorithms, er.digest_algorithms);
    ASSERT_EQ(back->chains.size(), 2u);
    EXPECT_FALSE(back->chains[0][0].digest_algorithm);
    EXPECT_EQ(back->chains[1][0].digest_algorithm, DigestAlgorithm::sha512);
    EXPECT_EQ(back->chains[1][0].reduced_tree, first.reduced_tree);
    EXPECT_EQ(encode_evidence_record(*back), der);
    // [0] IMPLICIT AlgorithmIdentifier: a0 0b 06 09 <id-sha512>.
    const Bytes field{0xa0, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03};
    EXPECT_NE(std::search(der.begin(), der.end(), field.begin(), field.end()), der.end());
    // The chains before the second, as a hash-tree renewal hashes them: SEQUENCE { chain 1 }.
    const Bytes older = encode_chains(er, 1);
    EXPECT_EQ(older[0], 0x30);
    EXPECT_NE(std::search(der.begin(), der.end(), older.begin() + 2, older.end()), der.end());

    // SHA-512 values among SHA-256 ones, and values of a declared algorithm's wrong size, are refused.
    EvidenceRecord mixed = sample();
    mixed.chains[0][0].reduced_tree[1].push_back(filled(6, 64));
    expect_refused(encode_evidence_record(mixed), "among values of 32");
    EvidenceRecord wrong = sample();
    wrong.chains[0][0].digest_algorithm = DigestAlgorithm::sha512;
    expect_refused(encode_evidence_record(wrong), "among values of 64");
}

TEST(EvidenceRecord, BadHashesAndListsRefused) {
    // A declared length that lies.
    Bytes der = encode_evidence_record(sample());
    for (std::size_t i = 0; i + 1 < der.size(); ++i)
        if (der[i] == 0x04 && der[i + 1] == 0x20) {
            der[i + 1] = 0x1f;
            break;
        }
    EXPECT_FALSE(decode_evidence_record(der));
    // cryptoInfos present.
    const Bytes with_crypto = tlv(0x30, cat({kVersion, kAlgs, tlv(0xa0, {}), tlv(0x30, tlv(0x30, tlv(0x30, kToken)))}));
    expect_refused(with_crypto, "cryptoInfos");
}

}  // namespace
}  // namespace kyso::archive
