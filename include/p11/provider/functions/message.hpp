// The 3.0 message-based functions: C_MessageEncryptInit, C_EncryptMessage,
// C_EncryptMessageBegin, C_EncryptMessageNext, C_MessageEncryptFinal and the
// decrypt, sign and verify counterparts.  The rules they share are in
// message_calls.hpp; encryption and decryption differ only in the kind, the
// token call and the input's length code.  A 2.x module defines none of
// them (export.hpp gives them to the 3.0 function list only).
#pragma once

#include "p11/provider/functions/message_calls.hpp"

namespace p11::provider::api {

namespace detail {

inline length_rule message_input_rule(message_kind kind) {
    return kind == message_kind::decrypt ? length_rules::encrypted_data : length_rules::data;
}

inline rv cipher_message(abi::CK_SESSION_HANDLE h, message_kind kind, abi::CK_VOID_PTR param, abi::CK_ULONG param_len,
                         abi::CK_BYTE_PTR associated, abi::CK_ULONG associated_len, abi::CK_BYTE_PTR in,
                         abi::CK_ULONG in_len, abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
    return continue_messages(h, kind, message_step::whole_or_begin, [&](message_process& process) -> rv {
        auto parameter = message_parameter(process, param, param_len);
        if (!parameter) return parameter.code();
        auto aad = caller_bytes(associated, associated_len, length_rules::data);
        if (!aad) return aad.code();
        auto input = caller_bytes(in, in_len, message_input_rule(kind));
        if (!input) return input.code();
        auto* op = process.as<message_cipher_operation>();
        bool ran = false;
        return produce_exact(op->message_size(input->size()), out, out_len,
                             [&](out_span o) { return op->message(*parameter, *aad, *input, o); }, ran);
    });
}

inline rv cipher_message_begin(abi::CK_SESSION_HANDLE h, message_kind kind, abi::CK_VOID_PTR param,
                               abi::CK_ULONG param_len, abi::CK_BYTE_PTR associated, abi::CK_ULONG associated_len) {
    return continue_messages(h, kind, message_step::whole_or_begin, [&](message_process& process) -> rv {
        auto parameter = message_parameter(process, param, param_len);
        if (!parameter) return parameter.code();
        auto aad = caller_bytes(associated, associated_len, length_rules::data);
        if (!aad) return aad.code();
        if (auto r = process.as<message_cipher_operation>()->begin(*parameter, *aad); !r) return r.code();
        process.in_message = true;
        return rv::ok;
    });
}

// CKF_END_OF_MESSAGE or nothing: any other bit is a caller's mistake.
inline result<bool> end_of_message(abi::CK_FLAGS flags) {
    const auto end = static_cast<abi::CK_FLAGS>(message_flags::end_of_message);
    if ((flags & ~end) != 0) return rv::arguments_bad;
    return (flags & end) != 0;
}

inline rv cipher_message_next(abi::CK_SESSION_HANDLE h, message_kind kind, abi::CK_VOID_PTR param,
                              abi::CK_ULONG param_len, abi::CK_BYTE_PTR in, abi::CK_ULONG in_len, abi::CK_BYTE_PTR out,
                              abi::CK_ULONG_PTR out_len, abi::CK_FLAGS flags) {
    return continue_messages(h, kind, message_step::next, [&](message_process& process) -> rv {
        auto last = end_of_message(flags);
        if (!last) return last.code();
        auto parameter = message_parameter(process, param, param_len);
        if (!parameter) return parameter.code();
        auto input = caller_bytes(in, in_len, message_input_rule(kind));
        if (!input) return input.code();
        auto* op = process.as<message_cipher_operation>();
        bool ran = false;
        const rv r = produce_exact(op->next_size(input->size(), *last), out, out_len,
                                   [&](out_span o) { return op->next(*parameter, *input, o, *last); }, ran);
        if (ran && *last) process.in_message = false;
        return r;
    });
}

inline rv message_final(abi::CK_SESSION_HANDLE h, message_kind kind) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& process = s.messaging(kind);
        if (!process.active()) return not_running(s, kind);
        process.end();
        return rv::ok;
    });
}

