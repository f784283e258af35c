#include <kyso/trust/revocation.hpp>

#include "net/http.hpp"
#include "ossl/ossl.hpp"
#include "trust/crl.hpp"
#include "trust/evidence_cache.hpp"
#include "trust/ocsp.hpp"

#include <cstdlib>
#include <map>
#include <mutex>
#include <set>

namespace kyso::trust {

namespace fs = std::filesystem;

namespace {

struct OcspMemo {
    ocsp::Answer answer;
    Bytes der;
    std::string url;
};

struct CrlMemo {
    std::shared_ptr<const crl::Crl> crl;
};

std::string ocsp_key(const keys::Certificate& cert, const std::string& issuer_fingerprint) {
    return issuer_fingerprint + ":" + cert.serial_hex();
}

bool fresh_at(TimePoint this_update, const std::optional<TimePoint>& next_update, TimePoint at,
              std::chrono::seconds max_age_without_next_update) {
    if (next_update) return at <= *next_update;
    return at <= this_update + max_age_without_next_update;
}

RevocationResult from_ocsp(const OcspMemo& m, std::string origin) {
    RevocationResult r;
    r.status = m.answer.status;
    r.source = "ocsp";
    r.revocation_time = m.answer.revocation_time;
    r.revocation_reason = m.answer.reason;
    r.this_update = m.answer.this_update;
    r.next_update = m.answer.next_update;
    r.produced_at = m.answer.produced_at;
    r.issuer = m.answer.responder;
    r.url = m.url;
    r.origin = std::move(origin);
    r.evidence = m.der;
    return r;
}

RevocationResult from_crl(const crl::Crl& c, const std::string& url, const keys::Certificate& cert,
                          std::string origin) {
    RevocationResult r;
    r.source = "crl";
    r.status = CertStatus::good;
    if (auto e = c.find(cert)) {
        r.status = CertStatus::revoked;
        r.revocation_time = e->revocation_time;
        r.revocation_reason = e->reason;
    }
    r.this_update = c.this_update();
    r.next_update = c.next_update();
    r.issuer = c.issuer();
    r.url = url;
    r.origin = std::move(origin);
    r.evidence = c.der();
    return r;
}

}  // namespace

struct RevocationChecker::Impl {
    RevocationOptions options;
    EvidenceCache cache;
    mutable std::mutex memo_mutex;                                      // guards the memos and stats
    std::map<std::string, OcspMemo> ocsp;                               // ocsp_key → newest usable response
    std::map<std::string, CrlMemo> crls;                                // URL → newest CRL from there
    std::map<std::string, std::shared_ptr<const crl::Crl>> newest_crl;  // CA fingerprint → highest cRLNumber seen
    std::map<std::string, RevocationResult> failed;  // ocsp_key + "@" + time → a lookup without evidence
    RevocationStats stats;
    std::mutex fetch_mutex;  // one thread at a time reads the disk or the network

    explicit Impl(RevocationOptions o) : options(std::move(o)), cache(options.cache_dir) {}

    bool fresh(TimePoint this_update, const std::optional<TimePoint>& next_update, TimePoint at) const {
        return fresh_at(this_update, next_update, at, options.max_age_without_next_update);
    }

    // Evidence already parsed in this process (memo_mutex held).
    std::optional<RevocationResult> from_memory(const std::string& key, const std::vector<std::string>& crl_urls,
                                                const keys::Certificate& cert, const std::string& issuer_fingerprint,
                                                TimePoint at) const {
        if (auto it = ocsp.find(key);
            it != ocsp.end() && fresh(it->second.answer.this_update, it->second.answer.next_update, at))
            return from_ocsp(it->second, "memory");
        for (const auto& url : crl_urls)
            if (auto it = crls.find(url); it != crls.end() &&
                                          it->second.crl->issuer_fingerprint() == issuer_fingerprint &&
                                          fresh(it->second.crl->this_update(), it->second.crl->next_update(), at))
                return from_crl(*it->second.crl, url, cert, "memory");
        return std::nullopt;
    }

