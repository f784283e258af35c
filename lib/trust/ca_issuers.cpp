#include "trust/ca_issuers.hpp"

#include "keys/certificate_native.hpp"
#include "net/http.hpp"
#include "ossl/ossl.hpp"
#include "trust/evidence_cache.hpp"

#include <kyso/core/log.hpp>

#include <openssl/pkcs7.h>
#include <openssl/x509v3.h>

#include <map>
#include <mutex>
#include <string>

namespace kyso::trust {

namespace {

using Pkcs7Ptr = std::unique_ptr<PKCS7, ossl::Deleter<PKCS7_free>>;
using AccessPtr = std::unique_ptr<AUTHORITY_INFO_ACCESS, ossl::Deleter<AUTHORITY_INFO_ACCESS_free>>;

std::vector<std::string> ca_issuer_urls(const keys::Certificate& cert) {
    std::vector<std::string> out;
    AccessPtr aia(static_cast<AUTHORITY_INFO_ACCESS*>(
        X509_get_ext_d2i(static_cast<X509*>(cert.native()), NID_info_access, nullptr, nullptr)));
    for (int i = 0; aia && i < sk_ACCESS_DESCRIPTION_num(aia.get()); ++i) {
        const ACCESS_DESCRIPTION* ad = sk_ACCESS_DESCRIPTION_value(aia.get(), i);
        if (OBJ_obj2nid(ad->method) != NID_ad_ca_issuers || ad->location->type != GEN_URI) continue;
        const ASN1_IA5STRING* uri = ad->location->d.uniformResourceIdentifier;
        std::string url(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                        static_cast<std::size_t>(ASN1_STRING_length(uri)));
        if (url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0) out.push_back(std::move(url));
    }
    return out;
}

// A DER or PEM certificate (several PEM ones too), or a certs-only PKCS#7 in DER.
std::vector<keys::Certificate> parse_certificates(ByteView data) {
    std::vector<keys::Certificate> out;
    if (auto one = keys::Certificate::from_der(data)) {
        out.push_back(std::move(*one));
        return out;
    }
    const unsigned char* p = data.data();
    Pkcs7Ptr p7(d2i_PKCS7(nullptr, &p, static_cast<long>(data.size())));
    if (p7 && PKCS7_type_is_signed(p7.get()) && p7->d.sign != nullptr) {
        STACK_OF(X509)* certs = p7->d.sign->cert;
        for (int i = 0; i < sk_X509_num(certs); ++i)
            if (auto c = keys::certificate_from_x509(sk_X509_value(certs, i))) out.push_back(std::move(*c));
        return out;
    }
    ERR_clear_error();
    const std::string_view text = as_chars(data);
    for (std::size_t at = text.find("-----BEGIN CERTIFICATE-----"); at != std::string_view::npos;
         at = text.find("-----BEGIN CERTIFICATE-----", at + 1))
        if (auto c = keys::Certificate::from_pem(text.substr(at))) out.push_back(std::move(*c));
    return out;
}

}  // namespace

std::vector<keys::Certificate> fetch_ca_issuers(const keys::Certificate& cert, const IssuerFetchOptions& options) {
    static std::mutex mutex;
    static std::map<std::string, std::vector<keys::Certificate>> memo;  // URL → what it served
    const EvidenceCache cache(options.cache_dir);
    std::vector<keys::Certificate> out;
    for (const auto& url : ca_issuer_urls(cert)) {
        const std::lock_guard lock(mutex);  // one fetch per URL per process, even from many workers
        auto it = memo.find(url);
        if (it == memo.end()) {
            std::vector<keys::Certificate> got;
            if (auto cached = cache.load("cert", url)) got = parse_certificates(*cached);
            if (got.empty() && !options.offline) {
                net::HttpRequest request;
                request.url = url;
                request.timeout = options.timeout;
                request.max_response = 1u << 20;
                auto resp = net::http_exchange(request);
                if (resp && resp->status == 200) {
                    got = parse_certificates(resp->body);
                    if (!got.empty()) cache.store("cert", url, resp->body);
                }
                if (got.empty())
                    log(LogLevel::warning, "caIssuers " + url + ": " +
                                               (!resp                 ? resp.error().message
                                                : resp->status != 200 ? "HTTP " + std::to_string(resp->status)
                                                                      : std::string("no certificate in the answer")));
            }
            // Only successes are remembered: an offline miss or a failure may succeed later.
            if (got.empty()) continue;
            it = memo.emplace(url, std::move(got)).first;
        }
        out.insert(out.end(), it->second.begin(), it->second.end());
    }
    return out;
}

}  // namespace kyso::trust