// Signing and verifying: body(process, parameter, data) -> rv once the
// message's parameter and data passed their checks.
template <class Body>
rv with_message_data(abi::CK_SESSION_HANDLE h, message_kind kind, message_step step, abi::CK_VOID_PTR param,
                     abi::CK_ULONG param_len, abi::CK_BYTE_PTR data, abi::CK_ULONG data_len, Body&& body) {
    return continue_messages(h, kind, step, [&](message_process& process) -> rv {
        auto parameter = message_parameter(process, param, param_len);
        if (!parameter) return parameter.code();
        auto input = caller_bytes(data, data_len, length_rules::data);
        if (!input) return input.code();
        return body(process, *parameter, *input);
    });
}

inline rv sign_or_verify_begin(abi::CK_SESSION_HANDLE h, message_kind kind, abi::CK_VOID_PTR param,
                               abi::CK_ULONG param_len) {
    return continue_messages(h, kind, message_step::whole_or_begin, [&](message_process& process) -> rv {
        auto parameter = message_parameter(process, param, param_len);
        if (!parameter) return parameter.code();
        const auto r = kind == message_kind::sign ? process.as<message_sign_operation>()->begin(*parameter)
                                                  : process.as<message_verify_operation>()->begin(*parameter);
        if (!r) return r.code();
        process.in_message = true;
        return rv::ok;
    });
}

} // namespace detail

