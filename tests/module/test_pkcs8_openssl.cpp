// PKCS #8 wrapping checked against an independent implementation: OpenSSL's
// RFC 5649 key wrap (id-aes256-wrap-pad), its AES-256-CBC and its PKCS #8
// parser and writer.  Keys the token wraps under a known KEK are unwrapped
// and parsed by OpenSSL, and their public key compared with the token's
// CKA_PUBLIC_KEY_INFO; keys OpenSSL generates and wraps are unwrapped into
// the token, whose public attributes and signatures must be OpenSSL's key's.
// Runs on the 3.0 build of the module (KWP is a 3.0 mechanism), whichever
// crypto backend the module has.
#include "support.hpp"

#include <memory>

#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

using namespace mt;

namespace {

struct pkey_free {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using pkey_ptr = std::unique_ptr<EVP_PKEY, pkey_free>;

const bytes kek_value = hex("8f4e2a1c6b5d3e7f90a1b2c3d4e5f60718293a4b5c6d7e8f9aabbccddeeff001");
const bytes cbc_iv = hex("000102030405060708090a0b0c0d0e0f");

// One cipher call through OpenSSL: RFC 5649 (id-aes256-wrap-pad) or AES-256-CBC with PKCS #7 padding.
bytes openssl_cipher(const char* name, const bytes& iv, const bytes& in, bool encrypt) {
    std::unique_ptr<EVP_CIPHER, decltype(&EVP_CIPHER_free)> cipher(EVP_CIPHER_fetch(nullptr, name, nullptr),
                                                                   EVP_CIPHER_free);
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
    REQUIRE(cipher);
    REQUIRE(ctx);
    EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
    REQUIRE(EVP_CipherInit_ex(ctx.get(), cipher.get(), nullptr, kek_value.data(), iv.empty() ? nullptr : iv.data(),
                              encrypt ? 1 : 0) == 1);
    bytes out(in.size() + 64);
    int n = 0, tail = 0;
    if (EVP_CipherUpdate(ctx.get(), out.data(), &n, in.data(), static_cast<int>(in.size())) != 1) return {};
    if (EVP_CipherFinal_ex(ctx.get(), out.data() + n, &tail) != 1) return {};
    out.resize(static_cast<std::size_t>(n + tail));
    return out;
}

bytes spki_of(EVP_PKEY* k) {
    unsigned char* der = nullptr;
    const int n = i2d_PUBKEY(k, &der);
    REQUIRE(n > 0);
    bytes out(der, der + n);
    OPENSSL_free(der);
    return out;
}

// Strict PKCS #8: d2i_PKCS8_PRIV_KEY_INFO, then the key inside.
pkey_ptr parse_pkcs8(const bytes& der) {
    const unsigned char* p = der.data();
    PKCS8_PRIV_KEY_INFO* info = d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, static_cast<long>(der.size()));
    if (info == nullptr) return nullptr;
    pkey_ptr k(EVP_PKCS82PKEY(info));
    PKCS8_PRIV_KEY_INFO_free(info);
    if (p != der.data() + der.size()) return nullptr;  // trailing bytes
    return k;
}

bytes pkcs8_of(EVP_PKEY* k) {
    PKCS8_PRIV_KEY_INFO* info = EVP_PKEY2PKCS8(k);
    REQUIRE(info != nullptr);
    unsigned char* der = nullptr;
    const int n = i2d_PKCS8_PRIV_KEY_INFO(info, &der);
    PKCS8_PRIV_KEY_INFO_free(info);
    REQUIRE(n > 0);
    bytes out(der, der + n);
    OPENSSL_clear_free(der, static_cast<std::size_t>(n));
    return out;
}

struct kind {
    const char* name;
    key_type type;
    bytes params;            // CKA_EC_PARAMS for generation on the token (empty: RSA)
    mechanism_type token_gen;
    const char* ossl_type;   // EVP_PKEY_Q_keygen's
    const char* ossl_curve;  // for "EC"
    bool available;
};

std::vector<kind> kinds() {
    return {
        {"RSA-2048", key_type::rsa, {}, mechanism_type::rsa_pkcs_key_pair_gen, "RSA", nullptr, true},
        {"P-256", key_type::ec, p256_params, mechanism_type::ec_key_pair_gen, "EC", "P-256", true},
        {"P-384", key_type::ec, p384_params, mechanism_type::ec_key_pair_gen, "EC", "P-384", true},
        {"P-521", key_type::ec, p521_params, mechanism_type::ec_key_pair_gen, "EC", "P-521", true},
        {"Ed25519", key_type::ec_edwards, hex("06032b6570"), mechanism_type::ec_edwards_key_pair_gen, "ED25519", nullptr,
         P11FORGE_BACKEND_HAS_EDDSA != 0},
        {"Ed448", key_type::ec_edwards, hex("06032b6571"), mechanism_type::ec_edwards_key_pair_gen, "ED448", nullptr,
         P11FORGE_BACKEND_HAS_EDDSA != 0},
        {"X25519", key_type::ec_montgomery, hex("06032b656e"), mechanism_type::ec_montgomery_key_pair_gen, "X25519",
         nullptr, P11FORGE_BACKEND_HAS_XDH != 0},
        {"X448", key_type::ec_montgomery, hex("06032b656f"), mechanism_type::ec_montgomery_key_pair_gen, "X448", nullptr,
         P11FORGE_BACKEND_HAS_XDH != 0},
    };
}

bool signs(const kind& k) { return k.type != key_type::ec_montgomery; }

pkey_ptr openssl_generate(const kind& k) {
    if (k.type == key_type::rsa) return pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048}));
    if (k.type == key_type::ec) return pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", k.ossl_curve));
    return pkey_ptr(EVP_PKEY_Q_keygen(nullptr, nullptr, k.ossl_type));
}

