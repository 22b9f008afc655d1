// Verification: C_VerifyInit, C_Verify, C_VerifyUpdate, C_VerifyFinal,
// C_VerifyRecoverInit, C_VerifyRecover.
#pragma once

#include "p11/provider/functions/operation_calls.hpp"

namespace p11::provider::api {

inline rv C_VerifyInit(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key) {
    return detail::init_with_key(h, m, key, op_kind::verify, &token::begin_verify);
}

// C_Verify and C_VerifyFinal end the operation whatever they answer: they
// have no output, so neither a length query nor CKR_BUFFER_TOO_SMALL.
inline rv C_Verify(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR data, abi::CK_ULONG len, abi::CK_BYTE_PTR sig,
                 abi::CK_ULONG sig_len) {
    return detail::continue_operation(h, op_kind::verify, call::single, [&](active_operation& op) -> outcome {
        auto checked_data = caller_bytes(data, len, length_rules::data);
        if (!checked_data) return ends(checked_data.code());
        auto checked_sig = caller_bytes(sig, sig_len, length_rules::signature);
        if (!checked_sig) return ends(checked_sig.code());
        return ends(op.as<verify_operation>()->verify(*checked_data, *checked_sig).code());
    });
}

inline rv C_VerifyUpdate(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR part, abi::CK_ULONG len) {
    return detail::continue_operation(h, op_kind::verify, call::update, [&](active_operation& op) -> outcome {
        auto input = caller_bytes(part, len, length_rules::data);
        if (!input) return ends(input.code());
        return as_update(op.as<verify_operation>()->update(*input).code());
    });
}

inline rv C_VerifyFinal(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR sig, abi::CK_ULONG sig_len) {
    return detail::continue_operation(h, op_kind::verify, call::final, [&](active_operation& op) -> outcome {
        auto checked = caller_bytes(sig, sig_len, length_rules::signature);
        if (!checked) return ends(checked.code());
        return ends(op.as<verify_operation>()->final(*checked).code());
    });
}

inline rv C_VerifyRecoverInit(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key) {
    return detail::init_with_key(h, m, key, op_kind::verify_recover, &token::begin_verify);
}

inline rv C_VerifyRecover(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR sig, abi::CK_ULONG sig_len, abi::CK_BYTE_PTR data,
                         abi::CK_ULONG_PTR data_len) {
    return detail::continue_operation(h, op_kind::verify_recover, call::single, [&](active_operation& op) -> outcome {
        auto signature = caller_bytes(sig, sig_len, length_rules::signature);
        if (!signature) return ends(signature.code());
        auto* o = op.as<verify_operation>();
        return produce(op, call::single, o->recover_bound(signature->size()), data, data_len,
                       [&](out_span out) { return o->verify_recover(*signature, out); });
    });
}

} // namespace p11::provider::api
