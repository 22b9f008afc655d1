// Generated keys: the sizes and curves the token accepts and refuses, what it
// reports about them, and that they work (round trips through the
// mechanisms whose known answers pass in the KAT tests).
#include "der.hpp"

using namespace mt;

namespace {

bytes point_of(const client::session& s, object_handle pub) {
    // CKA_EC_POINT: DER OCTET STRING around 04 || X || Y (2.40 mechanisms, EC public key objects).
    const auto der_point = must(attribute(s, pub, attribute_type::ec_point));
    REQUIRE(der_point.at(0) == 0x04);
    return der::content(der_point, 0);
}

} // namespace

TEST_CASE("RSA key pairs of 1024, 2048, 3072 and 4096 bits; 512 is out of range", "[keygen][rsa]") {
    token_fixture t;
    const auto info = must(t.m.mechanism(soft_slot, mechanism_type::rsa_pkcs_key_pair_gen));
    CHECK(info.min_key_size == 1024);
    CHECK(info.max_key_size == 4096);
    CHECK(has(info.flags, mechanism_flags::generate_key_pair));

    const auto msg = str("generated key round trip");
    for (ck_ulong bits : {1024ul, 2048ul, 3072ul, 4096ul}) {
        INFO(bits << " bits");
        const auto pair = must(t.s.generate_key_pair(
            mechanism_type::rsa_pkcs_key_pair_gen,
            {attr::token = false, attr::modulus_bits = bits, attr::verify = true, attr::encrypt = true},
            {attr::token = false, attr::sign = true, attr::decrypt = true}));
        const auto n = must(attribute(t.s, pair.public_key, attribute_type::modulus));
        const auto e = must(attribute(t.s, pair.public_key, attribute_type::public_exponent));
        CHECK(n.size() == bits / 8);
        CHECK((n[0] & 0x80) != 0);  // exactly `bits` bits
        CHECK(ulong_attribute(t.s, pair.public_key, attribute_type::modulus_bits) == bits);
        CHECK(der::fixed_width(e, 3) == hex("010001"));  // the default public exponent F4
        CHECK(must(attribute(t.s, pair.private_key, attribute_type::modulus)) == n);
        // CKA_PUBLIC_KEY_INFO is the DER SubjectPublicKeyInfo of RFC 3279 for this key.
        const auto spki = der::rsa_spki(n, e);
        CHECK(must(attribute(t.s, pair.public_key, attribute_type::public_key_info)) == spki);
        CHECK(must(attribute(t.s, pair.private_key, attribute_type::public_key_info)) == spki);
        CHECK(bool_attribute(t.s, pair.private_key, attribute_type::local));
        CHECK(ulong_attribute(t.s, pair.private_key, attribute_type::key_gen_mechanism) ==
              static_cast<ck_ulong>(mechanism_type::rsa_pkcs_key_pair_gen));

        const auto sig = must(t.s.sign(pair.private_key, mechanism_type::sha256_rsa_pkcs, bv(msg)));
        CHECK(sig.size() == bits / 8);
        CHECK(must(t.s.verify(pair.public_key, mechanism_type::sha256_rsa_pkcs, bv(msg), bv(sig))));
        const auto oaep = mech::rsa_pkcs_oaep(mechanism_type::sha256);
        if (listed(t.m, mechanism_type::rsa_pkcs_oaep))
            CHECK(must(t.s.decrypt(pair.private_key, oaep, bv(must(t.s.encrypt(pair.public_key, oaep, bv(msg)))))) == msg);
    }
    // Given public exponent 3 (CNG generates with 65537 only, src/crypto/README.md:
    // the Windows token refuses 3 with the template's code, said by name).
    auto given = t.s.generate_key_pair(
        mechanism_type::rsa_pkcs_key_pair_gen,
        {attr::token = false, attr::modulus_bits = 1024, attr::public_exponent = sp(hex("03"))}, {attr::token = false});
#if defined(_WIN32)
    if (!given && given.code() == rv::attribute_value_invalid)
        test::skip("CKM_RSA_PKCS_KEY_PAIR_GEN with public exponent 3",
                   "CKM_RSA_PKCS_KEY_PAIR_GEN with public exponent 3: CNG takes no exponent (65537 only)");
    else
#endif
    {
        const auto pair = must(std::move(given));
        CHECK(der::fixed_width(must(attribute(t.s, pair.public_key, attribute_type::public_exponent)), 1) == hex("03"));
    }

    for (ck_ulong bits : {512ul, 1023ul, 4097ul, 8192ul}) {
        INFO(bits << " bits");
        CHECK(t.s.generate_key_pair(mechanism_type::rsa_pkcs_key_pair_gen,
                                    {attr::token = false, attr::modulus_bits = bits}, {attr::token = false})
                  .code() == rv::attribute_value_invalid);
    }
}

