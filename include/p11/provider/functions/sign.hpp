// Signing: C_SignInit, C_Sign, C_SignUpdate, C_SignFinal, C_SignRecoverInit,
// C_SignRecover.
#pragma once

#include "p11/provider/caller_input.hpp"
#include "p11/provider/functions/checks.hpp"
#include "p11/provider/output.hpp"

namespace p11::provider::api {

namespace detail {
inline rv sign_init_as(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key_handle,
                       op_kind kind) {
    const auto use = kind == op_kind::sign ? mechanism_flags::sign : mechanism_flags::sign_recover;
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto& op = s.op(kind);
        if (op.active()) return rv::operation_active;
        auto mech = check_mechanism(rt, s, m, use);
        if (!mech) return mech.code();
        auto key = check_key(rt, s, key_handle, mech->type, use);
        if (!key) return key.code();
        auto started = s.tok->begin_sign(*mech, **key);
        if (!started) return started.code();
        op.op = std::move(*started);
        op.mechanism = mech->type;
        op.uses_private_key = (*key)->is_private();
        return rv::ok;
    });
}
} // namespace detail

inline rv C_SignInit(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key) {
    return detail::sign_init_as(h, m, key, op_kind::sign);
}

inline rv C_Sign(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR data, abi::CK_ULONG len, abi::CK_BYTE_PTR sig,
               abi::CK_ULONG_PTR sig_len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& op = s.op(op_kind::sign);
        const end_on_throw guard(op);
        if (const rv r = op.continue_with(call::single); r != rv::ok) return r;
        auto checked = caller_bytes(data, len, length_rules::data);
        if (!checked) return op.end(), checked.code();
        if (const rv r = detail::context_login_missing(op); r != rv::ok) return r;
        auto* o = op.as<sign_operation>();
        const bytes_view input = *checked;
        auto outcome = produce(op, call::single, o->signature_size(), sig, sig_len,
                              [&](out_span out) { return o->sign(input, out); });
        if (outcome.then == after::end) op.end();
        return outcome.code;
    });
}

inline rv C_SignUpdate(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR part, abi::CK_ULONG len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& op = s.op(op_kind::sign);
        const end_on_throw guard(op);
        if (const rv r = op.continue_with(call::update); r != rv::ok) return r;
        auto checked = caller_bytes(part, len, length_rules::data);
        if (!checked) return op.end(), checked.code();
        if (const rv r = detail::context_login_missing(op); r != rv::ok) return r;
        auto* o = op.as<sign_operation>();
        auto r = o->update(*checked);
        if (!r) op.end();
        return r.code();
    });
}

inline rv C_SignFinal(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR sig, abi::CK_ULONG_PTR sig_len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& op = s.op(op_kind::sign);
        const end_on_throw guard(op);
        if (const rv r = op.continue_with(call::final); r != rv::ok) return r;
        if (const rv r = detail::context_login_missing(op); r != rv::ok) return r;
        auto* o = op.as<sign_operation>();
        auto outcome = produce(op, call::final, o->signature_size(), sig, sig_len,
                              [&](out_span out) { return o->final(out); });
        if (outcome.then == after::end) op.end();
        return outcome.code;
    });
}

inline rv C_SignRecoverInit(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key) {
    return detail::sign_init_as(h, m, key, op_kind::sign_recover);
}

inline rv C_SignRecover(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR data, abi::CK_ULONG len, abi::CK_BYTE_PTR sig,
                       abi::CK_ULONG_PTR sig_len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& op = s.op(op_kind::sign_recover);
        const end_on_throw guard(op);
        if (const rv r = op.continue_with(call::single); r != rv::ok) return r;
        auto checked = caller_bytes(data, len, length_rules::data);
        if (!checked) return op.end(), checked.code();
        if (const rv r = detail::context_login_missing(op); r != rv::ok) return r;
        auto* o = op.as<sign_operation>();
        const bytes_view input = *checked;
        auto outcome = produce(op, call::single, o->signature_size(), sig, sig_len,
                              [&](out_span out) { return o->sign_recover(input, out); });
        if (outcome.then == after::end) op.end();
        return outcome.code;
    });
}

} // namespace p11::provider::api
