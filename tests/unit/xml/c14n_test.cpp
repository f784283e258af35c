#include "libxml/libxml.hpp"
#include "xml/c14n.hpp"
#include "xml/locate.hpp"

#include <gtest/gtest.h>

using namespace kyso;

namespace {
std::string c14n(xmlDoc* doc, const xml::NodeFilter& f) {
    std::string out;
    auto r = xml::canonicalize(doc, f, [&](const char* d, std::size_t n) { out.append(d, n); });
    EXPECT_TRUE(r);
    return out;
}
const char* kDoc =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<R xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">\n"
    "  <A Id=\"x\"><B b='1' a=\"2\"/><!-- c --></A>\n  <S/>\n</R>";
}  // namespace

TEST(C14n, WholeDocumentDropsCommentsAndDeclaration) {
    auto doc = libxml::parse_hardened(as_bytes(kDoc), "t");
    ASSERT_TRUE(doc);
    EXPECT_EQ(
        c14n(doc->get(), {}),
        "<R xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
        "  <A Id=\"x\"><B a=\"2\" b=\"1\"></B></A>\n  <S></S>\n</R>");
}

TEST(C14n, ExcludedSubtreeDisappearsWithItsTags) {
    auto doc = libxml::parse_hardened(as_bytes(kDoc), "t");
    ASSERT_TRUE(doc);
    xmlNode* s = xml::find_path(doc->get(), "/R/S");
    ASSERT_NE(s, nullptr);
    const std::string out = c14n(doc->get(), {nullptr, {s}});
    EXPECT_EQ(out.find("<S>"), std::string::npos);
    EXPECT_NE(out.find("</A>\n  \n</R>"), std::string::npos);
}

TEST(C14n, SubtreeInheritsNamespacesInScope) {
    // Inclusive C14N of a subtree renders the ancestors' namespace declarations on its apex: this is
    // why SignedInfo must be canonicalised in its final place (spec/claims-xml.md §1).
    auto doc = libxml::parse_hardened(as_bytes(kDoc), "t");
    ASSERT_TRUE(doc);
    xmlNode* a = xml::find_path(doc->get(), "/R/A");
    EXPECT_EQ(
        c14n(doc->get(), {a, {}}),
        "<A xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
        "Id=\"x\"><B a=\"2\" b=\"1\"></B></A>");
}
