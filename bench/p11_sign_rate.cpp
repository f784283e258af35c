// p11_sign_rate: the raw signing ceiling of a PKCS#11 token, with no XML or project code around it.
//
//   p11_sign_rate --module PATH --token LABEL --object LABEL --pin PIN
//                 [--threads T] [--seconds S] [--mechanism sha256-rsa|rsa-pkcs|ecdsa]
//
// Loads the module with dlopen, C_Initialize(CKF_OS_LOCKING_OK), logs in once, opens one session per
// thread and has every thread loop C_SignInit + C_Sign over a 32-byte digest for S seconds:
//   sha256-rsa  CKM_SHA256_RSA_PKCS over the 32 bytes (the token hashes them once more)
//   rsa-pkcs    CKM_RSA_PKCS over DigestInfo(SHA-256) || digest (what a hash-only signer sends)
//   ecdsa       CKM_ECDSA over the 32-byte digest
// Without --mechanism the key type decides: RSA -> sha256-rsa, EC -> ecdsa.
// Prints exactly one line on stdout:  p11_sign_rate: threads=T sigs_per_s=NNNN.N
// Diagnostics go to stderr. Exit status: 0 ok, 1 token/module error, 4 usage error.

#include <p11-kit/pkcs11.h>

#include <dlfcn.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

struct Options {
  std::string module;
  std::string token;
  std::string object;
  std::string pin;
  unsigned threads = 1;
  double seconds = 5.0;
  std::string mechanism;  // empty: chosen from the key type
};

struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct P11Error : std::runtime_error {
  P11Error(const std::string& what, CK_RV rv)
      : std::runtime_error(what + " failed: " + name(rv)) {}
  static std::string name(CK_RV rv) {
    switch (rv) {
      case CKR_PIN_INCORRECT: return "CKR_PIN_INCORRECT";
      case CKR_PIN_LOCKED: return "CKR_PIN_LOCKED";
      case CKR_USER_NOT_LOGGED_IN: return "CKR_USER_NOT_LOGGED_IN";
      case CKR_MECHANISM_INVALID: return "CKR_MECHANISM_INVALID";
      case CKR_KEY_TYPE_INCONSISTENT: return "CKR_KEY_TYPE_INCONSISTENT";
      case CKR_DEVICE_ERROR: return "CKR_DEVICE_ERROR";
      case CKR_TOKEN_NOT_PRESENT: return "CKR_TOKEN_NOT_PRESENT";
      default: break;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "CKR 0x%08lx", static_cast<unsigned long>(rv));
    return buf;
  }
};

void check(CK_RV rv, const char* what) {
  if (rv != CKR_OK) throw P11Error(what, rv);
}

[[noreturn]] void usage(const std::string& msg) { throw UsageError(msg); }

constexpr const char* kUsage =
    "usage: p11_sign_rate --module PATH --token LABEL --object LABEL --pin PIN\n"
    "                     [--threads T] [--seconds S] [--mechanism sha256-rsa|rsa-pkcs|ecdsa]\n";

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    }
    if (i + 1 >= argc) usage("missing value for " + std::string(arg));
    const std::string value = argv[++i];
    if (arg == "--module") {
      o.module = value;
    } else if (arg == "--token") {
      o.token = value;
    } else if (arg == "--object") {
      o.object = value;
    } else if (arg == "--pin") {
      o.pin = value;
    } else if (arg == "--threads") {
      const long t = std::strtol(value.c_str(), nullptr, 10);
      if (t < 1 || t > 1024) usage("--threads must be 1..1024");
      o.threads = static_cast<unsigned>(t);
    } else if (arg == "--seconds") {
      o.seconds = std::strtod(value.c_str(), nullptr);
      if (!(o.seconds > 0.0)) usage("--seconds must be > 0");
    } else if (arg == "--mechanism") {
      if (value != "sha256-rsa" && value != "rsa-pkcs" && value != "ecdsa")
        usage("--mechanism must be sha256-rsa, rsa-pkcs or ecdsa");
      o.mechanism = value;
    } else {
      usage("unknown option " + std::string(arg));
    }
  }
  if (o.module.empty() || o.token.empty() || o.object.empty() || o.pin.empty())
    usage("--module, --token, --object and --pin are required");
  return o;
}

// Fixed-width, space-padded PKCS#11 label -> trimmed string.
std::string trim_label(const unsigned char* p, size_t n) {
  std::string s(reinterpret_cast<const char*>(p), n);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.pop_back();
  return s;
}

