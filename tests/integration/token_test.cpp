// PKCS#11 tokens end to end: SoftHSM, the fault-injecting proxy, the library API and the CLI.
#include "integration/helpers.hpp"

#include <kyso/batch/batch.hpp>
#include <kyso/keys/signer.hpp>
#include <kyso/xml/sign.hpp>
#include <kyso/xml/verify.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/x509.h>

#include <cstdlib>
#include <functional>
#include <map>
#include <set>

namespace kyso::test {
namespace {

Bytes sha256_of(std::string_view text) {
    Bytes d(SHA256_DIGEST_LENGTH);
    SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), d.data());
    return d;
}

Result<std::unique_ptr<keys::Signer>> open(const std::string& keyspec, keys::OpenOptions options = {}) {
    return keys::open_signer(keyspec, options);
}

// Signs one digest; the error code when it fails, Errc::ok otherwise.
Errc sign_one(keys::Signer& signer, const std::string& text) {
    const Bytes d = sha256_of(text);
    auto sigs = signer.sign_digests(keys::DigestAlgorithm::sha256, std::span<const Bytes>(&d, 1));
    if (!sigs) return sigs.error().code;
    return sigs->size() == 1 && !sigs->front().empty() ? Errc::ok : Errc::internal;
}

// A claims envelope in a fresh file, for the CLI.
fs::path claims_file(const TempDir& dir) {
    const fs::path p = dir / "claim.xml";
    write(p, sample_claims());
    return p;
}

std::string cli_sign(const fs::path& in, const fs::path& out, const std::string& keyspec,
                     const std::string& extra = {}) {
    return cli() + " xml sign " + sh(in) + " --out " + sh(out) + " --key " + sh(std::string_view(keyspec)) + " " +
           extra;
}

// 1. A wrong PIN is tried exactly once: library and CLI.
TEST(Token, WrongPinIsTriedOnceAndNeverRetried) {
    token();
    const std::size_t before = login_log().lines.size();
    auto s = open(proxy_uri("hospital-rsa", "000000"));
    ASSERT_FALSE(s.ok()) << "a wrong PIN opened the token";
    EXPECT_EQ(s.error().code, Errc::pin_incorrect) << errc_name(s.error().code) << ": " << s.error().message;
    EXPECT_EQ(s.error().message.find("000000"), std::string::npos) << "the PIN leaked into the message";

    const LoginLog after_lib = login_log();
    ASSERT_EQ(after_lib.lines.size(), before + 1) << after_lib.text();
    EXPECT_EQ(after_lib.lines.back().rfind("C_Login user_type=1 ", 0), 0u) << after_lib.lines.back();
    EXPECT_NE(after_lib.lines.back(), "C_Login user_type=1 rv=0x00000000") << "SoftHSM accepted the wrong PIN?";

    TempDir dir;
    std::string out;
    const int rc =
        run(cli_sign(claims_file(dir), dir / "signed.xml", proxy_uri("hospital-rsa", "000000")) + " 2>&1", &out);
    EXPECT_EQ(rc, 4) << out;
    EXPECT_NE(out.find("pin_incorrect"), std::string::npos) << out;
    EXPECT_EQ(out.find("000000"), std::string::npos) << "the CLI printed the PIN:\n" << out;
    EXPECT_FALSE(fs::exists(dir / "signed.xml"));
    const LoginLog after_cli = login_log();
    ASSERT_EQ(after_cli.lines.size(), after_lib.lines.size() + 1) << after_cli.text();
    EXPECT_EQ(after_cli.lines.back().rfind("C_Login user_type=1 ", 0), 0u) << after_cli.lines.back();
}

