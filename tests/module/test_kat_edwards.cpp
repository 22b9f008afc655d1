// Edwards and Montgomery keys (3.0): CKM_EDDSA against RFC 8032 section 7,
// CKM_ECDH1_DERIVE on X25519/X448 against RFC 7748 section 6, the key
// objects' encodings (CKA_EC_PARAMS as OID or curve name, CKA_EC_POINT,
// CKA_PUBLIC_KEY_INFO per RFC 8410), key generation, and the bad input the
// specification gives codes for.  What the backend offers decides the
// expectations (P11FORGE_BACKEND_HAS_EDDSA and _XDH, tests/module/meson.build):
// OpenSSL has all four curves, mbedTLS 2.28 the Montgomery ones only, the
// CNG backend none.
#include "support.hpp"

#include <cstring>

using namespace mt;

#ifdef P11FORGE_MODULE_3_0_PATH
namespace {

// DER of CKA_EC_PARAMS: RFC 8410's OIDs and the 3.0 curve names (PrintableString).
const bytes ed25519_oid = hex("06032b6570"), ed448_oid = hex("06032b6571");
const bytes x25519_oid = hex("06032b656e"), x448_oid = hex("06032b656f");
const bytes ed25519_name = cat(hex("130c"), str("edwards25519"));
const bytes ed448_name = cat(hex("130a"), str("edwards448"));
const bytes x25519_name = cat(hex("130a"), str("curve25519"));

// RFC 8410 section 4: SEQUENCE { SEQUENCE { OID }, BIT STRING { 00 || key } }.
bytes spki(const bytes& oid, const bytes& key) {
    const bytes algorithm = cat(bytes{0x30, static_cast<std::uint8_t>(oid.size())}, oid);
    const bytes bits = cat(bytes{0x03, static_cast<std::uint8_t>(key.size() + 1), 0x00}, key);
    return cat(bytes{0x30, static_cast<std::uint8_t>(algorithm.size() + bits.size())}, cat(algorithm, bits));
}

object_handle ecx_private(const client::session& s, key_type kt, const bytes& params, const bytes& value) {
    return must(s.create({attr::cls = object_class::private_key, attr::key_type = kt, attr::token = false,
                          attr::ec_params = sp(params), attr::value = sp(value), attr::sign = true, attr::derive = true}),
                "C_CreateObject(Edwards/Montgomery private key)");
}
object_handle ecx_public(const client::session& s, key_type kt, const bytes& params, const bytes& point) {
    return must(s.create({attr::cls = object_class::public_key, attr::key_type = kt, attr::token = false,
                          attr::ec_params = sp(params), attr::ec_point = sp(point), attr::verify = true}),
                "C_CreateObject(Edwards/Montgomery public key)");
}

// CKM_EDDSA with a CK_EDDSA_PARAMS whose context lives in `context` (kept by the caller).
mechanism eddsa(bool prehash, const bytes& context, abi::CK_ULONG context_length) {
    abi::CK_EDDSA_PARAMS p{};
    p.phFlag = prehash ? 1 : 0;
    p.ulContextDataLen = context_length;
    p.pContextData = context.empty() ? nullptr : const_cast<std::uint8_t*>(context.data());
    bytes raw(sizeof p);
    std::memcpy(raw.data(), &p, sizeof p);
    return raw_mechanism(mechanism_type::eddsa, raw);
}

const attribute_template readable{attr::cls = object_class::secret_key, attr::key_type = key_type::generic_secret,
                                  attr::token = false, attr::sensitive = false, attr::extractable = true};

struct eddsa_vector {
    const bytes* params;
    const bytes* oid;
    const char* secret;
    const char* pub;
    const char* message;
    const char* signature;
};
// RFC 8032 section 7.1 TEST 1 and 3, section 7.4 "-----1 octet".
const eddsa_vector vectors[] = {
    {&ed25519_oid, &ed25519_oid, "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {&ed25519_name, &ed25519_oid, "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    {&ed448_name, &ed448_oid,
     "c4eab05d357007c632f3dbb48489924d552b08fe0c353a0d4a1f00acda2c463afbea67c5e8d2877c5e3bc397a659949ef8021e954e0a12274e",
     "43ba28f430cdff456ae531545f7ecd0ac834a55d9358c0372bfa0c6c6798c0866aea01eb00742802b8438ea4cb82169c235160627b4c3a9480",
     "03",
     "26b8f91727bd62897af15e41eb43c377efb9c610d48f2335cb0bd0087810f4352541b143c4b981b7e18f62de8ccdf633fc1bf037ab7cd779"
     "805e0dbcc0aae1cbcee1afb2e027df36bc04dcecbf154336c19f0af7e0a6472905e799f1953d2a0ff3348ab21aa4adafd1d234441cf807c03a00"},
};

} // namespace

// The 2.40 build shows none of it; the 3.0 build what its backend has.
TEST_CASE("Edwards and Montgomery mechanisms are listed by the 3.0 build as the backend has them", "[kat][eddsa][xdh]") {
    {
        token_env env;
        auto m = load(P11FORGE_MODULE_PATH);
        for (auto t : {mechanism_type::eddsa, mechanism_type::ec_edwards_key_pair_gen,
                       mechanism_type::ec_montgomery_key_pair_gen})
            CHECK_FALSE(m.mechanism(soft_slot, t));
        // Nor does it know the 3.0 key types.
        init_token(m);
        auto s = must(m.open_session(soft_slot, true), "C_OpenSession");
        auto login = must(s.login(user_type::user, user_pin), "C_Login(USER)");
        CHECK(s.create({attr::cls = object_class::public_key, attr::key_type = key_type::ec_montgomery,
                        attr::token = false, attr::ec_params = sp(x25519_oid), attr::ec_point = sp(bytes(32, 9))})
                  .code() == rv::attribute_value_invalid);
    }
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    if (!P11FORGE_BACKEND_HAS_XDH) {
        CHECK_FALSE(t.m.mechanism(soft_slot, mechanism_type::ec_montgomery_key_pair_gen));
        CHECK_FALSE(t.m.mechanism(soft_slot, mechanism_type::eddsa));
        return;
    }
    const auto mont = must(t.m.mechanism(soft_slot, mechanism_type::ec_montgomery_key_pair_gen));
    CHECK(mont.min_key_size == 255);
    CHECK(mont.max_key_size == 448);
    CHECK(has(mont.flags, mechanism_flags::generate_key_pair));
    CHECK(has(mont.flags, mechanism_flags::ec_curvename));
    const auto ed = t.m.mechanism(soft_slot, mechanism_type::eddsa);
    CHECK(ed.has_value() == bool(P11FORGE_BACKEND_HAS_EDDSA));
    if (ed) {
        CHECK(ed->min_key_size == 255);
        CHECK(ed->max_key_size == 448);
        CHECK(has(ed->flags, mechanism_flags::sign | mechanism_flags::verify));
        return;
    }
    // Without EdDSA an Edwards key is a curve the token does not support.
    CHECK(t.s.create({attr::cls = object_class::private_key, attr::key_type = key_type::ec_edwards, attr::token = false,
                      attr::ec_params = sp(ed25519_oid), attr::value = sp(hex(vectors[0].secret))})
              .code() == rv::curve_not_supported);
    CHECK(t.s.generate_key_pair(mechanism_type::ec_edwards_key_pair_gen,
                                {attr::token = false, attr::ec_params = sp(ed25519_oid)}, {attr::token = false})
              .code() == rv::mechanism_invalid);
}

TEST_CASE("EdDSA matches RFC 8032 section 7 (3.0 build)", "[kat][eddsa]") {
    if (!P11FORGE_BACKEND_HAS_EDDSA) return;
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    for (const auto& v : vectors) {
        INFO("public key " << v.pub);
        const auto pub_raw = hex(v.pub), msg = hex(v.message), expected = hex(v.signature);
        const auto priv = ecx_private(t.s, key_type::ec_edwards, *v.params, hex(v.secret));
        // EdDSA is deterministic: the RFC's signature exactly.
        CHECK(must(t.s.sign(priv, mechanism_type::eddsa, bv(msg))) == expected);
        // CK_EDDSA_PARAMS without prehash or context is pure EdDSA too.
        CHECK(must(t.s.sign(priv, eddsa(false, {}, 0), bv(msg))) == expected);
        // Multi-part: the message is gathered whole.
        CHECK(must(sign_parts(t.s, priv, mechanism_type::eddsa, msg, 1)) == expected);
        CHECK(must(attribute(t.s, priv, attribute_type::public_key_info)) == spki(*v.oid, pub_raw));

        // The public key given raw (what some applications send) or in an
        // OCTET STRING (the specification's CKA_EC_POINT): stored as the latter.
        for (const auto& point : {pub_raw, octet_string(pub_raw)}) {
            const auto pub = ecx_public(t.s, key_type::ec_edwards, *v.params, point);
            CHECK(must(attribute(t.s, pub, attribute_type::ec_point)) == octet_string(pub_raw));
            CHECK(must(attribute(t.s, pub, attribute_type::ec_params)) == *v.params);
            CHECK(must(attribute(t.s, pub, attribute_type::public_key_info)) == spki(*v.oid, pub_raw));
            CHECK(must(t.s.verify(pub, mechanism_type::eddsa, bv(msg), bv(expected))));
            CHECK(verify_parts(t.s, pub, mechanism_type::eddsa, msg, expected, 1) == rv::ok);
            auto tampered = expected;
            tampered[7] ^= 0x01;
            CHECK_FALSE(must(t.s.verify(pub, mechanism_type::eddsa, bv(msg), bv(tampered))));
            CHECK_FALSE(must(t.s.verify(pub, mechanism_type::eddsa, bv(cat(msg, bytes{0})), bv(expected))));
            CHECK(t.s.verify(pub, mechanism_type::eddsa, bv(msg), bv(first(expected, expected.size() - 1))).code() ==
                  rv::signature_len_range);
        }
    }
}

TEST_CASE("CKM_EDDSA: parameters, lengths and the two-call convention (3.0 build)", "[kat][eddsa]") {
    if (!P11FORGE_BACKEND_HAS_EDDSA) return;
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    const auto& v = vectors[0];
    const auto priv = ecx_private(t.s, key_type::ec_edwards, ed25519_oid, hex(v.secret));
    const auto pub = ecx_public(t.s, key_type::ec_edwards, ed25519_oid, hex(v.pub));
    const auto foo = str("foo");
    // OpenSSL 3.0 has pure EdDSA only: Ed25519ctx/ph and Ed448's context are
    // refused at C_SignInit as a parameter the token does not take.
    CHECK(t.s.sign(priv, eddsa(true, {}, 0), bv(str("x"))).code() == rv::mechanism_param_invalid);
    CHECK(t.s.sign(priv, eddsa(false, foo, 3), bv(str("x"))).code() == rv::mechanism_param_invalid);
    CHECK(t.s.verify(pub, eddsa(true, {}, 0), bv(str("x")), bv(bytes(64))).code() == rv::mechanism_param_invalid);
    // Malformed: a context longer than RFC 8032 allows, a length without data, a wrong structure size.
    const bytes long_context(256, 0x61);
    CHECK(t.s.sign(priv, eddsa(false, long_context, 256), bv(str("x"))).code() == rv::mechanism_param_invalid);
    CHECK(t.s.sign(priv, eddsa(false, {}, 3), bv(str("x"))).code() == rv::mechanism_param_invalid);
    CHECK(t.s.sign(priv, raw_mechanism(mechanism_type::eddsa, bytes(5, 0)), bv(str("x"))).code() ==
          rv::mechanism_param_invalid);

    // C_Sign: NULL asks the length; a short buffer is CKR_BUFFER_TOO_SMALL
    // with the length, the operation stays; then the signature.
    auto ck = plain_ck(mechanism_type::eddsa);
    REQUIRE(code(t.fn()->C_SignInit(t.h(), &ck, priv)) == rv::ok);
    abi::CK_ULONG n = 0;
    REQUIRE(code(t.fn()->C_Sign(t.h(), nullptr, 0, nullptr, &n)) == rv::ok);
    CHECK(n == 64);
    bytes sig(64);
    n = 63;
    CHECK(code(t.fn()->C_Sign(t.h(), nullptr, 0, sig.data(), &n)) == rv::buffer_too_small);
    CHECK(n == 64);
    REQUIRE(code(t.fn()->C_Sign(t.h(), nullptr, 0, sig.data(), &n)) == rv::ok);
    CHECK(sig == hex(v.signature));
    // NULL pointers: the length pointer, the mechanism.
    REQUIRE(code(t.fn()->C_SignInit(t.h(), &ck, priv)) == rv::ok);
    CHECK(code(t.fn()->C_Sign(t.h(), nullptr, 0, sig.data(), nullptr)) == rv::arguments_bad);
    CHECK(code(t.fn()->C_SignInit(t.h(), nullptr, priv)) == rv::arguments_bad);
    // Keys of another kind: a Montgomery key cannot sign, an EC key cannot do EdDSA.
    const auto x = ecx_private(t.s, key_type::ec_montgomery, x25519_oid, bytes(32, 0x42));
    CHECK(t.s.sign(x, mechanism_type::eddsa, bv(str("x"))).code() == rv::key_type_inconsistent);
    const auto p256 = ec_private(t.s, p256_params, hex("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721"));
    CHECK(t.s.sign(p256, mechanism_type::eddsa, bv(str("x"))).code() == rv::key_type_inconsistent);
}

TEST_CASE("Edwards and Montgomery objects: curves and encodings the token refuses (3.0 build)", "[kat][eddsa][xdh]") {
    if (!P11FORGE_BACKEND_HAS_XDH) return;
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    auto create = [&](object_class cls, key_type kt, const bytes& params, attribute_type material, const bytes& value) {
        attribute_template tmpl{attr::cls = cls, attr::key_type = kt, attr::token = false, attr::ec_params = sp(params)};
        if (material == attribute_type::value) tmpl.set(attr::value = sp(value));
        else tmpl.set(attr::ec_point = sp(value));
        return t.s.create(tmpl).code();
    };
    using enum object_class;
    // A Montgomery curve is no Edwards key's, P-256 neither's, a UTF8String name is not the spec's.
    CHECK(create(private_key, key_type::ec_edwards, x25519_oid, attribute_type::value, bytes(32, 1)) ==
          rv::curve_not_supported);
    CHECK(create(public_key, key_type::ec_montgomery, ed25519_oid, attribute_type::ec_point, bytes(32, 1)) ==
          rv::curve_not_supported);
    CHECK(create(private_key, key_type::ec_montgomery, p256_params, attribute_type::value, bytes(32, 1)) ==
          rv::curve_not_supported);
    CHECK(create(private_key, key_type::ec_montgomery, cat(hex("0c0a"), str("curve25519")), attribute_type::value,
                 bytes(32, 1)) == rv::curve_not_supported);
    // Wrong lengths of key material.
    CHECK(create(private_key, key_type::ec_montgomery, x25519_oid, attribute_type::value, bytes(31, 1)) ==
          rv::attribute_value_invalid);
    CHECK(create(public_key, key_type::ec_montgomery, x448_oid, attribute_type::ec_point, bytes(57, 1)) ==
          rv::attribute_value_invalid);
    // CKA_EC_PARAMS missing.
    CHECK(t.s.create({attr::cls = object_class::public_key, attr::key_type = key_type::ec_montgomery, attr::token = false,
                      attr::ec_point = sp(bytes(32, 9))})
              .code() == rv::template_incomplete);
    // The curve name works like the OID; the token keeps the form it was given.
    const auto named = ecx_public(t.s, key_type::ec_montgomery, x25519_name, bytes(32, 9));
    CHECK(must(attribute(t.s, named, attribute_type::ec_params)) == x25519_name);
    CHECK(must(attribute(t.s, named, attribute_type::public_key_info)) == spki(x25519_oid, bytes(32, 9)));
}

// RFC 7748 section 6.1 and 6.2 through C_DeriveKey.
TEST_CASE("ECDH1 derivation on X25519 and X448 matches RFC 7748 section 6 (3.0 build)", "[kat][xdh]") {
    if (!P11FORGE_BACKEND_HAS_XDH) return;
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    const struct {
        const bytes* params;
        const char* a;
        const char* a_pub;
        const char* b_pub;
        const char* shared;
    } vectors_dh[] = {
        {&x25519_oid, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
         "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
         "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
         "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"},
        {&x448_oid,
         "9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b",
         "9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0",
         "3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609",
         "07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d"},
    };
    for (const auto& v : vectors_dh) {
        INFO("shared " << v.shared);
        const auto alice = ecx_private(t.s, key_type::ec_montgomery, *v.params, hex(v.a));
        CHECK(must(attribute(t.s, alice, attribute_type::public_key_info)) == spki(*v.params, hex(v.a_pub)));
        const auto shared = hex(v.shared);
        // The peer raw, and in an OCTET STRING (CKA_EC_POINT's form).
        for (const auto& peer : {hex(v.b_pub), octet_string(hex(v.b_pub))}) {
            const auto k = must(t.s.derive(ecdh(mechanism_type::ecdh1_derive, peer), alice, readable));
            CHECK(must(attribute(t.s, k, attribute_type::value)) == shared);
            CHECK(ulong_attribute(t.s, k, attribute_type::value_len) == shared.size());
        }
        // Through the X9.63 KDF with SHA-256 (block 1 only: 32 bytes).
        auto tmpl = readable;
        tmpl.set(attr::value_len = 32);
        const auto kdf = must(t.s.derive(ecdh(mechanism_type::ecdh1_derive, hex(v.b_pub), ec_kdf::sha256_kdf), alice, tmpl));
        CHECK(must(attribute(t.s, kdf, attribute_type::value)) ==
              must(t.s.digest(mechanism_type::sha256, bv(cat(shared, hex("00000001"))))));
        // The same with SHA3-256 (where the backend has SHA-3), and SP 800-56A's
        // single-step KDF (counter first).
        const auto sha3 = t.s.derive(ecdh(mechanism_type::ecdh1_derive, hex(v.b_pub), ec_kdf::sha3_256_kdf), alice, tmpl);
        if (P11FORGE_BACKEND_HAS_SHA3)
            CHECK(must(attribute(t.s, must(sha3), attribute_type::value)) ==
                  must(t.s.digest(mechanism_type::sha3_256, bv(cat(shared, hex("00000001"))))));
        else
            CHECK(sha3.code() == rv::mechanism_param_invalid);
        const auto sp800 = must(t.s.derive(ecdh(mechanism_type::ecdh1_derive, hex(v.b_pub), ec_kdf::sha256_kdf_sp800), alice, tmpl));
        CHECK(must(attribute(t.s, sp800, attribute_type::value)) ==
              must(t.s.digest(mechanism_type::sha256, bv(cat(hex("00000001"), shared)))));
        // A peer of the wrong length, the all-zero u (RFC 7748 section 6: the all-zero secret).
        CHECK(t.s.derive(ecdh(mechanism_type::ecdh1_derive, bytes(shared.size() - 1, 9)), alice, readable).code() ==
              rv::mechanism_param_invalid);
        CHECK(t.s.derive(ecdh(mechanism_type::ecdh1_derive, bytes(shared.size(), 0)), alice, readable).code() ==
              rv::mechanism_param_invalid);
    }
    // No peer data, a NULL parameter.
    const auto alice = ecx_private(t.s, key_type::ec_montgomery, x25519_oid, hex(vectors_dh[0].a));
    CHECK(t.s.derive(ecdh(mechanism_type::ecdh1_derive, {}), alice, readable).code() == rv::mechanism_param_invalid);
    abi::CK_MECHANISM none{static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::ecdh1_derive), nullptr, 0};
    abi::CK_OBJECT_HANDLE out = 0;
    CHECK(code(t.fn()->C_DeriveKey(t.h(), &none, alice, nullptr, 0, &out)) == rv::mechanism_param_invalid);
}

