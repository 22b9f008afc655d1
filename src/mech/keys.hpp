// Key material of objects, parsed once per object snapshot (object::prepared)
// and shared by every operation and thread that uses the key.
#pragma once

#include <memory>
#include <optional>

#include "crypto/aes.hpp"
#include "crypto/chacha.hpp"
#include "crypto/des3.hpp"
#include "crypto/ec.hpp"
#include "crypto/ecx.hpp"
#include "crypto/hash.hpp"
#include "crypto/rsa.hpp"
#include "p11/provider/object.hpp"
#include "p11/result.hpp"

namespace p11::mech {

// nullptr when the object is not such a key or its material is unusable.
[[nodiscard]] std::shared_ptr<const crypto::rsa_private_key> rsa_private_of(const provider::object& key);
[[nodiscard]] std::shared_ptr<const crypto::rsa_public_key> rsa_public_of(const provider::object& key);
[[nodiscard]] std::shared_ptr<const crypto::ec_private_key> ec_private_of(const provider::object& key);
[[nodiscard]] std::shared_ptr<const crypto::ec_public_key> ec_public_of(const provider::object& key);
// CKK_EC_EDWARDS and CKK_EC_MONTGOMERY keys (3.0).
[[nodiscard]] std::shared_ptr<const crypto::ecx_private_key> ecx_private_of(const provider::object& key);
[[nodiscard]] std::shared_ptr<const crypto::ecx_public_key> ecx_public_of(const provider::object& key);
// The curve of such a key's CKA_EC_PARAMS when it fits the key type (an
// Edwards curve for CKK_EC_EDWARDS ...), else nullopt.
[[nodiscard]] std::optional<crypto::ecx_curve> ecx_curve_of(key_type kt, bytes_view ec_params);

// An AES secret key, prepared once per snapshot; any other secret key (or an
// object whose class says otherwise) gets a key of its own per call.
// nullptr when CKA_VALUE is absent or not 16, 24 or 32 bytes.
[[nodiscard]] crypto::aes_key_ptr aes_key_of(const provider::object& key);

// A CKK_CHACHA20 key, prepared once per snapshot as aes_key_of; nullptr when
// CKA_VALUE is not 32 bytes or the backend has no ChaCha20.
[[nodiscard]] crypto::chacha20_key_ptr chacha20_key_of(const provider::object& key);

// A CKK_DES2 or CKK_DES3 key, prepared once per snapshot; nullptr for
// another object, a CKA_VALUE not 16 or 24 bytes, or a backend without TDEA.
[[nodiscard]] crypto::des3_key_ptr des3_key_of(const provider::object& key);
[[nodiscard]] bool is_des_key(const provider::object& key);

// A secret key's MAC key for HMAC with `hmac`, or CMAC (nullopt: TDEA-CMAC
// for a DES2/DES3 key, AES-CMAC for any other), prepared once per snapshot;
// nullptr when CMAC's key has the wrong length.
[[nodiscard]] crypto::mac_key_ptr mac_key_of(const provider::object& key, std::optional<crypto::hash_alg> hmac);

// CKA_VALUE of a secret key (empty when absent).
[[nodiscard]] bytes_view secret_value_of(const provider::object& key);

} // namespace p11::mech