// 2. pin-source=env:VAR and file:PATH.
TEST(Token, PinSourceEnvAndFile) {
    token();
    ::setenv("KYSO_TEST_PIN_ENV", kPin, 1);
    const std::string base = "pkcs11:token=benhvien;object=hospital-rsa?module-path=" + std::string(kSoftHsm);
    auto by_env = open(base + "&pin-source=env:KYSO_TEST_PIN_ENV");
    ASSERT_TRUE(by_env.ok()) << by_env.error().message;
    EXPECT_EQ(sign_one(**by_env, "env"), Errc::ok);

    TempDir dir;
    const fs::path pin_file = dir / "pin.txt";
    write(pin_file, as_bytes(std::string(kPin) + "\n"));
    auto by_file = open(base + "&pin-source=file:" + pin_file.string());
    ASSERT_TRUE(by_file.ok()) << by_file.error().message;
    EXPECT_EQ(sign_one(**by_file, "file"), Errc::ok);

    // The CLI with pin-source=env: signs, and the output verifies.
    std::string out;
    const int rc = run("KYSO_CLI_PIN=" + std::string(kPin) + " " +
                           cli_sign(claims_file(dir), dir / "signed.xml", base + "&pin-source=env:KYSO_CLI_PIN"),
                       &out);
    EXPECT_EQ(rc, 0) << out;
    const auto report = verify_file(dir / "signed.xml");
    EXPECT_EQ(verdicts(report), "TOTAL_PASSED");
}

TEST(Token, PinSourceWithWrongPinFromFileIsPinIncorrect) {
    token();
    TempDir dir;
    const fs::path pin_file = dir / "pin.txt";
    write(pin_file, as_bytes(std::string_view("999999\n")));
    const std::size_t before = login_log().count(1);
    auto s = open(proxy_uri("hospital-rsa").substr(0, proxy_uri("hospital-rsa").find("&pin-value")) +
                  "&pin-source=file:" + pin_file.string());
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, Errc::pin_incorrect) << s.error().message;
    EXPECT_EQ(login_log().count(1), before + 1);
}

TEST(Token, MissingPinWithoutTerminalIsPinRequired) {
    token();
    const std::string no_pin = "pkcs11:token=benhvien;object=hospital-rsa?module-path=" + Token::fault_module();
    const std::size_t before = login_log().lines.size();
    auto s = open(no_pin, keys::OpenOptions{});
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, Errc::pin_required) << s.error().message;
    EXPECT_EQ(login_log().lines.size(), before) << "C_Login was called without a PIN";

    // The CLI in a new session (no controlling terminal), stdin from /dev/null: exit 4, pin_required,
    // and no C_Login at all.
    TempDir dir;
    std::string out;
    const int rc =
        run("setsid -w " + cli_sign(claims_file(dir), dir / "signed.xml", no_pin) + " </dev/null 2>&1", &out);
    EXPECT_EQ(rc, 4) << out;
    EXPECT_NE(out.find("pin_required"), std::string::npos) << out;
    EXPECT_EQ(login_log().lines.size(), before) << login_log().text();
    EXPECT_FALSE(fs::exists(dir / "signed.xml"));
}

// 3. CKA_ALWAYS_AUTHENTICATE: one context-specific login per signature, in a parallel batch.
TEST(Token, AlwaysAuthenticateKeySignsABatch) {
    token();
    TempDir dir;
    constexpr int kCount = 50;
    gen_claims(dir / "in", kCount, 3);
    auto signer = open(proxy_uri("always-auth"));
    ASSERT_TRUE(signer.ok()) << signer.error().message;
    const LoginLog opened = login_log();

    batch::XmlSignJob job;
    job.jobs = 2;
    for (const auto& p : all_files(dir / "in"))
        job.items.push_back({p, dir / "out" / p.filename()});
    ASSERT_EQ(job.items.size(), static_cast<std::size_t>(kCount));
    const auto summary = batch::run_xml_sign(job, **signer);
    EXPECT_EQ(summary.signed_count, static_cast<std::size_t>(kCount));
    EXPECT_EQ(summary.errors, 0u);
    for (const auto& r : summary.results)
        if (r.error) ADD_FAILURE() << r.item.input << ": " << errc_name(r.error->code) << ": " << r.error->message;

    for (const auto& item : job.items) {
        const auto report = verify_file(item.output);
        EXPECT_EQ(verdicts(report), "TOTAL_PASSED") << item.output;
        ASSERT_EQ(report.signatures.size(), 1u);
        ASSERT_TRUE(report.signatures[0].signer.has_value());
        EXPECT_NE(report.signatures[0].signer->subject.find("Always Authenticate Signer"), std::string::npos);
    }
    const LoginLog log = login_log();
    EXPECT_EQ(log.count(2) - opened.count(2), static_cast<std::size_t>(kCount)) << log.text();
    EXPECT_EQ(log.count_ok(2) - opened.count_ok(2), static_cast<std::size_t>(kCount)) << log.text();
    EXPECT_EQ(log.count(1), opened.count(1)) << "the user logged in again during the batch:\n" << log.text();
}