class Module {
 public:
  explicit Module(const std::string& path) {
    handle_ = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle_ == nullptr) throw std::runtime_error(std::string("dlopen: ") + dlerror());
    auto get_list = reinterpret_cast<CK_C_GetFunctionList>(dlsym(handle_, "C_GetFunctionList"));
    if (get_list == nullptr) throw std::runtime_error("module has no C_GetFunctionList: " + path);
    check(get_list(&f_), "C_GetFunctionList");
    CK_C_INITIALIZE_ARGS init{};
    init.flags = CKF_OS_LOCKING_OK;
    check(f_->C_Initialize(&init), "C_Initialize");
    initialized_ = true;
  }
  ~Module() {
    if (initialized_) f_->C_Finalize(nullptr);
    if (handle_ != nullptr) dlclose(handle_);
  }
  Module(const Module&) = delete;
  Module& operator=(const Module&) = delete;

  CK_FUNCTION_LIST* f() const { return f_; }

  CK_SLOT_ID find_token(const std::string& label) const {
    CK_ULONG n = 0;
    check(f_->C_GetSlotList(CK_TRUE, nullptr, &n), "C_GetSlotList");
    std::vector<CK_SLOT_ID> slots(n);
    check(f_->C_GetSlotList(CK_TRUE, slots.data(), &n), "C_GetSlotList");
    slots.resize(n);
    for (CK_SLOT_ID slot : slots) {
      CK_TOKEN_INFO info{};
      if (f_->C_GetTokenInfo(slot, &info) != CKR_OK) continue;
      if (trim_label(info.label, sizeof info.label) == label) return slot;
    }
    throw std::runtime_error("no token labelled '" + label + "'");
  }

 private:
  void* handle_ = nullptr;
  CK_FUNCTION_LIST* f_ = nullptr;
  bool initialized_ = false;
};