    // Keeps a usable OCSP answer in memory and on disk; a newer one replaces an older one.
    void keep_ocsp(const std::string& key, OcspMemo m, bool to_disk) {
        if (to_disk) cache.store("ocsp", key, m.der);
        const std::lock_guard lock(memo_mutex);
        auto& slot = ocsp[key];
        if (slot.der.empty() || slot.answer.this_update <= m.answer.this_update) slot = std::move(m);
    }
    void keep_crl(const std::string& url, std::shared_ptr<const crl::Crl> c, bool to_disk) {
        if (to_disk) cache.store("crl", url, c->der());
        const std::lock_guard lock(memo_mutex);
        auto& newest = newest_crl[c->issuer_fingerprint()];
        if (!newest || c->newer_than(*newest)) newest = c;
        auto& slot = crls[url];
        if (!slot.crl || !slot.crl->newer_than(*c)) slot.crl = std::move(c);
    }
    // A CRL older than one already seen from the same CA is a replay (RFC 5280 §5.2.3: numbers only grow).
    std::optional<std::string> rolled_back(const crl::Crl& c) const {
        const std::lock_guard lock(memo_mutex);
        const auto it = newest_crl.find(c.issuer_fingerprint());
        if (it == newest_crl.end() || !c.number() || !it->second->number() || !it->second->newer_than(c))
            return std::nullopt;
        return "its cRLNumber " + *c.number() + " is lower than " + *it->second->number() +
               ", already seen from the same CA (a replayed CRL)";
    }

    std::optional<RevocationResult> from_disk(const std::string& key, const std::vector<std::string>& ocsp_urls,
                                              const std::vector<std::string>& crl_urls, const keys::Certificate& cert,
                                              const keys::Certificate& issuer, TimePoint at) {
        if (auto der = cache.load("ocsp", key)) {
            auto a = ocsp::check_response(*der, cert, issuer, std::nullopt);
            if (a && a->status != CertStatus::unknown && fresh(a->this_update, a->next_update, at)) {
                OcspMemo m{*a, std::move(*der), ocsp_urls.empty() ? std::string() : ocsp_urls.front()};
                auto r = from_ocsp(m, "cache");
                keep_ocsp(key, std::move(m), false);
                return r;
            }
        }
        for (const auto& url : crl_urls) {
            auto der = cache.load("crl", url);
            if (!der) continue;
            auto c = crl::Crl::parse(*der, issuer);
            if (c && fresh((*c)->this_update(), (*c)->next_update(), at)) {
                auto r = from_crl(**c, url, cert, "cache");
                keep_crl(url, std::move(*c), false);
                return r;
            }
        }
        return std::nullopt;
    }

    Result<net::HttpResponse> fetch(net::HttpRequest request) {
        {
            const std::lock_guard lock(memo_mutex);
            ++stats.fetches;
        }
        request.timeout = options.timeout;
        auto resp = net::http_exchange(request);
        if (!resp) return resp;
        if (resp->status != 200)
            return fail(Errc::network, request.url + " answered HTTP " + std::to_string(resp->status));
        return resp;
    }