// 4. The token is pulled out and put back: the same Signer recovers.
TEST(Token, RemovalAndRecoveryWithTheSameSigner) {
    const Token& t = token();
    fs::remove(t.removed_flag());
    auto opened = open(proxy_uri("hospital-rsa"));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    keys::Signer& signer = **opened;
    ASSERT_EQ(sign_one(signer, "before"), Errc::ok);
    const std::size_t logins_before = login_log().count(1);

    write(t.removed_flag(), as_bytes(std::string_view("removed")));
    {
        const Bytes d = sha256_of("while removed");
        auto sigs = signer.sign_digests(keys::DigestAlgorithm::sha256, std::span<const Bytes>(&d, 1));
        ASSERT_FALSE(sigs.ok()) << "signed while the token was removed";
        EXPECT_EQ(sigs.error().code, Errc::token_not_present) << sigs.error().message;
    }
    // Still removed: still failing, never a crash or a hang.
    EXPECT_EQ(sign_one(signer, "still removed"), Errc::token_not_present);

    fs::remove(t.removed_flag());
    EXPECT_EQ(sign_one(signer, "after"), Errc::ok);
    // The token came back: a fresh session and a fresh user login (a re-inserted token has forgotten
    // the old login and the old object handles; SoftHSM behind the proxy has not, so only the log
    // shows whether kyso logged in again).
    EXPECT_GE(login_log().count(1), logins_before + 1) << "no C_Login(CKU_USER) after the token came back:\n"
                                                       << login_log().text();
    EXPECT_EQ(sign_one(signer, "after, again"), Errc::ok);
    // And a whole document with that Signer verifies.
    auto signed_doc = xml::sign(sample_claims(), signer, xml::SignOptions{});
    ASSERT_TRUE(signed_doc.ok()) << signed_doc.error().message;
    EXPECT_EQ(verdicts(xml::verify(*signed_doc, trust_context(), {})), "TOTAL_PASSED");
}

// 5. ECDSA through SoftHSM: raw r‖s, 64 bytes for P-256, and an XML signature that verifies.
TEST(Token, EcdsaSignsRawRsAndVerifies) {
    token();
    auto opened = open(token().uri("hospital-ec"));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    keys::Signer& signer = **opened;
    EXPECT_EQ(signer.scheme(), keys::SignatureScheme::ecdsa);
    EXPECT_EQ(signer.algorithm(), keys::KeyAlgorithm::ec_p256);

    const Bytes digest = sha256_of("ecdsa via softhsm");
    auto sigs = signer.sign_digests(keys::DigestAlgorithm::sha256, std::span<const Bytes>(&digest, 1));
    ASSERT_TRUE(sigs.ok()) << sigs.error().message;
    ASSERT_EQ(sigs->size(), 1u);
    const Bytes& rs = sigs->front();
    ASSERT_EQ(rs.size(), 64u);

    // r‖s → DER ECDSA-Sig-Value, checked by OpenSSL against the certificate's key.
    ECDSA_SIG* es = ECDSA_SIG_new();
    ASSERT_NE(es, nullptr);
    ASSERT_EQ(ECDSA_SIG_set0(es, BN_bin2bn(rs.data(), 32, nullptr), BN_bin2bn(rs.data() + 32, 32, nullptr)), 1);
    unsigned char* der = nullptr;
    const int der_len = i2d_ECDSA_SIG(es, &der);
    ECDSA_SIG_free(es);
    ASSERT_GT(der_len, 0);
    EVP_PKEY* key = X509_get0_pubkey(static_cast<X509*>(signer.certificate().native()));
    ASSERT_NE(key, nullptr);
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key, nullptr);
    ASSERT_NE(ctx, nullptr);
    EXPECT_EQ(EVP_PKEY_verify_init(ctx), 1);
    EXPECT_EQ(EVP_PKEY_verify(ctx, der, static_cast<std::size_t>(der_len), digest.data(), digest.size()), 1)
        << "the r‖s signature does not verify with the certificate";
    EVP_PKEY_CTX_free(ctx);
    OPENSSL_free(der);

    auto signed_doc = xml::sign(sample_claims(), signer, xml::SignOptions{});
    ASSERT_TRUE(signed_doc.ok()) << signed_doc.error().message;
    const std::string text(as_chars(*signed_doc));
    EXPECT_NE(text.find("http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"), std::string::npos);
    const auto report = xml::verify(*signed_doc, trust_context(), {});
    EXPECT_EQ(verdicts(report), "TOTAL_PASSED");
}

