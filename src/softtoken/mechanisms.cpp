#include "softtoken/mechanisms.hpp"

#include <algorithm>
#include <array>

#include "mech/key_material.hpp"
#include "mech/mechanism_lists.hpp"
#include "mech/mechanism_plan.hpp"

namespace p11::soft {

namespace {
using enum mechanism_flags;
using M = mechanism_type;
using E = provider::mechanism_entry;
using mech::ec_caps;
using mech::rsa_max_bits;
using mech::rsa_min_bits;

constexpr auto rsa_all = encrypt | decrypt | sign | verify | sign_recover | verify_recover | wrap | unwrap;
constexpr auto aes_block = encrypt | decrypt | wrap | unwrap;  // and every block cipher mode
constexpr ck_ulong ec_min = 256, ec_max = 521, aes_min = 16, aes_max = 32;
// Triple DES in bytes (the CKM_ table's unit): DES2 keys are 16, DES3 keys 24.
constexpr ck_ulong des2_bytes = 16, des3_bytes = 24;
constexpr ck_ulong hmac_min = 1, hmac_max = mech::max_secret_key_bytes;  // bytes of key
// Edwards and Montgomery curves (3.0), by their size: 25519 and 448.
constexpr ck_ulong ecx_min = 255, ecx_max = 448;
constexpr auto ecx_caps = ec_oid | ec_curvename;  // CKA_EC_PARAMS as OID or curve name

constexpr auto entries = mech::concat(
    std::array{
        E{M::rsa_pkcs_key_pair_gen, rsa_min_bits, rsa_max_bits, generate_key_pair},
        E{M::rsa_pkcs, rsa_min_bits, rsa_max_bits, rsa_all},
        E{M::rsa_x_509, rsa_min_bits, rsa_max_bits, encrypt | decrypt | sign | verify | sign_recover | verify_recover},
    },
    mech::rsa_oaep_and_signatures,
    mech::rsa_sha3_signatures,
    std::array{
        E{M::sha_1, 0, 0, digest},
        E{M::sha_1_hmac, hmac_min, hmac_max, sign | verify},
        E{M::sha_1_hmac_general, hmac_min, hmac_max, sign | verify},
        E{M::sha256, 0, 0, digest},
        E{M::sha256_hmac, hmac_min, hmac_max, sign | verify},
        E{M::sha256_hmac_general, hmac_min, hmac_max, sign | verify},
        E{M::sha224, 0, 0, digest},
        E{M::sha224_hmac, hmac_min, hmac_max, sign | verify},
        E{M::sha224_hmac_general, hmac_min, hmac_max, sign | verify},
        E{M::sha384, 0, 0, digest},
        E{M::sha384_hmac, hmac_min, hmac_max, sign | verify},
        E{M::sha384_hmac_general, hmac_min, hmac_max, sign | verify},
        E{M::sha512, 0, 0, digest},
        E{M::sha512_hmac, hmac_min, hmac_max, sign | verify},
        E{M::sha512_hmac_general, hmac_min, hmac_max, sign | verify},
        E{M::sha3_224, 0, 0, digest},
        E{M::sha3_224_hmac, hmac_min, hmac_max, sign | verify},
        E{M::sha3_224_hmac_general, hmac_min, hmac_max, sign | verify},
        E{M::sha3_256, 0, 0, digest},
        E{M::sha3_256_hmac, hmac_min, hmac_max, sign | verify},
        E{M::sha3_256_hmac_general, hmac_min, hmac_max, sign | verify},
        E{M::sha3_384, 0, 0, digest},
        E{M::sha3_384_hmac, hmac_min, hmac_max, sign | verify},
        E{M::sha3_384_hmac_general, hmac_min, hmac_max, sign | verify},
        E{M::sha3_512, 0, 0, digest},
        E{M::sha3_512_hmac, hmac_min, hmac_max, sign | verify},
        E{M::sha3_512_hmac_general, hmac_min, hmac_max, sign | verify},
        // Generic secret key generation measures keys in bits (mechanisms spec).
        E{M::generic_secret_key_gen, 8, hmac_max * 8, generate},
        E{M::ec_key_pair_gen, ec_min, ec_max, generate_key_pair | ec_caps},
    },
    mech::hmac_key_generators(hmac_min, hmac_max),
    mech::ecdsa_signatures(ec_min, ec_max),
    mech::ecdsa_sha3_signatures(ec_min, ec_max),
    std::array{
        E{M::ecdh1_derive, ec_min, ec_max, derive | ec_caps},
        E{M::ecdh1_cofactor_derive, ec_min, ec_max, derive | ec_caps},
        E{M::ec_edwards_key_pair_gen, ecx_min, ecx_max, generate_key_pair | ecx_caps},
        E{M::eddsa, ecx_min, ecx_max, sign | verify | ecx_caps},
        // ECDH on its keys is CKM_ECDH1_DERIVE, listed above with the EC range.
        E{M::ec_montgomery_key_pair_gen, ecx_min, ecx_max, generate_key_pair | ecx_caps},
        E{M::aes_key_gen, aes_min, aes_max, generate},
        E{M::aes_ecb, aes_min, aes_max, aes_block},
        E{M::aes_cbc, aes_min, aes_max, aes_block},
        E{M::aes_cbc_pad, aes_min, aes_max, aes_block},
        E{M::aes_ctr, aes_min, aes_max, encrypt | decrypt},
        // The message flags show in a 3.0 module only (the framework masks
        // flags a profile does not define).
        E{M::aes_gcm, aes_min, aes_max, encrypt | decrypt | message_encrypt | message_decrypt},
        E{M::aes_cmac, aes_min, aes_max, sign | verify},
        E{M::aes_cmac_general, aes_min, aes_max, sign | verify},
        E{M::aes_key_wrap, aes_min, aes_max, aes_block},
        E{M::aes_key_wrap_pad, aes_min, aes_max, aes_block},
        E{M::aes_key_wrap_kwp, aes_min, aes_max, aes_block},
        // The legacy mechanisms, in every profile (the CKM_ table's version
        // column leaves the CMACs out before 2.40).
        E{M::des2_key_gen, des2_bytes, des2_bytes, generate},
        E{M::des3_key_gen, des3_bytes, des3_bytes, generate},
        E{M::des3_ecb, des2_bytes, des3_bytes, aes_block},
        E{M::des3_cbc, des2_bytes, des3_bytes, aes_block},
        E{M::des3_cbc_pad, des2_bytes, des3_bytes, aes_block},
        E{M::des3_cmac, des2_bytes, des3_bytes, sign | verify},
        E{M::des3_cmac_general, des2_bytes, des3_bytes, sign | verify},
        // Password-based: the key sizes are the template's (no unit in the table).
        E{M::pkcs5_pbkd2, 0, 0, generate},
        // 3.0 only (the CKM_ table's version column): HKDF on generic secret and HKDF keys.
        E{M::hkdf_key_gen, 1, hmac_max, generate},
        E{M::hkdf_derive, 0, 0, derive},
        E{M::hkdf_data, 0, 0, derive},
        // 3.0 mechanisms: a 2.x profile shows neither.  The CKM_ table
        // measures the key generator in bytes and the AEAD in bits.
        E{M::chacha20_key_gen, 32, 32, generate},
        E{M::chacha20_poly1305, 256, 256, encrypt | decrypt | message_encrypt | message_decrypt},
    });
static_assert(mech::within_capabilities(entries), "the software token offers an operation its CKM_ row does not allow");
// The largest curve, in bits, of the unbroken run from P-256 up that `ok` allows; 0 for none.
ck_ulong largest_curve(const std::array<bool, 3>& ok) {
    constexpr std::array<ck_ulong, 3> bits{256, 384, 521};
    ck_ulong largest = 0;
    for (std::size_t i = 0; i < ok.size() && ok[i]; ++i) largest = bits[i];
    return largest;
}

// For the Edwards (EdDSA) and Montgomery mechanisms, which of their two
// curves the backend has (ecx_curve order: 25519 first); nullopt for others.
std::optional<std::pair<bool, bool>> ecx_curves(mechanism_type t, const crypto::capabilities& can) {
    using C = crypto::ecx_curve;
    auto has = [&](C c) { return can.ecx[static_cast<std::size_t>(c)]; };
    if (t == M::ec_edwards_key_pair_gen || t == M::eddsa) return std::pair{has(C::ed25519), has(C::ed448)};
    if (t == M::ec_montgomery_key_pair_gen) return std::pair{has(C::x25519), has(C::x448)};
    return std::nullopt;
}

// The mechanisms of DES2/DES3 keys: the backend's TDEA (capabilities.hpp).
bool is_tdea(mechanism_type t) {
    const auto k = constant_family<mechanism_type>::rows[index_of(t)].key;
    return k == key_type::des2 || k == key_type::des3;
}

bool is_ec_signing(mechanism_type t) {
    const auto p = mech::plan_of(t);
    return t == M::ec_key_pair_gen || (p && p->scheme == mechanism_scheme::ecdsa);
}
} // namespace

std::vector<provider::mechanism_entry> mechanisms_for(const crypto::capabilities& can) {
    const ck_ulong ec_signing_max = largest_curve(can.ec_private), ecdh_max = largest_curve(can.ecdh);
    std::vector<provider::mechanism_entry> out;
    for (auto e : entries) {
        if (!can.des3 && is_tdea(e.type)) continue;
        const auto plan = mech::plan_of(e.type);
        const auto scheme = plan ? std::optional(plan->scheme) : std::nullopt;
        // SHA-3 and everything hashed with it go where the backend has no SHA-3.
        if (plan && plan->hash && crypto::is_sha3(*plan->hash) && !can.sha3) continue;
        if (!can.raw_rsa) {
            // Without raw RSA: no X.509 RSA, no OAEP, no recovery, and PSS only where the library pads it.
            if (scheme == mechanism_scheme::rsa_x509 || scheme == mechanism_scheme::rsa_oaep) continue;
            if (e.type == M::rsa_pkcs) e.flags &= ~(sign_recover | verify_recover);
            // CNG pads PKCS #1 v1.5 itself only for the hashes it has; SHA-224 is not one.
            if (scheme == mechanism_scheme::rsa_pkcs1 && plan->hash == crypto::hash_alg::sha224) continue;
            if (scheme == mechanism_scheme::rsa_pss &&
                (!plan->hash || static_cast<std::size_t>(*plan->hash) >= can.native_pss.size() ||
                 !can.native_pss[static_cast<std::size_t>(*plan->hash)]))
                continue;
        }
        // A private-key curve the backend lacks takes signing and generation with it; the range shrinks.
        if (is_ec_signing(e.type)) {
            if (ec_signing_max < ec_min) continue;
            e.max_key_size = std::min(e.max_key_size, ec_signing_max);
        }
        if (e.type == M::ecdh1_derive || e.type == M::ecdh1_cofactor_derive) {
            if (ecdh_max < ec_min) continue;
            e.max_key_size = std::min(e.max_key_size, ecdh_max);
        }
        if (const auto curves = ecx_curves(e.type, can)) {
            const auto [small, large] = *curves;
            if (!small && !large) continue;
            e.min_key_size = small ? ecx_min : ecx_max;
            e.max_key_size = large ? ecx_max : ecx_min;
        }
        if (!can.chacha20_poly1305 && (e.type == M::chacha20_key_gen || e.type == M::chacha20_poly1305)) continue;
        if (!can.aead_messages) e.flags &= ~(message_encrypt | message_decrypt);
        out.push_back(e);
    }
    return out;
}

std::span<const provider::mechanism_entry> mechanism_list() {
    static const auto listed = mechanisms_for(crypto::backend_capabilities());
    return listed;
}

} // namespace p11::soft
