// Step e), signing: the mechanism is the best the token lists — SHA-256 with
// the signature where offered, else the bare signature over a hash the
// application makes (for RSA wrapped in a DigestInfo, as PKCS #1 wants) —
// and the signature is verified with the certificate's public key object.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "common/outcome.hpp"
#include "common/token_certificates.hpp"

namespace example::signing {

using p11::mechanism_type;

inline bool offered(const p11::client::module& m, p11::client::slot_id slot, mechanism_type t) {
    return m.mechanism(slot, t).has_value();
}

struct plan {
    mechanism_type mechanism;
    bool hash_first = false;   // the token signs a hash we made
    bool digest_info = false;  // ... wrapped in a SHA-256 DigestInfo (RSA)
};

// bare_only: as if the token listed no hashing signature (a 2.11-era card), to try that path anywhere.
inline std::optional<plan> choose(const p11::client::module& m, p11::client::slot_id slot, p11::key_type kt,
                                  bool bare_only) {
    const bool rsa = kt == p11::key_type::rsa;
    const auto combined = rsa ? mechanism_type::sha256_rsa_pkcs : mechanism_type::ecdsa_sha256;
    const auto bare = rsa ? mechanism_type::rsa_pkcs : mechanism_type::ecdsa;
    if (!bare_only && offered(m, slot, combined)) return plan{combined};
    if (offered(m, slot, bare)) return plan{bare, true, rsa};
    return std::nullopt;
}

// The bytes the token signs under `p`: the message, or its DigestInfo/hash.
inline p11::result<std::vector<std::uint8_t>> to_be_signed(const p11::client::session& s, const plan& p,
                                                          p11::bytes_view message) {
    if (!p.hash_first) return std::vector<std::uint8_t>(message.begin(), message.end());
    // The hash comes from the token's C_Digest: these examples carry no hash of their own.
    auto hash = s.digest(mechanism_type::sha256, message);
    if (!hash || !p.digest_info) return hash;
    std::vector<std::uint8_t> info{0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
                                   0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
    info.insert(info.end(), hash->begin(), hash->end());
    return info;
}

struct request {
    bool bare_only = false;
    std::vector<std::uint8_t>* signature_out = nullptr;  // the signature, for a relying party's own check
};

inline outcome sign_and_verify(const p11::client::module& m, const inventory::held_certificate& c,
                               p11::bytes_view message, const request& r) {
    const std::string& pin = c.where->pin;
    using namespace p11;
    const auto& s = c.where->session;
    if (!c.key_type || (*c.key_type != key_type::rsa && *c.key_type != key_type::ec))
        return {outcome::skipped, "the key is neither RSA nor EC"};
    auto p = choose(m, c.where->slot, *c.key_type, r.bare_only);
    if (!p) return {outcome::skipped, "the token lists no signature mechanism for this key type"};
    auto data = to_be_signed(s, *p, message);
    if (!data) return {outcome::failed, std::string("C_Digest: ") + to_string(data.code()).data()};
    const std::string mech = std::string(to_string(p->mechanism)) + (p->digest_info ? " over a DigestInfo" : "");
    auto signature = s.sign(*c.private_key, p->mechanism, *data, [&](client::object_handle) {
        std::printf("  the key asks for the PIN again (CKA_ALWAYS_AUTHENTICATE)\n");
        return std::optional<std::string>(pin);
    });
    if (!signature) return {outcome::failed, mech + ": " + to_string(signature.code()).data()};
    std::printf("  signed with %s: %zu-byte signature\n", mech.c_str(), signature->size());
    if (r.signature_out) *r.signature_out = *signature;
    if (!c.public_key) return {outcome::ok, mech + ", signed; not verified: no public key object with the CKA_ID"};
    auto valid = s.verify(*c.public_key, p->mechanism, *data, *signature);
    if (!valid) return {outcome::failed, mech + ": C_Verify: " + to_string(valid.code()).data()};
    if (!*valid) return {outcome::failed, mech + ": the signature does not verify"};
    (*signature)[0] ^= 1;
    auto tampered = s.verify(*c.public_key, p->mechanism, *data, *signature);
    if (tampered && *tampered) return {outcome::failed, mech + ": a tampered signature was not rejected"};
    // Refused all the same, with another code than CKR_SIGNATURE_INVALID: OpenSC 0.23 answers
    // CKR_GENERAL_ERROR for a CKM_RSA_PKCS signature that does not unpad.  Shown, not failed.
    const std::string how = tampered ? "" : std::string(" (C_Verify: ") + to_string(tampered.code()).data() + ")";
    return {outcome::ok, mech + ", verified on the token; a tampered signature rejected" + how};
}

} // namespace example::signing