TEST_CASE("EC key pairs on P-256, P-384 and P-521; other curves are not supported", "[keygen][ec]") {
    token_fixture t;
    const auto info = must(t.m.mechanism(soft_slot, mechanism_type::ec_key_pair_gen));
    CHECK(info.min_key_size == 256);
    if (listed(t.m, mechanism_type::ec_key_pair_gen, 521)) CHECK(info.max_key_size == 521);
    const struct {
        const bytes* params;
        std::size_t width;
        ck_ulong bits;
    } curves[] = {{&p256_params, 32, 256}, {&p384_params, 48, 384}, {&p521_params, 66, 521}};
    const auto msg = str("generated key round trip");
    for (const auto& c : curves) {
        INFO(c.width * 8 << "-bit field");
        if (!listed(t.m, mechanism_type::ec_key_pair_gen, c.bits)) continue;
        auto make = [&] {
            return must(t.s.generate_key_pair(mechanism_type::ec_key_pair_gen,
                                              {attr::token = false, attr::ec_params = sp(*c.params), attr::verify = true},
                                              {attr::token = false, attr::sign = true, attr::derive = true}));
        };
        const auto a = make(), b = make();
        const auto point = point_of(t.s, a.public_key);
        CHECK(point.size() == 1 + 2 * c.width);
        CHECK(point.at(0) == 0x04);
        CHECK(must(attribute(t.s, a.private_key, attribute_type::ec_params)) == *c.params);
        const auto spki = der::ec_spki(*c.params, point);
        CHECK(must(attribute(t.s, a.public_key, attribute_type::public_key_info)) == spki);
        CHECK(must(attribute(t.s, a.private_key, attribute_type::public_key_info)) == spki);
        CHECK(ulong_attribute(t.s, a.private_key, attribute_type::key_gen_mechanism) ==
              static_cast<ck_ulong>(mechanism_type::ec_key_pair_gen));

        const auto sig = must(t.s.sign(a.private_key, mechanism_type::ecdsa_sha256, bv(msg)));
        CHECK(sig.size() == 2 * c.width);
        CHECK(must(t.s.verify(a.public_key, mechanism_type::ecdsa_sha256, bv(msg), bv(sig))));
        CHECK_FALSE(must(t.s.verify(b.public_key, mechanism_type::ecdsa_sha256, bv(msg), bv(sig))));

        // ECDH both ways gives one secret.
        if (!listed(t.m, mechanism_type::ecdh1_derive, c.bits)) continue;
        const attribute_template readable{attr::cls = object_class::secret_key, attr::key_type = key_type::generic_secret,
                                          attr::token = false, attr::sensitive = false, attr::extractable = true};
        const auto ab = must(t.s.derive(ecdh(mechanism_type::ecdh1_derive, point_of(t.s, b.public_key)), a.private_key, readable));
        const auto ba = must(t.s.derive(ecdh(mechanism_type::ecdh1_derive, point), b.private_key, readable));
        const auto secret = must(attribute(t.s, ab, attribute_type::value));
        CHECK(secret.size() == c.width);
        CHECK(secret == must(attribute(t.s, ba, attribute_type::value)));
    }
    // secp256k1 (1.3.132.0.10) is a well-formed curve OID the token does not do.
    CHECK(t.s.generate_key_pair(mechanism_type::ec_key_pair_gen,
                                {attr::token = false, attr::ec_params = sp(secp256k1_params)}, {attr::token = false})
              .code() == rv::curve_not_supported);
    // brainpoolP256r1 (1.3.36.3.3.2.8.1.1.7) neither.
    CHECK(t.s.generate_key_pair(mechanism_type::ec_key_pair_gen,
                                {attr::token = false, attr::ec_params = sp(hex("06092b2403030208010107"))},
                                {attr::token = false})
              .code() == rv::curve_not_supported);
    // ... nor an imported key on it.
    CHECK(t.s.create({attr::cls = object_class::private_key, attr::key_type = key_type::ec, attr::token = false,
                      attr::ec_params = sp(secp256k1_params), attr::value = sp(bytes(32, 1))})
              .code() == rv::curve_not_supported);
}