// The five functions of encryption and of decryption, alike but for the
// kind (the input is plaintext or ciphertext, the output the other).
#define P11_MESSAGE_CIPHER_FUNCTIONS(kind, Init, Whole, Begin, Next, Final)                                        \
    inline rv Init(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key) {                  \
        return detail::message_init(h, m, key, message_kind::kind, &token::begin_message_##kind);                  \
    }                                                                                                               \
    inline rv Whole(abi::CK_SESSION_HANDLE h, abi::CK_VOID_PTR param, abi::CK_ULONG param_len,                      \
                    abi::CK_BYTE_PTR associated, abi::CK_ULONG associated_len, abi::CK_BYTE_PTR in,                  \
                    abi::CK_ULONG in_len, abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {                         \
        return detail::cipher_message(h, message_kind::kind, param, param_len, associated, associated_len, in,      \
                                      in_len, out, out_len);                                                        \
    }                                                                                                               \
    inline rv Begin(abi::CK_SESSION_HANDLE h, abi::CK_VOID_PTR param, abi::CK_ULONG param_len,                      \
                    abi::CK_BYTE_PTR associated, abi::CK_ULONG associated_len) {                                     \
        return detail::cipher_message_begin(h, message_kind::kind, param, param_len, associated, associated_len);   \
    }                                                                                                               \
    inline rv Next(abi::CK_SESSION_HANDLE h, abi::CK_VOID_PTR param, abi::CK_ULONG param_len, abi::CK_BYTE_PTR in,  \
                   abi::CK_ULONG in_len, abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len, abi::CK_FLAGS flags) {     \
        return detail::cipher_message_next(h, message_kind::kind, param, param_len, in, in_len, out, out_len,       \
                                           flags);                                                                  \
    }                                                                                                               \
    inline rv Final(abi::CK_SESSION_HANDLE h) { return detail::message_final(h, message_kind::kind); }
P11_MESSAGE_CIPHER_FUNCTIONS(encrypt, C_MessageEncryptInit, C_EncryptMessage, C_EncryptMessageBegin,
                             C_EncryptMessageNext, C_MessageEncryptFinal)
P11_MESSAGE_CIPHER_FUNCTIONS(decrypt, C_MessageDecryptInit, C_DecryptMessage, C_DecryptMessageBegin,
                             C_DecryptMessageNext, C_MessageDecryptFinal)
#undef P11_MESSAGE_CIPHER_FUNCTIONS

inline rv C_MessageSignInit(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key) {
    return detail::message_init(h, m, key, message_kind::sign, &token::begin_message_sign);
}
inline rv C_SignMessage(abi::CK_SESSION_HANDLE h, abi::CK_VOID_PTR param, abi::CK_ULONG param_len,
                        abi::CK_BYTE_PTR data, abi::CK_ULONG data_len, abi::CK_BYTE_PTR sig,
                        abi::CK_ULONG_PTR sig_len) {
    using namespace detail;
    return with_message_data(h, message_kind::sign, message_step::whole_or_begin, param, param_len, data, data_len,
                             [&](message_process& process, bytes_view parameter, bytes_view input) -> rv {
                                 auto* op = process.as<message_sign_operation>();
                                 bool ran = false;
                                 return produce_exact(op->signature_size(), sig, sig_len,
                                                      [&](out_span o) { return op->sign(parameter, input, o); }, ran);
                             });
}
inline rv C_SignMessageBegin(abi::CK_SESSION_HANDLE h, abi::CK_VOID_PTR param, abi::CK_ULONG param_len) {
    return detail::sign_or_verify_begin(h, message_kind::sign, param, param_len);
}
// pulSignatureLen NULL: a part; else the last part, and the signature.
inline rv C_SignMessageNext(abi::CK_SESSION_HANDLE h, abi::CK_VOID_PTR param, abi::CK_ULONG param_len,
                            abi::CK_BYTE_PTR data, abi::CK_ULONG data_len, abi::CK_BYTE_PTR sig,
                            abi::CK_ULONG_PTR sig_len) {
    using namespace detail;
    return with_message_data(
        h, message_kind::sign, message_step::next, param, param_len, data, data_len,
        [&](message_process& process, bytes_view parameter, bytes_view input) -> rv {
            auto* op = process.as<message_sign_operation>();
            if (sig_len == nullptr) return op->update(parameter, input).code();
            // The part is signed once: a length query or a short buffer leaves it unsigned.
            bool ran = false;
            const rv r = produce_exact(op->signature_size(), sig, sig_len, [&](out_span o) -> result<std::size_t> {
                if (auto u = op->update(parameter, input); !u) return u.code();
                return op->final(parameter, o);
            }, ran);
            if (ran) process.in_message = false;
            return r;
        });
}
inline rv C_MessageSignFinal(abi::CK_SESSION_HANDLE h) { return detail::message_final(h, message_kind::sign); }

inline rv C_MessageVerifyInit(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key) {
    return detail::message_init(h, m, key, message_kind::verify, &token::begin_message_verify);
}
inline rv C_VerifyMessage(abi::CK_SESSION_HANDLE h, abi::CK_VOID_PTR param, abi::CK_ULONG param_len,
                          abi::CK_BYTE_PTR data, abi::CK_ULONG data_len, abi::CK_BYTE_PTR sig, abi::CK_ULONG sig_len) {
    using namespace detail;
    return with_message_data(h, message_kind::verify, message_step::whole_or_begin, param, param_len, data, data_len,
                             [&](message_process& process, bytes_view parameter, bytes_view input) -> rv {
                                 auto signature = caller_bytes(sig, sig_len, length_rules::signature);
                                 if (!signature) return signature.code();
                                 return process.as<message_verify_operation>()->verify(parameter, input, *signature).code();
                             });
}
inline rv C_VerifyMessageBegin(abi::CK_SESSION_HANDLE h, abi::CK_VOID_PTR param, abi::CK_ULONG param_len) {
    return detail::sign_or_verify_begin(h, message_kind::verify, param, param_len);
}
// pSignature NULL: a part; else the last part, and the signature to check.
inline rv C_VerifyMessageNext(abi::CK_SESSION_HANDLE h, abi::CK_VOID_PTR param, abi::CK_ULONG param_len,
                              abi::CK_BYTE_PTR data, abi::CK_ULONG data_len, abi::CK_BYTE_PTR sig,
                              abi::CK_ULONG sig_len) {
    using namespace detail;
    return with_message_data(h, message_kind::verify, message_step::next, param, param_len, data, data_len,
                             [&](message_process& process, bytes_view parameter, bytes_view input) -> rv {
                                 auto* op = process.as<message_verify_operation>();
                                 if (auto u = op->update(parameter, input); !u) return u.code();
                                 if (sig == nullptr) return rv::ok;
                                 auto signature = caller_bytes(sig, sig_len, length_rules::signature);
                                 if (!signature) return signature.code();
                                 process.in_message = false;
                                 return op->final(parameter, *signature).code();
                             });
}
inline rv C_MessageVerifyFinal(abi::CK_SESSION_HANDLE h) { return detail::message_final(h, message_kind::verify); }

} // namespace p11::provider::api
