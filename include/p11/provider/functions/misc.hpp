// Random numbers (C_SeedRandom, C_GenerateRandom), the legacy parallel
// functions (C_GetFunctionStatus, C_CancelFunction), and the dual-function
// updates (C_DigestEncryptUpdate ...), which are compositions of the single
// updates on one session.
#pragma once

#include "p11/provider/functions/cipher.hpp"
#include "p11/provider/functions/digest.hpp"
#include "p11/provider/functions/sign.hpp"
#include "p11/provider/functions/verify.hpp"

namespace p11::provider::api {

inline rv C_SeedRandom(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR seed, abi::CK_ULONG len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto checked = caller_bytes(seed, len, length_rules::random);
        if (!checked) return checked.code();
        return s.tok->seed_random(*checked).code();
    });
}

inline rv C_GenerateRandom(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR out, abi::CK_ULONG len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto checked = caller_span(out, len, length_rules::random);
        if (!checked) return checked.code();
        if (checked->empty()) return rv::ok;
        return s.tok->generate_random(*checked).code();
    });
}

// Cryptoki 2.x keeps these for old parallel sessions, which no module has
// anymore: the spec's answer is CKR_FUNCTION_NOT_PARALLEL.
inline rv C_GetFunctionStatus(abi::CK_SESSION_HANDLE h) {
    return with_session(h, [](runtime&, session&) { return rv::function_not_parallel; });
}
inline rv C_CancelFunction(abi::CK_SESSION_HANDLE h) {
    return with_session(h, [](runtime&, session&) { return rv::function_not_parallel; });
}

namespace detail {
// Both halves must be active, and open to an Update (neither committed to
// single-part use), checked before either runs: otherwise a call refused for
// the second half had already fed the part to the first one (the caller, told
// CKR_OPERATION_NOT_INITIALIZED or CKR_OPERATION_ACTIVE, would feed it again).  The
// output half runs first so a short buffer (BUFFER_TOO_SMALL) leaves the
// digest/sign half untouched.
template <class First, class Second>
rv dual(abi::CK_SESSION_HANDLE h, op_kind a, op_kind b, First&& first, Second&& second) {
    const rv active = with_session(h, [&](runtime&, session& s) {
        if (!s.op(a).active() || !s.op(b).active()) return rv::operation_not_initialized;
        return s.op(a).mode.admits(call::update) && s.op(b).mode.admits(call::update) ? rv::ok : rv::operation_active;
    });
    if (active != rv::ok) return active;
    const rv r = first();
    if (r != rv::ok) return r;
    return second();
}
} // namespace detail

inline rv C_DigestEncryptUpdate(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR part, abi::CK_ULONG len,
                                abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
    return detail::dual(
        h, op_kind::encrypt, op_kind::digest, [&] { return C_EncryptUpdate(h, part, len, out, out_len); },
        [&] { return out == nullptr ? rv::ok : C_DigestUpdate(h, part, len); });
}

inline rv C_SignEncryptUpdate(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR part, abi::CK_ULONG len, abi::CK_BYTE_PTR out,
                              abi::CK_ULONG_PTR out_len) {
    return detail::dual(
        h, op_kind::encrypt, op_kind::sign, [&] { return C_EncryptUpdate(h, part, len, out, out_len); },
        [&] { return out == nullptr ? rv::ok : C_SignUpdate(h, part, len); });
}

inline rv C_DecryptDigestUpdate(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR part, abi::CK_ULONG len,
                                abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
    return detail::dual(
        h, op_kind::decrypt, op_kind::digest, [&] { return C_DecryptUpdate(h, part, len, out, out_len); },
        [&] { return out == nullptr ? rv::ok : C_DigestUpdate(h, out, *out_len); });
}

inline rv C_DecryptVerifyUpdate(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR part, abi::CK_ULONG len,
                                abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
    return detail::dual(
        h, op_kind::decrypt, op_kind::verify, [&] { return C_DecryptUpdate(h, part, len, out, out_len); },
        [&] { return out == nullptr ? rv::ok : C_VerifyUpdate(h, out, *out_len); });
}

} // namespace p11::provider::api
