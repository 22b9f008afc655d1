// The calls one fuzz input makes, on one module and session, recorded in a
// transcript: single- and multi-part encryption, decryption, digests,
// signatures and verification, object creation and reading a key's value.
// The backend differential runs them on each backend and compares.
#pragma once

#include <optional>
#include <vector>

#include "call_transcript.hpp"
#include "p11/abi/function_list.hpp"
#include "test_objects.hpp"

namespace p11::fuzzing {

struct call_target {
    const abi::CK_FUNCTION_LIST_3_0* functions;
    abi::CK_SESSION_HANDLE session;
};

using abi::CK_OBJECT_HANDLE;
using abi::CK_ULONG;

using init_fn = abi::CK_RV (*)(abi::CK_SESSION_HANDLE, abi::CK_MECHANISM*, CK_OBJECT_HANDLE);
using crypt_fn = abi::CK_RV (*)(abi::CK_SESSION_HANDLE, abi::CK_BYTE*, CK_ULONG, abi::CK_BYTE*, CK_ULONG*);
using final_fn = abi::CK_RV (*)(abi::CK_SESSION_HANDLE, abi::CK_BYTE*, CK_ULONG*);

// Encrypt or decrypt `data`, single- or multi-part; output into `into`.
inline void run_cipher(call_target c, transcript& t, bool encrypt, abi::CK_MECHANISM* m, CK_OBJECT_HANDLE key,
                       std::vector<std::uint8_t> data, const std::vector<std::size_t>& cuts, output_mode mode,
                       std::vector<std::uint8_t>& into) {
    const auto* f = c.functions;
    const auto s = c.session;
    const init_fn init = encrypt ? f->C_EncryptInit : f->C_DecryptInit;
    const crypt_fn one = encrypt ? f->C_Encrypt : f->C_Decrypt;
    const crypt_fn update = encrypt ? f->C_EncryptUpdate : f->C_DecryptUpdate;
    const final_fn final = encrypt ? f->C_EncryptFinal : f->C_DecryptFinal;
    using F = function_id;
    if (t.call(encrypt ? F::C_EncryptInit : F::C_DecryptInit, init(s, m, key)) != rv::ok) return;
    if (cuts.empty()) {
        (void)fetch_output(t, encrypt ? F::C_Encrypt : F::C_Decrypt, mode, into, [&](abi::CK_BYTE* o, CK_ULONG* n) {
            return one(s, data.data(), static_cast<CK_ULONG>(data.size()), o, n);
        });
        return;
    }
    std::size_t from = 0;
    for (auto to : cuts) {
        const auto r = fetch_output(t, encrypt ? F::C_EncryptUpdate : F::C_DecryptUpdate, mode, into,
                                    [&](abi::CK_BYTE* o, CK_ULONG* n) {
                                        return update(s, data.data() + from, static_cast<CK_ULONG>(to - from), o, n);
                                    });
        if (r != rv::ok) return;
        from = to;
    }
    (void)fetch_output(t, encrypt ? F::C_EncryptFinal : F::C_DecryptFinal, mode, into,
                       [&](abi::CK_BYTE* o, CK_ULONG* n) { return final(s, o, n); });
}

// Sign (or digest, with key 0) `data`, single- or multi-part.
inline void run_sign(call_target c, transcript& t, bool digest, abi::CK_MECHANISM* m, CK_OBJECT_HANDLE key,
                     std::vector<std::uint8_t> data, const std::vector<std::size_t>& cuts, output_mode mode,
                     std::vector<std::uint8_t>& into) {
    const auto* f = c.functions;
    const auto s = c.session;
    using F = function_id;
    const auto r =
        digest ? t.call(F::C_DigestInit, f->C_DigestInit(s, m)) : t.call(F::C_SignInit, f->C_SignInit(s, m, key));
    if (r != rv::ok) return;
    if (cuts.empty()) {
        (void)fetch_output(t, digest ? F::C_Digest : F::C_Sign, mode, into, [&](abi::CK_BYTE* o, CK_ULONG* n) {
            return (digest ? f->C_Digest : f->C_Sign)(s, data.data(), static_cast<CK_ULONG>(data.size()), o, n);
        });
        return;
    }
    std::size_t from = 0;
    for (auto to : cuts) {
        const auto piece = static_cast<CK_ULONG>(to - from);
        const auto u = digest ? t.call(F::C_DigestUpdate, f->C_DigestUpdate(s, data.data() + from, piece))
                              : t.call(F::C_SignUpdate, f->C_SignUpdate(s, data.data() + from, piece));
        if (u != rv::ok) return;
        from = to;
    }
    (void)fetch_output(t, digest ? F::C_DigestFinal : F::C_SignFinal, mode, into, [&](abi::CK_BYTE* o, CK_ULONG* n) {
        return (digest ? f->C_DigestFinal : f->C_SignFinal)(s, o, n);
    });
}

inline rv run_verify(call_target c, transcript& t, abi::CK_MECHANISM* m, CK_OBJECT_HANDLE key,
                     std::vector<std::uint8_t> data, std::vector<std::uint8_t> signature,
                     const std::vector<std::size_t>& cuts) {
    const auto* f = c.functions;
    const auto s = c.session;
    using F = function_id;
    if (const auto r = t.call(F::C_VerifyInit, f->C_VerifyInit(s, m, key)); r != rv::ok) return r;
    const auto sig_len = static_cast<CK_ULONG>(signature.size());
    if (cuts.empty())
        return t.call(F::C_Verify,
                      f->C_Verify(s, data.data(), static_cast<CK_ULONG>(data.size()), signature.data(), sig_len));
    std::size_t from = 0;
    for (auto to : cuts) {
        const auto u =
            t.call(F::C_VerifyUpdate, f->C_VerifyUpdate(s, data.data() + from, static_cast<CK_ULONG>(to - from)));
        if (u != rv::ok) return u;
        from = to;
    }
    return t.call(F::C_VerifyFinal, f->C_VerifyFinal(s, signature.data(), sig_len));
}

inline std::optional<CK_OBJECT_HANDLE> run_create(call_target c, transcript& t, object_template& tmpl) {
    CK_OBJECT_HANDLE h = 0;
    const auto r = c.functions->C_CreateObject(c.session, tmpl.data(), tmpl.size(), &h);
    if (t.call(function_id::C_CreateObject, r) != rv::ok) return std::nullopt;
    return h;
}

// CKA_VALUE of a key the harness made extractable and not sensitive.
inline void read_value(call_target c, transcript& t, CK_OBJECT_HANDLE key) {
    abi::CK_ATTRIBUTE a{cka::value, nullptr, 0};
    if (t.call(function_id::C_GetAttributeValue, c.functions->C_GetAttributeValue(c.session, key, &a, 1)) != rv::ok)
        return;
    std::vector<std::uint8_t> v(a.ulValueLen);
    a.pValue = v.data();
    if (t.call(function_id::C_GetAttributeValue, c.functions->C_GetAttributeValue(c.session, key, &a, 1)) == rv::ok)
        t.output.insert(t.output.end(), v.begin(), v.end());
}

} // namespace p11::fuzzing
