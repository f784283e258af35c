#include <kyso/verify/report.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace kyso;

TEST(Report, JsonFollowsTheCliContract) {
    verify::Report r;
    r.tool_version = "9.9";
    r.validation_time = *parse_rfc3339("2026-11-22T08:00:00Z");
    verify::DocumentReport ok;
    ok.path = "in/a.xml";
    ok.format = "xml";
    ok.profile = "claims";
    verify::SignatureReport s;
    s.indication = verify::Indication::total_failed;
    s.sub_indication = verify::SubIndication::hash_failure;
    s.signer = verify::SignerIdentity{};
    s.signer->mst = "0101234567";
    ok.signatures.push_back(s);
    verify::DocumentReport bad;
    bad.path = "in/b.xml";
    bad.format = "xml";
    bad.error = Error{Errc::malformed_xml, "broken"};
    r.documents = {ok, bad};
    const auto j = nlohmann::json::parse(r.to_json());
    EXPECT_EQ(j["tool"]["name"], "kyso");
    EXPECT_EQ(j["validation_time"], "2026-11-22T08:00:00Z");
    EXPECT_EQ(j["documents"][0]["signatures"][0]["indication"], "TOTAL_FAILED");
    EXPECT_EQ(j["documents"][0]["signatures"][0]["sub_indication"], "HASH_FAILURE");
    EXPECT_EQ(j["documents"][0]["signatures"][0]["signer"]["mst"], "0101234567");
    EXPECT_TRUE(j["documents"][0]["signatures"][0]["signer"]["cccd"].is_null());
    EXPECT_TRUE(j["documents"][0]["error"].is_null());
    EXPECT_EQ(j["documents"][1]["error"]["code"], "malformed_xml");
    EXPECT_EQ(j["summary"]["documents"], 2);
    EXPECT_EQ(j["summary"]["total_failed"], 1);
    EXPECT_EQ(j["summary"]["unreadable"], 1);
    for (const char* key : {"signing_time", "time_source", "signed_scope", "warnings", "errors"})
        EXPECT_TRUE(j["documents"][0]["signatures"][0].contains(key)) << key;
}