TEST_CASE("AES keys of 16, 24 and 32 bytes; 17 is out of range", "[keygen][aes]") {
    token_fixture t;
    const auto info = must(t.m.mechanism(soft_slot, mechanism_type::aes_key_gen));
    CHECK(info.min_key_size == 16);
    CHECK(info.max_key_size == 32);
    const auto iv = bytes(16, 0x24);
    const auto data = str("forty-two bytes of data for an AES-CBC-PAD");
    for (ck_ulong len : {16ul, 24ul, 32ul}) {
        INFO(len << " bytes");
        const auto key = must(t.s.generate_key(mechanism_type::aes_key_gen,
                                               {attr::token = false, attr::value_len = len, attr::encrypt = true,
                                                attr::decrypt = true, attr::sensitive = false, attr::extractable = true}));
        CHECK(ulong_attribute(t.s, key, attribute_type::value_len) == len);
        CHECK(ulong_attribute(t.s, key, attribute_type::key_type) == static_cast<ck_ulong>(key_type::aes));
        const auto value = must(attribute(t.s, key, attribute_type::value));
        CHECK(value.size() == len);
        const auto ct = must(t.s.encrypt(key, mech::aes_cbc_pad(iv), bv(data)));
        CHECK(must(t.s.decrypt(key, mech::aes_cbc_pad(iv), bv(ct))) == data);
        // The same value imported encrypts the same way: the generated value is the key.
        const auto twin = aes_key(t.s, value);
        CHECK(must(t.s.encrypt(twin, mech::aes_cbc_pad(iv), bv(data))) == ct);
    }
    // Two generated keys differ.
    auto value_of_new = [&] {
        return must(attribute(t.s,
                              must(t.s.generate_key(mechanism_type::aes_key_gen,
                                                    {attr::token = false, attr::value_len = 16, attr::sensitive = false,
                                                     attr::extractable = true})),
                              attribute_type::value));
    };
    CHECK(value_of_new() != value_of_new());
    for (ck_ulong len : {0ul, 8ul, 17ul, 33ul, 64ul}) {
        INFO(len << " bytes");
        CHECK(t.s.generate_key(mechanism_type::aes_key_gen, {attr::token = false, attr::value_len = len}).code() ==
              rv::attribute_value_invalid);
    }
}

TEST_CASE("generic secret keys for HMAC", "[keygen][hmac]") {
    token_fixture t;
    for (ck_ulong len : {1ul, 32ul, 64ul, 512ul}) {
        INFO(len << " bytes");
        const auto key = must(t.s.generate_key(mechanism_type::generic_secret_key_gen,
                                               {attr::token = false, attr::value_len = len, attr::sign = true,
                                                attr::verify = true, attr::sensitive = false, attr::extractable = true}));
        CHECK(ulong_attribute(t.s, key, attribute_type::key_type) == static_cast<ck_ulong>(key_type::generic_secret));
        const auto value = must(attribute(t.s, key, attribute_type::value));
        CHECK(value.size() == len);
        const auto mac = must(t.s.sign(key, mechanism_type::sha256_hmac, bv(str("data"))));
        // The same value imported gives the same MAC.
        CHECK(must(t.s.sign(secret_key(t.s, key_type::generic_secret, value), mechanism_type::sha256_hmac,
                            bv(str("data")))) == mac);
    }
    for (ck_ulong len : {0ul, 513ul}) {
        INFO(len << " bytes");
        CHECK(t.s.generate_key(mechanism_type::generic_secret_key_gen, {attr::token = false, attr::value_len = len})
                  .code() == rv::attribute_value_invalid);
    }
}

