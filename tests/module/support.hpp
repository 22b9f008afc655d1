// Shared pieces of the module tests: a fresh token directory per test, the
// module loaded through our consumer wrapper (p11/client), key import
// helpers and raw multi-part calls.  Everything goes through PKCS #11 calls
// on the real libp11forge.so; nothing links the token's code.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <mutex>
#include <set>

#if defined(_WIN32)
#include <process.h>
#include <stdlib.h>
#else
#include <dlfcn.h>
#include <unistd.h>
#endif

#include "p11/client/session.hpp"

#include "../common/catch_printing.hpp"
#include "../common/skipped.hpp"

namespace mt {

using namespace p11;
using bytes = std::vector<std::uint8_t>;
using client::object_handle;
namespace fs = std::filesystem;

// --- bytes --------------------------------------------------------------------
// Hex as the standards print it: whitespace ignored.
inline bytes hex(std::string_view s) {
    bytes out;
    int hi = -1;
    for (char c : s) {
        if (c == ' ' || c == '\n' || c == '\t') continue;
        int v;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
        else throw std::invalid_argument("bad hex digit");
        if (hi < 0) hi = v;
        else out.push_back(static_cast<std::uint8_t>(hi * 16 + v)), hi = -1;
    }
    if (hi >= 0) throw std::invalid_argument("odd number of hex digits");
    return out;
}
inline std::string to_hex(const bytes& b) {
    static constexpr char d[] = "0123456789abcdef";
    std::string s;
    for (auto x : b) s += {d[x >> 4], d[x & 15]};
    return s;
}
// The C form of a mechanism without parameter (nothing to keep alive).
inline abi::CK_MECHANISM plain_ck(mechanism_type t) { return {static_cast<abi::CK_MECHANISM_TYPE>(t), nullptr, 0}; }
inline bytes str(std::string_view s) { return bytes(s.begin(), s.end()); }
inline bytes cat(bytes a, const bytes& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}
inline bytes first(const bytes& b, std::size_t n) { return bytes(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n)); }
inline bytes sub(const bytes& b, std::size_t pos, std::size_t n) {
    return bytes(b.begin() + static_cast<std::ptrdiff_t>(pos), b.begin() + static_cast<std::ptrdiff_t>(pos + n));
}
inline std::span<const byte> sp(const bytes& b) { return {b.data(), b.size()}; }
inline bytes_view bv(const bytes& b) { return {b.data(), b.size()}; }
inline bytes ulong_bytes(ck_ulong v) {
    bytes out(sizeof v);
    std::memcpy(out.data(), &v, sizeof v);
    return out;
}

// --- values that unwrap a result or fail the test ------------------------------
template <class T>
T must(result<T> r, const char* what = "call") {
    if (!r) FAIL(what << " failed: " << to_string(r.code()).view());
    return std::move(*r);
}
inline void must(result<void> r, const char* what = "call") {
    if (!r) FAIL(what << " failed: " << to_string(r.code()).view());
}
inline rv code(abi::CK_RV r) { return static_cast<rv>(r); }

