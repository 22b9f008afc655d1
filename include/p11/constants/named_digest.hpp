// The digest mechanism a parameter constant is built on: an MGF (CKG_MGF1_)
// or a key derivation function (CKD_).  One mapping for the module, which
// turns it into its backend's hash, and for callers that need to know which
// digest a parameter names (the backend differential fuzzer).
#pragma once

#include <optional>

#include "p11/constants/ec_kdf.hpp"
#include "p11/constants/mechanism.hpp"
#include "p11/constants/mgf.hpp"

namespace p11 {

[[nodiscard]] constexpr std::optional<mechanism_type> digest_of(mgf g) {
    using M = mechanism_type;
    switch (g) {
    case mgf::sha1: return M::sha_1;
    case mgf::sha224: return M::sha224;
    case mgf::sha256: return M::sha256;
    case mgf::sha384: return M::sha384;
    case mgf::sha512: return M::sha512;
    case mgf::sha3_224: return M::sha3_224;
    case mgf::sha3_256: return M::sha3_256;
    case mgf::sha3_384: return M::sha3_384;
    case mgf::sha3_512: return M::sha3_512;
    }
    return std::nullopt;
}

// nullopt for CKD_NULL (no hash), CKD_CPDIVERSIFY_KDF and unknown values.
// CKD_SHA1_KDF_ASN1 and _CONCATENATE are X9.42 DH's, built on SHA-1 too.
[[nodiscard]] constexpr std::optional<mechanism_type> digest_of(ec_kdf k) {
    using M = mechanism_type;
    switch (k) {
    case ec_kdf::sha1_kdf:
    case ec_kdf::sha1_kdf_asn1:
    case ec_kdf::sha1_kdf_concatenate:
    case ec_kdf::sha1_kdf_sp800: return M::sha_1;
    case ec_kdf::sha224_kdf:
    case ec_kdf::sha224_kdf_sp800: return M::sha224;
    case ec_kdf::sha256_kdf:
    case ec_kdf::sha256_kdf_sp800: return M::sha256;
    case ec_kdf::sha384_kdf:
    case ec_kdf::sha384_kdf_sp800: return M::sha384;
    case ec_kdf::sha512_kdf:
    case ec_kdf::sha512_kdf_sp800: return M::sha512;
    case ec_kdf::sha3_224_kdf:
    case ec_kdf::sha3_224_kdf_sp800: return M::sha3_224;
    case ec_kdf::sha3_256_kdf:
    case ec_kdf::sha3_256_kdf_sp800: return M::sha3_256;
    case ec_kdf::sha3_384_kdf:
    case ec_kdf::sha3_384_kdf_sp800: return M::sha3_384;
    case ec_kdf::sha3_512_kdf:
    case ec_kdf::sha3_512_kdf_sp800: return M::sha3_512;
    case ec_kdf::blake2b_160_kdf: return M::blake2b_160;
    case ec_kdf::blake2b_256_kdf: return M::blake2b_256;
    case ec_kdf::blake2b_384_kdf: return M::blake2b_384;
    case ec_kdf::blake2b_512_kdf: return M::blake2b_512;
    case ec_kdf::null:
    case ec_kdf::cpdiversify_kdf: return std::nullopt;
    }
    return std::nullopt;
}

// SP 800-56A's single-step KDFs (3.0): the counter before Z, not after.
[[nodiscard]] constexpr bool is_sp800_56a(ec_kdf k) {
    return static_cast<ck_ulong>(k) >= static_cast<ck_ulong>(ec_kdf::sha1_kdf_sp800) &&
           static_cast<ck_ulong>(k) <= static_cast<ck_ulong>(ec_kdf::sha3_512_kdf_sp800);
}

} // namespace p11
