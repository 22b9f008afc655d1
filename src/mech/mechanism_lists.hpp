// What a token's mechanism list is made of: constexpr entries checked
// against the CKM_ table at compile time, and the runs of entries the tokens
// share (a hashed RSA signature is offered alike by every token that signs
// with RSA keys, wherever the key lives).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>

#include "p11/constants/mechanism.hpp"
#include "p11/constants/mechanism_recipe.hpp"
#include "p11/provider/token.hpp"

namespace p11::mech {

using provider::mechanism_entry;

// Every flag the CKM_ table uses as a capability somewhere: the operations.
// The other flags (CKF_EC_F_P, CKF_HW ...) describe how a token does them.
inline constexpr mechanism_flags operation_flags = [] {
    ck_ulong all = 0;
    for (const auto& row : constant_family<mechanism_type>::rows) all |= to_ulong(row.capabilities);
    return static_cast<mechanism_flags>(all);
}();

// The entry names a known mechanism and offers no operation its row lacks
// (the framework would mask it: a list that says more than it gives).
[[nodiscard]] constexpr bool within_capabilities(const mechanism_entry& e) {
    if (index_of(e.type) == npos) return false;
    return (to_ulong(e.flags) & to_ulong(operation_flags) & ~to_ulong(capabilities(e.type))) == 0;
}
template <std::size_t N>
[[nodiscard]] constexpr bool within_capabilities(const std::array<mechanism_entry, N>& list) {
    return std::all_of(list.begin(), list.end(), [](const mechanism_entry& e) { return within_capabilities(e); });
}

// The check bites: a digest cannot be offered for signing, ECDSA can carry
// its curve flags.
static_assert(!within_capabilities(mechanism_entry{mechanism_type::sha256, 0, 0, mechanism_flags::sign}));
static_assert(within_capabilities(mechanism_entry{mechanism_type::ecdsa, 256, 521,
                                                  mechanism_flags::sign | mechanism_flags::ec_f_p}));

// The lists one after the other, in order (C_GetMechanismList's order).
template <std::size_t... N>
[[nodiscard]] constexpr auto concat(const std::array<mechanism_entry, N>&... lists) {
    std::array<mechanism_entry, (N + ... + 0)> out{};
    std::size_t at = 0;
    ((std::copy(lists.begin(), lists.end(), out.begin() + static_cast<std::ptrdiff_t>(at)), at += N), ...);
    return out;
}

inline constexpr ck_ulong rsa_min_bits = 1024, rsa_max_bits = 4096;
inline constexpr auto ec_caps = mechanism_flags::ec_f_p | mechanism_flags::ec_oid | mechanism_flags::ec_uncompress;

// OAEP, PSS and the hashed PKCS #1 v1.5 and PSS signatures.
inline constexpr auto rsa_oaep_and_signatures = [] {
    using M = mechanism_type;
    constexpr auto sv = mechanism_flags::sign | mechanism_flags::verify;
    auto e = [](M m, mechanism_flags f) { return mechanism_entry{m, rsa_min_bits, rsa_max_bits, f}; };
    return std::array{
        e(M::rsa_pkcs_oaep, mechanism_flags::encrypt | mechanism_flags::decrypt | mechanism_flags::wrap |
                                mechanism_flags::unwrap),
        e(M::rsa_pkcs_pss, sv),       e(M::sha1_rsa_pkcs, sv),      e(M::sha224_rsa_pkcs, sv),
        e(M::sha256_rsa_pkcs, sv),    e(M::sha384_rsa_pkcs, sv),    e(M::sha512_rsa_pkcs, sv),
        e(M::sha1_rsa_pkcs_pss, sv),  e(M::sha224_rsa_pkcs_pss, sv), e(M::sha256_rsa_pkcs_pss, sv),
        e(M::sha384_rsa_pkcs_pss, sv), e(M::sha512_rsa_pkcs_pss, sv),
    };
}();
static_assert(within_capabilities(rsa_oaep_and_signatures));

// The hashed PKCS #1 v1.5 and PSS signatures with SHA-3 (3.0).
inline constexpr auto rsa_sha3_signatures = [] {
    using M = mechanism_type;
    constexpr auto sv = mechanism_flags::sign | mechanism_flags::verify;
    auto e = [](M m) { return mechanism_entry{m, rsa_min_bits, rsa_max_bits, sv}; };
    return std::array{
        e(M::sha3_224_rsa_pkcs),     e(M::sha3_256_rsa_pkcs),     e(M::sha3_384_rsa_pkcs),
        e(M::sha3_512_rsa_pkcs),     e(M::sha3_224_rsa_pkcs_pss), e(M::sha3_256_rsa_pkcs_pss),
        e(M::sha3_384_rsa_pkcs_pss), e(M::sha3_512_rsa_pkcs_pss),
    };
}();
static_assert(within_capabilities(rsa_sha3_signatures));

// ECDSA on the caller's digest and hashed, for curves of min..max bits.
[[nodiscard]] constexpr auto ecdsa_signatures(ck_ulong min_bits, ck_ulong max_bits) {
    using M = mechanism_type;
    constexpr auto flags = mechanism_flags::sign | mechanism_flags::verify | ec_caps;
    auto e = [&](M m) { return mechanism_entry{m, min_bits, max_bits, flags}; };
    return std::array{e(M::ecdsa),        e(M::ecdsa_sha1),   e(M::ecdsa_sha224),
                      e(M::ecdsa_sha256), e(M::ecdsa_sha384), e(M::ecdsa_sha512)};
}
static_assert(within_capabilities(ecdsa_signatures(256, 521)));

// ECDSA hashed with SHA-3 (3.0).
[[nodiscard]] constexpr auto ecdsa_sha3_signatures(ck_ulong min_bits, ck_ulong max_bits) {
    using M = mechanism_type;
    constexpr auto flags = mechanism_flags::sign | mechanism_flags::verify | ec_caps;
    auto e = [&](M m) { return mechanism_entry{m, min_bits, max_bits, flags}; };
    return std::array{e(M::ecdsa_sha3_224), e(M::ecdsa_sha3_256), e(M::ecdsa_sha3_384), e(M::ecdsa_sha3_512)};
}
static_assert(within_capabilities(ecdsa_sha3_signatures(256, 521)));

// The HMAC key types' generators (CKM_SHA256_KEY_GEN, CKM_SHA3_256_KEY_GEN
// ...; 3.0), every one the recipes name, for keys of min..max bytes (the
// CKM_ table's unit for them).
inline constexpr std::size_t hmac_key_generator_count = static_cast<std::size_t>(
    std::count_if(p11::detail::recipes::rows.begin(), p11::detail::recipes::rows.end(),
                  [](const mechanism_recipe& r) { return r.scheme == mechanism_scheme::hmac_key_gen; }));
[[nodiscard]] constexpr auto hmac_key_generators(ck_ulong min_bytes, ck_ulong max_bytes) {
    std::array<mechanism_entry, hmac_key_generator_count> out{};
    std::size_t at = 0;
    for (const auto& r : p11::detail::recipes::rows)
        if (r.scheme == mechanism_scheme::hmac_key_gen)
            out[at++] = mechanism_entry{r.mechanism, min_bytes, max_bytes, mechanism_flags::generate};
    return out;
}
static_assert(within_capabilities(hmac_key_generators(1, 512)));

} // namespace p11::mech