// --- what this token does not list ------------------------------------------------
// The Windows token lists only what the platform's CNG runs there (wine 8's
// has no raw RSA, so no CKM_RSA_X_509, OAEP or recovery; no P-521, no ECDH,
// no P-384 private keys: src/crypto/README.md).  A case needing a mechanism,
// or a key size, that the token does not list asks C_GetMechanismInfo first
// and skips the rest of itself by name (tests/common/skipped.hpp: the run
// exits 77, meson's SKIP, never a pass).  On Linux every backend lists
// everything, and a mechanism missing there fails.
// Skips (Windows) or fails (elsewhere) on `what`; always true, for the callers' returns.
inline bool report_unlisted(const std::string& what) {
#if defined(_WIN32)
    test::skip(what, "not listed by this token: " + what + " (this platform's CNG lacks it): not run");
#else
    FAIL("not listed by this token: " << what);
#endif
    return true;
}
inline bool unlisted(const client::module& m, mechanism_type t, ck_ulong key_bits = 0) {
    const auto info = m.mechanism(0, t);
    if (info && (key_bits == 0 || (key_bits >= info->min_key_size && key_bits <= info->max_key_size))) return false;
    std::string what(to_string(t).view());
    if (key_bits) what += " with " + std::to_string(key_bits) + "-bit keys";
    return report_unlisted(what);
}
// The same for a use of the mechanism (C_SignRecover, say) that its CKF_ flags must allow.
inline bool unlisted_for(const client::module& m, mechanism_type t, mechanism_flags use, std::string_view use_name) {
    const auto info = m.mechanism(0, t);
    if (info && has(info->flags, use)) return false;
    return report_unlisted(std::string(to_string(t).view()) + " for " + std::string(use_name));
}
inline bool listed_for(const client::module& m, mechanism_type t, mechanism_flags use, std::string_view use_name) {
    return !unlisted_for(m, t, use, use_name);
}
// The same for one part of a case: `if (listed(m, t)) ...` runs the part or skips it by name.
inline bool listed(const client::module& m, mechanism_type t, ck_ulong key_bits = 0) { return !unlisted(m, t, key_bits); }
// Ends the case (skipped by name) unless the token lists the mechanism (for keys of this many bits).
#define REQUIRE_LISTED(module_, ...)                                  \
    do {                                                              \
        if (mt::unlisted((module_), __VA_ARGS__)) return;             \
    } while (0)

// --- the platform -------------------------------------------------------------------
// The environment and the process id, on Linux and on Windows (the module
// reads its variables with _wgetenv there, which _putenv_s keeps in step).
inline void set_env(const char* name, const std::string& value) {
#if defined(_WIN32)
    ::_putenv_s(name, value.c_str());
#else
    ::setenv(name, value.c_str(), 1);
#endif
}
inline void unset_env(const char* name) {
#if defined(_WIN32)
    ::_putenv_s(name, "");
#else
    ::unsetenv(name);
#endif
}
inline long process_id() {
#if defined(_WIN32)
    return ::_getpid();
#else
    return ::getpid();
#endif
}

// --- the token directory --------------------------------------------------------
constexpr std::string_view so_pin = "so-pin-12345";
constexpr std::string_view user_pin = "user-pin-6789";
constexpr client::slot_id soft_slot = 0;

// A fresh directory with the token and a config file, named in the
// environment the module reads at C_Initialize; never the user's own.
class token_env {
public:
    // kdf_iterations = 0: the config file leaves the count at the module's default.
    explicit token_env(unsigned kdf_iterations = 1) {
        std::random_device rd;
        const auto base = fs::temp_directory_path();
        for (int attempt = 0; attempt < 100; ++attempt) {
            auto candidate = base / ("p11forge-module-test-" + std::to_string(process_id()) + "-" + std::to_string(rd()));
            if (fs::create_directory(candidate)) {
                root_ = candidate;
                break;
            }
        }
        if (root_.empty()) throw std::runtime_error("no temporary directory");
        fs::create_directory(token_dir());
        std::ofstream conf(conf_file());
        conf << "# written by tests/module\n";
        if (kdf_iterations) conf << "kdf_iterations = " << kdf_iterations << "\n";
        conf << "pcsc = no\n";
        conf.close();
        activate();
    }
    token_env(const token_env&) = delete;
    token_env& operator=(const token_env&) = delete;
    ~token_env() {
        unset_env("P11FORGE_TOKEN_DIR");
        unset_env("P11FORGE_CONF");
        std::error_code ec;
        fs::remove_all(root_, ec);
    }
    // Points the environment at this directory (the module reads it in C_Initialize).
    void activate() const {
        set_env("P11FORGE_TOKEN_DIR", token_dir().string());
        set_env("P11FORGE_CONF", conf_file().string());
        set_env("P11FORGE_PCSC", "0");
    }
    [[nodiscard]] fs::path root() const { return root_; }
    [[nodiscard]] fs::path token_dir() const { return root_ / "token"; }
    [[nodiscard]] fs::path conf_file() const { return root_ / "p11forge.conf"; }

