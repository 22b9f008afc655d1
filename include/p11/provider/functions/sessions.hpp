// Session management: C_OpenSession, C_CloseSession, C_CloseAllSessions,
// C_GetSessionInfo, C_Get/SetOperationState, C_Login, C_Logout, and the 3.0
// C_LoginUser and C_SessionCancel.
#pragma once

#include "p11/constants/flags.hpp"
#include "p11/constants/user_type.hpp"
#include "p11/provider/call.hpp"
#include "p11/provider/caller_input.hpp"
#include "p11/provider/functions/message_calls.hpp"

namespace p11::provider::api {

inline rv C_OpenSession(abi::CK_SLOT_ID id, abi::CK_FLAGS flags, abi::CK_VOID_PTR app, abi::CK_NOTIFY notify,
                       abi::CK_SESSION_HANDLE_PTR out) {
    return with_runtime([&](runtime& rt) -> rv {
        auto t = rt.token_of(id);
        if (!t) return t.code();
        if (out == nullptr) return rv::arguments_bad;
        const auto f = static_cast<session_flags>(flags);
        if (!has(f, session_flags::serial_session)) return rv::session_parallel_not_supported;
        const bool rw = has(f, session_flags::rw_session);
        if (!rw && rt.login_of(id) == login_state::so) return rv::session_read_write_so_exists;
        if (rw && t->first->describe().write_protected) return rv::token_write_protected;
        rt.free_retired_sessions();
        *out = rt.add_session(id, rw, std::move(t->first), t->second, notify, app);
        return rv::ok;
    });
}

inline rv C_CloseSession(abi::CK_SESSION_HANDLE h) {
    return with_runtime([&](runtime& rt) -> rv {
        auto s = rt.session_of(h);
        if (!s) return s.code();
        const rv r = rt.close_session(h);
        rt.free_retired_sessions();
        return r;
    });
}

inline rv C_CloseAllSessions(abi::CK_SLOT_ID id) {
    return with_runtime([&](runtime& rt) -> rv {
        if (!rt.slots().find_slot(id)) return rv::slot_id_invalid;
        auto t = rt.token_of(id);
        if (!t) return t.code();
        rt.close_sessions_of_slot(id);
        return rv::ok;
    });
}

// Never touches the token: a PIN-always card must see no command between the
// context login and the signature (facts: PIV PIN-always).
inline rv C_GetSessionInfo(abi::CK_SESSION_HANDLE h, abi::CK_SESSION_INFO_PTR info) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        if (info == nullptr) return rv::arguments_bad;
        info->slotID = s.slot_id;
        info->state = static_cast<abi::CK_STATE>(rt.state_of(s));
        info->flags = static_cast<abi::CK_FLAGS>(session_flags::serial_session |
                                                 (s.read_write ? session_flags::rw_session : session_flags{}));
        info->ulDeviceError = 0;
        return rv::ok;
    });
}

inline rv C_GetOperationState(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR, abi::CK_ULONG_PTR len) {
    return with_session(h, [&](runtime&, session&) -> rv {
        if (len == nullptr) return rv::arguments_bad;
        return rv::function_not_supported;
    });
}

inline rv C_SetOperationState(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR state, abi::CK_ULONG,
                              abi::CK_OBJECT_HANDLE, abi::CK_OBJECT_HANDLE) {
    return with_session(h, [&](runtime&, session&) -> rv {
        if (state == nullptr) return rv::arguments_bad;
        return rv::function_not_supported;
    });
}

