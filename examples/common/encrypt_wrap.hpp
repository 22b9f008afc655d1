// Step e), encryption: a message encrypted to the certificate's key and
// decrypted by its private key on the token, then an AES key wrapped and
// unwrapped the same way.  The RSA scheme is the best the token lists for
// decryption: OAEP with SHA-256, else OAEP with SHA-1 (SoftHSMv2 2.6 has no
// other), else PKCS #1 v1.5 (a 2.11-era card).  Without a public key object
// on the token, or when the token will not encrypt or wrap with it (OpenSC
// 0.23 lists CKM_RSA_PKCS_OAEP with CKF_DECRYPT only for PIV cards), the
// application encrypts and wraps on the host with the certificate, as a
// sender who holds only the recipient's certificate does.
#pragma once

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "common/outcome.hpp"
#include "common/relying_party.hpp"
#include "common/token_certificates.hpp"
#include "p11/client/mechanism.hpp"

namespace example::encryption {

struct outcomes {
    outcome encrypt_decrypt, wrap_unwrap;
};

struct scheme {
    const char* name;
    host::rsa_padding padding;

    p11::mechanism mechanism() const {
        using p11::mechanism_type;
        switch (padding) {
        case host::rsa_padding::oaep_sha256: return p11::mech::rsa_pkcs_oaep(mechanism_type::sha256);
        case host::rsa_padding::oaep_sha1: return p11::mech::rsa_pkcs_oaep(mechanism_type::sha_1);
        case host::rsa_padding::pkcs1_v15: break;
        }
        return mechanism_type::rsa_pkcs;
    }
};

// What the token lists for decryption, best first.
inline std::vector<scheme> schemes(const p11::client::module& m, p11::client::slot_id slot) {
    using p11::mechanism_type;
    const auto decrypts = [&](mechanism_type t) {
        auto info = m.mechanism(slot, t);
        return info && p11::has(info->flags, p11::mechanism_flags::decrypt);
    };
    std::vector<scheme> out;
    if (decrypts(mechanism_type::rsa_pkcs_oaep)) {
        out.push_back({"RSA-OAEP with SHA-256", host::rsa_padding::oaep_sha256});
        out.push_back({"RSA-OAEP with SHA-1", host::rsa_padding::oaep_sha1});
    }
    if (decrypts(mechanism_type::rsa_pkcs)) out.push_back({"RSA PKCS #1 v1.5", host::rsa_padding::pkcs1_v15});
    return out;
}

// Refusals that say "not this scheme" (try the next), not "this went wrong".
// The spec's answer to an OAEP hash the token lacks is CKR_MECHANISM_PARAM_INVALID;
// SoftHSMv2 2.6 answers CKR_ARGUMENTS_BAD to any hash but SHA-1, so that counts too.
inline bool scheme_refused(p11::rv code) {
    return code == p11::rv::mechanism_invalid || code == p11::rv::mechanism_param_invalid || code == p11::rv::arguments_bad ||
           code == p11::rv::key_type_inconsistent || code == p11::rv::key_function_not_permitted;
}

inline std::string failure(const char* call, const p11::error& e) { return std::string(call) + ": " + to_string(e.code()).data(); }

struct sealed {
    std::vector<std::uint8_t> ciphertext;
    const char* where;
};

// Encrypts `message` to the certificate: on the token with its public key
// object when it will, else on the host.
inline p11::result<sealed> encrypt_to(const inventory::held_certificate& c, const scheme& sc, p11::bytes_view message) {
    if (c.public_key) {
        auto on_token = c.where->session.encrypt(*c.public_key, sc.mechanism(), message);
        if (on_token) return sealed{std::move(*on_token), "encrypted on the token"};
        if (!scheme_refused(on_token.code())) return on_token.error_value();
    }
    auto on_host = host::encrypt_to(c.value, sc.padding, message);
    if (!on_host) return p11::error(p11::rv::mechanism_invalid);
    return sealed{std::move(*on_host), "encrypted on the host to the certificate"};
}

// The first scheme whose round trip works; nullopt and the outcome when none does.
inline std::optional<scheme> encrypt_and_decrypt(const inventory::held_certificate& c, p11::bytes_view message,
                                                 const std::vector<scheme>& offered, outcome& result) {
    using namespace p11;
    const std::string& pin = c.where->pin;
    result = {outcome::skipped, "the token lists no RSA decryption mechanism"};
    for (const auto& sc : offered) {
        auto ciphertext = encrypt_to(c, sc, message);
        if (!ciphertext && scheme_refused(ciphertext.code())) continue;
        if (!ciphertext) return result = {outcome::failed, failure("C_Encrypt", ciphertext.error_value())}, std::nullopt;
        auto plaintext = c.where->session.decrypt(*c.private_key, sc.mechanism(), ciphertext->ciphertext,
                                                  [&](client::object_handle) { return std::optional<std::string>(pin); });
        if (!plaintext && scheme_refused(plaintext.code())) {
            result = {outcome::skipped, std::string(sc.name) + ": " + failure("C_Decrypt", plaintext.error_value())};
            continue;
        }
        if (!plaintext) return result = {outcome::failed, failure("C_Decrypt", plaintext.error_value())}, std::nullopt;
        if (!std::equal(plaintext->begin(), plaintext->end(), message.begin(), message.end()))
            return result = {outcome::failed, std::string(sc.name) + ": the decrypted message differs"}, std::nullopt;
        result = {outcome::ok, std::string(sc.name) + ", " + ciphertext->where + ", decrypted unchanged"};
        return sc;
    }
    return std::nullopt;
}

// The sender's side on the host: a fresh AES key wrapped to the certificate; the token unwraps it.
inline outcome wrap_on_host(const inventory::held_certificate& c, const scheme& sc) {
    using namespace p11;
    const auto& s = c.where->session;
    const auto key = host::random_bytes(32);
    auto wrapped = host::encrypt_to(c.value, sc.padding, key);
    if (key.empty()) return {outcome::failed, "the host could not make a key to wrap"};
    // A scheme the host's library lacks (wine 8's CNG: no OAEP) is not this one: the next is tried.
    if (!wrapped) return {outcome::skipped, std::string("the host cannot wrap a key to the certificate with ") + sc.name};
    auto unwrapped = s.unwrap(sc.mechanism(), *c.private_key, *wrapped,
                              {attr::cls = object_class::secret_key, attr::key_type = key_type::aes, attr::token = false,
                               attr::encrypt = true});
    if (!unwrapped && scheme_refused(unwrapped.code()))
        return {outcome::skipped, "the token does not unwrap with this key: " + failure("C_UnwrapKey", unwrapped.error_value())};
    if (!unwrapped) return {outcome::failed, failure("C_UnwrapKey", unwrapped.error_value())};
    const std::vector<std::uint8_t> block(16, 0x5e);
    auto sealed = s.encrypt(*unwrapped, mechanism_type::aes_ecb, block);
    if (!sealed) return {outcome::skipped, "unwrapped, but the token cannot use the key to show it is the same: " +
                                               failure("C_Encrypt", sealed.error_value())};
    if (host::aes256_block(key, *sealed, false) != block) return {outcome::failed, "the unwrapped key is not the wrapped one"};
    return {outcome::ok, std::string("an AES-256 key wrapped on the host with ") + sc.name + ", unwrapped on the token: the same key"};
}

// The token makes an AES key, wraps it with the public key object and unwraps it with the private key.
inline outcome wrap_on_token(const inventory::held_certificate& c, const scheme& sc, p11::client::object_handle aes) {
    using namespace p11;
    const auto& s = c.where->session;
    auto wrapped = s.wrap(sc.mechanism(), *c.public_key, aes);
    if (!wrapped && scheme_refused(wrapped.code())) return wrap_on_host(c, sc);
    if (!wrapped) return {outcome::failed, failure("C_WrapKey", wrapped.error_value())};
    auto unwrapped = s.unwrap(sc.mechanism(), *c.private_key, *wrapped,
                              {attr::cls = object_class::secret_key, attr::key_type = key_type::aes, attr::token = false,
                               attr::decrypt = true});
    if (!unwrapped) return {outcome::failed, failure("C_UnwrapKey", unwrapped.error_value())};
    // The same key: what one encrypts, the other decrypts.
    const std::vector<std::uint8_t> block(16, 0x5e);
    auto sealed = s.encrypt(aes, mechanism_type::aes_ecb, block);
    auto opened = sealed ? s.decrypt(*unwrapped, mechanism_type::aes_ecb, *sealed) : sealed;
    if (!opened || *opened != block) return {outcome::failed, "the unwrapped key is not the wrapped one"};
    return {outcome::ok, std::string("an AES-256 key wrapped with ") + sc.name + " and unwrapped: the same key"};
}

inline outcomes run(const p11::client::module& m, const inventory::held_certificate& c, p11::bytes_view message) {
    using namespace p11;
    if (!c.key_type || *c.key_type != key_type::rsa) {
        const outcome none{outcome::skipped, "the key is not RSA: it cannot decrypt"};
        return {none, none};
    }
    outcomes out;
    const auto offered = schemes(m, c.where->slot);
    auto sc = encrypt_and_decrypt(c, message, offered, out.encrypt_decrypt);
    if (!sc) {
        out.wrap_unwrap = {outcome::skipped, "no RSA scheme round-trips with this key"};
        return out;
    }
    if (c.public_key) {
        auto aes = c.where->session.generate_key(mechanism_type::aes_key_gen,
                                                 {attr::token = false, attr::value_len = 32, attr::extractable = true,
                                                  attr::encrypt = true});
        if (aes) return out.wrap_unwrap = wrap_on_token(c, *sc, *aes), out;
    }
    // A token may unwrap with fewer schemes than it decrypts with (OpenSC 0.23: CKM_RSA_PKCS only).
    for (auto it = std::find_if(offered.begin(), offered.end(), [&](const scheme& o) { return o.padding == sc->padding; });
         it != offered.end(); ++it) {
        out.wrap_unwrap = wrap_on_host(c, *it);
        if (out.wrap_unwrap.state != outcome::skipped) break;
    }
    return out;
}

} // namespace example::encryption
