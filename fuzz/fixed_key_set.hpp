// The fixed RSA and EC keys (fixed_keys.hpp) imported into a module with
// C_CreateObject, as session objects of a session that lives for the run.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "fixed_keys.hpp"
#include "p11/abi/function_list.hpp"
#include "p11/constants/rv.hpp"
#include "test_objects.hpp"

namespace p11::fuzzing {

struct fixed_key_pair {
    abi::CK_OBJECT_HANDLE private_key = 0, public_key = 0;
};

struct fixed_key_set {
    fixed_key_pair rsa[2];                     // 1024, 2048 bits
    fixed_key_pair ec[3];                      // P-256, P-384, P-521
    std::vector<std::uint8_t> ec_raw_point[3];  // their uncompressed points, for ECDH peers
};

inline object_template rsa_template(const fixed_keys::rsa_key_hex& k, bool is_private) {
    object_template t;
    t.session_object().ulong(cka::key_type, ckk_rsa).bytes(cka::modulus, unhex(k.modulus));
    t.bytes(cka::public_exponent, unhex(k.public_exponent));
    if (!is_private) {
        t.ulong(cka::cls, cko_public_key).flag(cka::verify, true).flag(cka::encrypt, true).flag(cka::wrap, true);
        return t;
    }
    t.ulong(cka::cls, cko_private_key).flag(cka::sign, true).flag(cka::decrypt, true).flag(cka::unwrap, true);
    t.bytes(cka::private_exponent, unhex(k.private_exponent)).bytes(cka::prime_1, unhex(k.prime_1));
    t.bytes(cka::prime_2, unhex(k.prime_2)).bytes(cka::exponent_1, unhex(k.exponent_1));
    t.bytes(cka::exponent_2, unhex(k.exponent_2)).bytes(cka::coefficient, unhex(k.coefficient));
    return t;
}

// Exits (status 2) if the module refuses a key: nothing can be fuzzed then.
inline fixed_key_set import_fixed_keys(const abi::CK_FUNCTION_LIST_3_0* f, abi::CK_SESSION_HANDLE s) {
    auto create = [&](object_template& t) {
        abi::CK_OBJECT_HANDLE h = 0;
        if (const auto r = f->C_CreateObject(s, t.data(), t.size(), &h); r != 0) {
            std::fprintf(stderr, "p11forge-fuzz: the module refuses a fixed key: %s\n", to_string(static_cast<rv>(r)).data());
            std::exit(2);
        }
        return h;
    };
    fixed_key_set keys;
    const fixed_keys::rsa_key_hex* rsa_keys[] = {&fixed_keys::rsa1024, &fixed_keys::rsa2048};
    for (int i = 0; i < 2; ++i) {
        auto priv = rsa_template(*rsa_keys[i], true);
        auto pub = rsa_template(*rsa_keys[i], false);
        keys.rsa[i] = {create(priv), create(pub)};
    }
    const fixed_keys::ec_key_hex* ec_keys[] = {&fixed_keys::ec_p256, &fixed_keys::ec_p384, &fixed_keys::ec_p521};
    for (int i = 0; i < 3; ++i) {
        object_template priv, pub;
        priv.session_object().ulong(cka::cls, cko_private_key).ulong(cka::key_type, ckk_ec);
        priv.bytes(cka::ec_params, unhex(ec_keys[i]->params)).bytes(cka::value, unhex(ec_keys[i]->value));
        priv.flag(cka::sign, true).flag(cka::derive, true);
        pub.session_object().ulong(cka::cls, cko_public_key).ulong(cka::key_type, ckk_ec);
        pub.bytes(cka::ec_params, unhex(ec_keys[i]->params)).bytes(cka::ec_point, unhex(ec_keys[i]->point));
        pub.flag(cka::verify, true);
        keys.ec[i] = {create(priv), create(pub)};
        // The DER OCTET STRING's header is 2 bytes (3 for P-521's 133-byte point).
        const auto der = unhex(ec_keys[i]->point);
        const std::size_t header = der[1] == 0x81 ? 3 : 2;
        keys.ec_raw_point[i].assign(der.begin() + static_cast<std::ptrdiff_t>(header), der.end());
    }
    return keys;
}

} // namespace p11::fuzzing