namespace detail {

// CKU_CONTEXT_SPECIFIC: the PIN goes to the active operation that asked for it.
inline rv context_login(session& s, bytes_view pin) {
    for (auto& op : s.ops) {
        if (!op.active() || !op.op->needs_context_login() || op.context_login_done) continue;
        auto r = op.op->context_login(pin);
        if (!r) return r.code();
        op.context_login_done = true;
        return rv::ok;
    }
    return rv::operation_not_initialized;
}

// What C_Logout does, for every session of the slot.
inline void log_out(runtime& rt, session& s) {
    // Operations on private keys end with the login that allowed them.
    for (auto& other : rt.sessions_of_slot(s.slot_id)) {
        std::lock_guard lock(other->mutex);
        for (auto& op : other->ops)
            if (op.uses_private_key) op.end();
    }
    rt.logout_slot(s.slot_id, s.tok.get());
}

inline rv login_as(runtime& rt, abi::CK_SESSION_HANDLE h, abi::CK_USER_TYPE type, abi::CK_UTF8CHAR_PTR pin,
                abi::CK_ULONG pin_len) {
    auto sp = rt.session_of(h);
    if (!sp) return sp.code();
    session& s = **sp;
    auto checked = caller_bytes(pin, pin_len, length_rules::given_pin);
    if (!checked) return checked.code();
    const bytes_view pin_bytes = *checked;
    const auto who = static_cast<user_type>(type);

    if (who == user_type::context_specific) {
        if (rt.login_of(s.slot_id) != login_state::user) return rv::user_not_logged_in;
        rv r;
        {
            std::lock_guard lock(s.mutex);
            r = context_login(s, pin_bytes);
        }
        // 2.40, CKA_ALWAYS_AUTHENTICATE: "repeated failed re-authentication
        // attempts may cause the PIN to be locked. C_Login returns in this case
        // CKR_PIN_LOCKED and this also logs the user out from the token."
        if (r == rv::pin_locked) log_out(rt, s);
        return r;
    }
    if (who != user_type::so && who != user_type::user) return rv::user_type_invalid;

    auto guard = rt.auth_mutex(s.slot_id);
    std::lock_guard lock(*guard);
    const auto current = rt.login_of(s.slot_id);
    const auto wanted = who == user_type::so ? login_state::so : login_state::user;
    if (current == wanted) return rv::user_already_logged_in;
    if (current != login_state::nobody) return rv::user_another_already_logged_in;
    if (who == user_type::so && rt.has_read_only_session(s.slot_id)) return rv::session_read_only_exists;
    if (pin == nullptr && !has(s.tok->describe().flags, token_flags::protected_authentication_path))
        return rv::arguments_bad;
    if (auto r = s.tok->login(who, pin_bytes); !r) return r.code();
    rt.set_login(s.slot_id, wanted);
    return rv::ok;
}

} // namespace detail

// The session mutex is taken inside (not by with_session): C_Login waits for
// PIN derivation and must not hold a session busy for a context login.
inline rv C_Login(abi::CK_SESSION_HANDLE h, abi::CK_USER_TYPE type, abi::CK_UTF8CHAR_PTR pin, abi::CK_ULONG len) {
    return with_runtime([&](runtime& rt) { return detail::login_as(rt, h, type, pin, len); });
}

inline rv C_LoginUser(abi::CK_SESSION_HANDLE h, abi::CK_USER_TYPE type, abi::CK_UTF8CHAR_PTR pin, abi::CK_ULONG len,
                     abi::CK_UTF8CHAR_PTR username, abi::CK_ULONG username_len) {
    return with_runtime([&](runtime& rt) -> rv {
        if (username == nullptr && username_len != 0) return rv::arguments_bad;
        // Our tokens have one user per role; a user name selects nothing.
        if (username_len != 0) return rv::user_type_invalid;
        return detail::login_as(rt, h, type, pin, len);
    });
}

inline rv C_Logout(abi::CK_SESSION_HANDLE h) {
    return with_runtime([&](runtime& rt) -> rv {
        auto sp = rt.session_of(h);
        if (!sp) return sp.code();
        session& s = **sp;
        if (rt.login_of(s.slot_id) == login_state::nobody) return rv::user_not_logged_in;
        detail::log_out(rt, s);
        return rv::ok;
    });
}

inline rv C_SessionCancel(abi::CK_SESSION_HANDLE h, abi::CK_FLAGS flags) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        const auto f = static_cast<mechanism_flags>(flags);
        auto cancel = [&](mechanism_flags bit, op_kind k) {
            if (has(f, bit)) s.op(k).end();
        };
        cancel(mechanism_flags::encrypt, op_kind::encrypt);
        cancel(mechanism_flags::decrypt, op_kind::decrypt);
        cancel(mechanism_flags::digest, op_kind::digest);
        cancel(mechanism_flags::sign, op_kind::sign);
        cancel(mechanism_flags::verify, op_kind::verify);
        cancel(mechanism_flags::sign_recover, op_kind::sign_recover);
        cancel(mechanism_flags::verify_recover, op_kind::verify_recover);
        for (std::size_t k = 0; k < detail::message_kinds.size(); ++k)
            if (has(f, detail::message_kinds[k].flag)) s.messaging(static_cast<message_kind>(k)).end();
        if (has(f, mechanism_flags::find_objects)) {
            s.finding = false;
            s.found.clear();
        }
        return rv::ok;
    });
}

} // namespace p11::provider::api
