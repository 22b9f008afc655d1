// What the black-box provider tests share: loading a mock module with
// dlopen() and reaching its CK_FUNCTION_LIST and control API, an RAII
// "initialised module" fixture, templates built at run time, and small
// helpers for the calls every test makes.
//
// Only our own ABI (p11/abi.hpp) and constant tables are used, as an
// application built on p11forge would.
#pragma once

#include <dlfcn.h>

#include <catch2/catch.hpp>

#include <cstring>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mock_token.hpp"
#include "p11/abi.hpp"
#include "p11/constants.hpp"

#include "../common/catch_printing.hpp"

namespace pt {

using namespace p11::abi;
using p11::rv;
using A = p11::attribute_type;
using M = p11::mechanism_type;
using K = p11::key_type;
using O = p11::object_class;

template <class E>
constexpr CK_ULONG ck(E e) {
    return static_cast<CK_ULONG>(e);
}
inline rv R(CK_RV x) { return static_cast<rv>(x); }

inline constexpr CK_SLOT_ID fixed = p11mock::fixed_slot;
inline constexpr CK_SLOT_ID reader = p11mock::removable_slot;
inline constexpr CK_ULONG unavailable = ~CK_ULONG{0};
inline constexpr CK_ULONG cku_so = 0, cku_user = 1, cku_context = 2;
inline constexpr CK_FLAGS serial = ck(p11::session_flags::serial_session);
inline constexpr CK_FLAGS rw = ck(p11::session_flags::rw_session);

enum class variant { v2_40, v3_0, v3_0_fork_safe, v2_11, count };

// One loaded module: its function list and its mock's control API.
struct module {
    void* handle = nullptr;
    CK_FUNCTION_LIST* f = nullptr;
    decltype(&p11mock_reset) reset = nullptr;
    decltype(&p11mock_counter) counter = nullptr;
    decltype(&p11mock_throw_next) throw_next = nullptr;
    decltype(&p11mock_arm_barrier) arm_barrier = nullptr;
    decltype(&p11mock_barrier_timeouts) barrier_timeouts = nullptr;
    decltype(&p11mock_remove_token) remove_token = nullptr;
    decltype(&p11mock_insert_token) insert_token = nullptr;
    decltype(&p11mock_post_event) post_event = nullptr;
    decltype(&p11mock_blocked_waiters) blocked_waiters = nullptr;
    decltype(&p11mock_external_relabel) external_relabel = nullptr;
    decltype(&p11mock_external_delete) external_delete = nullptr;

    template <class F>
    F sym(const char* name) const {
        return reinterpret_cast<F>(::dlsym(handle, name));
    }
    unsigned long count(p11mock::counter c) const { return counter(c); }
};

inline const char* path_of(variant v) {
    switch (v) {
    case variant::v2_40: return P11MOCK_PATH_MOCK_2_40;
    case variant::v3_0: return P11MOCK_PATH_MOCK_3_0;
    case variant::v3_0_fork_safe: return P11MOCK_PATH_MOCK_3_0_FORKSAFE;
    case variant::v2_11: return P11MOCK_PATH_MOCK_2_11;
    case variant::count: break;
    }
    return "";
}

// Loaded once per process and kept (as applications usually do).
inline module& load(variant v = variant::v2_40) {
    static module modules[static_cast<int>(variant::count)];
    auto& m = modules[static_cast<int>(v)];
    if (m.handle) return m;
    m.handle = ::dlopen(path_of(v), RTLD_NOW | RTLD_LOCAL);
    INFO("dlopen(" << path_of(v) << "): " << (m.handle ? "ok" : ::dlerror()));
    REQUIRE(m.handle != nullptr);
    auto get_list = m.sym<CK_C_GetFunctionList>("C_GetFunctionList");
    REQUIRE(get_list != nullptr);
    REQUIRE(R(get_list(&m.f)) == rv::ok);
    REQUIRE(m.f != nullptr);
#define PT_CONTROL(field, name)                              \
    m.field = m.sym<decltype(m.field)>(name);                \
    REQUIRE(m.field != nullptr);
    PT_CONTROL(reset, "p11mock_reset")
    PT_CONTROL(counter, "p11mock_counter")
    PT_CONTROL(throw_next, "p11mock_throw_next")
    PT_CONTROL(arm_barrier, "p11mock_arm_barrier")
    PT_CONTROL(barrier_timeouts, "p11mock_barrier_timeouts")
    PT_CONTROL(remove_token, "p11mock_remove_token")
    PT_CONTROL(insert_token, "p11mock_insert_token")
    PT_CONTROL(post_event, "p11mock_post_event")
    PT_CONTROL(blocked_waiters, "p11mock_blocked_waiters")
    PT_CONTROL(external_relabel, "p11mock_external_relabel")
    PT_CONTROL(external_delete, "p11mock_external_delete")
#undef PT_CONTROL
    return m;
}

// A fresh world and an initialised module for one test; finalised at the end.
struct env {
    module& m;
    CK_FUNCTION_LIST* f;