// 6. Key selection errors: library codes and CLI exit code 4.
TEST(Token, KeySelectionErrors) {
    token();
    struct Case {
        std::string name, keyspec;
        Errc code;
    };
    const std::vector<Case> cases{
        {"unknown object", token().uri("no-such-key"), Errc::key_not_found},
        {"unknown token label", token().uri("hospital-rsa", "no-such-token"), Errc::token_not_present},
        {"bad module path", token().uri("hospital-rsa", "benhvien", "/nonexistent/libno-such-pkcs11.so"),
         Errc::module_load_failed},
        {"malformed URI (attribute without '=')",
         "pkcs11:token=benhvien;object?module-path=" + std::string(kSoftHsm) + "&pin-value=" + kPin,
         Errc::keyspec_invalid},
        {"malformed URI (bad percent-encoding)",
         "pkcs11:token=benh%Zvien;object=hospital-rsa?module-path=" + std::string(kSoftHsm) + "&pin-value=" + kPin,
         Errc::keyspec_invalid},
    };
    TempDir dir;
    const fs::path in = claims_file(dir);
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto s = open(c.keyspec);
        ASSERT_FALSE(s.ok());
        EXPECT_EQ(s.error().code, c.code) << errc_name(s.error().code) << ": " << s.error().message;

        std::string out;
        const int rc = run(cli_sign(in, dir / "signed.xml", c.keyspec, "--json"), &out);
        EXPECT_EQ(rc, 4) << out;
        const Json j = parse_json(out);
        ASSERT_TRUE(j.contains("error")) << out;
        EXPECT_EQ(j["error"]["code"], std::string(errc_name(c.code))) << out;
        EXPECT_FALSE(fs::exists(dir / "signed.xml"));
    }
}

// 7. `kyso token list --json`: both tokens, their certificates, and no secret.
TEST(Token, TokenListJson) {
    token();
    std::string out;
    const int rc = run(cli() + " token list --module " + sh(std::string_view(kSoftHsm)) + " --json", &out);
    ASSERT_EQ(rc, 0) << out;
    const Json j = parse_json(out);
    std::map<std::string, std::set<std::string>> certs;  // token label → certificate labels
    for (const auto& slot : j.at("slots")) {
        if (!slot.value("token_present", false)) continue;
        const std::string label = slot.at("label").get<std::string>();
        EXPECT_TRUE(slot.value("login_required", false)) << label;
        auto& set = certs[label];
        for (const auto& o : slot.at("objects")) {
            if (o.at("kind") != "certificate") continue;
            set.insert(o.at("label").get<std::string>());
            EXPECT_FALSE(o.at("subject").get<std::string>().empty()) << o.dump();
            const std::string uri = o.at("uri").get<std::string>();
            EXPECT_EQ(uri.rfind("pkcs11:", 0), 0u) << uri;
        }
    }
    ASSERT_EQ(certs.count("benhvien"), 1u) << out;
    ASSERT_EQ(certs.count("khoa-noi"), 1u) << out;
    EXPECT_EQ(certs["benhvien"],
              (std::set<std::string>{"hospital-rsa", "hospital-ec", "doctor-rsa", "always-auth", "issuing-ca"}));
    EXPECT_EQ(certs["khoa-noi"], (std::set<std::string>{"doctor-rsa"}));
    // Never secrets: no PIN (user 123456, SO 87654321), no PIN attribute in a URI. (The test PKI's tax
    // code MST:0101234567 contains "123456", so certificate subjects are left out of that search.)
    std::function<void(const Json&, const std::string&)> no_pin = [&](const Json& v, const std::string& key) {
        if (v.is_object()) {
            for (auto it = v.begin(); it != v.end(); ++it) {
                if (it.key().find("pin") != std::string::npos) {
                    EXPECT_TRUE(it.value().is_boolean()) << it.key() << ": " << it.value().dump();
                }
                no_pin(it.value(), it.key());
            }
        } else if (v.is_array()) {
            for (const auto& e : v)
                no_pin(e, key);
        } else if (v.is_string() && key != "subject") {
            EXPECT_EQ(v.get<std::string>().find(kPin), std::string::npos) << key << ": " << v.dump();
        }
    };
    no_pin(j, {});
    EXPECT_EQ(out.find("87654321"), std::string::npos) << out;
    EXPECT_EQ(out.find("pin-value"), std::string::npos) << out;
    EXPECT_EQ(out.find("pin-source"), std::string::npos) << out;
    EXPECT_EQ(out.find("PRIVATE KEY"), std::string::npos) << out;
}

}  // namespace
}  // namespace kyso::test

