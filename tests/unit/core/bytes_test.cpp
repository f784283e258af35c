#include <kyso/core/bytes.hpp>

#include <gtest/gtest.h>

using namespace kyso;

TEST(Base64, RoundTripsEveryLengthModulo3) {
    for (std::size_t n = 0; n < 10; ++n) {
        Bytes in(n);
        for (std::size_t i = 0; i < n; ++i)
            in[i] = static_cast<std::uint8_t>(i * 37 + 1);
        Bytes out;
        ASSERT_TRUE(base64_decode(base64_encode(in), out)) << n;
        EXPECT_EQ(in, out);
    }
}

TEST(Base64, KnownVectors) {
    EXPECT_EQ(base64_encode(as_bytes("foobar")), "Zm9vYmFy");
    EXPECT_EQ(base64_encode(as_bytes("fo")), "Zm8=");
    Bytes out;
    ASSERT_TRUE(base64_decode("Zm9v\nYmFy\r\n", out));  // XML line breaks are skipped
    EXPECT_EQ(std::string(out.begin(), out.end()), "foobar");
}

TEST(Base64, RejectsGarbage) {
    Bytes out;
    EXPECT_FALSE(base64_decode("Zm9v!", out));
    EXPECT_FALSE(base64_decode("Zm8=Zm8=", out));  // data after padding
    EXPECT_FALSE(base64_decode("Z", out));         // a lone 6-bit group
}

TEST(Hex, EncodesLowerAndUpper) {
    const Bytes b{0x00, 0xAB, 0x10};
    EXPECT_EQ(hex_encode(b), "00ab10");
    EXPECT_EQ(hex_encode(b, true), "00AB10");
}

TEST(SecretString, WipesOnMove) {
    SecretString a(std::string("123456"));
    SecretString b(std::move(a));
    EXPECT_EQ(b.reveal(), "123456");
    EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): the moved-from secret must be empty
}
