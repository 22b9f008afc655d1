// Encryption and decryption: C_EncryptInit/C_Encrypt/C_EncryptUpdate/
// C_EncryptFinal and the C_Decrypt* family.  One implementation serves both:
// they differ only in the operation kind, the key usage and the token call.
#pragma once

#include "p11/provider/functions/operation_calls.hpp"

namespace p11::provider::api {

namespace detail {

// Plaintext in, or ciphertext in: each has its own length code.
inline length_rule cipher_input_rule(op_kind kind) {
    return kind == op_kind::encrypt ? length_rules::data : length_rules::encrypted_data;
}

inline rv cipher_init(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key, op_kind kind) {
    return init_with_key(h, m, key, kind, kind == op_kind::encrypt ? &token::begin_encrypt : &token::begin_decrypt);
}

inline rv cipher_single(abi::CK_SESSION_HANDLE h, op_kind kind, abi::CK_BYTE_PTR in, abi::CK_ULONG in_len,
                        abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
    return continue_operation(h, kind, call::single, [&](active_operation& op) -> outcome {
        auto input = input_for_key(op, in, in_len, cipher_input_rule(kind));
        if (!input) return ends(input.code());
        auto* c = op.as<cipher_operation>();
        return produce(op, call::single, c->single_bound(input->size()), out, out_len,
                       [&](out_span o) { return c->single(*input, o); });
    });
}

inline rv cipher_update(abi::CK_SESSION_HANDLE h, op_kind kind, abi::CK_BYTE_PTR in, abi::CK_ULONG in_len,
                        abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
    return continue_operation(h, kind, call::update, [&](active_operation& op) -> outcome {
        auto input = input_for_key(op, in, in_len, cipher_input_rule(kind));
        if (!input) return ends(input.code());
        auto* c = op.as<cipher_operation>();
        return as_update(produce(op, call::update, c->update_bound(input->size()), out, out_len,
                                 [&](out_span o) { return c->update(*input, o); }));
    });
}

inline rv cipher_final(abi::CK_SESSION_HANDLE h, op_kind kind, abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
    return continue_operation(h, kind, call::final, [&](active_operation& op) -> outcome {
        if (const rv r = context_login_missing(op); r != rv::ok) return ends(r);
        auto* c = op.as<cipher_operation>();
        return produce(op, call::final, c->final_bound(), out, out_len, [&](out_span o) { return c->final(o); });
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