    // Every regular file under the token directory.
    [[nodiscard]] std::vector<fs::path> files() const {
        std::vector<fs::path> out;
        for (const auto& e : fs::recursive_directory_iterator(token_dir()))
            if (e.is_regular_file()) out.push_back(e.path());
        return out;
    }

private:
    fs::path root_;
};

inline bytes read_file(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}
inline bool contains(const bytes& hay, const bytes& needle) {
    return !needle.empty() && std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

// --- the module -------------------------------------------------------------------
// Keeps a module mapped for the whole test run.  The provider framework keeps
// some state beyond C_Finalize on purpose (applications call modules from
// exit handlers, see p11/provider/runtime.hpp); once dlclose() unmapped the
// module, LeakSanitizer would report that state as lost, along with any
// cache the crypto layer holds.  Loading and finalising still happen as usual.
// (Windows: a LoadLibrary never matched by FreeLibrary.)
inline void keep_mapped(const char* path) {
    static std::mutex m;
    static std::set<std::string> kept;
    std::lock_guard lock(m);
    if (!kept.insert(path).second) return;
#if defined(_WIN32)
    if (::LoadLibraryA(path) == nullptr) FAIL("LoadLibrary " << path << ": error " << ::GetLastError());
#else
    if (::dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) == nullptr) FAIL("dlopen " << path << ": " << ::dlerror());
#endif
}

// A module opened on its own (dlopen, LoadLibrary), to look up its exports.
inline client::shared_object open_module(const char* path) {
    keep_mapped(path);
    std::string why;
    auto so = client::shared_object::open(path, &why);
    if (!so) FAIL("loading " << path << ": " << why);
    return std::move(*so);
}

// The version in a module's 2.x CK_FUNCTION_LIST, read without the client.
inline abi::CK_VERSION function_list_version(const char* path) {
    const auto so = open_module(path);
    auto get = reinterpret_cast<abi::CK_RV (*)(abi::CK_FUNCTION_LIST_PTR_PTR)>(so.symbol("C_GetFunctionList"));
    REQUIRE(get != nullptr);
    abi::CK_FUNCTION_LIST_PTR list = nullptr;
    REQUIRE(get(&list) == 0);
    return list->version;
}

inline client::module load(const char* path = P11FORGE_MODULE_PATH) {
    keep_mapped(path);
    // Never the user's own token: only a directory a token_env made.
    const char* dir = std::getenv("P11FORGE_TOKEN_DIR");
    const char* conf = std::getenv("P11FORGE_CONF");
    const auto tmp = fs::temp_directory_path().string();
    REQUIRE(dir != nullptr);
    REQUIRE(conf != nullptr);
    REQUIRE(std::string_view(dir).starts_with(tmp));
    REQUIRE(std::string_view(conf).starts_with(tmp));
    auto m = client::module::load(path);
    if (!m) FAIL("loading " << path << ": " << to_string(m.code()).view());
    return std::move(*m);
}

// C_InitToken + C_InitPIN through the API.
inline void init_token(const client::module& m, std::string_view label = "module test") {
    must(m.init_token(soft_slot, so_pin, label), "C_InitToken");
    auto so = must(m.open_session(soft_slot, true), "C_OpenSession");
    {
        auto login = must(so.login(user_type::so, so_pin), "C_Login(SO)");
        must(so.init_pin(user_pin), "C_InitPIN");
    }
}

// A fresh token, the module loaded, and a R/W session logged in as the user.
struct token_fixture {
    token_env env;
    client::module m;
    client::session s;

