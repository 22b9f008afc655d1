// Edwards and Montgomery curves against RFC 8032 section 7 (Ed25519, Ed448)
// and RFC 7748 sections 5.2 and 6 (X25519, X448); encodings per RFC 8410.
#include <catch2/catch.hpp>

#include "crypto/capabilities.hpp"
#include "crypto/ecx.hpp"
#include "hex.hpp"

using namespace p11::crypto;
using test::hex;
using test::to_hex;

namespace {

bool offered(ecx_curve c) { return backend_capabilities().ecx[static_cast<std::size_t>(c)]; }

struct eddsa_vector {
    const char* name;
    ecx_curve c;
    const char* secret;
    const char* pub;
    const char* message;
    const char* signature;
};

// RFC 8032 section 7.1 TEST 1, 2, 3 and section 7.4 "-----Blank" and "-----1 octet".
const eddsa_vector eddsa_vectors[] = {
    {"7.1 TEST 1", ecx_curve::ed25519, "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
     "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
     "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
    {"7.1 TEST 2", ecx_curve::ed25519, "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
     "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
     "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
    {"7.1 TEST 3", ecx_curve::ed25519, "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
     "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
     "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    {"7.4 Blank", ecx_curve::ed448,
     "6c82a562cb808d10d632be89c8513ebf6c929f34ddfa8c9f63c9960ef6e348a3528c8a3fcc2f044e39a3fc5b94492f8f032e7549a20098f95b",
     "5fd7449b59b461fd2ce787ec616ad46a1da1342485a70e1f8a0ea75d80e96778edf124769b46c7061bd6783df1e50f6cd1fa1abeafe8256180",
     "",
     "533a37f6bbe457251f023c0d88f976ae2dfb504a843e34d2074fd823d41a591f2b233f034f628281f2fd7a22ddd47d7828c59bd0a21bfd39"
     "80ff0d2028d4b18a9df63e006c5d1c2d345b925d8dc00b4104852db99ac5c7cdda8530a113a0f4dbb61149f05a7363268c71d95808ff2e652600"},
    {"7.4 1 octet", ecx_curve::ed448,
     "c4eab05d357007c632f3dbb48489924d552b08fe0c353a0d4a1f00acda2c463afbea67c5e8d2877c5e3bc397a659949ef8021e954e0a12274e",
     "43ba28f430cdff456ae531545f7ecd0ac834a55d9358c0372bfa0c6c6798c0866aea01eb00742802b8438ea4cb82169c235160627b4c3a9480",
     "03",
     "26b8f91727bd62897af15e41eb43c377efb9c610d48f2335cb0bd0087810f4352541b143c4b981b7e18f62de8ccdf633fc1bf037ab7cd779"
     "805e0dbcc0aae1cbcee1afb2e027df36bc04dcecbf154336c19f0af7e0a6472905e799f1953d2a0ff3348ab21aa4adafd1d234441cf807c03a00"},
};

} // namespace

TEST_CASE("Edwards and Montgomery curve parameters: OIDs and the 3.0 curve names", "[ecx]") {
    CHECK(ecx_curve_from_params(hex("06032b6570")) == std::optional(ecx_curve::ed25519));
    CHECK(ecx_curve_from_params(hex("06032b6571")) == ecx_curve::ed448);
    CHECK(ecx_curve_from_params(hex("06032b656e")) == ecx_curve::x25519);
    CHECK(ecx_curve_from_params(hex("06032b656f")) == ecx_curve::x448);
    // PrintableString "edwards25519", "curve448" ...
    CHECK(ecx_curve_from_params(hex("130c6564776172647332353531")) == std::nullopt);      // truncated
    CHECK(ecx_curve_from_params(hex("130c65647761726473323535313900")) == std::nullopt);  // a byte over
    CHECK(ecx_curve_from_params(hex("130c656477617264733235353139")) == ecx_curve::ed25519);
    CHECK(ecx_curve_from_params(hex("130a65647761726473343438")) == ecx_curve::ed448);
    CHECK(ecx_curve_from_params(hex("130a63757276653235353139")) == ecx_curve::x25519);
    CHECK(ecx_curve_from_params(hex("13086375727665343439")) == std::nullopt);  // "curve449"
    CHECK(ecx_curve_from_params(hex("13086375727665343438")) == ecx_curve::x448);
    CHECK(ecx_curve_from_params(hex("0c0c656477617264733235353139")) == std::nullopt);  // UTF8String: not the spec's
    CHECK(ecx_curve_from_params(hex("06082a8648ce3d030107")) == std::nullopt);          // P-256 is no Edwards curve
    CHECK(to_hex(ecx_curve_params(ecx_curve::ed448)) == "06032b6571");
    // What clients send besides: GnuPG's OIDs, OpenSC 0.23's mis-sized "curve25519".
    CHECK(ecx_curve_from_params(hex("06092b06010401da470f01")) == std::optional(ecx_curve::ed25519));
    CHECK(ecx_curve_from_params(hex("060a2b060104019755010501")) == std::optional(ecx_curve::x25519));
    CHECK(ecx_curve_from_params(hex("130b63757276653235353139")) == std::optional(ecx_curve::x25519));
    CHECK(ecx_curve_from_params(hex("130b6375727665323535313900")) == std::nullopt);  // only that exact string
    CHECK(ecx_key_bytes(ecx_curve::ed448) == 57);
    CHECK(ecx_key_bytes(ecx_curve::x448) == 56);
    CHECK(eddsa_signature_bytes(ecx_curve::ed448) == 114);
    // CKA_EC_POINT: raw or an OCTET STRING around it, nothing else.
    const auto raw = bytes(32, 0x11);
    CHECK(ecx_public_bytes(ecx_curve::ed25519, raw).has_value());
    auto wrapped = hex("0420");
    wrapped.insert(wrapped.end(), raw.begin(), raw.end());
    REQUIRE(ecx_public_bytes(ecx_curve::ed25519, wrapped).has_value());
    CHECK(ecx_public_bytes(ecx_curve::ed25519, wrapped)->size() == 32);
    CHECK_FALSE(ecx_public_bytes(ecx_curve::ed25519, bytes(31, 0x11)).has_value());
    CHECK_FALSE(ecx_public_bytes(ecx_curve::ed448, wrapped).has_value());
}

TEST_CASE("which backends have which curves", "[ecx]") {
#if defined(P11FORGE_CRYPTO_OPENSSL)
    for (bool b : backend_capabilities().ecx) CHECK(b);
#elif defined(P11FORGE_CRYPTO_MBEDTLS)
    // mbedTLS 2.28: Curve25519 and Curve448 arithmetic, no EdDSA.
    CHECK_FALSE(offered(ecx_curve::ed25519));
    CHECK_FALSE(offered(ecx_curve::ed448));
    CHECK(offered(ecx_curve::x25519));
    CHECK(offered(ecx_curve::x448));
#elif defined(P11FORGE_CRYPTO_CNG)
    // The CNG backend implements no Edwards or Montgomery curve (cng/ecx_keys.cpp).
    for (bool b : backend_capabilities().ecx) CHECK_FALSE(b);
#endif
    for (auto c : {ecx_curve::ed25519, ecx_curve::ed448, ecx_curve::x25519, ecx_curve::x448}) {
        if (offered(c)) continue;
        CHECK(generate_ecx(c) == nullptr);
        CHECK(load_ecx_private(c, bytes(ecx_key_bytes(c), 1)) == nullptr);
    }
}

TEST_CASE("EdDSA matches RFC 8032 section 7", "[ecx][eddsa]") {
    for (const auto& v : eddsa_vectors) {
        INFO(v.name);
        if (!offered(v.c)) continue;
        const auto priv = load_ecx_private(v.c, hex(v.secret));
        REQUIRE(priv);
        CHECK(to_hex(test::plain(priv->private_bytes())) == v.secret);
        const auto pub_of_priv = priv->public_key();
        REQUIRE(pub_of_priv);
        CHECK(to_hex(pub_of_priv->public_bytes()) == v.pub);
        bytes sig;
        REQUIRE(priv->sign(hex(v.message), {}, sig) == status::ok);
        CHECK(to_hex(sig) == v.signature);  // EdDSA is deterministic
        const auto pub = load_ecx_public(v.c, hex(v.pub));
        REQUIRE(pub);
        CHECK(pub->verify(hex(v.message), sig, {}) == status::ok);
        auto bad = sig;
        bad[5] ^= 0x40;
        CHECK(pub->verify(hex(v.message), bad, {}) == status::bad_signature);
        CHECK(pub->verify(hex("00"), sig, {}) == status::bad_signature);
        CHECK(pub->verify(hex(v.message), bytes(sig.begin(), sig.end() - 1), {}) == status::bad_signature);
        // No ECDH on an Edwards key.
        secure_bytes z;
        CHECK(priv->derive(hex(v.pub), z) == status::invalid_key);
        // SubjectPublicKeyInfo, RFC 8410 section 4: SEQUENCE { SEQUENCE { OID }, BIT STRING }.
        const auto spki = pub->subject_public_key_info();
        const std::string prefix = v.c == ecx_curve::ed25519 ? "302a300506032b6570032100" : "3043300506032b6571033a00";
        CHECK(to_hex(spki) == prefix + v.pub);
    }
}

// Pure EdDSA only where the library has no more (OpenSSL 3.0: ctx and ph variants came with 3.2).
TEST_CASE("EdDSA variants the backend lacks are unsupported, not wrong", "[ecx][eddsa]") {
    if (!offered(ecx_curve::ed448)) return;
    const auto& v = eddsa_vectors[4];
    const auto priv = load_ecx_private(v.c, hex(v.secret));
    REQUIRE(priv);
    bytes sig;
    const auto ctx = hex("666f6f");
    const auto st = priv->sign(hex(v.message), {false, ctx}, sig);
    if (st == status::unsupported) {
        CHECK(priv->sign(hex(v.message), {true, {}}, sig) == status::unsupported);
        return;
    }
    // RFC 8032 7.4 "-----1 octet (with context)".
    REQUIRE(st == status::ok);
    CHECK(to_hex(sig) ==
          "d4f8f6131770dd46f40867d6fd5d5055de43541f8c5e35abbcd001b32a89f7d2151f7647f11d8ca2ae279fb842d607217fce6e042f6815ea"
          "000c85741de5c8da1144a6a1aba7f96de42505d7a7298524fda538fccbbb754f578c1cad10d54d0d5428407e85dcbc98a49155c13764e66c3c00");
}

TEST_CASE("generated Edwards keys sign and verify; loading is strict", "[ecx][eddsa]") {
    for (auto c : {ecx_curve::ed25519, ecx_curve::ed448}) {
        if (!offered(c)) continue;
        const auto priv = generate_ecx(c);
        REQUIRE(priv);
        CHECK(priv->private_bytes().size() == ecx_key_bytes(c));
        const auto pub = priv->public_key();
        REQUIRE(pub);
        const auto msg = hex("0102030405");
        bytes sig;
        REQUIRE(priv->sign(msg, {}, sig) == status::ok);
        CHECK(sig.size() == eddsa_signature_bytes(c));
        CHECK(pub->verify(msg, sig, {}) == status::ok);
        // The same key again from its bytes signs the same (deterministic).
        const auto again = load_ecx_private(c, priv->private_bytes());
        REQUIRE(again);
        bytes sig2;
        REQUIRE(again->sign(msg, {}, sig2) == status::ok);
        CHECK(sig2 == sig);
        CHECK(load_ecx_private(c, bytes(ecx_key_bytes(c) - 1, 7)) == nullptr);
        CHECK(load_ecx_public(c, bytes(ecx_key_bytes(c) + 1, 7)) == nullptr);
    }
}

// RFC 7748 section 5.2 (one multiplication each) and section 6 (Diffie-Hellman).
TEST_CASE("X25519 and X448 match RFC 7748", "[ecx][xdh]") {
    struct dh {
        ecx_curve c;
        const char* a;
        const char* a_pub;
        const char* b;
        const char* b_pub;
        const char* shared;
    };
    const dh vectors[] = {
        {ecx_curve::x25519, "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a",
         "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a",
         "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb",
         "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f",
         "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742"},
        {ecx_curve::x448,
         "9a8f4925d1519f5775cf46b04b5800d4ee9ee8bae8bc5565d498c28dd9c9baf574a9419744897391006382a6f127ab1d9ac2d8c0a598726b",
         "9b08f7cc31b7e3e67d22d5aea121074a273bd2b83de09c63faa73d2c22c5d9bbc836647241d953d40c5b12da88120d53177f80e532c41fa0",
         "1c306a7ac2a0e2e0990b294470cba339e6453772b075811d8fad0d1d6927c120bb5ee8972b0d3e21374c9c921b09d1b0366f10b65173992d",
         "3eb7a829b0cd20f5bcfc0b599b6feccf6da4627107bdb0d4f345b43027d8b972fc3e34fb4232a13ca706dcb57aec3dae07bdc1c67bf33609",
         "07fff4181ac6cc95ec1c16a94a0f74d12da232ce40a77552281d282bb60c0b56fd2464c335543936521c24403085d59a449a5037514a879d"},
    };
    for (const auto& v : vectors) {
        INFO((v.c == ecx_curve::x25519 ? "X25519" : "X448"));
        if (!offered(v.c)) continue;  // the case above checks which backend has which curve
        const auto alice = load_ecx_private(v.c, hex(v.a));
        const auto bob = load_ecx_private(v.c, hex(v.b));
        REQUIRE(alice);
        REQUIRE(bob);
        CHECK(to_hex(alice->public_key()->public_bytes()) == v.a_pub);
        CHECK(to_hex(bob->public_key()->public_bytes()) == v.b_pub);
        secure_bytes k1, k2;
        REQUIRE(alice->derive(hex(v.b_pub), k1) == status::ok);
        CHECK(to_hex(test::plain(k1)) == v.shared);
        // The peer in an OCTET STRING (CKA_EC_POINT's form) works the same.
        auto wrapped = bytes{0x04, static_cast<std::uint8_t>(ecx_key_bytes(v.c))};
        const auto a_pub = hex(v.a_pub);
        wrapped.insert(wrapped.end(), a_pub.begin(), a_pub.end());
        REQUIRE(bob->derive(wrapped, k2) == status::ok);
        CHECK(k2 == k1);
        // A malformed peer, and the all-zero u (small order: the all-zero secret, RFC 7748 section 6).
        CHECK(alice->derive(bytes(ecx_key_bytes(v.c) - 1, 9), k1) == status::invalid_input);
        CHECK(alice->derive(bytes(ecx_key_bytes(v.c), 0), k1) == status::invalid_input);
        bytes sig;
        CHECK(alice->sign(hex("00"), {}, sig) == status::invalid_key);  // no signatures with a Montgomery key
        const std::string prefix = v.c == ecx_curve::x25519 ? "302a300506032b656e032100" : "3042300506032b656f033900";
        CHECK(to_hex(alice->public_key()->subject_public_key_info()) == prefix + v.a_pub);
    }
    if (!offered(ecx_curve::x25519)) return;
    // Section 5.2: X25519(k, u) with u's top bit set (masked, per section 5).
    const auto k = load_ecx_private(ecx_curve::x25519, hex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"));
    REQUIRE(k);
    secure_bytes out;
    REQUIRE(k->derive(hex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"), out) == status::ok);
    CHECK(to_hex(test::plain(out)) == "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
    const auto k1 = load_ecx_private(ecx_curve::x25519, hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"));
    REQUIRE(k1);
    REQUIRE(k1->derive(hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"), out) == status::ok);
    CHECK(to_hex(test::plain(out)) == "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
}

TEST_CASE("generated Montgomery keys agree with each other", "[ecx][xdh]") {
    for (auto c : {ecx_curve::x25519, ecx_curve::x448}) {
        if (!offered(c)) continue;
        const auto a = generate_ecx(c), b = generate_ecx(c);
        REQUIRE(a);
        REQUIRE(b);
        secure_bytes k1, k2;
        REQUIRE(a->derive(b->public_key()->public_bytes(), k1) == status::ok);
        REQUIRE(b->derive(a->public_key()->public_bytes(), k2) == status::ok);
        CHECK(k1 == k2);
        CHECK(k1.size() == ecx_key_bytes(c));
    }
}
