// Sessions on the consumer side: move-only RAII, login guards, typed object
// access, searches that end themselves, and the cryptographic helpers.
//
//   auto m = p11::client::module::load(path).value();
//   auto s = m.open_session(slot, true).value();
//   auto login = s.login(p11::user_type::user, "1234").value();
//   for (auto key : s.search({p11::attr::cls = p11::object_class::private_key})) ...
//   auto sig = s.sign(key, p11::mechanism_type::sha256_rsa_pkcs, data, pin_callback).value();
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "p11/attributes/attribute_template.hpp"
#include "p11/client/mechanism.hpp"
#include "p11/client/module.hpp"
#include "p11/client/search.hpp"
#include "p11/client/two_call.hpp"
#include "p11/constants/session_state.hpp"
#include "p11/constants/user_type.hpp"

namespace p11::client {

// Asked for the PIN of a CKA_ALWAYS_AUTHENTICATE key, right before it is used.
// An empty answer is the protected authentication path's (a reader's keypad):
// C_Login gets a NULL PIN and the reader asks for it itself (PKCS #11 2.40, C_Login).
using pin_callback = std::function<std::optional<std::string>(object_handle key)>;

class session;

// Logs out when it goes (unless released).
class login_guard {
public:
    login_guard() = default;
    login_guard(const login_guard&) = delete;
    login_guard& operator=(const login_guard&) = delete;
    login_guard(login_guard&& o) noexcept : fn_(std::exchange(o.fn_, nullptr)), session_(o.session_) {}
    login_guard& operator=(login_guard&& o) noexcept {
        if (this != &o) {
            logout();
            fn_ = std::exchange(o.fn_, nullptr);
            session_ = o.session_;
        }
        return *this;
    }
    ~login_guard() { logout(); }
    // Stays logged in after this guard goes (the login belongs to the application).
    void release() { fn_ = nullptr; }

private:
    friend class session;
    login_guard(const abi::CK_FUNCTION_LIST_3_0* fn, abi::CK_SESSION_HANDLE s) : fn_(fn), session_(s) {}
    void logout() {
        if (fn_) fn_->C_Logout(session_);
        fn_ = nullptr;
    }
    const abi::CK_FUNCTION_LIST_3_0* fn_ = nullptr;
    abi::CK_SESSION_HANDLE session_ = 0;
};

class session {
public:
    session() = default;
    session(const session&) = delete;
    session& operator=(const session&) = delete;
    session(session&& o) noexcept : module_(std::move(o.module_)), handle_(std::exchange(o.handle_, 0)) {}
    session& operator=(session&& o) noexcept {
        if (this != &o) {
            close();
            module_ = std::move(o.module_);
            handle_ = std::exchange(o.handle_, 0);
        }
        return *this;
    }
    ~session() { close(); }

    [[nodiscard]] abi::CK_SESSION_HANDLE handle() const { return handle_; }
    [[nodiscard]] const abi::CK_FUNCTION_LIST_3_0* fn() const { return &module_->fn.functions(); }

    void close() {
        if (handle_ && module_) fn()->C_CloseSession(handle_);
        handle_ = 0;
    }

    struct info {
        slot_id slot;
        session_state state;
        bool read_write;
    };
    [[nodiscard]] result<info> get_info() const {
        abi::CK_SESSION_INFO i{};
        P11_TRY(check(fn()->C_GetSessionInfo(handle_, &i), function_id::C_GetSessionInfo));
        return info{i.slotID, static_cast<session_state>(i.state),
                    has(static_cast<session_flags>(i.flags), session_flags::rw_session)};
    }

    // --- authentication ----------------------------------------------------
    [[nodiscard]] result<login_guard> login(user_type who, std::string_view pin) const {
        const auto r = static_cast<rv>(fn()->C_Login(handle_, static_cast<abi::CK_USER_TYPE>(who), module::pin_bytes(pin),
                                                     static_cast<abi::CK_ULONG>(pin.size())));
        // Logged in already (by another session of this application): fine, but not ours to undo.
        if (r == rv::user_already_logged_in) return login_guard{};
        if (r != rv::ok) return failure(r, function_id::C_Login);
        return login_guard{fn(), handle_};
    }
    [[nodiscard]] result<void> init_pin(std::string_view pin) const {
        return check(fn()->C_InitPIN(handle_, module::pin_bytes(pin), static_cast<abi::CK_ULONG>(pin.size())),
                     function_id::C_InitPIN);
    }
    [[nodiscard]] result<void> set_pin(std::string_view old_pin, std::string_view new_pin) const {
        return check(fn()->C_SetPIN(handle_, module::pin_bytes(old_pin), static_cast<abi::CK_ULONG>(old_pin.size()),
                                    module::pin_bytes(new_pin), static_cast<abi::CK_ULONG>(new_pin.size())),
                     function_id::C_SetPIN);
    }

