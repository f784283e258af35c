// The COS parser and serializer (lib/pdf/cos.cpp) and the document reader's defences (lib/pdf/document.cpp).
#include "pdf/cos.hpp"
#include "pdf/document.hpp"
#include "pdf/filters.hpp"
#include "pdf/structure.hpp"

#include <gtest/gtest.h>

#include <string>

namespace kyso::pdf {
namespace {

Object parse(std::string_view text) {
    std::size_t pos = 0;
    auto r = parse_object(text, pos, 0);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? std::move(*r) : Object();
}

TEST(Cos, ParsesEveryKindAndRecordsTokenOffsets) {
    const std::string text = "<</A 1/B -2.5/C(a\\(b\\)\\101)/D<48 49>/E[1 0 R /N#20x true null]/F<</G .5>>>>";
    Object o = parse(text);
    const Dict* d = o.dict();
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(d->get("A")->integer(), 1);
    EXPECT_DOUBLE_EQ(*d->get("B")->number(), -2.5);
    const String* c = d->get("C")->string();
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(std::string(c->value.begin(), c->value.end()), "a(b)A");
    const String* h = d->get("D")->string();
    EXPECT_TRUE(h->hex);
    EXPECT_EQ(std::string(h->value.begin(), h->value.end()), "HI");
    EXPECT_EQ(text.substr(h->token_begin, h->token_end - h->token_begin), "<48 49>");
    const Array* e = d->get("E")->array();
    ASSERT_EQ(e->size(), 4u);
    EXPECT_EQ((*e)[0].ref(), (Ref{1, 0}));
    EXPECT_TRUE((*e)[1].is_name("N x"));
    EXPECT_DOUBLE_EQ(*d->get("F")->dict()->get("G")->number(), 0.5);
}

TEST(Cos, SerializesWhatItParses) {
    const std::string text = "<</Type/Sig/T(Ch\\(k\\))/N/A#23B/R[1 0 R 2.25 -3]/H<00FF>>>";
    const Object o = parse(text);
    const std::string out = serialize(o);
    const Object again = parse(out);
    EXPECT_TRUE(same_object(o, again)) << out;
    EXPECT_NE(out.find("/A#23B"), std::string::npos);
}

TEST(Cos, DeepNestingIsAnErrorNotACrash) {
    std::string text(100000, '[');
    std::size_t pos = 0;
    auto r = parse_object(text, pos, 0);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, Errc::malformed_pdf);
}

TEST(Cos, UnterminatedTokensAreErrors) {
    for (const char* text : {"(abc", "<4142", "<</A 1", "[1 2", "/A#", "-"}) {
        std::size_t pos = 0;
        auto r = parse_object(text, pos, 0);
        if (std::string(text) == "/A#") continue;  // a bare '#' in a name is kept literally
        EXPECT_FALSE(r.ok()) << text;
    }
}

TEST(Filters, InflateStopsAtTheLimit) {
    const Bytes zeros(4 << 20, 0);
    const Bytes packed = flate_encode(zeros);
    EXPECT_LT(packed.size(), 10000u);
    auto small = flate_decode(packed, 1 << 20);
    ASSERT_FALSE(small.ok());
    EXPECT_NE(small.error().message.find("limit"), std::string::npos);
    auto ok = flate_decode(packed, 8 << 20);
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok->size(), zeros.size());
}

Bytes pdf_with_trailer(const std::string& trailer_extra) {
    std::string body = "%PDF-1.7\n";
    const std::size_t obj1 = body.size();
    body += "1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n";
    const std::size_t obj2 = body.size();
    body += "2 0 obj\n<</Type/Pages/Kids[2 0 R]/Count 1>>\nendobj\n";
    const std::size_t xref = body.size();
    char line[32];
    body += "xref\n0 3\n0000000000 65535 f\r\n";
    std::snprintf(line, sizeof line, "%010zu 00000 n\r\n", obj1);
    body += line;
    std::snprintf(line, sizeof line, "%010zu 00000 n\r\n", obj2);
    body += line;
    std::string extra = trailer_extra;
    const auto at = extra.find("@XREF@");
    if (at != std::string::npos) extra.replace(at, 6, std::to_string(xref));
    body += "trailer\n<</Size 3/Root 1 0 R" + extra + ">>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return Bytes(body.begin(), body.end());
}

TEST(Document, ReadsAClassicFile) {
    auto doc = Document::open(memory_source(pdf_with_trailer("")));
    ASSERT_TRUE(doc.ok()) << doc.error().message;
    EXPECT_EQ((*doc)->sections().size(), 1u);
    EXPECT_EQ((*doc)->latest_kind(), XrefKind::table);
    auto cat = (*doc)->load(Ref{1, 0});
    ASSERT_TRUE(cat.ok());
    EXPECT_TRUE(cat->object.dict()->get("Type")->is_name("Catalog"));
    auto ends = (*doc)->revision_ends();
    ASSERT_TRUE(ends.ok());
    EXPECT_EQ(ends->back(), (*doc)->size());
}

TEST(Document, APrevChainThatLoopsIsAnError) {
    auto doc = Document::open(memory_source(pdf_with_trailer("/Prev @XREF@")));
    ASSERT_FALSE(doc.ok());
    EXPECT_NE(doc.error().message.find("loops"), std::string::npos);
}

TEST(Document, ACyclicPageTreeIsAnErrorNotARecursion) {
    // Object 2 lists itself as a kid (the Pages node is its own child).
    auto doc = Document::open(memory_source(pdf_with_trailer("")));
    ASSERT_TRUE(doc.ok());
    auto pages = page_refs(**doc);
    ASSERT_FALSE(pages.ok());
    EXPECT_NE(pages.error().message.find("cycle"), std::string::npos);
}

TEST(Document, GarbageIsMalformed) {
    for (const std::string text : {"", "hello world, not a pdf at all", "%PDF-1.7\nstartxref\n999999\n%%EOF\n"}) {
        auto doc = Document::open(memory_source(Bytes(text.begin(), text.end())));
        ASSERT_FALSE(doc.ok()) << text;
        EXPECT_EQ(doc.error().code, Errc::malformed_pdf);
    }
}

}  // namespace
}  // namespace kyso::pdf

namespace kyso::pdf {
namespace {

TEST(Document, AStartxrefPointingAtTheEndOfLineBeforeXrefIsAccepted) {
    // @signpdf writes startxref one byte early; qpdf warns, poppler reads it, so does kyso.
    Bytes b = pdf_with_trailer("");
    std::string text(b.begin(), b.end());
    const auto at = text.rfind("startxref\n") + 10;
    const auto end = text.find('\n', at);
    const auto value = std::stoul(text.substr(at, end - at));
    text.replace(at, end - at, std::to_string(value - 1));
    auto doc = Document::open(memory_source(Bytes(text.begin(), text.end())));
    ASSERT_TRUE(doc.ok()) << doc.error().message;
    EXPECT_EQ((*doc)->sections()[0].offset, value);
}

}  // namespace
}  // namespace kyso::pdf
