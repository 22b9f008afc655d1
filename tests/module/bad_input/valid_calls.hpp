// One valid call of every Cryptoki function, with the preparation it needs
// (the operation it continues, the object it destroys): the bad-input cases
// spoil one argument of it at a time.  valid_call<F> has no primary
// definition, so a function added to abi/functions.hpp without a valid call
// here fails the build of the suite.
//
// `supported = false` marks the functions this module answers with
// CKR_FUNCTION_NOT_SUPPORTED (the 3.0 message functions, the operation state):
// they have nothing to prepare, and that answer satisfies any expectation
// but the session handle's.
#pragma once

#include <tuple>

#include "context.hpp"

namespace mt::bad_input {

template <function_id F>
struct valid_call;

#define BAD_INPUT_VALID_CALL(name, preparation, ...)                   \
    template <>                                                        \
    struct valid_call<function_id::name> {                             \
        static constexpr bool supported = true;                        \
        static void prepare([[maybe_unused]] context& c) { preparation; } \
        static auto args([[maybe_unused]] context& c) { return std::tuple{__VA_ARGS__}; } \
    };
#define BAD_INPUT_UNSUPPORTED_CALL(name, ...)                          \
    template <>                                                        \
    struct valid_call<function_id::name> {                             \
        static constexpr bool supported = false;                       \
        static void prepare(context&) {}                               \
        static auto args([[maybe_unused]] context& c) { return std::tuple{__VA_ARGS__}; } \
    };

// General, slot and token functions.  C_Initialize is called on a finalised
// module (its case otherwise meets CKR_CRYPTOKI_ALREADY_INITIALIZED).
BAD_INPUT_VALID_CALL(C_Initialize, c.f->C_Finalize(nullptr), static_cast<CK_VOID_PTR>(&c.init_args))
BAD_INPUT_VALID_CALL(C_Finalize, , static_cast<CK_VOID_PTR>(nullptr))
BAD_INPUT_VALID_CALL(C_GetInfo, , &c.info)
BAD_INPUT_VALID_CALL(C_GetFunctionList, , &c.function_list)
BAD_INPUT_VALID_CALL(C_GetSlotList, , CK_BBOOL{0}, c.list<CK_SLOT_ID>(), c.capacity(16))
BAD_INPUT_VALID_CALL(C_GetSlotInfo, , c.slot_id, &c.slot_info)
BAD_INPUT_VALID_CALL(C_GetTokenInfo, , c.slot_id, &c.token_info)
BAD_INPUT_VALID_CALL(C_GetMechanismList, , c.slot_id, c.list<CK_MECHANISM_TYPE>(), c.capacity(256))
BAD_INPUT_VALID_CALL(C_GetMechanismInfo, , c.slot_id, c.cbc_pad.mechanism, &c.mechanism_info)
BAD_INPUT_VALID_CALL(C_InitToken, , c.slot_id, c.so_pin_bytes.data(), static_cast<CK_ULONG>(c.so_pin_bytes.size()),
                     c.label.data())
BAD_INPUT_VALID_CALL(C_InitPIN, , c.session, c.pin(), c.pin_len())
BAD_INPUT_VALID_CALL(C_SetPIN, , c.session, c.pin(), c.pin_len(), c.pin(), c.pin_len())
BAD_INPUT_VALID_CALL(C_OpenSession, , c.slot_id, context::read_write_flags, static_cast<CK_VOID_PTR>(nullptr),
                     CK_NOTIFY{nullptr}, &c.new_handle)
BAD_INPUT_VALID_CALL(C_CloseSession, , c.session)
BAD_INPUT_VALID_CALL(C_CloseAllSessions, , c.slot_id)
BAD_INPUT_VALID_CALL(C_GetSessionInfo, , c.session, &c.session_info)
BAD_INPUT_UNSUPPORTED_CALL(C_GetOperationState, c.session, c.output(), c.output_len())
BAD_INPUT_UNSUPPORTED_CALL(C_SetOperationState, c.session, c.input(), context::input_len, CK_OBJECT_HANDLE{0},
                           CK_OBJECT_HANDLE{0})
BAD_INPUT_VALID_CALL(C_Login, , c.session, context::user, c.pin(), c.pin_len())
BAD_INPUT_VALID_CALL(C_Logout, , c.session)
BAD_INPUT_VALID_CALL(C_WaitForSlotEvent, , context::dont_block, &c.slot, static_cast<CK_VOID_PTR>(nullptr))

// Objects.
BAD_INPUT_VALID_CALL(C_CreateObject, , c.session, c.data_template.ptr(), c.data_template.count(), &c.new_handle)
BAD_INPUT_VALID_CALL(C_CopyObject, , c.session, c.data_object, c.label_template.ptr(), c.label_template.count(),
                     &c.new_handle)
BAD_INPUT_VALID_CALL(C_DestroyObject, c.make_scratch_object(), c.session, c.scratch_object)
BAD_INPUT_VALID_CALL(C_GetObjectSize, , c.session, c.data_object, &c.count)
BAD_INPUT_VALID_CALL(C_GetAttributeValue, , c.session, c.data_object, c.label_query(), CK_ULONG{1})
BAD_INPUT_VALID_CALL(C_SetAttributeValue, , c.session, c.data_object, c.label_template.ptr(),
                     c.label_template.count())
BAD_INPUT_VALID_CALL(C_FindObjectsInit, , c.session, c.class_template.ptr(), c.class_template.count())
BAD_INPUT_VALID_CALL(C_FindObjects, c.find_init(), c.session, c.handles.data(), CK_ULONG{16}, &c.count)
BAD_INPUT_VALID_CALL(C_FindObjectsFinal, c.find_init(), c.session)

// Encryption and decryption (AES-CBC-PAD: every call has output).
BAD_INPUT_VALID_CALL(C_EncryptInit, , c.session, &c.cbc_pad, c.aes)
BAD_INPUT_VALID_CALL(C_Encrypt, c.encrypt_init(), c.session, c.input(), context::input_len, c.output(), c.output_len())
BAD_INPUT_VALID_CALL(C_EncryptUpdate, c.encrypt_init(), c.session, c.input(), context::input_len, c.output(),
                     c.output_len())
BAD_INPUT_VALID_CALL(C_EncryptFinal, c.feed_encrypt(), c.session, c.output(), c.output_len())
BAD_INPUT_VALID_CALL(C_DecryptInit, , c.session, &c.cbc_pad, c.aes)
BAD_INPUT_VALID_CALL(C_Decrypt, c.decrypt_init(), c.session, c.ciphertext.data(), c.ciphertext_len(), c.output(),
                     c.output_len())
BAD_INPUT_VALID_CALL(C_DecryptUpdate, c.decrypt_init(), c.session, c.ciphertext.data(), c.ciphertext_len(),
                     c.output(), c.output_len())
BAD_INPUT_VALID_CALL(C_DecryptFinal, c.feed_decrypt(), c.session, c.output(), c.output_len())

// Digesting, signing (HMAC; RSA for recovery), verifying.
BAD_INPUT_VALID_CALL(C_DigestInit, , c.session, &c.sha256)
BAD_INPUT_VALID_CALL(C_Digest, c.digest_init(), c.session, c.input(), context::input_len, c.output(), c.output_len())
BAD_INPUT_VALID_CALL(C_DigestUpdate, c.digest_init(), c.session, c.input(), context::input_len)
BAD_INPUT_VALID_CALL(C_DigestKey, c.digest_init(), c.session, c.aes)
BAD_INPUT_VALID_CALL(C_DigestFinal, c.digest_init(), c.session, c.output(), c.output_len())
BAD_INPUT_VALID_CALL(C_SignInit, , c.session, &c.hmac_sha256, c.hmac)
BAD_INPUT_VALID_CALL(C_Sign, c.sign_init(), c.session, c.input(), context::input_len, c.output(), c.output_len())
BAD_INPUT_VALID_CALL(C_SignUpdate, c.sign_init(), c.session, c.input(), context::input_len)
BAD_INPUT_VALID_CALL(C_SignFinal, c.sign_init(), c.session, c.output(), c.output_len())
BAD_INPUT_VALID_CALL(C_SignRecoverInit, , c.session, &c.rsa_pkcs, c.rsa_private)
BAD_INPUT_VALID_CALL(C_SignRecover, c.sign_recover_init(), c.session, c.input(), context::input_len, c.output(),
                     c.output_len())
BAD_INPUT_VALID_CALL(C_VerifyInit, , c.session, &c.hmac_sha256, c.hmac)
BAD_INPUT_VALID_CALL(C_Verify, c.verify_init(), c.session, c.input(), context::input_len, c.signature.data(),
                     c.signature_len())
BAD_INPUT_VALID_CALL(C_VerifyUpdate, c.verify_init(), c.session, c.input(), context::input_len)
BAD_INPUT_VALID_CALL(C_VerifyFinal, c.verify_init(), c.session, c.signature.data(), c.signature_len())
BAD_INPUT_VALID_CALL(C_VerifyRecoverInit, , c.session, &c.rsa_pkcs, c.rsa_public)
BAD_INPUT_VALID_CALL(C_VerifyRecover, c.verify_recover_init(), c.session, c.recoverable.data(),
                     static_cast<CK_ULONG>(c.recoverable.size()), c.output(), c.output_len())

// The dual functions: both operations active.
BAD_INPUT_VALID_CALL(C_DigestEncryptUpdate, (c.digest_init(), c.encrypt_init()), c.session, c.input(),
                     context::input_len, c.output(), c.output_len())
BAD_INPUT_VALID_CALL(C_DecryptDigestUpdate, (c.decrypt_init(), c.digest_init()), c.session, c.ciphertext.data(),
                     c.ciphertext_len(), c.output(), c.output_len())
BAD_INPUT_VALID_CALL(C_SignEncryptUpdate, (c.sign_init(), c.encrypt_init()), c.session, c.input(),
                     context::input_len, c.output(), c.output_len())
BAD_INPUT_VALID_CALL(C_DecryptVerifyUpdate, (c.decrypt_init(), c.verify_init()), c.session, c.ciphertext.data(),
                     c.ciphertext_len(), c.output(), c.output_len())

// Keys and random numbers.
BAD_INPUT_VALID_CALL(C_GenerateKey, , c.session, &c.aes_key_gen, c.aes_template.ptr(), c.aes_template.count(),
                     &c.new_handle)
BAD_INPUT_VALID_CALL(C_GenerateKeyPair, , c.session, &c.ec_key_pair_gen, c.ec_public_template.ptr(),
                     c.ec_public_template.count(), c.ec_private_template.ptr(), c.ec_private_template.count(),
                     &c.new_handle, &c.new_handle2)
BAD_INPUT_VALID_CALL(C_WrapKey, , c.session, &c.key_wrap, c.kek, c.extractable, c.output(), c.output_len())
BAD_INPUT_VALID_CALL(C_UnwrapKey, , c.session, &c.key_wrap, c.kek, c.wrapped.data(),
                     static_cast<CK_ULONG>(c.wrapped.size()), c.unwrap_template.ptr(), c.unwrap_template.count(),
                     &c.new_handle)
BAD_INPUT_VALID_CALL(C_DeriveKey, , c.session, &c.ecdh, c.ec_private, c.derive_template.ptr(),
                     c.derive_template.count(), &c.new_handle)
BAD_INPUT_VALID_CALL(C_SeedRandom, , c.session, c.input(), context::input_len)
BAD_INPUT_VALID_CALL(C_GenerateRandom, , c.session, c.output(), CK_ULONG{16})
BAD_INPUT_VALID_CALL(C_GetFunctionStatus, , c.session)
BAD_INPUT_VALID_CALL(C_CancelFunction, , c.session)

// Cryptoki 3.0.
BAD_INPUT_VALID_CALL(C_GetInterfaceList, , c.list<CK_INTERFACE>(), c.capacity(8))
BAD_INPUT_VALID_CALL(C_GetInterface, , static_cast<CK_UTF8CHAR_PTR>(nullptr), static_cast<CK_VERSION_PTR>(nullptr),
                     &c.interface_ptr, CK_FLAGS{0})
// Our tokens have one user per role: a user name is CKR_USER_TYPE_INVALID.
BAD_INPUT_VALID_CALL(C_LoginUser, , c.session, context::user, c.pin(), c.pin_len(), c.username.data(), CK_ULONG{0})
BAD_INPUT_VALID_CALL(C_SessionCancel, , c.session, CK_FLAGS{0})
// Message-based encryption and decryption: AES-GCM, input() as the data and
// the associated data.
BAD_INPUT_VALID_CALL(C_MessageEncryptInit, , c.session, &c.gcm_messages, c.aes)
BAD_INPUT_VALID_CALL(C_EncryptMessage, c.message_encrypt_init(), c.session, c.message_parameter(),
                     context::message_parameter_len(), c.input(), context::input_len, c.input(), context::input_len,
                     c.output(), c.output_len())
BAD_INPUT_VALID_CALL(C_EncryptMessageBegin, c.message_encrypt_init(), c.session, c.message_parameter(),
                     context::message_parameter_len(), c.input(), context::input_len)
BAD_INPUT_VALID_CALL(C_EncryptMessageNext, c.message_encrypt_begin(), c.session, c.message_parameter(),
                     context::message_parameter_len(), c.input(), context::input_len, c.output(), c.output_len(),
                     CK_FLAGS{0})
BAD_INPUT_VALID_CALL(C_MessageEncryptFinal, c.message_encrypt_init(), c.session)
BAD_INPUT_VALID_CALL(C_MessageDecryptInit, , c.session, &c.gcm_messages, c.aes)
BAD_INPUT_VALID_CALL(C_DecryptMessage, c.message_decrypt_init(), c.session, c.sealed_parameter(),
                     context::message_parameter_len(), c.input(), context::input_len, c.sealed.data(), c.sealed_len(),
                     c.output(), c.output_len())
BAD_INPUT_VALID_CALL(C_DecryptMessageBegin, c.message_decrypt_init(), c.session, c.sealed_parameter(),
                     context::message_parameter_len(), c.input(), context::input_len)
BAD_INPUT_VALID_CALL(C_DecryptMessageNext, c.message_decrypt_begin(), c.session, c.sealed_parameter(),
                     context::message_parameter_len(), c.sealed.data(), c.sealed_len(), c.output(), c.output_len(),
                     CK_FLAGS{0})
BAD_INPUT_VALID_CALL(C_MessageDecryptFinal, c.message_decrypt_init(), c.session)
// The software token signs no messages: these answer CKR_FUNCTION_NOT_SUPPORTED.
BAD_INPUT_UNSUPPORTED_CALL(C_MessageSignInit, c.session, &c.hmac_sha256, c.hmac)
BAD_INPUT_UNSUPPORTED_CALL(C_SignMessage, c.session, static_cast<CK_VOID_PTR>(nullptr), CK_ULONG{0}, c.input(),
                           context::input_len, c.output(), c.output_len())
BAD_INPUT_UNSUPPORTED_CALL(C_SignMessageBegin, c.session, static_cast<CK_VOID_PTR>(nullptr), CK_ULONG{0})
BAD_INPUT_UNSUPPORTED_CALL(C_SignMessageNext, c.session, static_cast<CK_VOID_PTR>(nullptr), CK_ULONG{0}, c.input(),
                           context::input_len, c.output(), c.output_len())
BAD_INPUT_UNSUPPORTED_CALL(C_MessageSignFinal, c.session)
BAD_INPUT_UNSUPPORTED_CALL(C_MessageVerifyInit, c.session, &c.hmac_sha256, c.hmac)
BAD_INPUT_UNSUPPORTED_CALL(C_VerifyMessage, c.session, static_cast<CK_VOID_PTR>(nullptr), CK_ULONG{0}, c.input(),
                           context::input_len, c.signature.data(), c.signature_len())
BAD_INPUT_UNSUPPORTED_CALL(C_VerifyMessageBegin, c.session, static_cast<CK_VOID_PTR>(nullptr), CK_ULONG{0})
BAD_INPUT_UNSUPPORTED_CALL(C_VerifyMessageNext, c.session, static_cast<CK_VOID_PTR>(nullptr), CK_ULONG{0}, c.input(),
                           context::input_len, c.signature.data(), c.signature_len())
BAD_INPUT_UNSUPPORTED_CALL(C_MessageVerifyFinal, c.session)

#undef BAD_INPUT_VALID_CALL
#undef BAD_INPUT_UNSUPPORTED_CALL

} // namespace mt::bad_input
