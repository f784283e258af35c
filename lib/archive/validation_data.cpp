#include "archive/validation_data.hpp"

#include "ossl/ossl.hpp"

#include <kyso/keys/certificate.hpp>

#include <openssl/cms.h>
#include <openssl/x509.h>

#include <algorithm>
#include <set>
#include <string_view>

namespace kyso::archive::detail {

namespace {

using CmsPtr = std::unique_ptr<CMS_ContentInfo, ossl::Deleter<CMS_ContentInfo_free>>;

void xml_certificates(std::string_view text, std::vector<Bytes>& out) {
    // <X509Certificate> with any prefix: the text between the element's '>' and the next '<'.
    std::size_t pos = 0;
    while ((pos = text.find("X509Certificate>", pos)) != std::string_view::npos) {
        const std::size_t lt = text.rfind('<', pos);
        // "<X509Certificate>" or "<prefix:X509Certificate>", not the closing tag.
        const bool opening = lt != std::string_view::npos && pos - lt < 32 && text[lt + 1] != '/' &&
                             (pos == lt + 1 || text[pos - 1] == ':');
        pos += 16;
        if (!opening) continue;
        const std::size_t end = text.find('<', pos);
        if (end == std::string_view::npos) break;
        Bytes der;
        if (base64_decode(text.substr(pos, end - pos), der) && keys::Certificate::from_der(der)) out.push_back(der);
        pos = end;
    }
}

void pdf_certificates(std::string_view text, std::vector<Bytes>& out) {
    std::size_t pos = 0;
    while ((pos = text.find("/Contents", pos)) != std::string_view::npos) {
        pos += 9;
        std::size_t i = pos;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\r' || text[i] == '\n'))
            ++i;
        if (i >= text.size() || text[i] != '<' || (i + 1 < text.size() && text[i + 1] == '<')) continue;
        const std::size_t end = text.find('>', i);
        if (end == std::string_view::npos) break;
        Bytes der;
        der.reserve((end - i) / 2);
        int nibble = -1;
        for (std::size_t k = i + 1; k < end; ++k) {
            const char c = text[k];
            int d = -1;
            if (c >= '0' && c <= '9') d = c - '0';
            if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
            if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
            if (d < 0) continue;
            if (nibble < 0) {
                nibble = d;
            } else {
                der.push_back(static_cast<std::uint8_t>(nibble * 16 + d));
                nibble = -1;
            }
        }
        pos = end;
        const unsigned char* p = der.data();
        CmsPtr cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
        if (!cms) continue;
        ossl::X509StackPtr certs(CMS_get1_certs(cms.get()));
        for (int k = 0; certs && k < sk_X509_num(certs.get()); ++k) {
            unsigned char* buf = nullptr;
            const int len = i2d_X509(sk_X509_value(certs.get(), k), &buf);
            if (len > 0) out.emplace_back(buf, buf + len);
            OPENSSL_free(buf);
        }
    }
}

}  // namespace

RevocationCapture capture_revocation(const std::vector<keys::Certificate>& certificates,
                                     const std::vector<keys::Certificate>& issuers, trust::RevocationChecker& checker,
                                     TimePoint at) {
    RevocationCapture out;
    std::set<Bytes> seen;
    const auto issuer_of = [&](const keys::Certificate& cert) -> const keys::Certificate* {
        for (const auto* pool : {&certificates, &issuers})
            for (const auto& c : *pool)
                if (!c.same_as(cert) && cert.issued_by(c)) return &c;
        return nullptr;
    };
    // Each certificate the documents carry and the CA certificates above it, up to a self-signed one
    // (a trust anchor: nothing revokes it); each once.
    std::vector<const keys::Certificate*> pending;
    for (const auto& c : certificates)
        pending.push_back(&c);
    std::set<std::string> done;
    while (!pending.empty()) {
        const keys::Certificate& cert = *pending.back();
        pending.pop_back();
        if (cert.self_signed() || !done.insert(cert.sha256_fingerprint()).second) continue;
        const keys::Certificate* issuer = issuer_of(cert);
        if (issuer != nullptr) {
            pending.push_back(issuer);
            const bool carried = std::any_of(certificates.begin(), certificates.end(),
                                             [&](const keys::Certificate& c) { return c.same_as(*issuer); });
            if (!carried && seen.insert(issuer->der()).second)  // completes the path the documents carry
                out.certificates.push_back(issuer->der());
        }
        if (!trust::has_revocation_sources(cert)) continue;  // nothing to capture for it
        if (issuer == nullptr) {
            out.missing.push_back(cert.subject() +
                                  ": its issuer is neither in the documents nor among the given "
                                  "trust anchors and intermediates");
            continue;
        }
        const trust::RevocationResult r = checker.check(cert, *issuer, at);
        if (r.evidence.empty() || (r.status != trust::CertStatus::good && r.status != trust::CertStatus::revoked)) {
            std::string why;
            for (const auto& p : r.problems)
                why += (why.empty() ? "" : "; ") + p;
            out.missing.push_back(cert.subject() + ": " + (why.empty() ? "no usable OCSP response or CRL" : why));
            continue;
        }
        if (seen.insert(r.evidence).second) out.evidence.push_back({r.source == "ocsp" ? ".ocsp" : ".crl", r.evidence});
    }
    return out;
}

std::vector<Bytes> embedded_certificates(ByteView document, bool pdf) {
    std::vector<Bytes> out;
    if (pdf)
        pdf_certificates(as_chars(document), out);
    else
        xml_certificates(as_chars(document), out);
    return out;
}

}  // namespace kyso::archive::detail
