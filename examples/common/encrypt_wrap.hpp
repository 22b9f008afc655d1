// Step e), encryption: a message encrypted to the certificate's public key
// and decrypted by its private key, then an AES key wrapped and unwrapped
// the same way (RSA-OAEP, SHA-256 where the token takes it, else SHA-1).
// A token that decrypts but does not encrypt or wrap with the public key
// (OpenSC 0.23's PIV cards list CKM_RSA_PKCS_OAEP with CKF_DECRYPT only)
// leaves these steps skipped, with the reason: the ciphertext would have to
// come from elsewhere, which is the token's lot, not a failure.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "common/outcome.hpp"
#include "common/token_certificates.hpp"
#include "p11/client/mechanism.hpp"

namespace example::encryption {

struct outcomes {
    outcome encrypt_decrypt, wrap_unwrap;
};

inline outcomes run(const p11::client::module& m, const inventory::held_certificate& c, p11::bytes_view message) {
    const std::string& pin = c.where->pin;
    using namespace p11;
    const auto& s = c.where->session;
    if (!c.public_key) {
        const outcome none{outcome::skipped, "no public key object with the certificate's CKA_ID"};
        return {none, none};
    }
    const auto listed = m.mechanism(c.where->slot, mechanism_type::rsa_pkcs_oaep);
    if (!listed) {
        const outcome none{outcome::skipped, "the token lists no CKM_RSA_PKCS_OAEP"};
        return {none, none};
    }
    const outcome no_wrap{outcome::skipped, "CKM_RSA_PKCS_OAEP without CKF_WRAP: the token does not wrap with the public key"};
    const bool wraps = has(listed->flags, mechanism_flags::wrap);
    if (!has(listed->flags, mechanism_flags::encrypt))
        return {{outcome::skipped, "CKM_RSA_PKCS_OAEP without CKF_ENCRYPT: the token does not encrypt with the public key"},
                wraps ? outcome{outcome::skipped, "nothing encrypted (see encrypt/decrypt)"} : no_wrap};
    outcomes out;
    auto oaep = mech::rsa_pkcs_oaep(mechanism_type::sha256);
    auto ciphertext = s.encrypt(*c.public_key, oaep, message);
    std::string hash = "SHA-256";
    if (!ciphertext) {
        // Some tokens do OAEP with SHA-1 only (SoftHSMv2 2.6).
        oaep = mech::rsa_pkcs_oaep(mechanism_type::sha_1);
        hash = "SHA-1";
        ciphertext = s.encrypt(*c.public_key, oaep, message);
    }
    if (!ciphertext) {
        const std::string why = std::string("C_Encrypt (RSA-OAEP): ") + to_string(ciphertext.code()).data();
        return {{outcome::failed, why}, {outcome::skipped, "encryption failed"}};
    }
    auto plaintext = s.decrypt(*c.private_key, oaep, *ciphertext,
                               [&](client::object_handle) { return std::optional<std::string>(pin); });
    if (!plaintext) out.encrypt_decrypt = {outcome::failed, std::string("C_Decrypt: ") + to_string(plaintext.code()).data()};
    else if (!std::equal(plaintext->begin(), plaintext->end(), message.begin(), message.end()))
        out.encrypt_decrypt = {outcome::failed, "the decrypted message differs"};
    else out.encrypt_decrypt = {outcome::ok, "RSA-OAEP with " + hash + ", the message came back unchanged"};

    if (!wraps) return out.wrap_unwrap = no_wrap, out;
    auto aes = s.generate_key(mechanism_type::aes_key_gen, {attr::token = false, attr::value_len = 32,
                                                            attr::extractable = true, attr::encrypt = true});
    if (!aes) return out.wrap_unwrap = {outcome::skipped, std::string("no AES key to wrap: ") + to_string(aes.code()).data()}, out;
    auto wrapped = s.wrap(oaep, *c.public_key, *aes);
    if (!wrapped) return out.wrap_unwrap = {outcome::failed, std::string("C_WrapKey: ") + to_string(wrapped.code()).data()}, out;
    auto unwrapped = s.unwrap(oaep, *c.private_key, *wrapped,
                              {attr::cls = object_class::secret_key, attr::key_type = key_type::aes,
                               attr::token = false, attr::decrypt = true});
    if (!unwrapped) return out.wrap_unwrap = {outcome::failed, std::string("C_UnwrapKey: ") + to_string(unwrapped.code()).data()}, out;
    // The same key: what one encrypts, the other decrypts.
    const std::vector<std::uint8_t> block(16, 0x5e);
    auto sealed = s.encrypt(*aes, mechanism_type::aes_ecb, block);
    auto opened = sealed ? s.decrypt(*unwrapped, mechanism_type::aes_ecb, *sealed) : sealed;
    if (!opened || *opened != block) out.wrap_unwrap = {outcome::failed, "the unwrapped key is not the wrapped one"};
    else out.wrap_unwrap = {outcome::ok, "an AES-256 key wrapped with RSA-OAEP and unwrapped: the same key"};
    return out;
}

} // namespace example::encryption
