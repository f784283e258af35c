// Streaming file hashing: digests equal OpenSSL's one-shot ones; a missing file and an I/O error are told apart.
#include "archive/file_hash.hpp"
#include "support/fixtures.hpp"

#include <gtest/gtest.h>
#include <openssl/sha.h>

namespace kyso::archive::detail {
namespace {

using kyso::test::TempDir;

TEST(FileHash, StreamsLargeFilesToTheSameDigests) {
    TempDir dir;
    Bytes data(3 * 1024 * 1024 + 17);
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = static_cast<std::uint8_t>(i * 31 + (i >> 11));
    kyso::test::write(dir / "big.bin", data);
    const auto h = hash_file(dir / "big.bin");
    ASSERT_EQ(h.state, FileState::ok) << h.problem;
    Bytes s256(32), s512(64);
    SHA256(data.data(), data.size(), s256.data());
    SHA512(data.data(), data.size(), s512.data());
    EXPECT_EQ(h.digests.sha256, s256);
    EXPECT_EQ(h.digests.sha512, s512);
    EXPECT_EQ(h.digests.size, data.size());
}

TEST(FileHash, MissingIsNotUnreadable) {
    TempDir dir;
    EXPECT_EQ(hash_file(dir / "absent").state, FileState::missing);
    std::filesystem::create_directory(dir / "a-directory");
    const auto h = hash_file(dir / "a-directory");
    EXPECT_EQ(h.state, FileState::unreadable);
    EXPECT_FALSE(h.problem.empty());
    // A symbolic link is never followed.
    kyso::test::write(dir / "target", as_bytes("x"));
    std::filesystem::create_symlink(dir / "target", dir / "link");
    EXPECT_EQ(hash_file(dir / "link").state, FileState::unreadable);
    EXPECT_EQ(read_small_file(dir / "absent").state, FileState::missing);
    EXPECT_EQ(read_small_file(dir / "a-directory").state, FileState::unreadable);
    EXPECT_EQ(read_small_file(dir / "target", 0).state, FileState::unreadable);  // over the limit
}

}  // namespace
}  // namespace kyso::archive::detail
