#include <kyso/core/time.hpp>

#include <gtest/gtest.h>

using namespace kyso;

TEST(Rfc3339, ParsesUtcAndOffsets) {
    auto t = parse_rfc3339("2031-01-01T00:00:00Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(format_rfc3339(*t), "2031-01-01T00:00:00Z");
    auto hanoi = parse_rfc3339("2031-01-01T07:00:00+07:00");
    ASSERT_TRUE(hanoi);
    EXPECT_EQ(*hanoi, *t);
    auto frac = parse_rfc3339("2026-11-22T08:00:00.123Z");
    ASSERT_TRUE(frac);
    EXPECT_EQ(format_rfc3339(*frac), "2026-11-22T08:00:00Z");
}

TEST(Rfc3339, RejectsMalformed) {
    for (const char* bad : {"", "2031-01-01", "2031-13-01T00:00:00Z", "2031-02-30T00:00:00Z", "2031-01-01T00:00:00",
                            "2031-01-01T25:00:00Z", "2031-01-01T00:00:00Zjunk", "yesterday"}) {
        auto t = parse_rfc3339(bad);
        ASSERT_FALSE(t) << bad;
        EXPECT_EQ(t.error().code, Errc::usage);
    }
}
