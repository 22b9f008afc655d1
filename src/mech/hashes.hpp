// Which hash a mechanism, an MGF or a KDF names.
#pragma once

#include <optional>

#include "crypto/capabilities.hpp"
#include "crypto/hash.hpp"
#include "p11/constants/ec_kdf.hpp"
#include "p11/constants/mechanism.hpp"
#include "p11/constants/mgf.hpp"
#include "p11/constants/named_digest.hpp"
#include "p11/constants/pbkdf2_prf.hpp"

namespace p11::mech {

// CKM_SHA_1 ... CKM_SHA512, CKM_SHA3_224 ... CKM_SHA3_512 (as CK_RSA_PKCS_PSS_PARAMS.hashAlg names them).
[[nodiscard]] constexpr std::optional<crypto::hash_alg> hash_of_digest(mechanism_type m) {
    switch (m) {
    case mechanism_type::sha_1: return crypto::hash_alg::sha1;
    case mechanism_type::sha224: return crypto::hash_alg::sha224;
    case mechanism_type::sha256: return crypto::hash_alg::sha256;
    case mechanism_type::sha384: return crypto::hash_alg::sha384;
    case mechanism_type::sha512: return crypto::hash_alg::sha512;
    case mechanism_type::sha3_224: return crypto::hash_alg::sha3_224;
    case mechanism_type::sha3_256: return crypto::hash_alg::sha3_256;
    case mechanism_type::sha3_384: return crypto::hash_alg::sha3_384;
    case mechanism_type::sha3_512: return crypto::hash_alg::sha3_512;
    default: return std::nullopt;
    }
}

[[nodiscard]] constexpr std::optional<crypto::hash_alg> hash_of_mgf(mgf g) {
    const auto d = digest_of(g);
    return d ? hash_of_digest(*d) : std::nullopt;
}

// A hash a mechanism parameter names (PSS, OAEP, MGF1) that this build's
// backend computes: a SHA-3 one is a bad parameter where the backend has no
// SHA-3, as it was before the token knew SHA-3 at all (not a failed call).
[[nodiscard]] inline bool backend_hashes(crypto::hash_alg h) {
    return !crypto::is_sha3(h) || crypto::backend_capabilities().sha3;
}

// CKP_PKCS5_PBKD2_HMAC_SHA*: PBKDF2's PRF is HMAC with this hash.
[[nodiscard]] constexpr std::optional<crypto::hash_alg> hash_of_prf(pbkdf2_prf p) {
    switch (p) {
    case pbkdf2_prf::hmac_sha1: return crypto::hash_alg::sha1;
    case pbkdf2_prf::hmac_sha224: return crypto::hash_alg::sha224;
    case pbkdf2_prf::hmac_sha256: return crypto::hash_alg::sha256;
    case pbkdf2_prf::hmac_sha384: return crypto::hash_alg::sha384;
    case pbkdf2_prf::hmac_sha512: return crypto::hash_alg::sha512;
    default: return std::nullopt;
    }
}

// CKD_NULL is "no hash" (nullopt with known = true).  The hashed KDFs are
// ANSI X9.63's (CKD_SHA*_KDF: the counter after Z) and SP 800-56A section
// 5.8.1.1's single-step KDF (CKD_SHA*_KDF_SP800, 3.0: the counter before Z).
struct kdf_hash {
    bool known = false;
    std::optional<crypto::hash_alg> hash;
    bool counter_first = false;
};
[[nodiscard]] constexpr kdf_hash hash_of_kdf(ec_kdf k) {
    if (k == ec_kdf::null) return {true, std::nullopt};
    // X9.42 DH's KDFs are not ECDH's.
    if (k == ec_kdf::sha1_kdf_asn1 || k == ec_kdf::sha1_kdf_concatenate) return {};
    const auto d = digest_of(k);
    const auto h = d ? hash_of_digest(*d) : std::nullopt;
    if (!h) return {};
    return {true, h, is_sp800_56a(k)};
}

} // namespace p11::mech
