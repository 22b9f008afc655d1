// Signing: C_SignInit, C_Sign, C_SignUpdate, C_SignFinal, C_SignRecoverInit,
// C_SignRecover.
#pragma once

#include "p11/provider/functions/operation_calls.hpp"

namespace p11::provider::api {

namespace detail {
// C_Sign and C_SignRecover: `sign` is the operation's call for the kind.
inline rv sign_single(abi::CK_SESSION_HANDLE h, op_kind kind, abi::CK_BYTE_PTR data, abi::CK_ULONG len,
                      abi::CK_BYTE_PTR sig, abi::CK_ULONG_PTR sig_len,
                      result<std::size_t> (sign_operation::*sign)(bytes_view, out_span)) {
    return continue_operation(h, kind, call::single, [&](active_operation& op) -> outcome {
        auto input = input_for_key(op, data, len, length_rules::data);
        if (!input) return ends(input.code());
        auto* o = op.as<sign_operation>();
        return produce(op, call::single, o->signature_size(), sig, sig_len,
                       [&](out_span out) { return (o->*sign)(*input, out); });
    });
}
} // namespace detail

inline rv C_SignInit(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key) {
    return detail::init_with_key(h, m, key, op_kind::sign, &token::begin_sign);
}

inline rv C_Sign(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR data, abi::CK_ULONG len, abi::CK_BYTE_PTR sig,
               abi::CK_ULONG_PTR sig_len) {
    return detail::sign_single(h, op_kind::sign, data, len, sig, sig_len, &sign_operation::sign);
}

inline rv C_SignUpdate(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR part, abi::CK_ULONG len) {
    return detail::continue_operation(h, op_kind::sign, call::update, [&](active_operation& op) -> outcome {
        auto input = detail::input_for_key(op, part, len, length_rules::data);
        if (!input) return ends(input.code());
        return as_update(op.as<sign_operation>()->update(*input).code());
    });
}

inline rv C_SignFinal(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR sig, abi::CK_ULONG_PTR sig_len) {
    return detail::continue_operation(h, op_kind::sign, call::final, [&](active_operation& op) -> outcome {
        if (const rv r = detail::context_login_missing(op); r != rv::ok) return ends(r);
        auto* o = op.as<sign_operation>();
        return produce(op, call::final, o->signature_size(), sig, sig_len, [&](out_span out) { return o->final(out); });
    });
}

inline rv C_SignRecoverInit(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key) {
    return detail::init_with_key(h, m, key, op_kind::sign_recover, &token::begin_sign);
}

inline rv C_SignRecover(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR data, abi::CK_ULONG len, abi::CK_BYTE_PTR sig,
                       abi::CK_ULONG_PTR sig_len) {
    return detail::sign_single(h, op_kind::sign_recover, data, len, sig, sig_len, &sign_operation::sign_recover);
}

} // namespace p11::provider::api