// The token's signature made with `key`, verified by OpenSSL with `pub`.
bool openssl_verifies(const client::session& s, const kind& k, object_handle key, EVP_PKEY* pub) {
    const auto msg = str("signed by the token, verified by OpenSSL");
    const mechanism_type m = k.type == key_type::rsa ? mechanism_type::sha256_rsa_pkcs
                             : k.type == key_type::ec ? mechanism_type::ecdsa_sha256
                                                      : mechanism_type::eddsa;
    auto sig = must(s.sign(key, m, bv(msg)), "C_Sign");
    if (k.type == key_type::ec) {
        // PKCS #11 gives r || s; OpenSSL verifies the DER ECDSA-Sig-Value.
        ECDSA_SIG* es = ECDSA_SIG_new();
        const auto half = static_cast<int>(sig.size() / 2);
        ECDSA_SIG_set0(es, BN_bin2bn(sig.data(), half, nullptr), BN_bin2bn(sig.data() + half, half, nullptr));
        unsigned char* der = nullptr;
        const int n = i2d_ECDSA_SIG(es, &der);
        ECDSA_SIG_free(es);
        REQUIRE(n > 0);
        sig.assign(der, der + n);
        OPENSSL_free(der);
    }
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    const char* digest = k.type == key_type::ec_edwards ? nullptr : "SHA256";
    if (EVP_DigestVerifyInit_ex(ctx.get(), nullptr, digest, nullptr, nullptr, pub, nullptr) != 1) return false;
    return EVP_DigestVerify(ctx.get(), sig.data(), sig.size(), msg.data(), msg.size()) == 1;
}

attribute_template unwrap_template(const kind& k) {
    return {attr::cls = object_class::private_key, attr::key_type = k.type, attr::token = false, attr::sensitive = true,
            attr::sign = signs(k), attr::derive = !signs(k)};
}

} // namespace