    explicit token_fixture(const char* path = P11FORGE_MODULE_PATH, unsigned kdf_iterations = 1)
        : env(kdf_iterations), m(load(path)) {
        init_token(m);
        s = must(m.open_session(soft_slot, true), "C_OpenSession");
        auto login = must(s.login(user_type::user, user_pin), "C_Login(USER)");
        login.release();  // stays logged in while the session lives
    }
    [[nodiscard]] const abi::CK_FUNCTION_LIST_3_0* fn() const { return s.fn(); }
    [[nodiscard]] abi::CK_SESSION_HANDLE h() const { return s.handle(); }
    // Closes the session and lets the module go (C_Finalize), then loads it again.
    void reload(const char* path = P11FORGE_MODULE_PATH) {
        s = client::session{};
        m.reset();
        env.activate();
        m = load(path);
        s = must(m.open_session(soft_slot, true), "C_OpenSession");
        auto login = must(s.login(user_type::user, user_pin), "C_Login(USER)");
        login.release();
    }
};

// --- objects ------------------------------------------------------------------------
// DER of the namedCurve OIDs (RFC 5480): CKA_EC_PARAMS.
inline const bytes p256_params = hex("06082a8648ce3d030107");
inline const bytes p384_params = hex("06052b81040022");
inline const bytes p521_params = hex("06052b81040023");
inline const bytes secp256k1_params = hex("06052b8104000a");

// A session secret key with every usage allowed (extra attributes override).
inline object_handle secret_key(const client::session& s, key_type kt, const bytes& value,
                                attribute_template extra = {}) {
    attribute_template t{attr::cls = object_class::secret_key, attr::key_type = kt, attr::token = false,
                         attr::value = sp(value), attr::encrypt = true, attr::decrypt = true, attr::sign = true,
                         attr::verify = true, attr::wrap = true, attr::unwrap = true, attr::derive = true};
    t.merge(extra);
    return must(s.create(t), "C_CreateObject(secret key)");
}
inline object_handle aes_key(const client::session& s, const bytes& value, attribute_template extra = {}) {
    return secret_key(s, key_type::aes, value, std::move(extra));
}

struct rsa_components {
    bytes n, e, d, p, q, dp, dq, qinv;
};
inline object_handle rsa_private(const client::session& s, const rsa_components& k, attribute_template extra = {}) {
    attribute_template t{attr::cls = object_class::private_key, attr::key_type = key_type::rsa, attr::token = false,
                         attr::modulus = sp(k.n), attr::public_exponent = sp(k.e), attr::private_exponent = sp(k.d),
                         attr::sign = true, attr::decrypt = true, attr::unwrap = true, attr::sign_recover = true};
    if (!k.p.empty()) {
        t.set(attr::prime_1 = sp(k.p));
        t.set(attr::prime_2 = sp(k.q));
        t.set(attr::exponent_1 = sp(k.dp));
        t.set(attr::exponent_2 = sp(k.dq));
        t.set(attr::coefficient = sp(k.qinv));
    }
    t.merge(extra);
    return must(s.create(t), "C_CreateObject(RSA private key)");
}
inline object_handle rsa_public(const client::session& s, const bytes& n, const bytes& e, attribute_template extra = {}) {
    attribute_template t{attr::cls = object_class::public_key, attr::key_type = key_type::rsa, attr::token = false,
                         attr::modulus = sp(n), attr::public_exponent = sp(e), attr::verify = true,
                         attr::encrypt = true, attr::wrap = true, attr::verify_recover = true};
    t.merge(extra);
    return must(s.create(t), "C_CreateObject(RSA public key)");
}
inline object_handle ec_private(const client::session& s, const bytes& params, const bytes& d,
                                attribute_template extra = {}) {
    attribute_template t{attr::cls = object_class::private_key, attr::key_type = key_type::ec, attr::token = false,
                         attr::ec_params = sp(params), attr::value = sp(d), attr::sign = true, attr::derive = true};
    t.merge(extra);
    return must(s.create(t), "C_CreateObject(EC private key)");
}
// `point` is 04 || X || Y; CKA_EC_POINT carries it in a DER OCTET STRING.
inline bytes octet_string(const bytes& content) {
    bytes out{0x04};
    if (content.size() < 128) out.push_back(static_cast<std::uint8_t>(content.size()));
    else out.push_back(0x81), out.push_back(static_cast<std::uint8_t>(content.size()));
    return cat(out, content);
}
inline object_handle ec_public(const client::session& s, const bytes& params, const bytes& point,
                               attribute_template extra = {}) {
    const auto der = octet_string(point);
    attribute_template t{attr::cls = object_class::public_key, attr::key_type = key_type::ec, attr::token = false,
                         attr::ec_params = sp(params), attr::ec_point = sp(der), attr::verify = true};
    t.merge(extra);
    return must(s.create(t), "C_CreateObject(EC public key)");
}

