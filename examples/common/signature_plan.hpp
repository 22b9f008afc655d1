// Which signature mechanism an application uses with a key: the first of its
// preferences that the token lists for signing.  A token of the seed's era
// (Cryptoki 2.11) lists no SHA-2 signature at all; the application then
// hashes on the host and has the token sign only — wrapped in a DigestInfo
// for RSA, as PKCS #1 v1.5 wants.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/relying_party.hpp"
#include "p11/client/module.hpp"

namespace example::signing {

using p11::mechanism_type;

struct plan {
    mechanism_type mechanism;
    host::hash hash;           // what the signature covers, whoever computes it
    bool host_hashes = false;  // the token signs a hash the application made
    bool digest_info = false;  // ... wrapped in a DigestInfo (RSA)

    std::string describe() const {
        std::string d = to_string(mechanism).data();
        if (host_hashes) d += std::string(" over a ") + host::name(hash) + (digest_info ? " DigestInfo" : " hash") + " made on the host";
        return d;
    }
    // The bytes the token signs: the message, or its hash/DigestInfo.
    host::bytes to_be_signed(host::bytes_view message) const {
        if (!host_hashes) return {message.begin(), message.end()};
        return digest_info ? host::digest_info(hash, message) : host::digest(hash, message);
    }
};

// The preferences, best first.  A bare mechanism over the application's own
// SHA-256 ranks above a token's SHA-1: SHA-1 no longer resists collisions
// (SHAttered, 2017), and the hash is the application's choice to make.
inline std::vector<plan> preferences(p11::key_type kt) {
    using enum mechanism_type;
    using h = host::hash;
    if (kt == p11::key_type::rsa)
        return {{sha256_rsa_pkcs, h::sha256}, {sha384_rsa_pkcs, h::sha384}, {sha512_rsa_pkcs, h::sha512},
                {rsa_pkcs, h::sha256, true, true}, {sha1_rsa_pkcs, h::sha1}};
    if (kt == p11::key_type::ec)
        return {{ecdsa_sha256, h::sha256}, {ecdsa_sha384, h::sha384}, {ecdsa_sha512, h::sha512},
                {ecdsa, h::sha256, true, false}, {ecdsa_sha1, h::sha1}};
    return {};
}

// bare_only: as if the token listed no hashing signature (a 2.11-era card), to try that path anywhere.
inline std::optional<plan> choose(const p11::client::module& m, p11::client::slot_id slot, p11::key_type kt,
                                  bool bare_only = false) {
    for (const auto& p : preferences(kt)) {
        if (bare_only && !p.host_hashes) continue;
        auto info = m.mechanism(slot, p.mechanism);
        if (info && p11::has(info->flags, p11::mechanism_flags::sign)) return p;
    }
    return std::nullopt;
}

} // namespace example::signing
