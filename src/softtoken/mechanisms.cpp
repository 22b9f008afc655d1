#include "softtoken/mechanisms.hpp"

#include <array>

#include "softtoken/key_material.hpp"

namespace p11::soft {

namespace {
using enum mechanism_flags;
using M = mechanism_type;
using E = provider::mechanism_entry;

constexpr auto ec_caps = ec_f_p | ec_oid | ec_uncompress;
constexpr auto rsa_all = encrypt | decrypt | sign | verify | sign_recover | verify_recover | wrap | unwrap;
constexpr auto aes_block = encrypt | decrypt | wrap | unwrap;
constexpr ck_ulong rsa_min = 1024, rsa_max = 4096, ec_min = 256, ec_max = 521, aes_min = 16, aes_max = 32;
constexpr ck_ulong hmac_min = 1, hmac_max = max_secret_key_bytes;  // bytes of key

const std::array entries{
    E{M::rsa_pkcs_key_pair_gen, rsa_min, rsa_max, generate_key_pair},
    E{M::rsa_pkcs, rsa_min, rsa_max, rsa_all},
    E{M::rsa_x_509, rsa_min, rsa_max, encrypt | decrypt | sign | verify | sign_recover | verify_recover},
    E{M::rsa_pkcs_oaep, rsa_min, rsa_max, encrypt | decrypt | wrap | unwrap},
    E{M::rsa_pkcs_pss, rsa_min, rsa_max, sign | verify},
    E{M::sha1_rsa_pkcs, rsa_min, rsa_max, sign | verify},
    E{M::sha224_rsa_pkcs, rsa_min, rsa_max, sign | verify},
    E{M::sha256_rsa_pkcs, rsa_min, rsa_max, sign | verify},
    E{M::sha384_rsa_pkcs, rsa_min, rsa_max, sign | verify},
    E{M::sha512_rsa_pkcs, rsa_min, rsa_max, sign | verify},
    E{M::sha1_rsa_pkcs_pss, rsa_min, rsa_max, sign | verify},
    E{M::sha224_rsa_pkcs_pss, rsa_min, rsa_max, sign | verify},
    E{M::sha256_rsa_pkcs_pss, rsa_min, rsa_max, sign | verify},
    E{M::sha384_rsa_pkcs_pss, rsa_min, rsa_max, sign | verify},
    E{M::sha512_rsa_pkcs_pss, rsa_min, rsa_max, sign | verify},
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
    // Generic secret key generation measures keys in bits (mechanisms spec).
    E{M::generic_secret_key_gen, 8, hmac_max * 8, generate},
    E{M::ec_key_pair_gen, ec_min, ec_max, generate_key_pair | ec_caps},
    E{M::ecdsa, ec_min, ec_max, sign | verify | ec_caps},
    E{M::ecdsa_sha1, ec_min, ec_max, sign | verify | ec_caps},
    E{M::ecdsa_sha224, ec_min, ec_max, sign | verify | ec_caps},
    E{M::ecdsa_sha256, ec_min, ec_max, sign | verify | ec_caps},
    E{M::ecdsa_sha384, ec_min, ec_max, sign | verify | ec_caps},
    E{M::ecdsa_sha512, ec_min, ec_max, sign | verify | ec_caps},
    E{M::ecdh1_derive, ec_min, ec_max, derive | ec_caps},
    E{M::ecdh1_cofactor_derive, ec_min, ec_max, derive | ec_caps},
    E{M::aes_key_gen, aes_min, aes_max, generate},
    E{M::aes_ecb, aes_min, aes_max, aes_block},
    E{M::aes_cbc, aes_min, aes_max, aes_block},
    E{M::aes_cbc_pad, aes_min, aes_max, aes_block},
    E{M::aes_ctr, aes_min, aes_max, encrypt | decrypt},
    E{M::aes_gcm, aes_min, aes_max, encrypt | decrypt},
    E{M::aes_cmac, aes_min, aes_max, sign | verify},
    E{M::aes_cmac_general, aes_min, aes_max, sign | verify},
    E{M::aes_key_wrap, aes_min, aes_max, aes_block},
    E{M::aes_key_wrap_pad, aes_min, aes_max, aes_block},
    E{M::aes_key_wrap_kwp, aes_min, aes_max, aes_block},
};
} // namespace

std::span<const provider::mechanism_entry> mechanism_list() { return entries; }

} // namespace p11::soft