    explicit env(variant v = variant::v2_40, CK_VOID_PTR init_args = nullptr) : m(load(v)), f(m.f) {
        f->C_Finalize(nullptr);  // whatever an earlier, failed test left behind
        m.reset();
        REQUIRE(R(f->C_Initialize(init_args)) == rv::ok);
    }
    ~env() { f->C_Finalize(nullptr); }
    env(const env&) = delete;
    env& operator=(const env&) = delete;

    CK_SESSION_HANDLE open(CK_SLOT_ID slot = fixed, bool read_write = true) const {
        CK_SESSION_HANDLE h = 0;
        REQUIRE(R(f->C_OpenSession(slot, serial | (read_write ? rw : 0), nullptr, nullptr, &h)) == rv::ok);
        REQUIRE(h != 0);
        return h;
    }
    rv login(CK_SESSION_HANDLE s, CK_USER_TYPE who = cku_user, std::string_view pin = {}) const {
        if (pin.empty()) pin = who == cku_so ? p11mock::so_pin : p11mock::user_pin;
        return R(f->C_Login(s, who, pin_ptr(pin), pin.size()));
    }
    CK_ULONG state(CK_SESSION_HANDLE s) const {
        CK_SESSION_INFO info{};
        REQUIRE(R(f->C_GetSessionInfo(s, &info)) == rv::ok);
        return info.state;
    }
    CK_TOKEN_INFO token_info(CK_SLOT_ID slot = fixed) const {
        CK_TOKEN_INFO info{};
        REQUIRE(R(f->C_GetTokenInfo(slot, &info)) == rv::ok);
        return info;
    }
    static CK_UTF8CHAR_PTR pin_ptr(std::string_view pin) {
        return reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(pin.data()));
    }
};

using bytes = std::vector<CK_BYTE>;
inline bytes to_bytes(std::string_view s) { return bytes(s.begin(), s.end()); }

// A template built at run time; values live as long as the template.
class tmpl {
public:
    tmpl() = default;
    tmpl(const tmpl&) = delete;
    tmpl& operator=(const tmpl&) = delete;
    tmpl(tmpl&&) = default;

    tmpl& raw(CK_ULONG type, bytes v) {
        auto& stored = values_.emplace_back(std::move(v));
        attrs_.push_back({type, stored.empty() ? nullptr : stored.data(), static_cast<CK_ULONG>(stored.size())});
        return *this;
    }
    tmpl& add(A t, bytes v) { return raw(ck(t), std::move(v)); }
    tmpl& str(A t, std::string_view s) { return add(t, to_bytes(s)); }
    tmpl& flag(A t, bool v) { return add(t, bytes{static_cast<CK_BYTE>(v ? 1 : 0)}); }
    tmpl& ulong(A t, CK_ULONG v) {
        bytes b(sizeof v);
        std::memcpy(b.data(), &v, sizeof v);
        return add(t, std::move(b));
    }
    tmpl& cls(O c) { return ulong(A::cls, ck(c)); }
    tmpl& key(K k) { return ulong(A::key_type, ck(k)); }
    // An entry with pValue NULL (a length query, or a malformed input).
    tmpl& null(A t, CK_ULONG len = 0) {
        attrs_.push_back({ck(t), nullptr, len});
        return *this;
    }
    // An attribute array (CKA_WRAP_TEMPLATE ...).
    tmpl& nested(A t, tmpl inner) {
        auto& kept = nested_.emplace_back(std::move(inner));
        attrs_.push_back({ck(t), kept.data(), static_cast<CK_ULONG>(kept.size() * sizeof(CK_ATTRIBUTE))});
        return *this;
    }

    CK_ATTRIBUTE* data() { return attrs_.empty() ? nullptr : attrs_.data(); }
    CK_ULONG size() const { return static_cast<CK_ULONG>(attrs_.size()); }
    CK_ATTRIBUTE& operator[](std::size_t i) { return attrs_[i]; }

private:
    std::deque<bytes> values_;
    std::deque<tmpl> nested_;
    std::vector<CK_ATTRIBUTE> attrs_;
};

inline CK_MECHANISM mech(M m, void* param = nullptr, CK_ULONG len = 0) { return {ck(m), param, len}; }

// CKM_AES_CBC_PAD with a fixed 16-byte IV (kept alive by the caller).
struct cbc_pad {
    bytes iv = bytes(16, 0x42);
    CK_MECHANISM m{ck(M::aes_cbc_pad), iv.data(), 16};
    cbc_pad() = default;
    cbc_pad(const cbc_pad&) = delete;
    CK_MECHANISM* ptr() { return &m; }
};

// --- object helpers ----------------------------------------------------------

