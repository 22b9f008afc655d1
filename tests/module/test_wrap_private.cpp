// Private keys wrapped as PKCS #8 PrivateKeyInfo (RFC 5208 / 5958, RFC 5915,
// RFC 8410) under AES-KWP (RFC 5649), AES-CBC-PAD and DES3-CBC-PAD, and
// unwrapped into keys that work: round trips for every key type the
// backend has, the attributes the specification requires of unwrapped
// keys, the checks of C_WrapKey (extractable, CKA_WRAP, wrap-with-trusted,
// the mechanisms that carry private keys) and bad blobs in C_UnwrapKey.
// The cross-check against OpenSSL's own key wrap and PKCS #8 parser is
// test_pkcs8_openssl.cpp.
#include "support.hpp"

#include "der.hpp"

using namespace mt;

namespace {

// A generated pair of one of the token's private key types, made extractable.
struct key_kind {
    const char* name;
    mechanism_type generator;
    key_type type;
    bytes params;          // CKA_EC_PARAMS (empty for RSA)
    mechanism_type use;    // a signature mechanism, or ECDH1_DERIVE
    ck_ulong bits;         // as the generator's CK_MECHANISM_INFO counts them
};

const bytes x25519_oid = hex("06032b656e"), x448_oid = hex("06032b656f");
const bytes ed25519_oid = hex("06032b6570"), ed448_oid = hex("06032b6571");

std::vector<key_kind> kinds(bool profile_3_0) {
    std::vector<key_kind> k{
        {"RSA-2048", mechanism_type::rsa_pkcs_key_pair_gen, key_type::rsa, {}, mechanism_type::sha256_rsa_pkcs, 2048},
        {"P-256", mechanism_type::ec_key_pair_gen, key_type::ec, p256_params, mechanism_type::ecdsa_sha256, 256},
        {"P-384", mechanism_type::ec_key_pair_gen, key_type::ec, p384_params, mechanism_type::ecdsa_sha384, 384},
        {"P-521", mechanism_type::ec_key_pair_gen, key_type::ec, p521_params, mechanism_type::ecdsa_sha512, 521},
    };
    if (!profile_3_0) return k;
    if (P11FORGE_BACKEND_HAS_EDDSA) {
        k.push_back({"Ed25519", mechanism_type::ec_edwards_key_pair_gen, key_type::ec_edwards, ed25519_oid,
                     mechanism_type::eddsa, 255});
        k.push_back({"Ed448", mechanism_type::ec_edwards_key_pair_gen, key_type::ec_edwards, ed448_oid,
                     mechanism_type::eddsa, 448});
    }
    if (P11FORGE_BACKEND_HAS_XDH) {
        k.push_back({"X25519", mechanism_type::ec_montgomery_key_pair_gen, key_type::ec_montgomery, x25519_oid,
                     mechanism_type::ecdh1_derive, 255});
        k.push_back({"X448", mechanism_type::ec_montgomery_key_pair_gen, key_type::ec_montgomery, x448_oid,
                     mechanism_type::ecdh1_derive, 448});
    }
    return k;
}

client::session::key_pair generate(const client::session& s, const key_kind& k, attribute_template priv_extra) {
    attribute_template pub{attr::token = false, attr::verify = true};
    if (k.type == key_type::rsa) pub.set(attr::modulus_bits = ck_ulong{2048});
    else pub.set(attr::ec_params = sp(k.params));
    attribute_template priv{attr::token = false, attr::sensitive = true, attr::extractable = true,
                            attr::sign = k.use != mechanism_type::ecdh1_derive,
                            attr::derive = k.use == mechanism_type::ecdh1_derive};
    priv.merge(priv_extra);
    return must(s.generate_key_pair(k.generator, pub, priv), "C_GenerateKeyPair");
}

attribute_template unwrap_template(const key_kind& k) {
    return {attr::cls = object_class::private_key, attr::key_type = k.type, attr::token = false,
            attr::sensitive = true, attr::extractable = false,
            attr::sign = k.use != mechanism_type::ecdh1_derive, attr::derive = k.use == mechanism_type::ecdh1_derive};
}

const attribute_template readable_secret{attr::cls = object_class::secret_key, attr::key_type = key_type::generic_secret,
                                         attr::token = false, attr::sensitive = false, attr::extractable = true};

// The unwrapped key does what the original does: its signatures verify
// under the original public key, or it derives the same secret with a peer.
void check_works(const client::session& s, const key_kind& k, const client::session::key_pair& original,
                 object_handle unwrapped) {
    if (k.use == mechanism_type::ecdh1_derive) {
        const auto peer = generate(s, k, {});
        const auto peer_point = must(attribute(s, peer.public_key, attribute_type::ec_point));
        const auto mine = must(s.derive(ecdh(mechanism_type::ecdh1_derive, peer_point), unwrapped, readable_secret));
        const auto theirs = must(s.derive(ecdh(mechanism_type::ecdh1_derive, must(attribute(s, original.public_key,
                                                                                              attribute_type::ec_point))),
                                          peer.private_key, readable_secret));
        CHECK(must(attribute(s, mine, attribute_type::value)) == must(attribute(s, theirs, attribute_type::value)));
        return;
    }
    const auto msg = str("wrapped, unwrapped, still the same key");
    const auto sig = must(s.sign(unwrapped, k.use, bv(msg)), "C_Sign with the unwrapped key");
    CHECK(must(s.verify(original.public_key, k.use, bv(msg), bv(sig))));
}

// The specification's attributes of an unwrapped private key (PKCS #11 3.0
// base §5.18.5 / §4.9: never local, never "always sensitive" or "never
// extractable") and its public parts, the same as the original's.
void check_attributes(const client::session& s, const key_kind& k, object_handle original, object_handle unwrapped) {
    CHECK_FALSE(bool_attribute(s, unwrapped, attribute_type::local));
    CHECK_FALSE(bool_attribute(s, unwrapped, attribute_type::always_sensitive));
    CHECK_FALSE(bool_attribute(s, unwrapped, attribute_type::never_extractable));
    CHECK(ulong_attribute(s, unwrapped, attribute_type::key_gen_mechanism) == ~ck_ulong{0});
    CHECK(ulong_attribute(s, unwrapped, attribute_type::key_type) == static_cast<ck_ulong>(k.type));
    CHECK(must(attribute(s, unwrapped, attribute_type::public_key_info)) ==
          must(attribute(s, original, attribute_type::public_key_info)));
    if (k.type == key_type::rsa) {
        CHECK(must(attribute(s, unwrapped, attribute_type::modulus)) == must(attribute(s, original, attribute_type::modulus)));
        CHECK(must(attribute(s, unwrapped, attribute_type::public_exponent)) ==
              must(attribute(s, original, attribute_type::public_exponent)));
        CHECK(query_attribute(s, unwrapped, attribute_type::private_exponent).code == rv::attribute_sensitive);
    } else {
        // The curve's OID (the form the token produces).
        CHECK(must(attribute(s, unwrapped, attribute_type::ec_params)) == k.params);
        CHECK(query_attribute(s, unwrapped, attribute_type::value).code == rv::attribute_sensitive);
    }
}

// RSA-2048 (0) and P-256 (1), for the cases about rules rather than key types.
const key_kind& prime_kind(std::size_t i) {
    static const auto prime = kinds(false);
    return prime[i];
}
const mechanism kwp(mechanism_type::aes_key_wrap_kwp);

const bytes kek_value = hex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
const bytes cbc_iv = hex("f0e0d0c0b0a090807060504030201000");

} // namespace