TEST_CASE("Edwards and Montgomery key pairs (3.0 build)", "[keygen][ecx]") {
    if (!P11FORGE_BACKEND_HAS_XDH) return;
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    // Montgomery: both ends agree; the curve given by OID or by name.
    for (const auto* params : {&x25519_oid, &x25519_name, &x448_oid}) {
        const std::size_t n = params == &x448_oid ? 56 : 32;
        auto make = [&] {
            return must(t.s.generate_key_pair(mechanism_type::ec_montgomery_key_pair_gen,
                                              {attr::token = false, attr::ec_params = sp(*params)},
                                              {attr::token = false, attr::derive = true}));
        };
        const auto a = make(), b = make();
        const auto a_point = must(attribute(t.s, a.public_key, attribute_type::ec_point));
        REQUIRE(a_point.size() == n + 2);
        CHECK(a_point[0] == 0x04);
        CHECK(must(attribute(t.s, a.private_key, attribute_type::ec_params)) == *params);
        CHECK(ulong_attribute(t.s, a.private_key, attribute_type::key_type) == static_cast<ck_ulong>(key_type::ec_montgomery));
        CHECK(ulong_attribute(t.s, a.private_key, attribute_type::key_gen_mechanism) ==
              static_cast<ck_ulong>(mechanism_type::ec_montgomery_key_pair_gen));
        const auto ab = must(t.s.derive(ecdh(mechanism_type::ecdh1_derive, must(attribute(t.s, b.public_key, attribute_type::ec_point))),
                                        a.private_key, readable));
        const auto ba = must(t.s.derive(ecdh(mechanism_type::ecdh1_derive, a_point), b.private_key, readable));
        CHECK(must(attribute(t.s, ab, attribute_type::value)) == must(attribute(t.s, ba, attribute_type::value)));
        CHECK(must(attribute(t.s, ab, attribute_type::value)).size() == n);
    }
    // The wrong family, a prime curve, no parameters.
    CHECK(t.s.generate_key_pair(mechanism_type::ec_montgomery_key_pair_gen,
                                {attr::token = false, attr::ec_params = sp(ed25519_oid)}, {attr::token = false})
              .code() == rv::curve_not_supported);
    CHECK(t.s.generate_key_pair(mechanism_type::ec_montgomery_key_pair_gen,
                                {attr::token = false, attr::ec_params = sp(p256_params)}, {attr::token = false})
              .code() == rv::curve_not_supported);
    CHECK(t.s.generate_key_pair(mechanism_type::ec_montgomery_key_pair_gen, {attr::token = false}, {attr::token = false})
              .code() == rv::template_incomplete);
    if (!P11FORGE_BACKEND_HAS_EDDSA) return;

    const auto msg = str("generated Edwards key");
    for (const auto* params : {&ed25519_oid, &ed25519_name, &ed448_oid, &ed448_name}) {
        const bool big = params == &ed448_oid || params == &ed448_name;
        const auto pair = must(t.s.generate_key_pair(mechanism_type::ec_edwards_key_pair_gen,
                                                     {attr::token = false, attr::ec_params = sp(*params), attr::verify = true},
                                                     {attr::token = false, attr::sign = true}));
        const auto point = must(attribute(t.s, pair.public_key, attribute_type::ec_point));
        CHECK(point.size() == (big ? 57u : 32u) + 2);
        const auto raw = sub(point, 2, point.size() - 2);
        CHECK(must(attribute(t.s, pair.public_key, attribute_type::public_key_info)) ==
              spki(big ? ed448_oid : ed25519_oid, raw));
        const auto sig = must(t.s.sign(pair.private_key, mechanism_type::eddsa, bv(msg)));
        CHECK(sig.size() == (big ? 114u : 64u));
        CHECK(must(t.s.verify(pair.public_key, mechanism_type::eddsa, bv(msg), bv(sig))));
        CHECK(must(t.s.sign(pair.private_key, mechanism_type::eddsa, bv(msg))) == sig);  // deterministic
    }
    CHECK(t.s.generate_key_pair(mechanism_type::ec_edwards_key_pair_gen,
                                {attr::token = false, attr::ec_params = sp(x25519_oid)}, {attr::token = false})
              .code() == rv::curve_not_supported);
    // ECDH on an Edwards key: the key type does not fit the mechanism.
    const auto ed = must(t.s.generate_key_pair(mechanism_type::ec_edwards_key_pair_gen,
                                               {attr::token = false, attr::ec_params = sp(ed25519_oid)},
                                               {attr::token = false, attr::derive = true}));
    CHECK(t.s.derive(ecdh(mechanism_type::ecdh1_derive, bytes(32, 9)), ed.private_key, readable).code() ==
          rv::key_type_inconsistent);
}
#endif