    // --- objects -------------------------------------------------------------
    [[nodiscard]] result<object_handle> create(const attribute_template& t) const {
        object_handle h = 0;
        P11_TRY(check(fn()->C_CreateObject(handle_, t.data(), t.count(), &h), function_id::C_CreateObject));
        return h;
    }
    [[nodiscard]] result<void> destroy(object_handle h) const {
        return check(fn()->C_DestroyObject(handle_, h), function_id::C_DestroyObject);
    }
    [[nodiscard]] result<object_handle> copy(object_handle h, const attribute_template& changes = {}) const {
        object_handle out = 0;
        P11_TRY(check(fn()->C_CopyObject(handle_, h, changes.data(), changes.count(), &out), function_id::C_CopyObject));
        return out;
    }
    [[nodiscard]] result<void> set(object_handle h, const attribute_template& changes) const {
        return check(fn()->C_SetAttributeValue(handle_, h, changes.data(), changes.count()),
                     function_id::C_SetAttributeValue);
    }

    // One attribute's raw bytes (two calls: length, then value).
    [[nodiscard]] result<std::vector<std::uint8_t>> get_bytes(object_handle h, attribute_type t) const {
        abi::CK_ATTRIBUTE a{static_cast<abi::CK_ATTRIBUTE_TYPE>(t), nullptr, 0};
        P11_TRY(check(fn()->C_GetAttributeValue(handle_, h, &a, 1), function_id::C_GetAttributeValue));
        std::vector<std::uint8_t> out(a.ulValueLen);
        a.pValue = out.empty() ? nullptr : out.data();
        if (!out.empty()) P11_TRY(check(fn()->C_GetAttributeValue(handle_, h, &a, 1), function_id::C_GetAttributeValue));
        out.resize(a.ulValueLen);
        return out;
    }
    // Typed reads: attr::label -> std::string, attr::sign -> bool, attr::key_type -> p11::key_type ...
    template <attribute_type T>
    [[nodiscard]] auto get(object_handle h, attribute_key<T>) const {
        constexpr auto kind = kind_of(T);
        if constexpr (kind_traits<kind>::scalar) {
            using V = typename kind_traits<kind>::type;
            auto raw = get_bytes(h, T);
            if (!raw) return result<V>(raw.error_value());
            auto v = decode_scalar<kind>(bytes_view{raw->data(), raw->size()});
            if (!v) return result<V>(failure(rv::attribute_value_invalid, function_id::C_GetAttributeValue));
            return result<V>(*v);
        } else if constexpr (kind == value_kind::utf8) {
            auto raw = get_bytes(h, T);
            if (!raw) return result<std::string>(raw.error_value());
            return result<std::string>(std::string(raw->begin(), raw->end()));
        } else {
            return get_bytes(h, T);
        }
    }
    // A boolean attribute that a module may not know (a 2.11 module and
    // CKA_ALWAYS_AUTHENTICATE): CKR_ATTRIBUTE_TYPE_INVALID reads as false.
    [[nodiscard]] result<bool> get_flag_or_false(object_handle h, attribute_type t) const {
        abi::CK_BBOOL v = 0;
        abi::CK_ATTRIBUTE a{static_cast<abi::CK_ATTRIBUTE_TYPE>(t), &v, 1};
        const auto r = static_cast<rv>(fn()->C_GetAttributeValue(handle_, h, &a, 1));
        if (r == rv::attribute_type_invalid) return false;
        if (r != rv::ok) return failure(r, function_id::C_GetAttributeValue);
        return v != 0;
    }

    // A search as a range (see search.hpp): begin() fetches every handle in
    // batches and ends the search, so the loop body may use the session.
    [[nodiscard]] object_search search(const attribute_template& criteria = {},
                                       std::size_t batch = object_search::default_batch) const {
        return object_search(fn(), handle_, criteria, batch);
    }
    // All results at once.
    [[nodiscard]] result<std::vector<object_handle>> find(const attribute_template& criteria = {}) const {
        auto found = search(criteria);
        std::vector<object_handle> out(found.begin(), found.end());
        P11_TRY(found.status());
        return out;
    }
    // The first match; the search ends without fetching the rest.
    [[nodiscard]] result<std::optional<object_handle>> find_one(const attribute_template& criteria) const {
        return search(criteria, 1).first();
    }