inline CK_OBJECT_HANDLE create(const env& e, CK_SESSION_HANDLE s, tmpl& t) {
    CK_OBJECT_HANDLE h = 0;
    REQUIRE(R(e.f->C_CreateObject(s, t.data(), t.size(), &h)) == rv::ok);
    REQUIRE(h != 0);
    return h;
}

inline tmpl data_object(std::string_view label, bool token = false, bool is_private = false) {
    tmpl t;
    t.cls(O::data).flag(A::token, token).flag(A::private_, is_private).str(A::label, label).str(A::value, "payload");
    return t;
}

inline CK_OBJECT_HANDLE create_data(const env& e, CK_SESSION_HANDLE s, std::string_view label, bool token = false,
                                    bool is_private = false) {
    auto t = data_object(label, token, is_private);
    return create(e, s, t);
}

// A secret key by C_GenerateKey; `extra` adds to (or overrides nothing in) the template.
inline CK_OBJECT_HANDLE generate_secret(const env& e, CK_SESSION_HANDLE s, tmpl extra = {}, M m = M::aes_key_gen,
                                        CK_ULONG len = 16) {
    tmpl t = std::move(extra);
    t.ulong(A::value_len, len);
    auto mm = mech(m);
    CK_OBJECT_HANDLE h = 0;
    REQUIRE(R(e.f->C_GenerateKey(s, &mm, t.data(), t.size(), &h)) == rv::ok);
    return h;
}

// An extractable, non-sensitive AES key, usable for everything.
inline CK_OBJECT_HANDLE open_aes_key(const env& e, CK_SESSION_HANDLE s) {
    tmpl t;
    t.flag(A::sensitive, false).flag(A::extractable, true).flag(A::private_, false);
    return generate_secret(e, s, std::move(t));
}

struct key_pair {
    CK_OBJECT_HANDLE pub = 0, priv = 0;
};
inline key_pair generate_rsa(const env& e, CK_SESSION_HANDLE s, tmpl pub_extra = {}, tmpl priv_extra = {},
                             CK_ULONG bits = 512) {
    tmpl pub = std::move(pub_extra);
    pub.ulong(A::modulus_bits, bits);
    tmpl priv = std::move(priv_extra);
    auto mm = mech(M::rsa_pkcs_key_pair_gen);
    key_pair kp;
    REQUIRE(R(e.f->C_GenerateKeyPair(s, &mm, pub.data(), pub.size(), priv.data(), priv.size(), &kp.pub, &kp.priv)) ==
            rv::ok);
    return kp;
}

// One attribute: its code and value.
struct attr_value {
    rv code;
    CK_ULONG length;
    bytes value;
};
inline attr_value get_attr(const env& e, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h, A t) {
    CK_ATTRIBUTE a{ck(t), nullptr, 0};
    const auto r = R(e.f->C_GetAttributeValue(s, h, &a, 1));
    if (r != rv::ok) return {r, a.ulValueLen, {}};
    bytes v(a.ulValueLen);
    a.pValue = v.data();
    const auto r2 = R(e.f->C_GetAttributeValue(s, h, &a, 1));
    v.resize(r2 == rv::ok ? a.ulValueLen : 0);
    return {r2, a.ulValueLen, v};
}
inline std::optional<bool> get_bool(const env& e, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h, A t) {
    auto v = get_attr(e, s, h, t);
    if (v.code != rv::ok || v.value.size() != 1) return std::nullopt;
    return v.value[0] != 0;
}
inline std::optional<CK_ULONG> get_ulong(const env& e, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h, A t) {
    auto v = get_attr(e, s, h, t);
    if (v.code != rv::ok || v.value.size() != sizeof(CK_ULONG)) return std::nullopt;
    CK_ULONG out;
    std::memcpy(&out, v.value.data(), sizeof out);
    return out;
}
inline std::string get_string(const env& e, CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h, A t) {
    auto v = get_attr(e, s, h, t);
    return std::string(v.value.begin(), v.value.end());
}

inline std::vector<CK_OBJECT_HANDLE> find(const env& e, CK_SESSION_HANDLE s, tmpl& t) {
    REQUIRE(R(e.f->C_FindObjectsInit(s, t.data(), t.size())) == rv::ok);
    std::vector<CK_OBJECT_HANDLE> out;
    for (;;) {
        CK_OBJECT_HANDLE batch[3];
        CK_ULONG n = 0;
        REQUIRE(R(e.f->C_FindObjects(s, batch, 3, &n)) == rv::ok);
        if (n == 0) break;
        out.insert(out.end(), batch, batch + n);
    }
    REQUIRE(R(e.f->C_FindObjectsFinal(s)) == rv::ok);
    return out;
}
inline std::vector<CK_OBJECT_HANDLE> find_label(const env& e, CK_SESSION_HANDLE s, std::string_view label) {
    tmpl t;
    t.str(A::label, label);
    return find(e, s, t);
}

} // namespace pt
