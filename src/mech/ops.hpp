// Operation factories of the mechanisms computed on the host, one family per
// file (ops_digest.cpp, ops_mac.cpp, ops_aes.cpp, ops_des3.cpp, ops_rsa.cpp,
// ops_ecdsa.cpp, ops_eddsa.cpp): all of the software token's, and a card token's public-key and session-key
// halves.  Each checks its mechanism's parameter and the key's material and
// returns the CKR the spec gives for a bad one.
#pragma once

#include <functional>
#include <memory>

#include "crypto/aes.hpp"
#include "mech/iv_generator.hpp"
#include "p11/provider/token.hpp"

namespace p11::mech::ops {

using provider::mechanism_view;
using provider::object;
template <class T>
using made = result<std::unique_ptr<T>>;
// Verifies the user PIN again for keys with CKA_ALWAYS_AUTHENTICATE.
using pin_check = std::function<result<void>(bytes_view)>;

made<provider::digest_operation> digest(const mechanism_view& m);

made<provider::sign_operation> mac_sign(const mechanism_view& m, const object& key);
made<provider::verify_operation> mac_verify(const mechanism_view& m, const object& key);

made<provider::cipher_operation> aes_cipher(const mechanism_view& m, const object& key, crypto::direction d);
// CKM_DES3_ECB, _CBC, _CBC_PAD on CKK_DES2 and CKK_DES3 keys.
made<provider::cipher_operation> des3_cipher(const mechanism_view& m, const object& key, crypto::direction d);
// A streaming cipher of the crypto layer as C_Encrypt*/C_Decrypt* use it.
std::unique_ptr<provider::cipher_operation> stream_cipher(std::unique_ptr<crypto::cipher> c, crypto::direction d);
// CKM_CHACHA20_POLY1305 (ops_chacha.cpp): single- and multi-part, and
// through the message-based functions.
made<provider::cipher_operation> chacha20_poly1305(const mechanism_view& m, const object& key, crypto::direction d);
made<provider::message_cipher_operation> chacha20_poly1305_message(const mechanism_view& m, const object& key,
                                                                   crypto::direction d);
// CKM_AES_GCM through the 3.0 message-based functions (ops_aes_message.cpp);
// `counter` serves CKG_GENERATE_COUNTER and CKG_GENERATE for this key.
made<provider::message_cipher_operation> aes_gcm_message(const mechanism_view& m, const object& key,
                                                         crypto::direction d, counter_source counter);

made<provider::cipher_operation> rsa_cipher(const mechanism_view& m, const object& key, crypto::direction d,
                                            pin_check verify_pin);
made<provider::sign_operation> rsa_sign(const mechanism_view& m, const object& key, pin_check verify_pin);
made<provider::verify_operation> rsa_verify(const mechanism_view& m, const object& key);

made<provider::sign_operation> ecdsa_sign(const mechanism_view& m, const object& key, pin_check verify_pin);
made<provider::verify_operation> ecdsa_verify(const mechanism_view& m, const object& key);

made<provider::sign_operation> eddsa_sign(const mechanism_view& m, const object& key, pin_check verify_pin);
made<provider::verify_operation> eddsa_verify(const mechanism_view& m, const object& key);

} // namespace p11::mech::ops
