// A small PKI made on a token through PKCS#11 alone: a CA, a signing, an
// encryption and an expired certificate.  Every key pair is generated on the
// token and every certificate is signed by the token's CA key (C_Sign), so
// the demo's token looks like a user's card: certificates with their keys,
// tied by CKA_ID.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/signature_plan.hpp"
#include "common/x509_builder.hpp"
#include "p11/client/session.hpp"
#include "p11/constants/certificate_type.hpp"

namespace example::pki {

using namespace std::chrono_literals;

struct issued {
    std::string label;
    p11::client::object_handle certificate = 0, public_key = 0, private_key = 0;
};

struct member {
    const char* label;
    std::uint8_t id;
    std::uint8_t key_usage;
    bool signs, decrypts;
    std::chrono::hours valid_from, valid_until;  // relative to now
};

// The CA first: it signs the others (and, like many CAs, may sign data, so
// the demo has two signing certificates to choose from).  The expired one could
// sign; only its validity period rules it out.
inline const member members[] = {
    {"demo CA", 0xca, x509::digital_signature | x509::key_cert_sign | x509::crl_sign, true, false, -24h * 365 * 3, 24h * 365 * 5},
    {"demo signing", 0x01, x509::digital_signature | x509::non_repudiation, true, false, -1h, 24h * 365},
    {"demo encryption", 0x02, x509::key_encipherment | x509::data_encipherment, false, true, -1h, 24h * 365},
    {"demo expired", 0x03, x509::digital_signature, true, false, -24h * 365 * 2, -24h * 365},
};

inline p11::result<p11::client::session::key_pair> generate(const p11::client::session& s, const member& m) {
    using namespace p11;
    const std::vector<byte> id{m.id};
    const auto idv = std::span<const byte>(id);
    const std::string label = m.label;
    return s.generate_key_pair(mechanism_type::rsa_pkcs_key_pair_gen,
                               {attr::token = true, attr::modulus_bits = 2048, attr::verify = m.signs,
                                attr::encrypt = m.decrypts, attr::wrap = m.decrypts, attr::id = idv, attr::label = label},
                               {attr::token = true, attr::private_ = true, attr::sensitive = true,
                                attr::sign = m.signs, attr::decrypt = m.decrypts, attr::unwrap = m.decrypts,
                                attr::id = idv, attr::label = label});
}

inline p11::result<x509::bytes> public_key_info(const p11::client::session& s, p11::client::object_handle pub) {
    // Built from modulus and exponent: CKA_PUBLIC_KEY_INFO is 2.40 and not every module fills it.
    auto n = s.get(pub, p11::attr::modulus);
    if (!n) return n.error_value();
    auto e = s.get(pub, p11::attr::public_exponent);
    if (!e) return e.error_value();
    return x509::rsa_public_key_info(*n, *e);
}

// Makes the PKI on a logged-in read/write session; the first error ends it.
// The CA signs with the best mechanism the token lists (signature_plan.hpp):
// on a 2.11 token that is CKM_RSA_PKCS over a SHA-256 DigestInfo made here.
inline p11::result<std::vector<issued>> make(const p11::client::module& module, const p11::client::session& s,
                                             p11::client::slot_id slot, std::string_view organisation) {
    using namespace p11;
    const auto plan = signing::choose(module, slot, key_type::rsa);
    if (!plan) return error(rv::mechanism_invalid);
    const auto now = std::chrono::system_clock::now();
    std::vector<issued> out;
    x509::bytes ca_name;
    client::object_handle ca_key = 0;
    std::optional<error> sign_error;
    const auto ca_sign = [&](x509::bytes_view tbs) -> std::optional<x509::bytes> {
        auto sig = s.sign(ca_key, plan->mechanism, plan->to_be_signed(tbs));
        if (!sig) {
            sign_error = sig.error_value();
            return std::nullopt;
        }
        return std::move(*sig);
    };
    std::uint64_t serial = 1;
    for (const auto& m : members) {
        auto keys = generate(s, m);
        if (!keys) return keys.error_value();
        auto spki = public_key_info(s, keys->public_key);
        if (!spki) return spki.error_value();
        x509::request r;
        r.serial = serial++;
        r.subject = x509::name(m.label, organisation);
        if (out.empty()) {
            ca_name = r.subject;
            ca_key = keys->private_key;
            r.ca = true;
        }
        r.issuer = ca_name;
        r.not_before = now + m.valid_from;
        r.not_after = now + m.valid_until;
        r.public_key_info = std::move(*spki);
        r.key_usage = m.key_usage;
        r.signature_hash = plan->hash;
        auto der = x509::certificate(r, ca_sign);
        if (!der) return *sign_error;
        const std::vector<byte> id{m.id};
        const x509::bytes serial_der = der_out::small_integer(r.serial);
        const std::string label = m.label;
        auto cert = s.create({attr::cls = object_class::certificate, attr::certificate_type = static_cast<ck_ulong>(certificate_type::x_509),
                              attr::token = true, attr::value = std::span<const byte>(*der),
                              attr::subject = std::span<const byte>(r.subject),
                              attr::issuer = std::span<const byte>(r.issuer),
                              attr::serial_number = std::span<const byte>(serial_der),
                              attr::id = std::span<const byte>(id), attr::label = label});
        if (!cert) return cert.error_value();
        out.push_back({label, *cert, keys->public_key, keys->private_key});
    }
    return out;
}

} // namespace example::pki