#ifdef P11FORGE_MODULE_3_0_PATH
TEST_CASE("private keys wrap as PKCS #8 and unwrap into working keys (3.0 build)", "[pkcs8]") {
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    const auto kek = aes_key(t.s, kek_value);
    const mechanism wrappers[] = {mechanism(mechanism_type::aes_key_wrap_kwp), mech::aes_cbc_pad(cbc_iv),
                                  mechanism(mechanism_type::aes_key_wrap_pad)};
    for (const auto& k : kinds(true)) {
        // The Windows token lists what its CNG has (wine 8: no P-384 or P-521 private keys).
        if (!listed(t.m, k.generator, k.bits)) continue;
        const auto pair = generate(t.s, k, {});
        for (const auto& m : wrappers) {
            INFO(k.name << " under " << to_string(m.type()).view());
            // The two-call convention: the length, then too small, then the blob.
            auto ck = m.ck();
            abi::CK_ULONG n = 0;
            REQUIRE(code(t.fn()->C_WrapKey(t.h(), &ck, kek, pair.private_key, nullptr, &n)) == rv::ok);
            REQUIRE(n > 16);
            bytes blob(n - 1);
            abi::CK_ULONG short_n = n - 1;
            CHECK(code(t.fn()->C_WrapKey(t.h(), &ck, kek, pair.private_key, blob.data(), &short_n)) == rv::buffer_too_small);
            CHECK(short_n == n);
            blob.resize(n);
            REQUIRE(code(t.fn()->C_WrapKey(t.h(), &ck, kek, pair.private_key, blob.data(), &n)) == rv::ok);
            CHECK(n == blob.size());

            // What is inside is a PrivateKeyInfo: SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING }.
            const auto info = must(t.s.decrypt(kek, m, bv(blob)));
            REQUIRE(der::read(info, 0).tag == 0x30);
            REQUIRE(der::read(info, 0).total() == info.size());
            const auto fields = der::children(info, 0);
            REQUIRE(fields.size() == 3);
            CHECK(der::whole(info, fields[0]) == hex("020100"));
            CHECK(der::read(info, fields[2]).tag == 0x04);

            const auto back = must(t.s.unwrap(m, kek, bv(blob), unwrap_template(k)), "C_UnwrapKey");
            check_attributes(t.s, k, pair.private_key, back);
            check_works(t.s, k, pair, back);
            // Unwrapped as unextractable: it cannot leave again.
            CHECK(t.s.wrap(m, kek, back).code() == rv::key_unextractable);
        }
    }
}

