#include "softtoken/mechanisms.hpp"

#include <array>

#include "mech/key_material.hpp"
#include "mech/mechanism_lists.hpp"

namespace p11::soft {

namespace {
using enum mechanism_flags;
using M = mechanism_type;
using E = provider::mechanism_entry;
using mech::ec_caps;
using mech::rsa_max_bits;
using mech::rsa_min_bits;

constexpr auto rsa_all = encrypt | decrypt | sign | verify | sign_recover | verify_recover | wrap | unwrap;
constexpr auto aes_block = encrypt | decrypt | wrap | unwrap;
constexpr ck_ulong ec_min = 256, ec_max = 521, aes_min = 16, aes_max = 32;
constexpr ck_ulong hmac_min = 1, hmac_max = mech::max_secret_key_bytes;  // bytes of key

constexpr auto entries = mech::concat(
    std::array{
        E{M::rsa_pkcs_key_pair_gen, rsa_min_bits, rsa_max_bits, generate_key_pair},
        E{M::rsa_pkcs, rsa_min_bits, rsa_max_bits, rsa_all},
        E{M::rsa_x_509, rsa_min_bits, rsa_max_bits, encrypt | decrypt | sign | verify | sign_recover | verify_recover},
    },
    mech::rsa_oaep_and_signatures,
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
        // Generic secret key generation measures keys in bits (mechanisms spec).
        E{M::generic_secret_key_gen, 8, hmac_max * 8, generate},
        E{M::ec_key_pair_gen, ec_min, ec_max, generate_key_pair | ec_caps},
    },
    mech::ecdsa_signatures(ec_min, ec_max),
    std::array{
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
    });
static_assert(mech::within_capabilities(entries), "the software token offers an operation its CKM_ row does not allow");
} // namespace

std::span<const provider::mechanism_entry> mechanism_list() { return entries; }

} // namespace p11::soft
