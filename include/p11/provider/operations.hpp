// What a token returns from C_XxxInit: one object per active operation.  The
// framework owns the Cryptoki conventions around them (argument checks, the
// two-call length convention, ending the operation on errors, context-specific
// login); an operation only transforms bytes.
//
// Sizes: `*_bound` return an upper bound of the output (used to answer a
// length query and to decide whether the caller's buffer is surely big
// enough); the actual calls return the exact number of bytes written.  When
// a caller's buffer is smaller than the bound, the framework runs the
// operation into a scratch buffer and keeps the result for the caller's
// second call, so no operation ever runs twice.
#pragma once

#include <cstddef>
#include <span>

#include "p11/attributes/value.hpp"
#include "p11/result.hpp"
#include "p11/secure.hpp"

namespace p11::provider {

using out_span = std::span<byte>;

// Shared by all kinds: PIN-always keys (CKA_ALWAYS_AUTHENTICATE).
class operation_base {
public:
    virtual ~operation_base() = default;
    // The key demands C_Login(CKU_CONTEXT_SPECIFIC) between Init and use.
    [[nodiscard]] virtual bool needs_context_login() const { return false; }
    // Receives that PIN.  A soft token verifies it now; a card keeps it to
    // send with the private-key command (VERIFY + GENERAL AUTHENTICATE in one
    // transaction).  Errors: CKR_PIN_INCORRECT, CKR_PIN_LOCKED ...
    virtual result<void> context_login(bytes_view /*pin*/) { return {}; }
    // False for mechanisms that have no multi-part form (raw RSA, ECDSA, key
    // wrap): their Update and Final answer CKR_FUNCTION_NOT_SUPPORTED and end
    // the operation (active_operation::continue_with).
    [[nodiscard]] virtual bool multi_part() const { return true; }
};

// C_Encrypt*/C_Decrypt* (also the cipher half of the dual functions).
class cipher_operation : public operation_base {
public:
    [[nodiscard]] virtual std::size_t single_bound(std::size_t input) const = 0;
    virtual result<std::size_t> single(bytes_view in, out_span out) = 0;
    [[nodiscard]] virtual std::size_t update_bound(std::size_t input) const = 0;
    virtual result<std::size_t> update(bytes_view in, out_span out) = 0;
    [[nodiscard]] virtual std::size_t final_bound() const = 0;
    virtual result<std::size_t> final(out_span out) = 0;
};

// C_Sign*, C_SignRecover.
class sign_operation : public operation_base {
public:
    [[nodiscard]] virtual std::size_t signature_size() const = 0;
    virtual result<std::size_t> sign(bytes_view data, out_span signature) = 0;
    virtual result<void> update(bytes_view part) = 0;
    virtual result<std::size_t> final(out_span signature) = 0;
    // For C_SignRecover; CKR_FUNCTION_NOT_SUPPORTED where the mechanism lacks it.
    virtual result<std::size_t> sign_recover(bytes_view, out_span) { return failure(rv::function_not_supported); }
};

// C_Verify*, C_VerifyRecover.  A mismatch is CKR_SIGNATURE_INVALID; a
// signature of the wrong length is CKR_SIGNATURE_LEN_RANGE.
class verify_operation : public operation_base {
public:
    virtual result<void> verify(bytes_view data, bytes_view signature) = 0;
    virtual result<void> update(bytes_view part) = 0;
    virtual result<void> final(bytes_view signature) = 0;
    [[nodiscard]] virtual std::size_t recover_bound(std::size_t /*signature*/) const { return 0; }
    virtual result<std::size_t> verify_recover(bytes_view, out_span) { return failure(rv::function_not_supported); }
};

// The 3.0 message-based functions (C_MessageEncryptInit ... C_MessageVerifyFinal):
// one object serves every message of the process that the Init began, until
// C_Message*Final.  `parameter` is the caller's per-message parameter
// (CK_GCM_MESSAGE_PARAMS ...), its size already checked against the
// mechanism's message parameter (constants/message_parameter.hpp); the
// operation reads it and writes through its pointers (a generated IV, a
// tag).  The framework keeps one message at a time and the Begin/Next order
// (functions/message.hpp).
//
// Sizes are exact, unlike the bounds above: the framework answers a length
// query or a short buffer from them without running anything, so no IV is
// generated and no counter value spent for a call that produces nothing.
class message_operation : public operation_base {
public:
    // The message begun is abandoned (an error, C_SessionCancel, Final).
    virtual void abandon() {}
};

class message_cipher_operation : public message_operation {
public:
    // The output of a whole message of `input` bytes (C_EncryptMessage,
    // C_DecryptMessage).
    [[nodiscard]] virtual std::size_t message_size(std::size_t input) const = 0;
    virtual result<std::size_t> message(bytes_view parameter, bytes_view associated, bytes_view in, out_span out) = 0;
    // C_*MessageBegin: the message's parameter and associated data.
    virtual result<void> begin(bytes_view parameter, bytes_view associated) = 0;
    // The output of the next part of `input` bytes, the last one when `last`
    // (CKF_END_OF_MESSAGE).
    [[nodiscard]] virtual std::size_t next_size(std::size_t input, bool last) const = 0;
    virtual result<std::size_t> next(bytes_view parameter, bytes_view in, out_span out, bool last) = 0;
};

// C_MessageSign*: a signature per message.
class message_sign_operation : public message_operation {
public:
    [[nodiscard]] virtual std::size_t signature_size() const = 0;
    virtual result<std::size_t> sign(bytes_view parameter, bytes_view data, out_span signature) = 0;
    virtual result<void> begin(bytes_view parameter) = 0;
    virtual result<void> update(bytes_view parameter, bytes_view part) = 0;
    virtual result<std::size_t> final(bytes_view parameter, out_span signature) = 0;
};

// C_MessageVerify*: CKR_SIGNATURE_INVALID / CKR_SIGNATURE_LEN_RANGE as verify_operation.
class message_verify_operation : public message_operation {
public:
    virtual result<void> verify(bytes_view parameter, bytes_view data, bytes_view signature) = 0;
    virtual result<void> begin(bytes_view parameter) = 0;
    virtual result<void> update(bytes_view parameter, bytes_view part) = 0;
    virtual result<void> final(bytes_view parameter, bytes_view signature) = 0;
};

// C_Digest*.
class digest_operation : public operation_base {
public:
    [[nodiscard]] virtual std::size_t digest_size() const = 0;
    virtual result<void> update(bytes_view part) = 0;
    virtual result<std::size_t> final(out_span digest) = 0;
};

} // namespace p11::provider
