// RSA keys, prepared once and safe to use from several threads at once.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>

#include "crypto/error.hpp"
#include "crypto/hash.hpp"
#include "crypto/types.hpp"

namespace p11::crypto {

// Big-endian unsigned integers, as Cryptoki's CKA_MODULUS etc. carry them.
struct rsa_public_components {
    bytes modulus;
    bytes public_exponent;
};
struct rsa_private_components {
    bytes modulus;
    bytes public_exponent;
    secure_bytes private_exponent;
    secure_bytes prime1, prime2, exponent1, exponent2, coefficient;  // CRT parts; may be empty
};

struct pss_params {
    hash_alg hash;      // the message digest
    hash_alg mgf_hash;  // MGF1's hash
    std::size_t salt_length;
};
struct oaep_params {
    hash_alg hash;
    hash_alg mgf_hash;
    bytes label;  // the encoding parameter (CKZ_DATA_SPECIFIED); usually empty
};

class rsa_public_key {
public:
    virtual ~rsa_public_key() = default;
    [[nodiscard]] virtual std::size_t modulus_bits() const = 0;
    [[nodiscard]] std::size_t modulus_bytes() const { return (modulus_bits() + 7) / 8; }
    [[nodiscard]] virtual rsa_public_components components() const = 0;
    // DER SubjectPublicKeyInfo (CKA_PUBLIC_KEY_INFO).
    [[nodiscard]] virtual bytes subject_public_key_info() const = 0;

    // PKCS #1 v1.5: `digest_info` is the DER DigestInfo (or, for CKM_RSA_PKCS,
    // whatever the caller gave, at most k-11 bytes: invalid_input beyond).
    // A signature that is not exactly k bytes is bad_signature.
    [[nodiscard]] virtual status verify_pkcs1(bytes_view digest_info, bytes_view signature) const = 0;
    // The salt must be exactly p.salt_length bytes; `digest` must have the
    // length of p.hash (invalid_input otherwise).
    [[nodiscard]] virtual status verify_pss(bytes_view digest, bytes_view signature, const pss_params& p) const = 0;
    [[nodiscard]] virtual status encrypt_pkcs1(bytes_view data, bytes& out) const = 0;
    // A backend may support OAEP only with mgf_hash == hash and then returns
    // unsupported for other pairs; unsupported also when 2 * hLen + 2 > k.
    [[nodiscard]] virtual status encrypt_oaep(bytes_view data, const oaep_params& p, bytes& out) const = 0;
    // Raw m^e mod n (CKM_RSA_X_509) on a big-endian block of at most k bytes
    // (a shorter one is left-padded with zeros); invalid_input unless m < n.
    [[nodiscard]] virtual status public_raw(bytes_view block, bytes& out) const = 0;
    // Signature recovery for CKM_RSA_PKCS / CKM_RSA_X_509 verify-recover.
    [[nodiscard]] virtual status recover_pkcs1(bytes_view signature, bytes& data) const = 0;
};

class rsa_private_key {
public:
    virtual ~rsa_private_key() = default;
    [[nodiscard]] virtual std::size_t modulus_bits() const = 0;
    [[nodiscard]] std::size_t modulus_bytes() const { return (modulus_bits() + 7) / 8; }
    [[nodiscard]] virtual rsa_private_components components() const = 0;
    [[nodiscard]] virtual std::unique_ptr<rsa_public_key> public_key() const = 0;

    // out is resized to modulus_bytes().
    [[nodiscard]] virtual status sign_pkcs1(bytes_view digest_info, bytes& out) const = 0;
    // Any salt length up to emLen - hLen - 2 (unsupported beyond); the MGF1
    // hash is independent of the message hash.
    [[nodiscard]] virtual status sign_pss(bytes_view digest, const pss_params& p, bytes& out) const = 0;
    // Constant-time unpadding: a padding failure is decrypt_failed, with no
    // timing or error difference between the ways it can fail.  A ciphertext
    // that is not k bytes is invalid_input (nothing secret in that).
    [[nodiscard]] virtual status decrypt_pkcs1(bytes_view ciphertext, secure_bytes& out) const = 0;
    [[nodiscard]] virtual status decrypt_oaep(bytes_view ciphertext, const oaep_params& p, secure_bytes& out) const = 0;
    // Raw c^d mod n (CKM_RSA_X_509), with blinding; input as for public_raw.
    [[nodiscard]] virtual status private_raw(bytes_view block, secure_bytes& out) const = 0;
};

// Generates a key of `bits` (even, 1024..4096) with the given public exponent
// (big-endian, odd, at least 3, below 2^31; empty means 65537); nullptr for
// anything else.
[[nodiscard]] std::unique_ptr<rsa_private_key> generate_rsa(std::size_t bits, bytes_view public_exponent);
// nullptr when the components do not form a valid key.
[[nodiscard]] std::unique_ptr<rsa_private_key> load_rsa_private(const rsa_private_components& c);
[[nodiscard]] std::unique_ptr<rsa_public_key> load_rsa_public(const rsa_public_components& c);

} // namespace p11::crypto
