// Step e), signing: the mechanism is the best the token lists
// (signature_plan.hpp), and the signature is verified twice: by the token
// with the public key object beside the certificate, and on the host
// against the certificate itself, as a relying party who has only the
// certificate would.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "common/outcome.hpp"
#include "common/relying_party.hpp"
#include "common/signature_plan.hpp"
#include "common/token_certificates.hpp"

namespace example::signing {

struct request {
    bool bare_only = false;
    std::vector<std::uint8_t>* signature_out = nullptr;  // the signature, for a relying party's own check
};

// On the host, with the certificate: the signature, then the same with one bit flipped.
inline outcome verify_on_host(const inventory::held_certificate& c, const plan& p, p11::bytes_view message,
                              std::vector<std::uint8_t> signature, const std::string& mech, bool also_on_token) {
    if (signature.empty()) return {outcome::failed, mech + ": the token gave an empty signature"};
    if (!host::verifies(c.value, p.hash, message, signature))
        return {outcome::failed, mech + ": the signature does not verify against the certificate"};
    signature[signature.size() / 2] ^= 1;
    if (host::verifies(c.value, p.hash, message, signature))
        return {outcome::failed, mech + ": the certificate's key accepts a tampered signature"};
    std::printf("  verified on the host against the certificate (%s, %s)\n", host::library, host::name(p.hash));
    return {outcome::ok, mech + (also_on_token ? ", verified on the token and on the host against the certificate"
                                               : ", verified on the host against the certificate (no public key object)")};
}

inline outcome sign_and_verify(const p11::client::module& m, const inventory::held_certificate& c,
                               p11::bytes_view message, const request& r) {
    const std::string& pin = c.where->pin;
    using namespace p11;
    const auto& s = c.where->session;
    if (!c.key_type || (*c.key_type != key_type::rsa && *c.key_type != key_type::ec))
        return {outcome::skipped, "the key is neither RSA nor EC"};
    auto p = choose(m, c.where->slot, *c.key_type, r.bare_only);
    if (!p) return {outcome::skipped, "the token lists no signature mechanism for this key type"};
    const auto data = p->to_be_signed(message);
    if (data.empty()) return {outcome::failed, std::string("the host cannot compute ") + host::name(p->hash)};
    const std::string mech = p->describe();
    auto signature = s.sign(*c.private_key, p->mechanism, data, [&](client::object_handle) {
        std::printf("  the key asks for the PIN again (CKA_ALWAYS_AUTHENTICATE)\n");
        return std::optional<std::string>(pin);
    });
    if (!signature) return {outcome::failed, mech + ": " + to_string(signature.code()).data()};
    std::printf("  signed with %s: %zu-byte signature\n", mech.c_str(), signature->size());
    if (r.signature_out) *r.signature_out = *signature;
    if (c.public_key) {
        auto valid = s.verify(*c.public_key, p->mechanism, data, *signature);
        if (!valid) return {outcome::failed, mech + ": C_Verify: " + to_string(valid.code()).data()};
        if (!*valid) return {outcome::failed, mech + ": the signature does not verify on the token"};
        auto tampered = *signature;
        tampered[0] ^= 1;
        auto rejected = s.verify(*c.public_key, p->mechanism, data, tampered);
        if (rejected && *rejected) return {outcome::failed, mech + ": the token did not reject a tampered signature"};
        // Refused all the same, with another code than CKR_SIGNATURE_INVALID: OpenSC 0.23 answers
        // CKR_GENERAL_ERROR for a CKM_RSA_PKCS signature that does not unpad.  Shown, not failed.
        if (!rejected) std::printf("  the token refused a tampered signature with %s\n", to_string(rejected.code()).data());
    }
    return verify_on_host(c, *p, message, std::move(*signature), mech, c.public_key.has_value());
}

} // namespace example::signing
