#include <kyso/core/result.hpp>

#include <gtest/gtest.h>

using namespace kyso;

namespace {
Result<int> half(int v) {
    if (v % 2 != 0) return fail(Errc::usage, "odd");
    return v / 2;
}
Result<int> quarter(int v) {
    KYSO_TRY(int h, half(v));
    return half(h);
}
}  // namespace

TEST(Result, PropagatesErrors) {
    ASSERT_TRUE(quarter(8));
    EXPECT_EQ(*quarter(8), 2);
    auto r = quarter(6);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::usage);
    EXPECT_EQ(r.error().message, "odd");
}

TEST(Errc, NamesAreStable) {
    // These strings are part of the JSON contract (error.code).
    EXPECT_EQ(errc_name(Errc::malformed_xml), "malformed_xml");
    EXPECT_EQ(errc_name(Errc::pin_incorrect), "pin_incorrect");
    EXPECT_EQ(errc_name(Errc::token_not_present), "token_not_present");
    EXPECT_EQ(static_cast<int>(Errc::output_exists), 23);
}
