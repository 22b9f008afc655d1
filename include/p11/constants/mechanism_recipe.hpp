// How a mechanism is run, for the mechanisms p11forge's tokens compute: its
// scheme (what is done with the key) and the digest it hashes the data with
// (CKM_SHA384_RSA_PKCS_PSS: EMSA-PSS over CKM_SHA384).  Every token reads
// these rows instead of switching on mechanism names, so adding a hashed
// variant is one line here plus one line in each token's list.
//
// A companion table rather than two more columns of P11_MECHANISM_ROWS: the
// CKM_ rows are the specification's catalogue (every mechanism any version
// defined, ~600 rows), while a scheme is only meaningful for what a token here
// implements; two columns would be "none" on nearly every row, guesses for
// mechanisms nobody runs, and would change the arity every consumer of the
// core expands.  The static_asserts below tie each line to its CKM_ row (the
// mechanism exists, its key type, parameter structure and capabilities fit
// the scheme, its digest is a digest mechanism), so the two cannot drift.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

#include "p11/constants/mechanism.hpp"

namespace p11 {

enum class mechanism_scheme : std::uint8_t {
    digest,     // the data hashed with `digest` (the mechanism itself)
    hmac,       // HMAC with `digest`
    cmac,       // CMAC with the key's block cipher (AES, or TDEA for DES2/DES3 keys)
    rsa_pkcs1,  // RSASSA/RSAES-PKCS1-v1_5
    rsa_x509,   // the raw RSA primitive
    rsa_pss,    // RSASSA-PSS; hashes from CK_RSA_PKCS_PSS_PARAMS (which must agree with `digest`)
    rsa_oaep,   // RSAES-OAEP; hashes from CK_RSA_PKCS_OAEP_PARAMS
    ecdsa,      // ECDSA, signature as r || s
    // C_GenerateKey of the key type (the CKM_ row's) that the HMACs with
    // `digest` take besides generic secrets (CKM_SHA3_256_KEY_GEN: CKK_SHA3_256_HMAC).
    hmac_key_gen,
};

struct mechanism_recipe {
    mechanism_type mechanism;
    mechanism_scheme scheme;
    std::optional<mechanism_type> digest;  // nullopt: the caller's input is used as given
};

namespace detail::recipes {
using M = mechanism_type;
using S = mechanism_scheme;
using R = mechanism_recipe;
constexpr std::nullopt_t as_given = std::nullopt;

// Sorted by mechanism value.
inline constexpr std::array rows{
    R{M::rsa_pkcs, S::rsa_pkcs1, as_given},
    R{M::rsa_x_509, S::rsa_x509, as_given},
    R{M::sha1_rsa_pkcs, S::rsa_pkcs1, M::sha_1},
    R{M::rsa_pkcs_oaep, S::rsa_oaep, as_given},
    R{M::rsa_pkcs_pss, S::rsa_pss, as_given},
    R{M::sha1_rsa_pkcs_pss, S::rsa_pss, M::sha_1},
    R{M::sha256_rsa_pkcs, S::rsa_pkcs1, M::sha256},
    R{M::sha384_rsa_pkcs, S::rsa_pkcs1, M::sha384},
    R{M::sha512_rsa_pkcs, S::rsa_pkcs1, M::sha512},
    R{M::sha256_rsa_pkcs_pss, S::rsa_pss, M::sha256},
    R{M::sha384_rsa_pkcs_pss, S::rsa_pss, M::sha384},
    R{M::sha512_rsa_pkcs_pss, S::rsa_pss, M::sha512},
    R{M::sha224_rsa_pkcs, S::rsa_pkcs1, M::sha224},
    R{M::sha224_rsa_pkcs_pss, S::rsa_pss, M::sha224},
    R{M::sha3_256_rsa_pkcs, S::rsa_pkcs1, M::sha3_256},
    R{M::sha3_384_rsa_pkcs, S::rsa_pkcs1, M::sha3_384},
    R{M::sha3_512_rsa_pkcs, S::rsa_pkcs1, M::sha3_512},
    R{M::sha3_256_rsa_pkcs_pss, S::rsa_pss, M::sha3_256},
    R{M::sha3_384_rsa_pkcs_pss, S::rsa_pss, M::sha3_384},
    R{M::sha3_512_rsa_pkcs_pss, S::rsa_pss, M::sha3_512},
    R{M::sha3_224_rsa_pkcs, S::rsa_pkcs1, M::sha3_224},
    R{M::sha3_224_rsa_pkcs_pss, S::rsa_pss, M::sha3_224},
    R{M::des3_cmac_general, S::cmac, as_given},
    R{M::des3_cmac, S::cmac, as_given},
    R{M::sha_1, S::digest, M::sha_1},
    R{M::sha_1_hmac, S::hmac, M::sha_1},
    R{M::sha_1_hmac_general, S::hmac, M::sha_1},
    R{M::sha256, S::digest, M::sha256},
    R{M::sha256_hmac, S::hmac, M::sha256},
    R{M::sha256_hmac_general, S::hmac, M::sha256},
    R{M::sha224, S::digest, M::sha224},
    R{M::sha224_hmac, S::hmac, M::sha224},
    R{M::sha224_hmac_general, S::hmac, M::sha224},
    R{M::sha384, S::digest, M::sha384},
    R{M::sha384_hmac, S::hmac, M::sha384},
    R{M::sha384_hmac_general, S::hmac, M::sha384},
    R{M::sha512, S::digest, M::sha512},
    R{M::sha512_hmac, S::hmac, M::sha512},
    R{M::sha512_hmac_general, S::hmac, M::sha512},
    R{M::sha3_256, S::digest, M::sha3_256},
    R{M::sha3_256_hmac, S::hmac, M::sha3_256},
    R{M::sha3_256_hmac_general, S::hmac, M::sha3_256},
    R{M::sha3_256_key_gen, S::hmac_key_gen, M::sha3_256},
    R{M::sha3_224, S::digest, M::sha3_224},
    R{M::sha3_224_hmac, S::hmac, M::sha3_224},
    R{M::sha3_224_hmac_general, S::hmac, M::sha3_224},
    R{M::sha3_224_key_gen, S::hmac_key_gen, M::sha3_224},
    R{M::sha3_384, S::digest, M::sha3_384},
    R{M::sha3_384_hmac, S::hmac, M::sha3_384},
    R{M::sha3_384_hmac_general, S::hmac, M::sha3_384},
    R{M::sha3_384_key_gen, S::hmac_key_gen, M::sha3_384},
    R{M::sha3_512, S::digest, M::sha3_512},
    R{M::sha3_512_hmac, S::hmac, M::sha3_512},
    R{M::sha3_512_hmac_general, S::hmac, M::sha3_512},
    R{M::sha3_512_key_gen, S::hmac_key_gen, M::sha3_512},
    R{M::ecdsa, S::ecdsa, as_given},
    R{M::ecdsa_sha1, S::ecdsa, M::sha_1},
    R{M::ecdsa_sha224, S::ecdsa, M::sha224},
    R{M::ecdsa_sha256, S::ecdsa, M::sha256},
    R{M::ecdsa_sha384, S::ecdsa, M::sha384},
    R{M::ecdsa_sha512, S::ecdsa, M::sha512},
    R{M::ecdsa_sha3_224, S::ecdsa, M::sha3_224},
    R{M::ecdsa_sha3_256, S::ecdsa, M::sha3_256},
    R{M::ecdsa_sha3_384, S::ecdsa, M::sha3_384},
    R{M::ecdsa_sha3_512, S::ecdsa, M::sha3_512},
    R{M::aes_cmac, S::cmac, as_given},
    R{M::aes_cmac_general, S::cmac, as_given},
    R{M::sha_1_key_gen, S::hmac_key_gen, M::sha_1},
    R{M::sha224_key_gen, S::hmac_key_gen, M::sha224},
    R{M::sha256_key_gen, S::hmac_key_gen, M::sha256},
    R{M::sha384_key_gen, S::hmac_key_gen, M::sha384},
    R{M::sha512_key_gen, S::hmac_key_gen, M::sha512},
};

constexpr const mechanism_row& row_of(mechanism_type m) {
    return constant_family<mechanism_type>::rows[index_of(m)];
}

// The recipe fits what the CKM_ table says of the mechanism.
constexpr bool agrees_with_table(const mechanism_recipe& r) {
    if (index_of(r.mechanism) == npos) return false;
    if (r.digest && (index_of(*r.digest) == npos || !can(*r.digest, mechanism_flags::digest))) return false;
    const auto& row = row_of(r.mechanism);
    const bool signs = has(row.capabilities, mechanism_flags::sign | mechanism_flags::verify);
    switch (r.scheme) {
    case S::digest: return r.digest == r.mechanism && row.key == no_key;
    case S::hmac: return r.digest && row.key == key_type::generic_secret && signs;
    case S::cmac: return !r.digest && (row.key == key_type::aes || row.key == key_type::des3) && signs;
    case S::rsa_pkcs1:
    case S::rsa_x509: return row.key == key_type::rsa && row.parameter == parameter_kind::no_parameter && signs;
    case S::rsa_pss: return row.key == key_type::rsa && row.parameter == parameter_kind::rsa_pkcs_pss && signs;
    case S::rsa_oaep: return !r.digest && row.key == key_type::rsa && row.parameter == parameter_kind::rsa_pkcs_oaep;
    case S::ecdsa: return row.key == key_type::ec && signs;
    case S::hmac_key_gen:
        return r.digest && row.key != key_type::generic_secret && row.key != no_key && can(r.mechanism, mechanism_flags::generate) &&
               row.parameter == parameter_kind::no_parameter;
    }
    return false;
}

constexpr bool all_agree() {
    return std::all_of(rows.begin(), rows.end(), agrees_with_table);
}
constexpr bool sorted() {
    return std::is_sorted(rows.begin(), rows.end(),
                          [](const R& a, const R& b) { return to_ulong(a.mechanism) < to_ulong(b.mechanism); }) &&
           std::adjacent_find(rows.begin(), rows.end(),
                              [](const R& a, const R& b) { return a.mechanism == b.mechanism; }) == rows.end();
}
static_assert(all_agree(), "a mechanism recipe contradicts its CKM_ row (key type, parameter, capabilities or digest)");
static_assert(sorted(), "mechanism recipes must be sorted by value, each mechanism once");
} // namespace detail::recipes

// The recipe of a mechanism a token here runs, or nullopt.
[[nodiscard]] constexpr std::optional<mechanism_recipe> recipe_of(mechanism_type m) {
    const auto& rows = detail::recipes::rows;
    const auto it = std::lower_bound(rows.begin(), rows.end(), m, [](const mechanism_recipe& r, mechanism_type v) {
        return to_ulong(r.mechanism) < to_ulong(v);
    });
    if (it == rows.end() || it->mechanism != m) return std::nullopt;
    return *it;
}

// The key type of its own an HMAC takes besides CKK_GENERIC_SECRET: the one
// the key generator for the same hash makes (CKM_SHA3_256_HMAC and
// CKM_SHA3_256_KEY_GEN: CKK_SHA3_256_HMAC); nullopt for other mechanisms.
// 3.0 mechanisms, general-length SHA3-256-HMAC: "The keys it uses are
// generic secret keys and CKK_SHA3_256_HMAC" (each hash alike).
[[nodiscard]] constexpr std::optional<key_type> hmac_key_type(mechanism_type m) {
    const auto r = recipe_of(m);
    if (!r || r->scheme != mechanism_scheme::hmac) return std::nullopt;
    for (const auto& g : detail::recipes::rows)
        if (g.scheme == mechanism_scheme::hmac_key_gen && g.digest == r->digest)
            return detail::recipes::row_of(g.mechanism).key;
    return std::nullopt;
}

// Every HMAC has its key generator, so its own key type.
static_assert(std::all_of(detail::recipes::rows.begin(), detail::recipes::rows.end(), [](const mechanism_recipe& r) {
    return r.scheme != mechanism_scheme::hmac || hmac_key_type(r.mechanism).has_value();
}));
static_assert(hmac_key_type(mechanism_type::sha3_256_hmac_general) == key_type::sha3_256_hmac);
static_assert(hmac_key_type(mechanism_type::sha256_hmac) == key_type::sha256_hmac);
static_assert(!hmac_key_type(mechanism_type::sha256));

// _GENERAL MACs take their output length from CK_MAC_GENERAL_PARAMS.
[[nodiscard]] constexpr bool truncated_mac(mechanism_type m) {
    const auto i = index_of(m);
    return i != npos && constant_family<mechanism_type>::rows[i].parameter == parameter_kind::mac_general;
}

static_assert(recipe_of(mechanism_type::sha384_rsa_pkcs_pss)->digest == mechanism_type::sha384);
static_assert(!recipe_of(mechanism_type::rsa_9796));

} // namespace p11
