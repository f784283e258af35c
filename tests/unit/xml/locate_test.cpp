#include "libxml/libxml.hpp"
#include "xml/locate.hpp"

#include <gtest/gtest.h>

using namespace kyso;

namespace {
xml::ElementSpan locate(std::string_view text, std::string_view path) {
    auto doc = libxml::parse_hardened(as_bytes(text), "t");
    EXPECT_TRUE(doc);
    xmlNode* n = xml::find_path(doc->get(), path);
    EXPECT_NE(n, nullptr);
    auto span = xml::locate_element(as_bytes(text), xml::element_index(doc->get(), n));
    EXPECT_TRUE(span);
    return *span;
}
}  // namespace

TEST(Locate, FindsEndTagPastTrickyContent) {
    const std::string text =
        "<?xml version=\"1.0\"?><!-- <C> --><R a=\"x>y\" b='&apos;'>"
        "<X><![CDATA[</C><C>]]></X><?pi <C>?><C q=\"/>\">t</C><C/></R>";
    const auto span = locate(text, "/R/C");
    EXPECT_FALSE(span.self_closing);
    EXPECT_EQ(span.qname, "C");
    EXPECT_EQ(text.substr(span.start_tag_begin, span.start_tag_end - span.start_tag_begin), "<C q=\"/>\">");
    EXPECT_EQ(text.substr(span.end_tag_begin, 4), "</C>");
    EXPECT_EQ(text.substr(span.start_tag_end, span.end_tag_begin - span.start_tag_end), "t");
}

TEST(Locate, SelfClosingElement) {
    const std::string text = "<R><A><C/></A><CHUKYDONVI   /></R>";
    const auto span = locate(text, "/R/CHUKYDONVI");
    EXPECT_TRUE(span.self_closing);
    EXPECT_EQ(text[span.slash_pos], '/');
    EXPECT_EQ(text.substr(span.start_tag_begin, span.start_tag_end - span.start_tag_begin), "<CHUKYDONVI   />");
}

TEST(Locate, FindPathOnlyMatchesNoNamespaceChildren) {
    auto doc = libxml::parse_hardened(as_bytes("<R xmlns:p=\"u\"><p:A/><A><B/></A></R>"), "t");
    ASSERT_TRUE(doc);
    EXPECT_NE(xml::find_path(doc->get(), "/R/A/B"), nullptr);
    EXPECT_EQ(xml::find_path(doc->get(), "/X/A"), nullptr);
    EXPECT_EQ(xml::path_of(xml::find_path(doc->get(), "/R/A/B")), "/R/A/B");
}
