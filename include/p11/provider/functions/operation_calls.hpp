// The two shapes every cryptographic operation's calls take: an Init that
// checks the mechanism and a key and starts the operation, and a call that
// continues it (active_operation::continue_with).
#pragma once

#include "p11/provider/caller_input.hpp"
#include "p11/provider/functions/checks.hpp"
#include "p11/provider/output.hpp"

namespace p11::provider::api::detail {

// The usage flag an operation needs of its mechanism and its key.
inline mechanism_flags usage_of(op_kind kind) {
    switch (kind) {
    case op_kind::encrypt: return mechanism_flags::encrypt;
    case op_kind::decrypt: return mechanism_flags::decrypt;
    case op_kind::sign: return mechanism_flags::sign;
    case op_kind::sign_recover: return mechanism_flags::sign_recover;
    case op_kind::verify: return mechanism_flags::verify;
    case op_kind::verify_recover: return mechanism_flags::verify_recover;
    default: return mechanism_flags::digest;
    }
}

// C_EncryptInit, C_DecryptInit, C_SignInit, C_SignRecoverInit, C_VerifyInit,
// C_VerifyRecoverInit: `begin` is the token's call that starts the kind
// (&token::begin_sign serves both signing kinds).
template <class Begin>
rv init_with_key(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key_handle, op_kind kind,
                 Begin begin) {
    const auto use = usage_of(kind);
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto& op = s.op(kind);
        if (op.active()) return rv::operation_active;
        auto mech = check_mechanism(rt, s, m, use);
        if (!mech) return mech.code();
        auto key = check_key(rt, s, key_handle, mech->type, use);
        if (!key) return key.code();
        auto started = ((*s.tok).*begin)(*mech, **key);
        if (!started) return started.code();
        op.start(std::move(*started), mech->type, (*key)->is_private());
        return rv::ok;
    });
}

// body(active_operation&) -> outcome, as the call `which` of the session's
// operation of `kind`.
template <class Body>
rv continue_operation(abi::CK_SESSION_HANDLE h, op_kind kind, call which, Body&& body) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& op = s.op(kind);
        return op.continue_with(which, [&] { return body(op); });
    });
}

// A context-specific login (CKA_ALWAYS_AUTHENTICATE) demanded and not given.
inline rv context_login_missing(const active_operation& op) {
    return op.op->needs_context_login() && !op.context_login_done ? rv::user_not_logged_in : rv::ok;
}

// The input of a call whose key may demand that login: the caller's bytes
// are checked first.
inline result<bytes_view> input_for_key(const active_operation& op, const void* p, abi::CK_ULONG len,
                                        length_rule rule) {
    auto checked = caller_bytes(p, len, rule);
    if (!checked) return checked;
    if (const rv r = context_login_missing(op); r != rv::ok) return r;
    return checked;
}

} // namespace p11::provider::api::detail