// One attribute's bytes, or the CKR the module gave.
inline result<bytes> attribute(const client::session& s, object_handle h, attribute_type t) {
    auto r = s.get_bytes(h, t);
    if (!r) return r.error_value();
    return bytes(r->begin(), r->end());
}
// C_GetAttributeValue of one attribute into a buffer: the CKR and ulValueLen.
struct attribute_answer {
    rv code;
    abi::CK_ULONG length;
};
inline attribute_answer query_attribute(const client::session& s, object_handle h, attribute_type t) {
    std::uint8_t buf[4096];
    abi::CK_ATTRIBUTE a{static_cast<abi::CK_ATTRIBUTE_TYPE>(t), buf, sizeof buf};
    const auto r = code(s.fn()->C_GetAttributeValue(s.handle(), h, &a, 1));
    return {r, a.ulValueLen};
}
inline ck_ulong ulong_attribute(const client::session& s, object_handle h, attribute_type t) {
    auto v = must(attribute(s, h, t), "C_GetAttributeValue");
    REQUIRE(v.size() == sizeof(ck_ulong));
    ck_ulong out;
    std::memcpy(&out, v.data(), sizeof out);
    return out;
}
inline bool bool_attribute(const client::session& s, object_handle h, attribute_type t) {
    auto v = must(attribute(s, h, t), "C_GetAttributeValue");
    REQUIRE(v.size() == 1);
    return v[0] != 0;
}

// --- raw calls: multi-part operations and the two-call convention --------------------
// C_XxxUpdate/C_XxxFinal over `data` in pieces of `chunk` bytes.
inline result<bytes> crypt_parts(const client::session& s, bool encrypt, object_handle key, const mechanism& m,
                                 const bytes& data, std::size_t chunk) {
    const auto* f = s.fn();
    auto ck = m.ck();
    const auto init = encrypt ? f->C_EncryptInit(s.handle(), &ck, key) : f->C_DecryptInit(s.handle(), &ck, key);
    if (init != 0) return failure(code(init));
    bytes out;
    for (std::size_t pos = 0; pos < data.size(); pos += chunk) {
        const auto n_in = static_cast<abi::CK_ULONG>(std::min(chunk, data.size() - pos));
        auto* in = const_cast<std::uint8_t*>(data.data() + pos);
        abi::CK_ULONG n = 0;
        auto r = encrypt ? f->C_EncryptUpdate(s.handle(), in, n_in, nullptr, &n)
                         : f->C_DecryptUpdate(s.handle(), in, n_in, nullptr, &n);
        if (r != 0) return failure(code(r));
        bytes part(n + 1);
        n = static_cast<abi::CK_ULONG>(part.size());
        r = encrypt ? f->C_EncryptUpdate(s.handle(), in, n_in, part.data(), &n)
                    : f->C_DecryptUpdate(s.handle(), in, n_in, part.data(), &n);
        if (r != 0) return failure(code(r));
        out.insert(out.end(), part.begin(), part.begin() + static_cast<std::ptrdiff_t>(n));
    }
    abi::CK_ULONG n = 0;
    auto r = encrypt ? f->C_EncryptFinal(s.handle(), nullptr, &n) : f->C_DecryptFinal(s.handle(), nullptr, &n);
    if (r != 0) return failure(code(r));
    bytes tail(n + 1);
    n = static_cast<abi::CK_ULONG>(tail.size());
    r = encrypt ? f->C_EncryptFinal(s.handle(), tail.data(), &n) : f->C_DecryptFinal(s.handle(), tail.data(), &n);
    if (r != 0) return failure(code(r));
    out.insert(out.end(), tail.begin(), tail.begin() + static_cast<std::ptrdiff_t>(n));
    return out;
}

