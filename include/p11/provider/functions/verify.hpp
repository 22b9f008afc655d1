// Verification: C_VerifyInit, C_Verify, C_VerifyUpdate, C_VerifyFinal,
// C_VerifyRecoverInit, C_VerifyRecover.
#pragma once

#include "p11/provider/caller_input.hpp"
#include "p11/provider/functions/checks.hpp"
#include "p11/provider/output.hpp"

namespace p11::provider::api {

namespace detail {
inline rv verify_init_as(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key_handle,
                         op_kind kind) {
    const auto use = kind == op_kind::verify ? mechanism_flags::verify : mechanism_flags::verify_recover;
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto& op = s.op(kind);
        if (op.active()) return rv::operation_active;
        auto mech = check_mechanism(rt, s, m, use);
        if (!mech) return mech.code();
        auto key = check_key(rt, s, key_handle, mech->type, use);
        if (!key) return key.code();
        auto started = s.tok->begin_verify(*mech, **key);
        if (!started) return started.code();
        op.op = std::move(*started);
        op.mechanism = mech->type;
        op.uses_private_key = (*key)->is_private();
        return rv::ok;
    });
}
} // namespace detail

inline rv C_VerifyInit(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key) {
    return detail::verify_init_as(h, m, key, op_kind::verify);
}

// C_Verify always ends the operation.
inline rv C_Verify(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR data, abi::CK_ULONG len, abi::CK_BYTE_PTR sig,
                 abi::CK_ULONG sig_len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& op = s.op(op_kind::verify);
        if (const rv r = op.continue_with(call::single); r != rv::ok) return r;
        struct end_at_exit {
            active_operation& op;
            ~end_at_exit() { op.end(); }
        } ender{op};
        auto checked_data = caller_bytes(data, len, length_rules::data);
        if (!checked_data) return checked_data.code();
        auto checked_sig = caller_bytes(sig, sig_len, length_rules::signature);
        if (!checked_sig) return checked_sig.code();
        return op.as<verify_operation>()->verify(*checked_data, *checked_sig).code();
    });
}

inline rv C_VerifyUpdate(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR part, abi::CK_ULONG len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& op = s.op(op_kind::verify);
        const end_on_throw guard(op);
        if (const rv r = op.continue_with(call::update); r != rv::ok) return r;
        auto checked = caller_bytes(part, len, length_rules::data);
        if (!checked) return op.end(), checked.code();
        auto* o = op.as<verify_operation>();
        auto r = o->update(*checked);
        if (!r) op.end();
        return r.code();
    });
}

inline rv C_VerifyFinal(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR sig, abi::CK_ULONG sig_len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& op = s.op(op_kind::verify);
        if (const rv r = op.continue_with(call::final); r != rv::ok) return r;
        struct end_at_exit {
            active_operation& op;
            ~end_at_exit() { op.end(); }
        } ender{op};
        auto checked = caller_bytes(sig, sig_len, length_rules::signature);
        if (!checked) return checked.code();
        auto* o = op.as<verify_operation>();
        return o->final(*checked).code();
    });
}

inline rv C_VerifyRecoverInit(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key) {
    return detail::verify_init_as(h, m, key, op_kind::verify_recover);
}

inline rv C_VerifyRecover(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR sig, abi::CK_ULONG sig_len, abi::CK_BYTE_PTR data,
                         abi::CK_ULONG_PTR data_len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& op = s.op(op_kind::verify_recover);
        const end_on_throw guard(op);
        if (const rv r = op.continue_with(call::single); r != rv::ok) return r;
        auto checked = caller_bytes(sig, sig_len, length_rules::signature);
        if (!checked) return op.end(), checked.code();
        auto* o = op.as<verify_operation>();
        const bytes_view signature = *checked;
        auto outcome = produce(op, call::single, o->recover_bound(signature.size()), data, data_len,
                              [&](out_span out) { return o->verify_recover(signature, out); });
        if (outcome.then == after::end) op.end();
        return outcome.code;
    });
}

} // namespace p11::provider::api