    // --- keys -------------------------------------------------------------------
    [[nodiscard]] result<object_handle> generate_key(const mechanism& m, const attribute_template& t) const {
        auto ck = m.ck();
        object_handle h = 0;
        P11_TRY(check(fn()->C_GenerateKey(handle_, &ck, t.data(), t.count(), &h), function_id::C_GenerateKey));
        return h;
    }
    struct key_pair {
        object_handle public_key;
        object_handle private_key;
    };
    [[nodiscard]] result<key_pair> generate_key_pair(const mechanism& m, const attribute_template& pub,
                                                     const attribute_template& priv) const {
        auto ck = m.ck();
        key_pair k{};
        P11_TRY(check(fn()->C_GenerateKeyPair(handle_, &ck, pub.data(), pub.count(), priv.data(), priv.count(),
                                              &k.public_key, &k.private_key),
                      function_id::C_GenerateKeyPair));
        return k;
    }
    [[nodiscard]] result<std::vector<std::uint8_t>> wrap(const mechanism& m, object_handle wrapping_key,
                                                         object_handle key) const {
        auto ck = m.ck();
        return fetch_bytes(function_id::C_WrapKey, [&](std::uint8_t* out, abi::CK_ULONG* n) {
            return fn()->C_WrapKey(handle_, &ck, wrapping_key, key, out, n);
        });
    }
    [[nodiscard]] result<object_handle> unwrap(const mechanism& m, object_handle unwrapping_key, bytes_view wrapped,
                                               const attribute_template& t) const {
        auto ck = m.ck();
        object_handle h = 0;
        P11_TRY(check(fn()->C_UnwrapKey(handle_, &ck, unwrapping_key, const_cast<std::uint8_t*>(wrapped.data()),
                                        static_cast<abi::CK_ULONG>(wrapped.size()), t.data(), t.count(), &h),
                      function_id::C_UnwrapKey));
        return h;
    }
    [[nodiscard]] result<object_handle> derive(const mechanism& m, object_handle base, const attribute_template& t) const {
        auto ck = m.ck();
        object_handle h = 0;
        P11_TRY(check(fn()->C_DeriveKey(handle_, &ck, base, t.data(), t.count(), &h), function_id::C_DeriveKey));
        return h;
    }

