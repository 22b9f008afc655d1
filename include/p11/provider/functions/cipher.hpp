// Encryption and decryption: C_EncryptInit/C_Encrypt/C_EncryptUpdate/
// C_EncryptFinal and the C_Decrypt* family.  One implementation serves both:
// they differ only in the operation kind, the key usage and the token call.
#pragma once

#include "p11/provider/caller_input.hpp"
#include "p11/provider/functions/checks.hpp"
#include "p11/provider/output.hpp"

namespace p11::provider::api {

namespace detail {

// Plaintext in, or ciphertext in: each has its own length code.
inline length_rule cipher_input_rule(op_kind kind) {
    return kind == op_kind::encrypt ? length_rules::data : length_rules::encrypted_data;
}

inline rv cipher_init(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key_handle,
                      op_kind kind) {
    const bool enc = kind == op_kind::encrypt;
    const auto use = enc ? mechanism_flags::encrypt : mechanism_flags::decrypt;
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto& op = s.op(kind);
        if (op.active()) return rv::operation_active;
        auto mech = check_mechanism(rt, s, m, use);
        if (!mech) return mech.code();
        auto key = check_key(rt, s, key_handle, mech->type, use);
        if (!key) return key.code();
        auto started = enc ? s.tok->begin_encrypt(*mech, **key) : s.tok->begin_decrypt(*mech, **key);
        if (!started) return started.code();
        op.op = std::move(*started);
        op.mechanism = mech->type;
        op.uses_private_key = (*key)->is_private();
        return rv::ok;
    });
}

inline rv cipher_single(abi::CK_SESSION_HANDLE h, op_kind kind, abi::CK_BYTE_PTR in, abi::CK_ULONG in_len,
                        abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& op = s.op(kind);
        const end_on_throw guard(op);
        if (const rv r = op.continue_with(call::single); r != rv::ok) return r;
        auto checked = caller_bytes(in, in_len, cipher_input_rule(kind));
        if (!checked) return op.end(), checked.code();
        if (const rv r = context_login_missing(op); r != rv::ok) return r;
        auto* c = op.as<cipher_operation>();
        const bytes_view input = *checked;
        auto outcome = produce(op, call::single, c->single_bound(input.size()), out, out_len,
                              [&](out_span o) { return c->single(input, o); });
        if (outcome.then == after::end) op.end();
        return outcome.code;
    });
}

inline rv cipher_update(abi::CK_SESSION_HANDLE h, op_kind kind, abi::CK_BYTE_PTR in, abi::CK_ULONG in_len,
                        abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& op = s.op(kind);
        const end_on_throw guard(op);
        if (const rv r = op.continue_with(call::update); r != rv::ok) return r;
        auto checked = caller_bytes(in, in_len, cipher_input_rule(kind));
        if (!checked) return op.end(), checked.code();
        if (const rv r = context_login_missing(op); r != rv::ok) return r;
        auto* c = op.as<cipher_operation>();
        const bytes_view input = *checked;
        auto outcome = produce(op, call::update, c->update_bound(input.size()), out, out_len,
                              [&](out_span o) { return c->update(input, o); });
        // Unlike the single-part call, a successful Update keeps the operation.
        if (outcome.code != rv::ok && outcome.then == after::end) op.end();
        return outcome.code;
    });
}

inline rv cipher_final(abi::CK_SESSION_HANDLE h, op_kind kind, abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& op = s.op(kind);
        const end_on_throw guard(op);
        if (const rv r = op.continue_with(call::final); r != rv::ok) return r;
        if (const rv r = context_login_missing(op); r != rv::ok) return r;
        auto* c = op.as<cipher_operation>();
        auto outcome = produce(op, call::final, c->final_bound(), out, out_len, [&](out_span o) { return c->final(o); });
        if (outcome.then == after::end) op.end();
        return outcome.code;
    });
}

} // namespace detail

inline rv C_EncryptInit(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key) {
    return detail::cipher_init(h, m, key, op_kind::encrypt);
}
inline rv C_Encrypt(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR in, abi::CK_ULONG in_len, abi::CK_BYTE_PTR out,
                  abi::CK_ULONG_PTR out_len) {
    return detail::cipher_single(h, op_kind::encrypt, in, in_len, out, out_len);
}
inline rv C_EncryptUpdate(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR in, abi::CK_ULONG in_len, abi::CK_BYTE_PTR out,
                         abi::CK_ULONG_PTR out_len) {
    return detail::cipher_update(h, op_kind::encrypt, in, in_len, out, out_len);
}
inline rv C_EncryptFinal(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
    return detail::cipher_final(h, op_kind::encrypt, out, out_len);
}
inline rv C_DecryptInit(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key) {
    return detail::cipher_init(h, m, key, op_kind::decrypt);
}
inline rv C_Decrypt(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR in, abi::CK_ULONG in_len, abi::CK_BYTE_PTR out,
                  abi::CK_ULONG_PTR out_len) {
    return detail::cipher_single(h, op_kind::decrypt, in, in_len, out, out_len);
}
inline rv C_DecryptUpdate(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR in, abi::CK_ULONG in_len, abi::CK_BYTE_PTR out,
                         abi::CK_ULONG_PTR out_len) {
    return detail::cipher_update(h, op_kind::decrypt, in, in_len, out, out_len);
}
inline rv C_DecryptFinal(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
    return detail::cipher_final(h, op_kind::decrypt, out, out_len);
}

} // namespace p11::provider::api