inline result<bytes> digest_parts(const client::session& s, const mechanism& m, const bytes& data, std::size_t chunk) {
    const auto* f = s.fn();
    auto ck = m.ck();
    if (auto r = f->C_DigestInit(s.handle(), &ck); r != 0) return failure(code(r));
    for (std::size_t pos = 0; pos < data.size(); pos += chunk) {
        const auto n_in = static_cast<abi::CK_ULONG>(std::min(chunk, data.size() - pos));
        if (auto r = f->C_DigestUpdate(s.handle(), const_cast<std::uint8_t*>(data.data() + pos), n_in); r != 0)
            return failure(code(r));
    }
    abi::CK_ULONG n = 0;
    if (auto r = f->C_DigestFinal(s.handle(), nullptr, &n); r != 0) return failure(code(r));
    bytes out(n);
    if (auto r = f->C_DigestFinal(s.handle(), out.data(), &n); r != 0) return failure(code(r));
    out.resize(n);
    return out;
}

inline result<bytes> sign_parts(const client::session& s, object_handle key, const mechanism& m, const bytes& data,
                                std::size_t chunk) {
    const auto* f = s.fn();
    auto ck = m.ck();
    if (auto r = f->C_SignInit(s.handle(), &ck, key); r != 0) return failure(code(r));
    for (std::size_t pos = 0; pos < data.size(); pos += chunk) {
        const auto n_in = static_cast<abi::CK_ULONG>(std::min(chunk, data.size() - pos));
        if (auto r = f->C_SignUpdate(s.handle(), const_cast<std::uint8_t*>(data.data() + pos), n_in); r != 0)
            return failure(code(r));
    }
    abi::CK_ULONG n = 0;
    if (auto r = f->C_SignFinal(s.handle(), nullptr, &n); r != 0) return failure(code(r));
    bytes out(n);
    if (auto r = f->C_SignFinal(s.handle(), out.data(), &n); r != 0) return failure(code(r));
    out.resize(n);
    return out;
}

// CKR_OK, CKR_SIGNATURE_INVALID or another code.
inline rv verify_parts(const client::session& s, object_handle key, const mechanism& m, const bytes& data,
                       const bytes& signature, std::size_t chunk) {
    const auto* f = s.fn();
    auto ck = m.ck();
    if (auto r = f->C_VerifyInit(s.handle(), &ck, key); r != 0) return code(r);
    for (std::size_t pos = 0; pos < data.size(); pos += chunk) {
        const auto n_in = static_cast<abi::CK_ULONG>(std::min(chunk, data.size() - pos));
        if (auto r = f->C_VerifyUpdate(s.handle(), const_cast<std::uint8_t*>(data.data() + pos), n_in); r != 0)
            return code(r);
    }
    return code(f->C_VerifyFinal(s.handle(), const_cast<std::uint8_t*>(signature.data()),
                                 static_cast<abi::CK_ULONG>(signature.size())));
}