// CKM_SHA*_KEY_GEN and CKM_SHA3_*_KEY_GEN (3.0 mechanisms): a key of the HMAC
// key type the generator's CKM_ row names, CKA_VALUE_LEN bytes long as with
// CKM_GENERIC_SECRET_KEY_GEN.  Its own HMAC takes it; another hash's HMAC
// does not (3.0 mechanisms, "HMAC mechanisms": generic secret keys or the
// mechanism specific key type).  The HMACs' known answers on keys of these
// types are test_kat_symmetric.cpp's; here the generated value, read back
// and imported as a generic secret, must give the same MAC.
#ifdef P11FORGE_MODULE_3_0_PATH
TEST_CASE("HMAC key generators make keys of their own HMAC's key type (3.0 build)", "[keygen][hmac]") {
    using M = mechanism_type;
    struct generator {
        M mechanism;
        key_type kt;
        M hmac;
        M other_hmac;  // a hash whose HMAC must refuse the key
        bool sha3;
    };
    const generator generators[] = {
        {M::sha_1_key_gen, key_type::sha_1_hmac, M::sha_1_hmac, M::sha256_hmac, false},
        {M::sha224_key_gen, key_type::sha224_hmac, M::sha224_hmac, M::sha256_hmac, false},
        {M::sha256_key_gen, key_type::sha256_hmac, M::sha256_hmac, M::sha384_hmac, false},
        {M::sha384_key_gen, key_type::sha384_hmac, M::sha384_hmac, M::sha512_hmac, false},
        {M::sha512_key_gen, key_type::sha512_hmac, M::sha512_hmac, M::sha256_hmac, false},
        // Same output length, other hash: CKK_SHA3_256_HMAC is no key for CKM_SHA256_HMAC.
        {M::sha3_224_key_gen, key_type::sha3_224_hmac, M::sha3_224_hmac, M::sha224_hmac, true},
        {M::sha3_256_key_gen, key_type::sha3_256_hmac, M::sha3_256_hmac, M::sha256_hmac, true},
        {M::sha3_384_key_gen, key_type::sha3_384_hmac, M::sha3_384_hmac, M::sha3_512_hmac, true},
        {M::sha3_512_key_gen, key_type::sha3_512_hmac, M::sha3_512_hmac, M::sha3_256_hmac, true},
    };
    const attribute_template usable{attr::token = false, attr::sign = true, attr::verify = true,
                                    attr::sensitive = false, attr::extractable = true};
    auto with = [&](attribute_template tmpl, auto... more) {
        (tmpl.set(more), ...);
        return tmpl;
    };
    {
        // The 2.40 build neither lists nor runs them (CKM_ table: 3.0).
        token_fixture old(P11FORGE_MODULE_PATH);
        for (const auto& g : generators) {
            INFO(to_string(g.mechanism).view() << " (2.40)");
            CHECK_FALSE(old.m.mechanism(soft_slot, g.mechanism));
            CHECK(old.s.generate_key(g.mechanism, with(usable, attr::value_len = 32)).code() == rv::mechanism_invalid);
        }
        // Keys of the HMAC key types exist in 2.40: their own HMAC takes them, another refuses them.
        const auto typed = secret_key(old.s, key_type::sha256_hmac, bytes(32, 0x0b));
        const auto mac = must(old.s.sign(typed, M::sha256_hmac, bv(str("data"))));
        CHECK(mac.size() == 32);
        CHECK(must(old.s.sign(typed, mech::mac_general(M::sha256_hmac_general, 16), bv(str("data")))) == first(mac, 16));
        CHECK(old.s.sign(typed, M::sha384_hmac, bv(str("data"))).code() == rv::key_type_inconsistent);
        CHECK(old.s.sign(typed, mech::mac_general(M::sha512_hmac_general, 16), bv(str("data"))).code() ==
              rv::key_type_inconsistent);
    }
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    for (const auto& g : generators) {
        INFO(to_string(g.mechanism).view());
        const bool offered = !g.sha3 || P11FORGE_BACKEND_HAS_SHA3;
        const auto info = t.m.mechanism(soft_slot, g.mechanism);
        CHECK(info.has_value() == offered);
        if (!offered) {
            // mbedTLS 2.28 has no SHA-3: neither the generator nor its keys' HMAC.
            CHECK(t.s.generate_key(g.mechanism, with(usable, attr::value_len = 32)).code() == rv::mechanism_invalid);
            continue;
        }
        // Key sizes in bytes (the CKM_ table's unit for these generators).
        CHECK(info->min_key_size == 1);
        CHECK(info->max_key_size == 512);
        CHECK(has(info->flags, mechanism_flags::generate));
        for (ck_ulong len : {1ul, 32ul, 200ul, 512ul}) {
            INFO(len << " bytes");
            const auto key = must(t.s.generate_key(g.mechanism, with(usable, attr::value_len = len)));
            CHECK(ulong_attribute(t.s, key, attribute_type::cls) == static_cast<ck_ulong>(object_class::secret_key));
            CHECK(ulong_attribute(t.s, key, attribute_type::key_type) == static_cast<ck_ulong>(g.kt));
            CHECK(ulong_attribute(t.s, key, attribute_type::value_len) == len);
            CHECK(ulong_attribute(t.s, key, attribute_type::key_gen_mechanism) == to_ulong(g.mechanism));
            const auto value = must(attribute(t.s, key, attribute_type::value));
            REQUIRE(value.size() == len);
            const auto mac = must(t.s.sign(key, g.hmac, bv(str("data"))));
            CHECK(must(t.s.sign(secret_key(t.s, key_type::generic_secret, value), g.hmac, bv(str("data")))) == mac);
            CHECK(must(t.s.verify(key, g.hmac, bv(str("data")), bv(mac))));
            // The _GENERAL HMAC of the same hash (it follows its HMAC in value) takes it too.
            const auto general = mech::mac_general(static_cast<M>(to_ulong(g.hmac) + 1), 16);
            CHECK(must(t.s.sign(key, general, bv(str("data")))) == first(mac, 16));
            // Another hash's HMAC: the key's type is not one it takes.
            CHECK(t.s.sign(key, g.other_hmac, bv(str("data"))).code() == rv::key_type_inconsistent);
            CHECK(t.s.verify(key, g.other_hmac, bv(str("data")), bv(mac)).code() == rv::key_type_inconsistent);
        }
        // The template may name the key type the generator makes, no other.
        CHECK(t.s.generate_key(g.mechanism, with(usable, attr::value_len = 16, attr::key_type = g.kt)).has_value());
        CHECK(t.s.generate_key(g.mechanism, with(usable, attr::value_len = 16, attr::key_type = key_type::generic_secret))
                  .code() == rv::template_inconsistent);
        // CKA_VALUE_LEN is required (no length of its own, unlike DES or ChaCha20), and within the range listed.
        CHECK(t.s.generate_key(g.mechanism, usable).code() == rv::template_incomplete);
        for (ck_ulong len : {0ul, 513ul}) {
            INFO(len << " bytes");
            CHECK(t.s.generate_key(g.mechanism, with(usable, attr::value_len = len)).code() ==
                  rv::attribute_value_invalid);
        }
        // No parameter: one given is invalid; no place for the handle is a bad argument.
        const ck_ulong junk = 1;
        abi::CK_MECHANISM with_param{static_cast<abi::CK_MECHANISM_TYPE>(g.mechanism), const_cast<ck_ulong*>(&junk),
                                     sizeof junk};
        abi::CK_ULONG len32 = 32;
        abi::CK_ATTRIBUTE tmpl[] = {{static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::value_len), &len32, sizeof len32}};
        abi::CK_OBJECT_HANDLE out = 0;
        CHECK(code(t.fn()->C_GenerateKey(t.h(), &with_param, tmpl, 1, &out)) == rv::mechanism_param_invalid);
        auto ck = plain_ck(g.mechanism);
        CHECK(code(t.fn()->C_GenerateKey(t.h(), &ck, tmpl, 1, nullptr)) == rv::arguments_bad);
        CHECK(code(t.fn()->C_GenerateKey(t.h(), &ck, tmpl, 1, &out)) == rv::ok);
    }
    // A generic secret still serves every HMAC the token lists.
    const auto generic = must(t.s.generate_key(M::generic_secret_key_gen, with(usable, attr::value_len = 32)));
    CHECK(must(t.s.sign(generic, M::sha512_hmac, bv(str("data")))).size() == 64);
    if (P11FORGE_BACKEND_HAS_SHA3) CHECK(must(t.s.sign(generic, M::sha3_256_hmac, bv(str("data")))).size() == 32);
}
#endif