TEST_CASE("PKCS #8 wrapping refuses what the attributes forbid (3.0 build)", "[pkcs8]") {
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    const auto kek = aes_key(t.s, kek_value);
    const auto& rsa = prime_kind(0);
    const auto& p256 = prime_kind(1);
    // CKA_EXTRACTABLE false: CKR_KEY_UNEXTRACTABLE, even when the wrapping key could.
    const auto locked = generate(t.s, p256, {attr::extractable = false});
    CHECK(t.s.wrap(kwp, kek, locked.private_key).code() == rv::key_unextractable);
    // A sensitive but extractable key may be wrapped (that is what wrapping is for).
    const auto pair = generate(t.s, p256, {});
    CHECK(bool_attribute(t.s, pair.private_key, attribute_type::sensitive));
    CHECK(t.s.wrap(kwp, kek, pair.private_key));
    // The wrapping key must allow wrapping: CKR_KEY_FUNCTION_NOT_PERMITTED.
    const auto no_wrap = aes_key(t.s, kek_value, {attr::wrap = false});
    CHECK(t.s.wrap(kwp, no_wrap, pair.private_key).code() == rv::key_function_not_permitted);
    // CKA_WRAP_WITH_TRUSTED: only a CKA_TRUSTED wrapping key (the token has
    // no trusted keys a user can make: CKR_KEY_NOT_WRAPPABLE).
    const auto guarded = generate(t.s, p256, {attr::wrap_with_trusted = true});
    CHECK(t.s.wrap(kwp, kek, guarded.private_key).code() == rv::key_not_wrappable);
    // Mechanisms that cannot carry a PrivateKeyInfo: RFC 3394 and unpadded
    // modes need whole blocks, RSA is too short: CKR_KEY_NOT_WRAPPABLE.
    CHECK(t.s.wrap(mechanism(mechanism_type::aes_key_wrap), kek, pair.private_key).code() == rv::key_not_wrappable);
    CHECK(t.s.wrap(mechanism(mechanism_type::aes_ecb), kek, pair.private_key).code() == rv::key_not_wrappable);
    CHECK(t.s.wrap(mech::aes_cbc(cbc_iv), kek, pair.private_key).code() == rv::key_not_wrappable);
    // A wrapping key of the wrong type: CKR_WRAPPING_KEY_TYPE_INCONSISTENT.
    const auto hmac_key = secret_key(t.s, key_type::generic_secret, bytes(32, 7));
    CHECK(t.s.wrap(kwp, hmac_key, pair.private_key).code() == rv::wrapping_key_type_inconsistent);
    // Public keys are not wrapped by anyone.
    CHECK(t.s.wrap(kwp, kek, pair.public_key).code() == rv::key_not_wrappable);
    // Bad handles, and a NULL length pointer.
    CHECK(t.s.wrap(kwp, kek, object_handle{0x7fff}).code() == rv::key_handle_invalid);
    CHECK(t.s.wrap(kwp, object_handle{0x7fff}, pair.private_key).code() == rv::wrapping_key_handle_invalid);
    auto ck = kwp.ck();
    CHECK(code(t.fn()->C_WrapKey(t.h(), &ck, kek, pair.private_key, nullptr, nullptr)) == rv::arguments_bad);
    // Triple-DES CBC-PAD carries private keys too (its section names them).
    const auto des = secret_key(t.s, key_type::des3, hex("0123456789abcdef23456789abcdef01456789abcdef0123"));
    const auto des_mech = mechanism::with_bytes(mechanism_type::des3_cbc_pad, hex("1122334455667788"));
    const auto rsa_pair = generate(t.s, rsa, {});
    // The wrapping key's CKA_WRAP_TEMPLATE: an RSA-only KEK refuses the EC key, takes the RSA one.
    const attribute_template rsa_only{attr::key_type = key_type::rsa};
    const auto picky = aes_key(t.s, kek_value, {attr::wrap_template = rsa_only});
    CHECK(t.s.wrap(kwp, picky, pair.private_key).code() == rv::key_not_wrappable);
    CHECK(t.s.wrap(kwp, picky, rsa_pair.private_key));
    const auto des_blob = must(t.s.wrap(des_mech, des, rsa_pair.private_key));
    const auto back = must(t.s.unwrap(des_mech, des, bv(des_blob), unwrap_template(rsa)));
    check_works(t.s, rsa, rsa_pair, back);
}

