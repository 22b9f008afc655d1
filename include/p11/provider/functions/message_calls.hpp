// What the 3.0 message-based functions share (functions/message.hpp): the
// Init, the check of a message's parameter, and the output convention with
// exact sizes.
//
// The rules, from the base specification 3.0 (§5.13-§5.16) where it gives
// them and ours where it is silent:
//  - C_Message*Init starts a process that lasts until C_Message*Final (or
//    C_SessionCancel with CKF_MESSAGE_*, or the session's end); a second Init
//    meanwhile is CKR_OPERATION_ACTIVE, any message call before an Init
//    CKR_OPERATION_NOT_INITIALIZED.  The processes are kinds of their own: a
//    C_EncryptInit operation and a message-based encryption may run side by side.
//  - Every message carries its own parameter (CK_GCM_MESSAGE_PARAMS ...),
//    of the size its mechanism's struct has, else CKR_MECHANISM_PARAM_INVALID
//    (none at all included; a NULL pointer with a length is
//    CKR_ARGUMENTS_BAD); the Init takes none for the AEAD mechanisms
//    (constants/message_parameter.hpp).
//  - A token that offers no mechanism for a kind (this token signs no
//    messages) answers that kind's functions CKR_FUNCTION_NOT_SUPPORTED.
//  - One message at a time: after C_*MessageBegin, only C_*MessageNext until
//    the part flagged CKF_END_OF_MESSAGE (a signature length pointer or
//    signature given, for signing and verifying) ends it; a single-part call
//    or a second Begin meanwhile is CKR_OPERATION_ACTIVE, a Next without a
//    Begin CKR_OPERATION_NOT_INITIALIZED, flags other than
//    CKF_END_OF_MESSAGE CKR_ARGUMENTS_BAD.
//  - An error ends the message it happened in (the open multi-part message;
//    a single-part message is over anyway), never the process: the next
//    message may follow.  CKR_BUFFER_TOO_SMALL and a length query end nothing.
//  - Output follows the two-call convention (§5.2) on exact sizes: a length
//    query or a buffer too small is answered before the operation runs, so a
//    token-generated IV or a counter value is only spent on a message that
//    is encrypted.
#pragma once

#include <algorithm>
#include <array>

#include "p11/constants/flags.hpp"
#include "p11/constants/message_parameter.hpp"
#include "p11/provider/functions/operation_calls.hpp"

namespace p11::provider::api::detail {

// Each kind's key usage (CKA_ENCRYPT ...) and mechanism flag, by message_kind.
struct message_kind_row {
    mechanism_flags key_usage;
    mechanism_flags flag;
};
inline constexpr std::array<message_kind_row, static_cast<std::size_t>(message_kind::count)> message_kinds{{
    {mechanism_flags::encrypt, mechanism_flags::message_encrypt},
    {mechanism_flags::decrypt, mechanism_flags::message_decrypt},
    {mechanism_flags::sign, mechanism_flags::message_sign},
    {mechanism_flags::verify, mechanism_flags::message_verify},
}};
inline mechanism_flags key_usage_of(message_kind kind) { return message_kinds[static_cast<std::size_t>(kind)].key_usage; }
inline mechanism_flags message_flag_of(message_kind kind) { return message_kinds[static_cast<std::size_t>(kind)].flag; }

// Whether the token offers any mechanism for the kind.  A token that offers
// none answers every function of the kind CKR_FUNCTION_NOT_SUPPORTED, as a
// module without them would (base spec §5.1.6); asked only on the paths
// where no process runs, so a message pays nothing for it.
inline bool offers_kind(session& s, message_kind kind) {
    const auto flag = message_flag_of(kind);
    const auto list = s.tok->mechanisms();
    return std::any_of(list.begin(), list.end(), [&](const mechanism_entry& e) { return has(e.flags, flag); });
}
inline rv not_running(session& s, message_kind kind) {
    return offers_kind(s, kind) ? rv::operation_not_initialized : rv::function_not_supported;
}

// The mechanism of a message-based Init: offered for the kind, and without a
// parameter where its messages carry one.
inline result<mechanism_view> check_message_mechanism(runtime& rt, session& s, const abi::CK_MECHANISM* m,
                                                      mechanism_flags needed) {
    if (m == nullptr) return rv::arguments_bad;
    const auto type = static_cast<mechanism_type>(m->mechanism);
    if (!message_parameter_of(type)) return check_mechanism(rt, s, m, needed);
    if (offered_row(rt, s, *m, needed) == nullptr) return rv::mechanism_invalid;
    if (m->pParameter != nullptr || m->ulParameterLen != 0) return rv::mechanism_param_invalid;
    return mechanism_view{type, {}};
}

// C_MessageEncryptInit ... C_MessageVerifyInit.
template <class Begin>
rv message_init(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE key_handle,
                message_kind kind, Begin begin) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto& process = s.messaging(kind);
        if (!offers_kind(s, kind)) return rv::function_not_supported;
        if (process.active()) return rv::operation_active;
        auto mech = check_message_mechanism(rt, s, m, message_flag_of(kind));
        if (!mech) return mech.code();
        auto key = check_key(rt, s, key_handle, mech->type, key_usage_of(kind));
        if (!key) return key.code();
        auto started = ((*s.tok).*begin)(*mech, **key);
        if (!started) return started.code();
        process.start(std::move(*started), mech->type);
        return rv::ok;
    });
}

