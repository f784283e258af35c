// issuer_path (lib/keys/certificate.cpp): what a signature carries is the signer's issuers only.
#include "support/fixtures.hpp"

#include <kyso/keys/certificate.hpp>

#include <gtest/gtest.h>

namespace kyso::keys {
namespace {

Certificate load(const std::string& name) {
    auto certs = Certificate::load_file(test::pki(name).string());
    if (!certs || certs->empty()) throw std::runtime_error("cannot load " + name);
    return certs->front();
}

TEST(IssuerPath, KeepsOnlyTheIssuersOfTheLeafAndStopsBeforeTheRoot) {
    const Certificate leaf = load("hospital-rsa.cert.pem");
    const Certificate ca = load("ca.cert.pem");
    const std::vector<Certificate> token{load("doctor-rsa.cert.pem"), load("foreign.cert.pem"), load("root.cert.pem"),
                                         ca, load("hospital-ec.cert.pem")};
    const auto path = issuer_path(leaf, token);
    ASSERT_EQ(path.size(), 1u);
    EXPECT_TRUE(path[0].same_as(ca));
    EXPECT_TRUE(leaf.issued_by(ca));
    EXPECT_FALSE(leaf.issued_by(load("foreign-root.cert.pem")));
    EXPECT_TRUE(load("root.cert.pem").self_signed());
}

TEST(IssuerPath, NoIssuerOnTheTokenGivesAnEmptyPath) {
    const std::vector<Certificate> token{load("doctor-rsa.cert.pem"), load("foreign.cert.pem")};
    EXPECT_TRUE(issuer_path(load("hospital-rsa.cert.pem"), token).empty());
}

}  // namespace
}  // namespace kyso::keys