TEST_CASE("PKCS #8 unwrapping refuses bad blobs and templates that contradict them (3.0 build)", "[pkcs8]") {
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    const auto kek = aes_key(t.s, kek_value);
    const auto& rsa = prime_kind(0);
    const auto& p256 = prime_kind(1);
    const auto pair = generate(t.s, p256, {});
    const auto blob = must(t.s.wrap(kwp, kek, pair.private_key));
    const auto info = must(t.s.decrypt(kek, kwp, bv(blob)));
    auto rewrap = [&](const bytes& der) { return must(t.s.encrypt(kek, kwp, bv(der))); };

    // The blob is an EC key: a template naming RSA, or no private key at all, contradicts it.
    CHECK(t.s.unwrap(kwp, kek, bv(blob), unwrap_template(rsa)).code() == rv::template_inconsistent);
    CHECK(t.s.unwrap(kwp, kek, bv(blob),
                     {attr::cls = object_class::private_key, attr::key_type = key_type::ec_edwards, attr::token = false})
              .code() == rv::template_inconsistent);
    // The blob is a private key: a public-key template contradicts it.
    CHECK(t.s.unwrap(kwp, kek, bv(blob), {attr::cls = object_class::public_key, attr::key_type = key_type::ec,
                                          attr::token = false})
              .code() == rv::template_inconsistent);
    // CKA_KEY_TYPE is required on unwrap.
    CHECK(t.s.unwrap(kwp, kek, bv(blob), {attr::cls = object_class::private_key, attr::token = false}).code() ==
          rv::template_incomplete);
    // Public values are the blob's, not the caller's: CKA_EC_PARAMS is not for the template.
    attribute_template with_params = unwrap_template(p256);
    with_params.set(attr::ec_params = sp(p256_params));
    CHECK(t.s.unwrap(kwp, kek, bv(blob), with_params).code() == rv::attribute_read_only);
    // The unwrapping key's CKA_UNWRAP_TEMPLATE binds what it makes: unextractable keys only.
    const attribute_template locked_policy{attr::extractable = false};
    const auto strict = aes_key(t.s, kek_value, {attr::unwrap_template = locked_policy});
    attribute_template loose = unwrap_template(p256);
    loose.set(attr::extractable = true);
    CHECK(t.s.unwrap(kwp, strict, bv(blob), loose).code() == rv::template_inconsistent);
    CHECK(t.s.unwrap(kwp, strict, bv(blob), unwrap_template(p256)));
    // A mechanism that never carries private keys.
    CHECK(t.s.unwrap(mechanism(mechanism_type::aes_key_wrap), kek, bv(first(blob, 40)), unwrap_template(p256)).code() ==
          rv::mechanism_invalid);

    // Tampered or truncated ciphertext: the key wrap's integrity check fails.
    auto tampered = blob;
    tampered[tampered.size() / 2] ^= 0x01;
    CHECK(t.s.unwrap(kwp, kek, bv(tampered), unwrap_template(p256)).code() == rv::wrapped_key_invalid);
    // KWP works on 64-bit blocks, two at least (RFC 5649 section 3).
    CHECK(t.s.unwrap(kwp, kek, bv(first(blob, blob.size() - 1)), unwrap_template(p256)).code() == rv::wrapped_key_len_range);
    CHECK(t.s.unwrap(kwp, kek, bv(first(blob, 8)), unwrap_template(p256)).code() == rv::wrapped_key_len_range);

    // AES-CBC-PAD: not whole blocks is a length error; a bad last block, bad padding.
    const auto cbc = mech::aes_cbc_pad(cbc_iv);
    const auto cbc_blob = must(t.s.wrap(cbc, kek, pair.private_key));
    CHECK(t.s.unwrap(cbc, kek, bv(first(cbc_blob, cbc_blob.size() - 1)), unwrap_template(p256)).code() ==
          rv::wrapped_key_len_range);
    CHECK(t.s.unwrap(cbc, kek, bv(first(cbc_blob, cbc_blob.size() - 16)), unwrap_template(p256)).code() ==
          rv::wrapped_key_invalid);
    // Properly wrapped, but not a PrivateKeyInfo inside: CKR_WRAPPED_KEY_INVALID.
    const bytes garbage_blobs[] = {
        bytes(64, 0x5a),                                  // no DER at all
        first(info, info.size() - 1),                     // truncated
        cat(info, bytes{0x00}),                           // trailing bytes
        der::sequence({hex("020102"), der::whole(info, der::children(info, 0)[1]),
                       der::whole(info, der::children(info, 0)[2])}),  // version 2
        der::sequence({hex("020100"), der::sequence({hex("06032b6563")}),
                       der::whole(info, der::children(info, 0)[2])}),  // an unknown algorithm
        der::sequence({hex("020100"), der::sequence({der::ec_public_key_oid, secp256k1_params}),
                       der::whole(info, der::children(info, 0)[2])}),  // a curve the token lacks
        der::sequence({hex("020100"), der::sequence({der::ec_public_key_oid, p384_params}),
                       der::whole(info, der::children(info, 0)[2])}),  // d and Q of P-256 named P-384
    };
    for (const auto& g : garbage_blobs) {
        INFO("inner blob " << to_hex(g));
        CHECK(t.s.unwrap(kwp, kek, bv(rewrap(g)), unwrap_template(p256)).code() == rv::wrapped_key_invalid);
    }
    // The point in ECPrivateKey must be the private key's: one bit of Y changed.
    auto wrong_point = info;
    wrong_point.back() ^= 0x01;
    CHECK(t.s.unwrap(kwp, kek, bv(rewrap(wrong_point)), unwrap_template(p256)).code() == rv::wrapped_key_invalid);
    // RSA values that do not form a key: the last byte of qInv changed.
    const auto rsa_pair = generate(t.s, rsa, {});
    auto rsa_info = must(t.s.decrypt(kek, kwp, bv(must(t.s.wrap(kwp, kek, rsa_pair.private_key)))));
    rsa_info.back() ^= 0x01;
    CHECK(t.s.unwrap(kwp, kek, bv(rewrap(rsa_info)), unwrap_template(rsa)).code() == rv::wrapped_key_invalid);
    CHECK(t.s.unwrap(kwp, object_handle{0x7fff}, bv(blob), unwrap_template(p256)).code() ==
          rv::unwrapping_key_handle_invalid);
    // NULL and bad arguments of C_UnwrapKey.
    auto ck = kwp.ck();
    const auto tmpl = unwrap_template(p256);
    abi::CK_OBJECT_HANDLE out = 0;
    CHECK(code(t.fn()->C_UnwrapKey(t.h(), &ck, kek, const_cast<std::uint8_t*>(blob.data()),
                                   static_cast<abi::CK_ULONG>(blob.size()), tmpl.data(),
                                   tmpl.count(), nullptr)) == rv::arguments_bad);
    CHECK(code(t.fn()->C_UnwrapKey(t.h(), &ck, kek, nullptr, static_cast<abi::CK_ULONG>(blob.size()),
                                   tmpl.data(), tmpl.count(), &out)) == rv::arguments_bad);
}