namespace kyso::test {
namespace {

std::vector<long> sign_in_flight_counts() {
    std::vector<long> out;
    std::ifstream in(token().login_log());
    for (std::string line; std::getline(in, line);)
        if (line.rfind("C_Sign in_flight=", 0) == 0) out.push_back(std::stol(line.substr(17)));
    return out;
}

// spec/claims-xml.md §5: a USB token is fed serially while digests are prepared in parallel; HSMs and
// SoftHSM get a session per worker. The proxy makes the slot look like a removable hardware token
// and records how many C_Sign calls overlap.
TEST(Token, UsbTokenIsFedSeriallyUnlessTold) {
    token();
    TempDir dir;
    gen_claims(dir / "in", 40, 31);
    const auto sign = [&](const std::string& out, const std::string& extra) {
        std::ofstream(token().login_log(), std::ios::trunc).close();
        std::string text;
        const int rc =
            run("KYSO_FAULT_REMOVABLE=1 " + cli() + " xml sign " + sh(dir / "in") + " --out " + sh(dir / out) +
                    " --key " + sh(std::string_view(proxy_uri("hospital-rsa"))) + " --jobs 4 --json " + extra,
                &text);
        EXPECT_EQ(rc, 0) << text.substr(0, 2000);
        return sign_in_flight_counts();
    };
    const auto serial = sign("serial", "");
    ASSERT_EQ(serial.size(), 40u);
    EXPECT_EQ(*std::max_element(serial.begin(), serial.end()), 1);
    const auto parallel = sign("parallel", "--token-sessions 4");
    ASSERT_EQ(parallel.size(), 40u);
    EXPECT_GT(*std::max_element(parallel.begin(), parallel.end()), 1);  // 4 workers, 2 ms per signature
}

}  // namespace
}  // namespace kyso::test

namespace kyso::test {
namespace {

// A context-specific PIN the token rejects is presented once for the whole batch, never per document.
TEST(Token, RejectedContextSpecificPinIsNotRetried) {
    token();
    TempDir dir;
    gen_claims(dir / "in", 8, 41);
    std::ofstream(token().login_log(), std::ios::trunc).close();
    std::string text;
    const int rc =
        run("KYSO_FAULT_REJECT_CONTEXT_LOGIN=1 " + cli() + " xml sign " + sh(dir / "in") + " --out " + sh(dir / "out") +
                " --key " + sh(std::string_view(proxy_uri("always-auth"))) + " --jobs 2 --json",
            &text);
    EXPECT_EQ(rc, 4) << text.substr(0, 2000);
    const SignCounts c = sign_counts(parse_json(text));
    EXPECT_EQ(c.signed_, 0u);
    EXPECT_EQ(c.errors, 8u);
    EXPECT_EQ(c.error_codes.count("pin_incorrect") ? c.error_codes.at("pin_incorrect") : 0u, 8u);
    std::size_t context_logins = 0;
    std::ifstream in(token().login_log());
    for (std::string line; std::getline(in, line);)
        context_logins += line.rfind("C_Login user_type=2 ", 0) == 0;
    EXPECT_EQ(context_logins, 1u);
}

}  // namespace
}  // namespace kyso::test