// One message's parameter, sized as its mechanism's struct.
inline result<bytes_view> message_parameter(const message_process& process, const void* p, abi::CK_ULONG len) {
    const auto kind = message_parameter_of(process.mechanism);
    if (!kind) {
        if (p == nullptr && len != 0) return rv::arguments_bad;
        return caller_bytes(p, len, length_rules::parameter_field);
    }
    // The pointer is an argument of the function: NULL with a length is
    // CKR_ARGUMENTS_BAD, as everywhere (caller_input.hpp).
    if (p == nullptr && len != 0) return rv::arguments_bad;
    if (p == nullptr || len != info(*kind).size) return rv::mechanism_param_invalid;
    const bytes_view given{static_cast<const byte*>(p), static_cast<std::size_t>(len)};
    if (const rv r = check_parameter_fields(process.mechanism, *kind, given); r != rv::ok) return r;
    return given;
}

// Which state a message call needs: no message open (single-part, Begin), or
// the one begun (Next).
enum class message_step : std::uint8_t { whole_or_begin, next };

// body(message_process&) -> rv for a call of `kind` at `step`, after the
// state checks.  The body's error ends the open message (see above).
template <class Body>
rv continue_messages(abi::CK_SESSION_HANDLE h, message_kind kind, message_step step, Body&& body) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& process = s.messaging(kind);
        if (!process.active()) return not_running(s, kind);
        if (step == message_step::whole_or_begin && process.in_message) return rv::operation_active;
        if (step == message_step::next && !process.in_message) return rv::operation_not_initialized;
        const rv r = body(process);
        if (r != rv::ok && r != rv::buffer_too_small) process.end_message();
        return r;
    });
}

// The two-call convention on an exact size: `run(out_span) -> result<size_t>`
// runs only into a buffer that holds `size` bytes.  `ran` tells the caller
// whether it did (a length query and a short buffer leave everything as it was).
template <class Run>
rv produce_exact(std::size_t size, byte* out, abi::CK_ULONG* out_len, Run&& run, bool& ran) {
    ran = false;
    if (out_len == nullptr) return rv::arguments_bad;
    if (out == nullptr) return *out_len = static_cast<abi::CK_ULONG>(size), rv::ok;
    if (*out_len < size) return *out_len = static_cast<abi::CK_ULONG>(size), rv::buffer_too_small;
    auto n = run(std::span<byte>(out, size));
    if (!n) return n.code();
    ran = true;
    *out_len = static_cast<abi::CK_ULONG>(*n);
    return rv::ok;
}

} // namespace p11::provider::api::detail