// A token key that is not CKA_PRIVATE is visible without a login, but its
// sensitive values stay encrypted at rest until one: CKR_USER_NOT_LOGGED_IN.
TEST_CASE("PKCS #8 wrapping needs the user's login for a stored key's values (3.0 build)", "[pkcs8]") {
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    const auto& p256 = prime_kind(1);
    generate(t.s, p256, {attr::token = true, attr::private_ = false, attr::label = std::string_view("public-ish")});
    t.reload(P11FORGE_MODULE_3_0_PATH);
    const auto kek = aes_key(t.s, kek_value, {attr::private_ = false});
    REQUIRE(code(t.fn()->C_Logout(t.h())) == rv::ok);
    const auto found = must(t.s.find_one({attr::cls = object_class::private_key, attr::label = std::string_view("public-ish")}));
    REQUIRE(found);
    CHECK(t.s.wrap(kwp, kek, *found).code() == rv::user_not_logged_in);
    must(t.s.login(user_type::user, user_pin), "C_Login").release();
    CHECK(t.s.wrap(kwp, kek, *found));
}

// RFC 8410 section 10.3: the Ed25519 private key as a version 1
// PrivateKeyInfo, and again as a version 2 OneAsymmetricKey with an
// attribute and the public key; both must give section 10.1's public key.
TEST_CASE("RFC 8410's example private keys unwrap with the RFC's public key (3.0 build)", "[pkcs8]") {
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    const auto kek = aes_key(t.s, kek_value);
    const bytes v1 = hex("302e020100300506032b657004220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842");
    const bytes v2 = hex("3072020101300506032b657004220420d4ee72dbf913584ad5b6d8f1f769f8ad3afe7c28cbf1d4fbe097a88f44755842"
                         "a01f301d060a2a864886f70d01090914310f0c0d437572646c6520436861697273"
                         "81210019bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1");
    const bytes spki_10_1 = hex("302a300506032b657003210019bf44096984cdfe8541bac167dc3b96c85086aa30b6b6cb0c5c38ad703166e1");
    const attribute_template tmpl{attr::cls = object_class::private_key, attr::key_type = key_type::ec_edwards,
                                  attr::token = false, attr::sign = true};
    for (const auto* der : {&v1, &v2}) {
        const auto blob = must(t.s.encrypt(kek, kwp, bv(*der)));
        auto key = t.s.unwrap(kwp, kek, bv(blob), tmpl);
        if (!P11FORGE_BACKEND_HAS_EDDSA) {
            CHECK(key.code() == rv::curve_not_supported);
            continue;
        }
        REQUIRE(key);
        CHECK(must(attribute(t.s, *key, attribute_type::public_key_info)) == spki_10_1);
        CHECK(must(attribute(t.s, *key, attribute_type::ec_params)) == ed25519_oid);
    }
    // The version 2 form with a public key that is not the private key's.
    auto wrong = v2;
    wrong.back() ^= 0x01;
    const auto code_wanted = P11FORGE_BACKEND_HAS_EDDSA ? rv::wrapped_key_invalid : rv::curve_not_supported;
    CHECK(t.s.unwrap(kwp, kek, bv(must(t.s.encrypt(kek, kwp, bv(wrong)))), tmpl).code() == code_wanted);
}
#endif

// The 2.40 build has no KWP: RFC 5649 is CKM_AES_KEY_WRAP_PAD there, and AES-CBC-PAD.
TEST_CASE("private keys wrap as PKCS #8 on the 2.40 build (AES_KEY_WRAP_PAD, AES_CBC_PAD)", "[pkcs8]") {
    token_fixture t;
    const auto kek = aes_key(t.s, kek_value);
    for (const auto& k : kinds(false)) {
        if (k.type == key_type::ec && k.params != p256_params) continue;  // the curves: 3.0 case above
        const auto pair = generate(t.s, k, {});
        for (const auto& m : {mechanism(mechanism_type::aes_key_wrap_pad), mech::aes_cbc_pad(cbc_iv)}) {
            INFO(k.name << " under " << to_string(m.type()).view());
            const auto blob = must(t.s.wrap(m, kek, pair.private_key));
            const auto back = must(t.s.unwrap(m, kek, bv(blob), unwrap_template(k)));
            check_attributes(t.s, k, pair.private_key, back);
            check_works(t.s, k, pair, back);
        }
    }
}