    // --- single-part operations ------------------------------------------------
    // A key with CKA_ALWAYS_AUTHENTICATE gets Init -> C_Login(CKU_CONTEXT_SPECIFIC)
    // -> the operation, with the PIN from `pin` asked right before and no other
    // call in between (a PIN-always card allows none).
    [[nodiscard]] result<std::vector<std::uint8_t>> sign(object_handle key, const mechanism& m, bytes_view data,
                                                         const pin_callback& pin = {}) const {
        auto ck = m.ck();
        auto always = needs_context_login(key);
        if (!always) return always.error_value();
        P11_TRY(check(fn()->C_SignInit(handle_, &ck, key), function_id::C_SignInit));
        const auto call = [&](std::uint8_t* out, abi::CK_ULONG* n) {
            return fn()->C_Sign(handle_, const_cast<std::uint8_t*>(data.data()), static_cast<abi::CK_ULONG>(data.size()),
                                out, n);
        };
        if (*always) P11_TRY(context_login_or_abandon(key, pin, call));
        return fetch_bytes(function_id::C_Sign, call);
    }
    // true: valid; false: CKR_SIGNATURE_INVALID; errors otherwise.
    [[nodiscard]] result<bool> verify(object_handle key, const mechanism& m, bytes_view data, bytes_view signature) const {
        auto ck = m.ck();
        P11_TRY(check(fn()->C_VerifyInit(handle_, &ck, key), function_id::C_VerifyInit));
        const auto r = static_cast<rv>(fn()->C_Verify(handle_, const_cast<std::uint8_t*>(data.data()),
                                                      static_cast<abi::CK_ULONG>(data.size()),
                                                      const_cast<std::uint8_t*>(signature.data()),
                                                      static_cast<abi::CK_ULONG>(signature.size())));
        if (r == rv::ok) return true;
        if (r == rv::signature_invalid) return false;
        return failure(r, function_id::C_Verify);
    }
    [[nodiscard]] result<std::vector<std::uint8_t>> encrypt(object_handle key, const mechanism& m, bytes_view data) const {
        auto ck = m.ck();
        P11_TRY(check(fn()->C_EncryptInit(handle_, &ck, key), function_id::C_EncryptInit));
        return fetch_bytes(function_id::C_Encrypt, [&](std::uint8_t* out, abi::CK_ULONG* n) {
            return fn()->C_Encrypt(handle_, const_cast<std::uint8_t*>(data.data()), static_cast<abi::CK_ULONG>(data.size()),
                                   out, n);
        });
    }
    [[nodiscard]] result<std::vector<std::uint8_t>> decrypt(object_handle key, const mechanism& m, bytes_view data,
                                                            const pin_callback& pin = {}) const {
        auto ck = m.ck();
        auto always = needs_context_login(key);
        if (!always) return always.error_value();
        P11_TRY(check(fn()->C_DecryptInit(handle_, &ck, key), function_id::C_DecryptInit));
        const auto call = [&](std::uint8_t* out, abi::CK_ULONG* n) {
            return fn()->C_Decrypt(handle_, const_cast<std::uint8_t*>(data.data()), static_cast<abi::CK_ULONG>(data.size()),
                                   out, n);
        };
        if (*always) P11_TRY(context_login_or_abandon(key, pin, call));
        return fetch_bytes(function_id::C_Decrypt, call);
    }
    [[nodiscard]] result<std::vector<std::uint8_t>> digest(const mechanism& m, bytes_view data) const {
        auto ck = m.ck();
        P11_TRY(check(fn()->C_DigestInit(handle_, &ck), function_id::C_DigestInit));
        return fetch_bytes(function_id::C_Digest, [&](std::uint8_t* out, abi::CK_ULONG* n) {
            return fn()->C_Digest(handle_, const_cast<std::uint8_t*>(data.data()), static_cast<abi::CK_ULONG>(data.size()),
                                  out, n);
        });
    }
    [[nodiscard]] result<std::vector<std::uint8_t>> random(std::size_t n) const {
        std::vector<std::uint8_t> out(n);
        P11_TRY(check(fn()->C_GenerateRandom(handle_, out.data(), static_cast<abi::CK_ULONG>(n)),
                      function_id::C_GenerateRandom));
        return out;
    }

private:
    friend class module;
    session(std::shared_ptr<module::state> m, abi::CK_SESSION_HANDLE h) : module_(std::move(m)), handle_(h) {}

    // Asked before Init: between Init and the context login no other call
    // may reach the module (a PIN-always card forbids any command there).
    result<bool> needs_context_login(object_handle key) const {
        return get_flag_or_false(key, attribute_type::always_authenticate);
    }
    result<void> context_login(object_handle key, const pin_callback& pin) const {
        std::optional<std::string> value;
        if (pin) value = pin(key);
        if (!value) return failure(pin ? rv::function_canceled : rv::user_not_logged_in, function_id::C_Login);
        // Empty: the keypad's NULL PIN, not a pointer to an empty string.
        const auto bytes = value->empty() ? nullptr : module::pin_bytes(*value);
        return check(fn()->C_Login(handle_, static_cast<abi::CK_USER_TYPE>(user_type::context_specific), bytes,
                                   static_cast<abi::CK_ULONG>(value->size())),
                     function_id::C_Login);
    }
    // Without the context-specific login the initialised operation must not
    // stay active (the session's next C_SignInit would get
    // CKR_OPERATION_ACTIVE).  The spec gives no "cancel" before 3.0, but any
    // error from the operation other than a length answer ends it, and
    // without the login the module must refuse (CKR_USER_NOT_LOGGED_IN).
    template <class Call>
    result<void> context_login_or_abandon(object_handle key, const pin_callback& pin, const Call& call) const {
        auto logged_in = context_login(key, pin);
        if (!logged_in) {
            std::uint8_t scratch[1];
            abi::CK_ULONG n = 0;
            (void)call(scratch, &n);
        }
        return logged_in;
    }

    std::shared_ptr<module::state> module_;
    abi::CK_SESSION_HANDLE handle_ = 0;
};

inline result<session> module::open_session(slot_id id, bool read_write) const {
    abi::CK_SESSION_HANDLE h = 0;
    auto flags = session_flags::serial_session;
    if (read_write) flags |= session_flags::rw_session;
    P11_TRY(check(state_->fn->C_OpenSession(id, static_cast<abi::CK_FLAGS>(flags), nullptr, nullptr, &h),
                  function_id::C_OpenSession));
    return session(state_, h);
}

} // namespace p11::client
