#include "keys/pkcs11_signer.hpp"

#include "keys/signature_check.hpp"
#include "ossl/ossl.hpp"
#include "p11/module.hpp"

#include <kyso/core/log.hpp>
#include <kyso/keys/token_info.hpp>

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace kyso::keys {

namespace {

bool token_matches(const CK_TOKEN_INFO& info, CK_SLOT_ID slot, const CK_SLOT_INFO& slot_info, const p11::Uri& uri) {
    auto eq = [&](const char* attr, const std::string& actual) {
        const std::string* want = uri.get(attr);
        return want == nullptr || *want == actual;
    };
    if (const std::string* want = uri.get("slot-id"); want != nullptr && *want != std::to_string(slot)) return false;
    return eq("token", p11::padded(info.label, sizeof info.label)) &&
           eq("manufacturer", p11::padded(info.manufacturerID, sizeof info.manufacturerID)) &&
           eq("serial", p11::padded(info.serialNumber, sizeof info.serialNumber)) &&
           eq("model", p11::padded(info.model, sizeof info.model)) &&
           eq("slot-description", p11::padded(slot_info.slotDescription, sizeof slot_info.slotDescription)) &&
           eq("slot-manufacturer", p11::padded(slot_info.manufacturerID, sizeof slot_info.manufacturerID));
}

// Why a session is no longer usable and must be reopened (the token was pulled and put back, the
// module restarted, ...).
bool session_lost(CK_RV rv) {
    return rv == CKR_DEVICE_REMOVED || rv == CKR_SESSION_HANDLE_INVALID || rv == CKR_SESSION_CLOSED ||
           rv == CKR_TOKEN_NOT_PRESENT || rv == CKR_USER_NOT_LOGGED_IN || rv == CKR_KEY_HANDLE_INVALID ||
           rv == CKR_OBJECT_HANDLE_INVALID;
}

class Pkcs11Signer final : public Signer {
public:
    Pkcs11Signer(std::shared_ptr<p11::Module> module, p11::Uri uri, OpenOptions options)
        : m_module(std::move(module)), m_uri(std::move(uri)), m_options(std::move(options)) {}

    // Finds the token, logs in once, finds key and certificate. Called once when opening.
    Result<void> open() {
        const std::lock_guard open_lock(m_open_mutex);
        m_open = 1;
        KYSO_TRY(auto session, open_session());
        m_max_sessions = m_options.max_sessions;
        if (m_max_sessions == 0 && m_removable) {
            // spec/claims-xml.md §5: a USB token (a removable hardware device) signs one thing at a time;
            // the batch prepares digests in parallel and feeds the token serially through one session.
            m_max_sessions = 1;
        } else if (m_max_sessions == 0 && m_max_session_count != CK_EFFECTIVELY_INFINITE &&
                   m_max_session_count != CK_UNAVAILABLE_INFORMATION) {
            m_max_sessions = static_cast<unsigned>(m_max_session_count);
        }
        m_token_label = m_found_label;
        KYSO_CHECK(login(*session));
        KYSO_CHECK(find_key(*session));
        release(std::move(session));
        return {};
    }

    const Certificate& certificate() const override { return *m_cert; }
    std::span<const Certificate> chain() const override { return m_chain; }
    KeyAlgorithm algorithm() const override { return m_cert->key_algorithm(); }
    SignatureScheme scheme() const override {
        return m_key_type == CKK_EC ? SignatureScheme::ecdsa : SignatureScheme::rsa_pkcs1;
    }
    std::string description() const override {
        return "PKCS#11 token '" + m_token_label + "' object '" + m_key_label + "'";
    }

    Result<std::vector<Bytes>> sign_digests(DigestAlgorithm alg, std::span<const Bytes> digests) override {
        return sign_all(alg, digests, false);
    }
    bool supports_rsa_pss() const override { return m_key_type == CKK_RSA; }
    Result<std::vector<Bytes>> sign_digests_pss(DigestAlgorithm alg, std::span<const Bytes> digests) override {
        if (!supports_rsa_pss())
            return fail(Errc::mechanism_unsupported, description() + " is not an RSA key (RSASSA-PSS)");
        return sign_all(alg, digests, true);
    }

private:
    Result<std::vector<Bytes>> sign_all(DigestAlgorithm alg, std::span<const Bytes> digests, bool pss) {
        std::vector<Bytes> out;
        out.reserve(digests.size());
        for (const auto& d : digests) {
            KYSO_TRY(auto sig, sign_with_recovery(alg, d, pss));
            KYSO_CHECK(m_checker->check(alg, d, sig, description(), pss));
            out.push_back(std::move(sig));
        }
        return out;
    }

    using SessionPtr = std::unique_ptr<p11::Session>;

    // One digest; if the token was removed or the session died, reopen once and retry.
    Result<Bytes> sign_with_recovery(DigestAlgorithm alg, const Bytes& digest, bool pss) {
        KYSO_TRY(auto session, acquire());
        CK_RV rv = CKR_OK;
        auto sig = sign_once(*session, alg, digest, pss, rv);
        if (sig || !session_lost(rv)) {
            release(std::move(session));
            return sig;
        }
        lose_sessions(std::move(session));
        log(LogLevel::warning, "session lost on " + description() + " (" + p11::rv_name(rv) + "), reopening");
        KYSO_TRY(auto fresh, reopen());
        auto retried = sign_once(*fresh, alg, digest, pss, rv);
        if (!retried && session_lost(rv)) {
            lose_sessions(std::move(fresh));
            return retried;
        }
        release(std::move(fresh));
        return retried;
    }

    Result<Bytes> sign_once(p11::Session& s, DigestAlgorithm alg, const Bytes& digest, bool pss, CK_RV& rv) {
        CK_MECHANISM mech{m_key_type == CKK_EC ? CKM_ECDSA : CKM_RSA_PKCS, nullptr, 0};
        Bytes input = m_key_type == CKK_EC ? digest : ossl::digest_info(alg, digest);
        // PKCS#11 §2.1.14: CKM_RSA_PKCS_PSS signs a digest made outside the token.
        CK_RSA_PKCS_PSS_PARAMS pss_params{};
        if (pss) {
            pss_params.hashAlg = alg == DigestAlgorithm::sha256   ? CKM_SHA256
                                 : alg == DigestAlgorithm::sha384 ? CKM_SHA384
                                                                  : CKM_SHA512;
            pss_params.mgf = alg == DigestAlgorithm::sha256   ? CKG_MGF1_SHA256
                             : alg == DigestAlgorithm::sha384 ? CKG_MGF1_SHA384
                                                              : CKG_MGF1_SHA512;
            pss_params.sLen = static_cast<CK_ULONG>(digest.size());
            mech = CK_MECHANISM{CKM_RSA_PKCS_PSS, &pss_params, sizeof pss_params};
            input = digest;
        }
        // PKCS#11 §5.2: keys with CKA_ALWAYS_AUTHENTICATE need a context-specific login per operation.
        // The PIN is obtained before C_SignInit, so that a refusal leaves no operation pending.
        std::optional<SecretString> pin;  // a copy: another worker may forget a rejected PIN meanwhile
        // Until the token has accepted the context PIN once, workers try it one at a time, so that a
        // wrong PIN is presented once for the whole batch, not once per worker.
        std::unique_lock<std::mutex> first_attempt;
        if (m_always_authenticate) {
            if (!m_context_pin_accepted.load()) first_attempt = std::unique_lock(m_context_mutex);
            KYSO_TRY(pin, pin_for_context_login());
        }
        rv = s.f()->C_SignInit(s.handle(), &mech, key_handle());
        if (rv != CKR_OK) return fail(p11::rv_error("C_SignInit", rv, m_token_label));
        if (pin) {
            rv = s.f()->C_Login(s.handle(), CKU_CONTEXT_SPECIFIC,
                                reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(pin->reveal().data())),
                                static_cast<CK_ULONG>(pin->reveal().size()));
            if (rv != CKR_OK) {
                // Finish the pending operation so the session stays usable.
                CK_BYTE scratch[1024];
                CK_ULONG n = sizeof scratch;
                s.f()->C_Sign(s.handle(), input.data(), static_cast<CK_ULONG>(input.size()), scratch, &n);
                auto err = p11::rv_error("C_Login(CKU_CONTEXT_SPECIFIC)", rv, m_token_label);
                if (err.code == Errc::pin_incorrect) forget_wrong_pin(err);
                return fail(std::move(err));
            }
            m_context_pin_accepted = true;
        }
        Bytes sig(1024);  // larger than any RSA-8192 or ECDSA P-521 signature
        CK_ULONG len = static_cast<CK_ULONG>(sig.size());
        rv = s.f()->C_Sign(s.handle(), input.data(), static_cast<CK_ULONG>(input.size()), sig.data(), &len);
        if (rv != CKR_OK) return fail(p11::rv_error("C_Sign", rv, m_token_label));
        sig.resize(len);
        return sig;
    }

    // A PIN the token rejected is never presented again by this signer, in any session or login kind:
    // every further attempt would count towards locking the token.
    void forget_wrong_pin(Error& err) {
        const std::lock_guard lock(m_pin_mutex);
        m_pin.reset();
        m_pin_rejected = true;
        err.message += " — the PIN was not retried";
    }

    Result<SecretString> pin_for_context_login() {
        const std::lock_guard lock(m_pin_mutex);
        if (m_pin_rejected)
            return fail(Errc::pin_incorrect, "token '" + m_token_label + "' rejected the PIN; it is not tried again");
        if (!m_pin) {
            KYSO_TRY(auto pin, obtain_pin(PinRequest::Kind::context_specific_pin));
            m_pin = std::move(pin);
        }
        return *m_pin;
    }

    Result<SecretString> obtain_pin(PinRequest::Kind kind) {
        if (const std::string* v = m_uri.get_query("pin-value")) return SecretString(*v);
        if (const std::string* src = m_uri.get_query("pin-source")) return resolve_secret_spec(*src);
        if (m_options.pin_source) return m_options.pin_source(PinRequest{kind, m_found_label});
        return fail(Errc::pin_required,
                    "token '" + m_found_label + "' needs a PIN: give pin-value= or pin-source= in the PKCS#11 URI");
    }

    // Logs in once for the whole application (PKCS#11 logins are per token, shared by all sessions).
    // A wrong PIN is tried exactly once: it is never retried, since retries lock real tokens.
    Result<void> login(p11::Session& s) {
        CK_TOKEN_INFO info{};
        CK_RV rv = s.f()->C_GetTokenInfo(m_slot, &info);
        if (rv != CKR_OK) return fail(p11::rv_error("C_GetTokenInfo", rv, m_found_label));
        if ((info.flags & CKF_LOGIN_REQUIRED) == 0) return {};
        if (info.flags & CKF_USER_PIN_LOCKED)
            return fail(Errc::pin_locked, "the user PIN of token '" + m_found_label + "' is locked");
        std::unique_lock lock(m_pin_mutex);
        if (m_pin_rejected)
            return fail(Errc::pin_incorrect, "token '" + m_found_label + "' rejected the PIN; it is not tried again");
        if (!m_pin) {
            KYSO_TRY(auto pin, obtain_pin(PinRequest::Kind::token_user_pin));
            m_pin = std::move(pin);
        }
        rv = s.f()->C_Login(s.handle(), CKU_USER,
                            reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(m_pin->reveal().data())),
                            static_cast<CK_ULONG>(m_pin->reveal().size()));
        if (rv == CKR_OK || rv == CKR_USER_ALREADY_LOGGED_IN) return {};
        lock.unlock();
        auto err = p11::rv_error("C_Login", rv, m_found_label);
        if (err.code == Errc::pin_incorrect) {
            forget_wrong_pin(err);
            if (info.flags & CKF_USER_PIN_FINAL_TRY) err.message += "; the next wrong PIN locks the token";
        }
        return fail(std::move(err));
    }

    // Finds the token named by the URI and opens a session on it.
    Result<SessionPtr> open_session() {
        KYSO_CHECK(m_module->ensure_initialized());
        KYSO_TRY(auto slots, m_module->slots(true));
        for (const CK_SLOT_ID slot : slots) {
            CK_SLOT_INFO slot_info{};
            CK_TOKEN_INFO info{};
            if (m_module->f()->C_GetSlotInfo(slot, &slot_info) != CKR_OK) continue;
            if (m_module->f()->C_GetTokenInfo(slot, &info) != CKR_OK) continue;
            if (!token_matches(info, slot, slot_info, m_uri)) continue;
            CK_SESSION_HANDLE h = CK_INVALID_HANDLE;
            const CK_RV rv = m_module->f()->C_OpenSession(slot, CKF_SERIAL_SESSION, nullptr, nullptr, &h);
            m_found_label = p11::padded(info.label, sizeof info.label);
            if (rv != CKR_OK) return fail(p11::rv_error("C_OpenSession", rv, m_found_label));
            m_slot = slot;
            m_max_session_count = info.ulMaxSessionCount;
            m_removable = (slot_info.flags & CKF_REMOVABLE_DEVICE) != 0 && (slot_info.flags & CKF_HW_SLOT) != 0;
            return std::make_unique<p11::Session>(m_module, h);
        }
        const std::string* label = m_uri.get("token");
        return fail(Errc::token_not_present, "no token " + (label ? "'" + *label + "' " : std::string{}) +
                                                 "is present in PKCS#11 module '" + m_module->path() + "'");
    }

    Result<void> find_key(p11::Session& s) {
        const std::string* object = m_uri.get("object");
        CK_OBJECT_CLASS key_class = CKO_PRIVATE_KEY;
        std::vector<CK_ATTRIBUTE> templ{{CKA_CLASS, &key_class, sizeof key_class}};
        if (object) templ.push_back({CKA_LABEL, const_cast<char*>(object->data()), object->size()});
        if (m_uri.id) templ.push_back({CKA_ID, m_uri.id->data(), m_uri.id->size()});
        KYSO_TRY(auto keys, s.find(templ, m_token_label));
        if (keys.empty())
            return fail(Errc::key_not_found, "no private key " + (object ? "'" + *object + "' " : std::string{}) +
                                                 "on token '" + m_token_label + "'");
        if (keys.size() > 1 && !object && !m_uri.id)
            return fail(Errc::key_not_found,
                        "token '" + m_token_label + "' holds several private keys: name one with object= or id=");
        const CK_OBJECT_HANDLE key = keys.front();
        {
            const std::lock_guard lock(m_key_mutex);
            m_key = key;
        }
        if (m_cert) return {};  // reopened after a removal: only the handle may have changed
        const auto key_type = s.ulong_attribute(key, CKA_KEY_TYPE);
        if (!key_type || (*key_type != CKK_RSA && *key_type != CKK_EC))
            return fail(Errc::unsupported, "the key on token '" + m_token_label + "' is neither RSA nor EC");
        m_key_type = *key_type;
        m_always_authenticate = s.bool_attribute(key, CKA_ALWAYS_AUTHENTICATE);
        const auto id = s.attribute(key, CKA_ID);
        const auto label = s.attribute(key, CKA_LABEL);
        m_key_label = label ? std::string(label->begin(), label->end()) : (object ? *object : std::string{});
        return find_certificates(s, id, label);
    }

    // The certificate with the key's CKA_ID (else its label), and its issuers among the other
    // certificates on the token.
    Result<void> find_certificates(p11::Session& s, const std::optional<Bytes>& id, const std::optional<Bytes>& label) {
        CK_OBJECT_CLASS cert_class = CKO_CERTIFICATE;
        KYSO_TRY(auto certs, s.find({{CKA_CLASS, &cert_class, sizeof cert_class}}, m_token_label));
        std::optional<Certificate> by_id, by_label;
        std::vector<Certificate> others;
        for (const auto h : certs) {
            const auto value = s.attribute(h, CKA_VALUE);
            if (!value) continue;
            auto cert = Certificate::from_der(*value);
            if (!cert) continue;
            const auto cid = s.attribute(h, CKA_ID);
            const auto clabel = s.attribute(h, CKA_LABEL);
            if (id && !id->empty() && cid == id && !by_id)
                by_id = std::move(*cert);
            else if (label && clabel == label && !by_label)
                by_label = std::move(*cert);
            else
                others.push_back(std::move(*cert));
        }
        if (by_id)
            m_cert = std::move(by_id);
        else if (by_label)
            m_cert = std::move(by_label);
        else
            return fail(Errc::key_not_found, "no certificate for key '" + m_key_label + "' on token '" + m_token_label +
                                                 "' (certificates are matched by CKA_ID)");
        m_checker = std::make_unique<SignatureChecker>(*m_cert);
        // Only the signer's issuers: a token often holds other people's certificates too.
        m_chain = issuer_path(*m_cert, others);
        return {};
    }

    CK_OBJECT_HANDLE key_handle() {
        const std::lock_guard lock(m_key_mutex);
        return m_key;
    }

    // Sessions: one per concurrent caller (a worker), reused; bounded by the token's session limit.
    // After a lost session, new sessions come from reopen(): a token that was pulled out and put back
    // needs a new login and its key found again (handles may have changed).
    Result<SessionPtr> acquire() {
        std::unique_lock lock(m_sessions_mutex);
        m_sessions_cv.wait(lock, [&] { return !m_idle.empty() || m_max_sessions == 0 || m_open < m_max_sessions; });
        if (!m_idle.empty()) {
            auto s = std::move(m_idle.back());
            m_idle.pop_back();
            return s;
        }
        if (m_needs_reopen) {
            lock.unlock();
            return reopen();
        }
        ++m_open;
        lock.unlock();
        auto opened = [&] {
            const std::lock_guard open_lock(m_open_mutex);
            return open_session();
        }();
        if (!opened) {
            lock.lock();
            --m_open;
            m_sessions_cv.notify_one();
        }
        return opened;
    }
    void release(SessionPtr s) {
        const std::lock_guard lock(m_sessions_mutex);
        m_idle.push_back(std::move(s));
        m_sessions_cv.notify_one();
    }
    // A session died: every idle one is presumed dead too. They are closed (best effort: on a removed
    // token C_CloseSession just fails) and the next session is made by reopen().
    void lose_sessions(SessionPtr dead) {
        std::vector<SessionPtr> idle;
        {
            const std::lock_guard lock(m_sessions_mutex);
            idle.swap(m_idle);
            m_open -= static_cast<unsigned>(idle.size()) + 1;
            m_needs_reopen = true;
            m_sessions_cv.notify_all();
        }
        dead.reset();
        idle.clear();
    }

    // After the token came back: a new session, a new login with the PIN that worked, the key again.
    // Serialised, so that workers that lost their sessions together log in once, not each.
    Result<SessionPtr> reopen() {
        const std::lock_guard open_lock(m_open_mutex);
        {
            const std::lock_guard lock(m_sessions_mutex);
            ++m_open;
        }
        auto give_back = [&](Error e) -> Result<SessionPtr> {
            const std::lock_guard lock(m_sessions_mutex);
            --m_open;
            m_sessions_cv.notify_one();
            return fail(std::move(e));
        };
        auto session = open_session();
        if (!session) return give_back(std::move(session).error());
        if (auto ok = login(**session); !ok) return give_back(std::move(ok).error());
        if (auto ok = find_key(**session); !ok) return give_back(std::move(ok).error());
        const std::lock_guard lock(m_sessions_mutex);
        m_needs_reopen = false;
        return session;
    }

    std::shared_ptr<p11::Module> m_module;
    p11::Uri m_uri;
    OpenOptions m_options;
    CK_SLOT_ID m_slot = 0;
    CK_ULONG m_max_session_count = CK_EFFECTIVELY_INFINITE;
    bool m_removable = false;
    std::string m_found_label, m_token_label, m_key_label;
    CK_KEY_TYPE m_key_type = CKK_RSA;
    bool m_always_authenticate = false;
    std::mutex m_open_mutex;  // finding the token, logging in, finding the key
    std::mutex m_key_mutex;
    CK_OBJECT_HANDLE m_key = CK_INVALID_HANDLE;
    std::optional<Certificate> m_cert;
    std::unique_ptr<SignatureChecker> m_checker;
    std::vector<Certificate> m_chain;
    std::mutex m_pin_mutex;
    std::optional<SecretString> m_pin;
    bool m_pin_rejected = false;  // guarded by m_pin_mutex
    std::mutex m_context_mutex;
    std::atomic<bool> m_context_pin_accepted{false};
    std::mutex m_sessions_mutex;
    std::condition_variable m_sessions_cv;
    std::vector<SessionPtr> m_idle;
    unsigned m_open = 0, m_max_sessions = 0;
    bool m_needs_reopen = false;  // guarded by m_sessions_mutex
};

}  // namespace

Result<std::unique_ptr<Signer>> open_pkcs11(const p11::Uri& uri, const OpenOptions& options) {
    std::string path;
    if (const std::string* p = uri.get_query("module-path"))
        path = *p;
    else if (const std::string* n = uri.get_query("module-name"))
        path = "/usr/lib/x86_64-linux-gnu/pkcs11/" + *n + ".so";
    else
        path = default_module_path();
    KYSO_TRY(auto module, p11::Module::load(path));
    auto signer = std::make_unique<Pkcs11Signer>(std::move(module), uri, options);
    KYSO_CHECK(signer->open());
    return std::unique_ptr<Signer>(std::move(signer));
}

}  // namespace kyso::keys
