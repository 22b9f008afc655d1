// What this build's crypto can do on this machine, so that a token lists
// only mechanisms that work.  The mbedTLS and OpenSSL backends can do
// everything in the contract but SHA-3 and EdDSA, which mbedTLS 2.28 lacks; the CNG backend asks CNG once per process,
// because CNGs differ (wine 8's has no raw RSA, no P-521, cannot import
// P-384 private keys and gives no ECDH secret: src/crypto/README.md).
#pragma once

#include <array>

#include "crypto/ec.hpp"
#include "crypto/ecx.hpp"

namespace p11::crypto {

struct capabilities {
    // Raw RSA, and what runs on it: CKM_RSA_X_509, OAEP, v1.5 signature
    // recovery and signatures of a payload other than a DigestInfo, PSS
    // beyond what the backend's library pads itself.
    bool raw_rsa = true;
    // PSS that the library pads itself, by message hash (hash_alg order),
    // MGF1 with the same hash and a salt at least as long as the hash (the
    // CNG backend's own PSS); with raw_rsa every PSS works.
    std::array<bool, 5> native_pss{true, true, true, true, true};
    // Per curve (curve order): public keys (verification), private keys
    // (generation, loading, signing), ECDH.
    std::array<bool, 3> ec_public{true, true, true};
    std::array<bool, 3> ec_private{true, true, true};
    std::array<bool, 3> ecdh{true, true, true};
    // SHA-3 (FIPS 202) digests and all that hashes with them: OpenSSL 3 has
    // them, mbedTLS 2.28 and CNG before Windows 11 24H2 do not.
    bool sha3 = true;
    // Per Edwards / Montgomery curve (ecx_curve order: Ed25519, Ed448, X25519,
    // X448): keys, and with them EdDSA or X25519/X448.  OpenSSL 3 has all,
    // mbedTLS 2.28 the Montgomery ones only, the CNG backend none.
    std::array<bool, ecx_curve_count> ecx{true, true, true, true};
    // TDEA (des3.hpp): the CKK_DES2/DES3 mechanisms (CNG: where its 3DES
    // gives SP 800-67's known answer).
    bool des3 = true;
    // AEAD through the 3.0 message-based functions (mech/aead_message.hpp),
    // which relies on the backend's GCM encryption writing exactly
    // max_update_output() per update.  True where the module tests have
    // shown it (mbedTLS, OpenSSL); the CNG backend has not been run there.
    bool aead_messages = true;
    // ChaCha20-Poly1305 (crypto/chacha.hpp): mbedTLS and OpenSSL; CNG has none.
    bool chacha20_poly1305 = true;
};

// Asked once, then constant; safe from any thread.
[[nodiscard]] const capabilities& backend_capabilities();

} // namespace p11::crypto