    RevocationResult from_network(const std::string& key, const std::vector<std::string>& ocsp_urls,
                                  const std::vector<std::string>& crl_urls, const keys::Certificate& cert,
                                  const keys::Certificate& issuer, TimePoint at) {
        RevocationResult none;
        std::optional<RevocationResult> unknown;
        for (const auto& url : ocsp_urls) {
            auto req = ocsp::make_request(cert, issuer);
            if (!req) {
                none.problems.push_back("OCSP " + url + ": " + req.error().message);
                continue;
            }
            net::HttpRequest h;
            h.url = url;
            h.content_type = "application/ocsp-request";
            h.accept = "application/ocsp-response";
            h.body = req->der;
            h.max_response = 1u << 20;
            auto resp = fetch(std::move(h));
            if (!resp) {
                none.problems.push_back("OCSP " + resp.error().message);
                continue;
            }
            auto a = ocsp::check_response(resp->body, cert, issuer, ByteView(req->nonce));
            if (!a) {
                none.problems.push_back("OCSP " + url + ": " + a.error().message);
                continue;
            }
            if (a->this_update > now_utc() + options.clock_skew) {
                none.problems.push_back("OCSP " + url + ": thisUpdate " + format_rfc3339(a->this_update) +
                                        " lies in the future");
                continue;
            }
            OcspMemo m{*a, std::move(resp->body), url};
            if (a->status == CertStatus::unknown) {
                unknown = from_ocsp(m, "network");
                none.problems.push_back("OCSP " + url + ": the responder does not know this certificate (unknown)");
                continue;
            }
            if (!fresh(a->this_update, a->next_update, at)) {
                none.problems.push_back("OCSP " + url + ": the response is not fresh at " + format_rfc3339(at) +
                                        " (thisUpdate " + format_rfc3339(a->this_update) + ", nextUpdate " +
                                        (a->next_update ? format_rfc3339(*a->next_update) : "none") + ")");
                continue;
            }
            auto r = from_ocsp(m, "network");
            keep_ocsp(key, std::move(m), true);
            r.problems = std::move(none.problems);
            return r;
        }
        for (const auto& url : crl_urls) {
            net::HttpRequest h;
            h.url = url;
            h.accept = "application/pkix-crl";
            h.max_response = 64u << 20;
            auto resp = fetch(std::move(h));
            if (!resp) {
                none.problems.push_back("CRL " + resp.error().message);
                continue;
            }
            auto c = crl::Crl::parse(resp->body, issuer);
            if (!c) {
                none.problems.push_back("CRL " + url + ": " + c.error().message);
                continue;
            }
            if (auto replay = rolled_back(**c)) {
                none.problems.push_back("CRL " + url + ": " + *replay);
                continue;
            }
            if (!fresh((*c)->this_update(), (*c)->next_update(), at)) {
                none.problems.push_back("CRL " + url + ": not fresh at " + format_rfc3339(at) + " (nextUpdate " +
                                        ((*c)->next_update() ? format_rfc3339(*(*c)->next_update()) : "none") + ")");
                continue;
            }
            auto r = from_crl(**c, url, cert, "network");
            keep_crl(url, std::move(*c), true);
            r.problems = std::move(none.problems);
            return r;
        }
        if (unknown) {
            unknown->problems = std::move(none.problems);
            return *unknown;
        }
        return none;
    }
};

RevocationChecker::RevocationChecker(RevocationOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {}
RevocationChecker::~RevocationChecker() = default;

const RevocationOptions& RevocationChecker::options() const {
    return m_impl->options;
}

RevocationStats RevocationChecker::stats() const {
    const std::lock_guard lock(m_impl->memo_mutex);
    return m_impl->stats;
}

RevocationResult RevocationChecker::check(const keys::Certificate& cert, const keys::Certificate& issuer,
                                          TimePoint at) {
    const auto ocsp_urls = ocsp::responder_urls(cert);
    const auto crl_urls = crl::distribution_points(cert);
    const std::string issuer_fingerprint = issuer.sha256_fingerprint();  // once per lookup: a batch does thousands
    const std::string key = ocsp_key(cert, issuer_fingerprint);
    const std::string failed_key = key + "@" + std::to_string(at.time_since_epoch().count());
    const bool has_sources = !ocsp_urls.empty() || !crl_urls.empty();
    if (!has_sources) return RevocationResult{};  // nothing to look up (and nothing was cached for it)
    const auto done = [](RevocationResult r) {
        r.has_sources = true;
        return r;
    };
    // Evidence (or a failed lookup for the same time) already in memory.
    const auto remembered = [&]() -> std::optional<RevocationResult> {
        const std::lock_guard lock(m_impl->memo_mutex);
        std::optional<RevocationResult> r = m_impl->from_memory(key, crl_urls, cert, issuer_fingerprint, at);
        if (r) {
            r = done(std::move(*r));
        } else if (auto it = m_impl->failed.find(failed_key); it != m_impl->failed.end()) {
            r = it->second;
        }
        if (r) ++m_impl->stats.memory_hits;
        return r;
    };
    {
        const std::lock_guard lock(m_impl->memo_mutex);
        ++m_impl->stats.lookups;
    }
    if (auto r = remembered()) return std::move(*r);
    const std::lock_guard fetching(m_impl->fetch_mutex);
    if (auto r = remembered()) return std::move(*r);  // another thread fetched it while this one waited
    if (auto r = m_impl->from_disk(key, ocsp_urls, crl_urls, cert, issuer, at)) {
        const std::lock_guard lock(m_impl->memo_mutex);
        ++m_impl->stats.disk_hits;
        return done(std::move(*r));
    }
    RevocationResult r;
    if (m_impl->options.offline) {
        r.problems.push_back("offline: no cached OCSP response or CRL for this certificate is fresh at " +
                             format_rfc3339(at));
    } else {
        r = m_impl->from_network(key, ocsp_urls, crl_urls, cert, issuer, at);
    }
    r = done(std::move(r));
    if (r.status == CertStatus::unavailable || r.status == CertStatus::unknown) {
        const std::lock_guard lock(m_impl->memo_mutex);
        ++m_impl->stats.unavailable;
        m_impl->failed.emplace(failed_key, r);
    }
    return r;
}

void ArchivedRevocation::add(ByteView der) {
    const std::lock_guard lock(m_mutex);
    if (m_digests.insert(hex_encode(ossl::digest(keys::DigestAlgorithm::sha256, der))).second)
        m_evidence.emplace_back(der.begin(), der.end());
}

bool ArchivedRevocation::empty() const {
    const std::lock_guard lock(m_mutex);
    return m_evidence.empty();
}

std::optional<RevocationResult> ArchivedRevocation::check(const keys::Certificate& cert,
                                                          const keys::Certificate& issuer, TimePoint at) {
    const std::string memo_key =
        ocsp_key(cert, issuer.sha256_fingerprint()) + "@" + std::to_string(at.time_since_epoch().count());
    std::vector<Bytes> evidence;
    {
        const std::lock_guard lock(m_mutex);
        if (auto it = m_answers.find(memo_key); it != m_answers.end()) return it->second;
        evidence = m_evidence;
    }
    // Every record of a batch asks about the same certificates at the same time: checked once.
    std::optional<RevocationResult> found;
    for (const auto& der : evidence) {
        auto a = ocsp::check_response(der, cert, issuer, std::nullopt);
        if (!a || a->status == CertStatus::unknown || !fresh_at(a->this_update, a->next_update, at, m_max_age))
            continue;
        if (!found || *found->this_update < a->this_update) found = from_ocsp(OcspMemo{*a, der, {}}, "archive");
    }
    if (!found) {
        for (const auto& der : evidence) {
            auto c = crl::Crl::parse(der, issuer);
            if (!c || !fresh_at((*c)->this_update(), (*c)->next_update(), at, m_max_age)) continue;
            if (!found || *found->this_update < (*c)->this_update())
                found = from_crl(**c, std::string(), cert, "archive");
        }
    }
    if (found) found->has_sources = true;
    const std::lock_guard lock(m_mutex);
    m_answers.emplace(memo_key, found);
    return found;
}

bool has_revocation_sources(const keys::Certificate& cert) {
    return !ocsp::responder_urls(cert).empty() || !crl::distribution_points(cert).empty();
}

fs::path default_cache_dir() {
    if (const char* dir = std::getenv("KYSO_CACHE_DIR"); dir != nullptr && *dir != '\0') return dir;
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/') return fs::path(xdg) / "kyso";
    if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/')
        return fs::path(home) / ".cache" / "kyso";
    return {};
}

}  // namespace kyso::trust
