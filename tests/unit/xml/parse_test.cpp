#include "libxml/libxml.hpp"

#include <gtest/gtest.h>

using namespace kyso;

namespace {
Errc parse_error(std::string_view text) {
    auto d = libxml::parse_hardened(as_bytes(text), "t");
    return d ? Errc::ok : d.error().code;
}
}  // namespace

TEST(HardenedParse, AcceptsUtf8WithAndWithoutBom) {
    EXPECT_EQ(parse_error("<a>xin chào</a>"), Errc::ok);
    EXPECT_EQ(parse_error("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>"), Errc::ok);
    EXPECT_EQ(parse_error("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a><![CDATA[<x>]]></a>"), Errc::ok);
}

TEST(HardenedParse, RefusesEveryDoctype) {
    EXPECT_EQ(parse_error("<!DOCTYPE a><a/>"), Errc::malformed_xml);
    EXPECT_EQ(parse_error("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>"), Errc::malformed_xml);
    EXPECT_EQ(parse_error("<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>"), Errc::malformed_xml);
    EXPECT_EQ(parse_error("<!DOCTYPE a SYSTEM \"http://127.0.0.1:9/x.dtd\"><a/>"), Errc::malformed_xml);
    EXPECT_EQ(parse_error("<!DOCTYPE a [<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;]><a/>"), Errc::malformed_xml);
    EXPECT_EQ(
        parse_error("<!DOCTYPE a [<!ENTITY l0 \"x\"><!ENTITY l1 \"&l0;&l0;&l0;&l0;&l0;&l0;&l0;&l0;\">]><a>&l1;</a>"),
        Errc::malformed_xml);
}

TEST(HardenedParse, RefusesOtherEncodingsAndBrokenInput) {
    EXPECT_EQ(parse_error("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>\xE9</a>"), Errc::malformed_xml);
    EXPECT_EQ(parse_error("<a>\xC3\x28</a>"), Errc::malformed_xml);  // invalid UTF-8
    EXPECT_EQ(parse_error(std::string_view("\xFF\xFE<\0a\0/\0>\0", 10)), Errc::malformed_xml);
    EXPECT_EQ(parse_error("<a><b></a>"), Errc::malformed_xml);
    EXPECT_EQ(parse_error("<GIAMDINHHS><THONGTINDONVI>"), Errc::malformed_xml);  // truncated
    EXPECT_EQ(parse_error(""), Errc::malformed_xml);
    EXPECT_EQ(parse_error("<a>&undefined;</a>"), Errc::malformed_xml);
}

TEST(HardenedParse, ErrorNamesTheInputAndLine) {
    auto d = libxml::parse_hardened(as_bytes("<a>\n<b></a>"), "claim_7.xml");
    ASSERT_FALSE(d);
    EXPECT_NE(d.error().message.find("claim_7.xml"), std::string::npos);
    EXPECT_NE(d.error().message.find("line"), std::string::npos);
}