// Single-part calls returning the module's code (for the error tests).
inline rv encrypt_init(const client::session& s, const mechanism& m, object_handle key) {
    auto ck = m.ck();
    return code(s.fn()->C_EncryptInit(s.handle(), &ck, key));
}
inline rv decrypt_init(const client::session& s, const mechanism& m, object_handle key) {
    auto ck = m.ck();
    return code(s.fn()->C_DecryptInit(s.handle(), &ck, key));
}
inline rv sign_init(const client::session& s, const mechanism& m, object_handle key) {
    auto ck = m.ck();
    return code(s.fn()->C_SignInit(s.handle(), &ck, key));
}
inline rv verify_init(const client::session& s, const mechanism& m, object_handle key) {
    auto ck = m.ck();
    return code(s.fn()->C_VerifyInit(s.handle(), &ck, key));
}
// C_Encrypt/C_Decrypt/C_Sign into a buffer of `room` bytes; the output is cut to what was written.
struct output {
    rv code;
    abi::CK_ULONG length;
    bytes data;
};
inline output encrypt_into(const client::session& s, const bytes& in, std::size_t room) {
    bytes out(room);
    abi::CK_ULONG n = static_cast<abi::CK_ULONG>(room);
    const auto r = code(s.fn()->C_Encrypt(s.handle(), const_cast<std::uint8_t*>(in.data()),
                                         static_cast<abi::CK_ULONG>(in.size()), room ? out.data() : nullptr, &n));
    if (r == rv::ok && n <= room) out.resize(n);
    return {r, n, out};
}
inline output decrypt_into(const client::session& s, const bytes& in, std::size_t room, bool null_buffer = false) {
    bytes out(room);
    abi::CK_ULONG n = static_cast<abi::CK_ULONG>(room);
    const auto r = code(s.fn()->C_Decrypt(s.handle(), const_cast<std::uint8_t*>(in.data()),
                                         static_cast<abi::CK_ULONG>(in.size()), null_buffer ? nullptr : out.data(), &n));
    if (r == rv::ok && n <= room) out.resize(n);
    return {r, n, out};
}
inline output sign_into(const client::session& s, const bytes& in, std::size_t room) {
    bytes out(room);
    abi::CK_ULONG n = static_cast<abi::CK_ULONG>(room);
    const auto r = code(s.fn()->C_Sign(s.handle(), const_cast<std::uint8_t*>(in.data()),
                                      static_cast<abi::CK_ULONG>(in.size()), out.data(), &n));
    if (r == rv::ok && n <= room) out.resize(n);
    return {r, n, out};
}
inline rv verify_raw(const client::session& s, const bytes& data, const bytes& sig) {
    return code(s.fn()->C_Verify(s.handle(), const_cast<std::uint8_t*>(data.data()),
                                 static_cast<abi::CK_ULONG>(data.size()), const_cast<std::uint8_t*>(sig.data()),
                                 static_cast<abi::CK_ULONG>(sig.size())));
}

// Mechanisms with parameters the p11::mech helpers do not cover.
inline mechanism aes_ctr(const bytes& counter_block, ck_ulong bits) {
    abi::CK_AES_CTR_PARAMS p{};
    p.ulCounterBits = bits;
    std::memcpy(p.cb, counter_block.data(), std::min<std::size_t>(16, counter_block.size()));
    return mechanism::with_struct(mechanism_type::aes_ctr, p);
}
inline mechanism ecdh(mechanism_type which, const bytes& peer, ec_kdf kdf = ec_kdf::null, const bytes& shared = {}) {
    abi::CK_ECDH1_DERIVE_PARAMS p{};
    p.kdf = static_cast<abi::CK_EC_KDF_TYPE>(kdf);
    return mechanism::with_struct(which, p, peer, shared);
}
// A mechanism whose parameter is exactly these bytes (any struct, any size).
inline mechanism raw_mechanism(mechanism_type t, bytes param) { return mechanism::with_bytes(t, std::move(param)); }

} // namespace mt