TEST_CASE("the token's PKCS #8 blobs unwrap and parse in OpenSSL", "[pkcs8-openssl]") {
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    const auto kek = aes_key(t.s, kek_value);
    for (const auto& k : kinds()) {
        if (!k.available) continue;  // the backend has no such key (the module tests say so)
        INFO(k.name);
        attribute_template pub{attr::token = false};
        if (k.type == key_type::rsa) pub.set(attr::modulus_bits = ck_ulong{2048});
        else pub.set(attr::ec_params = sp(k.params));
        const auto pair = must(t.s.generate_key_pair(
            k.token_gen, pub,
            {attr::token = false, attr::sensitive = true, attr::extractable = true, attr::sign = signs(k),
             attr::derive = !signs(k)}));
        const auto token_spki = must(attribute(t.s, pair.public_key, attribute_type::public_key_info));

        const auto kwp_blob = must(t.s.wrap(mechanism(mechanism_type::aes_key_wrap_kwp), kek, pair.private_key));
        const auto from_kwp = openssl_cipher("id-aes256-wrap-pad", {}, kwp_blob, false);
        REQUIRE_FALSE(from_kwp.empty());
        auto parsed = parse_pkcs8(from_kwp);
        REQUIRE(parsed);
        CHECK(spki_of(parsed.get()) == token_spki);
        if (signs(k)) CHECK(openssl_verifies(t.s, k, pair.private_key, parsed.get()));

        const auto cbc_blob = must(t.s.wrap(mech::aes_cbc_pad(cbc_iv), kek, pair.private_key));
        const auto from_cbc = openssl_cipher("AES-256-CBC", cbc_iv, cbc_blob, false);
        CHECK(from_cbc == from_kwp);  // the same PrivateKeyInfo under either mechanism
    }
}

TEST_CASE("OpenSSL's PKCS #8 keys, wrapped by OpenSSL, unwrap into the token", "[pkcs8-openssl]") {
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    const auto kek = aes_key(t.s, kek_value);
    for (const auto& k : kinds()) {
        INFO(k.name);
        auto key = openssl_generate(k);
        REQUIRE(key);
        const auto der = pkcs8_of(key.get());
        const auto blob = openssl_cipher("id-aes256-wrap-pad", {}, der, true);
        REQUIRE_FALSE(blob.empty());
        auto unwrapped = t.s.unwrap(mechanism(mechanism_type::aes_key_wrap_kwp), kek, bv(blob), unwrap_template(k));
        if (!k.available) {
            // A curve the backend lacks (mbedTLS: no EdDSA).
            CHECK(unwrapped.code() == rv::curve_not_supported);
            continue;
        }
        REQUIRE(unwrapped);
        CHECK(must(attribute(t.s, *unwrapped, attribute_type::public_key_info)) == spki_of(key.get()));
        if (k.type == key_type::rsa) {
            BIGNUM* n = nullptr;
            REQUIRE(EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_RSA_N, &n) == 1);
            bytes n_bytes(static_cast<std::size_t>(BN_num_bytes(n)));
            BN_bn2bin(n, n_bytes.data());
            BN_free(n);
            CHECK(must(attribute(t.s, *unwrapped, attribute_type::modulus)) == n_bytes);
            CHECK(must(attribute(t.s, *unwrapped, attribute_type::public_exponent)) == hex("010001"));
        } else {
            CHECK(must(attribute(t.s, *unwrapped, attribute_type::ec_params)) == k.params);
        }
        if (signs(k)) CHECK(openssl_verifies(t.s, k, *unwrapped, key.get()));
        // The same through AES-CBC-PAD.
        const auto cbc_blob = openssl_cipher("AES-256-CBC", cbc_iv, der, true);
        const auto via_cbc = must(t.s.unwrap(mech::aes_cbc_pad(cbc_iv), kek, bv(cbc_blob), unwrap_template(k)));
        CHECK(must(attribute(t.s, via_cbc, attribute_type::public_key_info)) == spki_of(key.get()));
    }
}