class Session {
 public:
  Session(CK_FUNCTION_LIST* f, CK_SLOT_ID slot) : f_(f) {
    check(f_->C_OpenSession(slot, CKF_SERIAL_SESSION, nullptr, nullptr, &h_), "C_OpenSession");
  }
  ~Session() { f_->C_CloseSession(h_); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
  CK_SESSION_HANDLE get() const { return h_; }

 private:
  CK_FUNCTION_LIST* f_;
  CK_SESSION_HANDLE h_ = CK_INVALID_HANDLE;
};

struct Key {
  CK_OBJECT_HANDLE handle;
  CK_KEY_TYPE type;
  bool always_authenticate;  // every C_SignInit needs a CKU_CONTEXT_SPECIFIC login
};

Key find_private_key(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, const std::string& label) {
  CK_OBJECT_CLASS cls = CKO_PRIVATE_KEY;
  std::string lab = label;
  CK_ATTRIBUTE tmpl[] = {
      {CKA_CLASS, &cls, sizeof cls},
      {CKA_LABEL, lab.data(), static_cast<CK_ULONG>(lab.size())},
  };
  check(f->C_FindObjectsInit(s, tmpl, 2), "C_FindObjectsInit");
  CK_OBJECT_HANDLE found[2];
  CK_ULONG n = 0;
  const CK_RV rv = f->C_FindObjects(s, found, 2, &n);
  f->C_FindObjectsFinal(s);
  check(rv, "C_FindObjects");
  if (n == 0) throw std::runtime_error("no private key labelled '" + label + "'");
  if (n > 1) std::fprintf(stderr, "p11_sign_rate: several keys labelled '%s', using the first\n", label.c_str());
  CK_KEY_TYPE type = 0;
  CK_ATTRIBUTE attr = {CKA_KEY_TYPE, &type, sizeof type};
  check(f->C_GetAttributeValue(s, found[0], &attr, 1), "C_GetAttributeValue(CKA_KEY_TYPE)");
  CK_BBOOL always = CK_FALSE;
  CK_ATTRIBUTE aa = {CKA_ALWAYS_AUTHENTICATE, &always, sizeof always};
  if (f->C_GetAttributeValue(s, found[0], &aa, 1) != CKR_OK) always = CK_FALSE;  // attribute absent
  return {found[0], type, always == CK_TRUE};
}

// What is signed: 32 fixed bytes standing in for a SHA-256 digest, or its DigestInfo for CKM_RSA_PKCS.
std::vector<unsigned char> payload(const std::string& mechanism) {
  std::vector<unsigned char> digest(32);
  for (size_t i = 0; i < digest.size(); ++i) digest[i] = static_cast<unsigned char>(0xA5 ^ (i * 7));
  if (mechanism != "rsa-pkcs") return digest;
  static const unsigned char kSha256DigestInfo[] = {0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60,
                                                    0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                                                    0x01, 0x05, 0x00, 0x04, 0x20};
  std::vector<unsigned char> out(std::begin(kSha256DigestInfo), std::end(kSha256DigestInfo));
  out.insert(out.end(), digest.begin(), digest.end());
  return out;
}

CK_MECHANISM_TYPE mechanism_type(const std::string& name) {
  if (name == "sha256-rsa") return CKM_SHA256_RSA_PKCS;
  if (name == "rsa-pkcs") return CKM_RSA_PKCS;
  return CKM_ECDSA;
}

std::string choose_mechanism(const std::string& requested, CK_KEY_TYPE type) {
  const bool rsa = type == CKK_RSA;
  const bool ec = type == CKK_EC;
  if (!rsa && !ec) throw std::runtime_error("key is neither RSA nor EC");
  if (requested.empty()) return rsa ? "sha256-rsa" : "ecdsa";
  if (rsa && requested == "ecdsa") throw UsageError("--mechanism ecdsa needs an EC key");
  if (ec && requested != "ecdsa") throw UsageError("--mechanism " + requested + " needs an RSA key");
  return requested;
}

CK_RV login(CK_FUNCTION_LIST* f, CK_SESSION_HANDLE s, CK_USER_TYPE who, const std::string& pin) {
  return f->C_Login(s, who, reinterpret_cast<CK_UTF8CHAR*>(const_cast<char*>(pin.data())),
                    static_cast<CK_ULONG>(pin.size()));
}

struct SignContext {
  CK_FUNCTION_LIST* f;
  Key key;
  CK_MECHANISM_TYPE mechanism;
  const std::string* pin;
};

// One signature; returns the signature length.
CK_ULONG sign_once(const SignContext& c, CK_SESSION_HANDLE s, std::vector<unsigned char>& data,
                   std::vector<unsigned char>& sig) {
  CK_FUNCTION_LIST* f = c.f;
  CK_MECHANISM mech = {c.mechanism, nullptr, 0};
  check(f->C_SignInit(s, &mech, c.key.handle), "C_SignInit");
  if (c.key.always_authenticate) check(login(f, s, CKU_CONTEXT_SPECIFIC, *c.pin), "C_Login(CONTEXT_SPECIFIC)");
  CK_ULONG len = static_cast<CK_ULONG>(sig.size());
  check(f->C_Sign(s, data.data(), static_cast<CK_ULONG>(data.size()), sig.data(), &len), "C_Sign");
  return len;
}

struct ThreadResult {
  uint64_t count = 0;
  std::string error;
};

double run(const Options& o) {
  Module module(o.module);
  CK_FUNCTION_LIST* f = module.f();
  const CK_SLOT_ID slot = module.find_token(o.token);

  Session login_session(f, slot);
  // One attempt only: a wrong PIN is never retried (retries lock real tokens).
  const CK_RV rv = login(f, login_session.get(), CKU_USER, o.pin);
  if (rv != CKR_USER_ALREADY_LOGGED_IN) check(rv, "C_Login");

  const Key key = find_private_key(f, login_session.get(), o.object);
  const std::string mech_name = choose_mechanism(o.mechanism, key.type);
  const SignContext ctx{f, key, mechanism_type(mech_name), &o.pin};

  std::vector<std::unique_ptr<Session>> sessions;
  for (unsigned t = 0; t < o.threads; ++t) sessions.push_back(std::make_unique<Session>(f, slot));

  // Warm up (and fail early) on every session before the clock starts.
  for (auto& s : sessions) {
    std::vector<unsigned char> data = payload(mech_name);
    std::vector<unsigned char> sig(4096);
    sign_once(ctx, s->get(), data, sig);
  }
  std::fprintf(stderr, "p11_sign_rate: token=%s object=%s mechanism=%s%s threads=%u seconds=%.1f\n",
               o.token.c_str(), o.object.c_str(), mech_name.c_str(),
               key.always_authenticate ? " (always-authenticate)" : "", o.threads, o.seconds);

  std::vector<ThreadResult> results(o.threads);
  std::atomic<unsigned> ready{0};
  std::atomic<bool> go{false};
  const auto budget = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(o.seconds));
  std::chrono::steady_clock::time_point start;
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < o.threads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<unsigned char> data = payload(mech_name);
      std::vector<unsigned char> sig(4096);
      ready.fetch_add(1);
      while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
      const auto deadline = start + budget;
      try {
        while (std::chrono::steady_clock::now() < deadline) {
          sign_once(ctx, sessions[t]->get(), data, sig);
          ++results[t].count;
        }
      } catch (const std::exception& e) {
        results[t].error = e.what();
      }
    });
  }
  while (ready.load() < o.threads) std::this_thread::yield();
  start = std::chrono::steady_clock::now();
  go.store(true, std::memory_order_release);
  for (auto& th : threads) th.join();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  uint64_t total = 0;
  for (const auto& r : results) {
    if (!r.error.empty()) throw std::runtime_error("signing thread: " + r.error);
    total += r.count;
  }
  sessions.clear();
  f->C_Logout(login_session.get());
  return static_cast<double>(total) / elapsed;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const Options o = parse_args(argc, argv);
    const double rate = run(o);
    std::printf("p11_sign_rate: threads=%u sigs_per_s=%.1f\n", o.threads, rate);
    return 0;
  } catch (const UsageError& e) {
    std::fprintf(stderr, "p11_sign_rate: %s\n%s", e.what(), kUsage);
    return 4;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "p11_sign_rate: %s\n", e.what());
    return 1;
  }
}
