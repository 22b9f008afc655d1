// The host's half of the card's RSA and ECDSA operations: PKCS #1 v1.5 and
// OAEP unpadding of raw RSA results (the crypto layer's decoders, against its
// encryption), signature blocks, and the DER-to-r||s conversion of ECDSA
// signatures (the mechanism layer's).
#include <catch2/catch.hpp>

#include "crypto/rsa.hpp"
#include "crypto/rsa_padding.hpp"
#include "mech/signature_encodings.hpp"

using namespace p11;

namespace {
const crypto::rsa_private_key& test_key() {
    static const auto key = crypto::generate_rsa(1024, {});
    return *key;
}
// What the card returns for a ciphertext: c^d mod n, unpadded.
secure_bytes card_raw(const crypto::bytes& ciphertext) {
    secure_bytes raw;
    REQUIRE(test_key().private_raw(ciphertext, raw) == crypto::status::ok);
    return raw;
}
// The decoders as a verdict: every failure is the same decrypt_failed.
bool pkcs1_unpads(crypto::bytes_view block, secure_bytes& out) {
    return crypto::eme_pkcs1_v15_decode(block, out) == crypto::status::ok;
}
bool oaep_unpads(crypto::bytes_view block, const crypto::oaep_params& p, secure_bytes& out) {
    return crypto::eme_oaep_decode(block, p, out) == crypto::status::ok;
}
} // namespace

TEST_CASE("PKCS #1 v1.5 decryption round trip, every message length") {
    auto pub = test_key().public_key();
    for (std::size_t n : {0u, 1u, 16u, 32u, 117u}) {
        crypto::bytes message(n, static_cast<std::uint8_t>(n + 1));
        crypto::bytes c;
        REQUIRE(pub->encrypt_pkcs1(message, c) == crypto::status::ok);
        secure_bytes out;
        REQUIRE(pkcs1_unpads(card_raw(c), out));
        CHECK(crypto::bytes(out.begin(), out.end()) == message);
    }
}

TEST_CASE("PKCS #1 v1.5 unpadding rejects every malformed block alike") {
    const std::size_t k = 128;
    auto good = [&] {
        crypto::bytes b(k, 0x77);
        b[0] = 0x00;
        b[1] = 0x02;
        b[100] = 0x00;
        return b;
    };
    secure_bytes out;
    CHECK(pkcs1_unpads(good(), out));
    CHECK(out.size() == k - 101);
    auto b = good();
    b[0] = 0x01;
    CHECK_FALSE(pkcs1_unpads(b, out));
    b = good();
    b[1] = 0x01;
    CHECK_FALSE(pkcs1_unpads(b, out));
    b = good();
    b[100] = 0x55;  // no zero separator at all
    CHECK_FALSE(pkcs1_unpads(b, out));
    b = good();
    b[5] = 0x00;  // padding string shorter than 8 bytes
    CHECK_FALSE(pkcs1_unpads(b, out));
    b = good();
    b[10] = 0x00;  // exactly 8 bytes of padding: valid
    CHECK(pkcs1_unpads(b, out));
    CHECK(out.size() == k - 11);
}

TEST_CASE("OAEP decryption round trip") {
    auto pub = test_key().public_key();
    const crypto::oaep_params p{crypto::hash_alg::sha1, crypto::hash_alg::sha1, {}};
    for (std::size_t n : {0u, 1u, 32u, 86u}) {
        crypto::bytes message(n, 0xC3);
        crypto::bytes c;
        REQUIRE(pub->encrypt_oaep(message, p, c) == crypto::status::ok);
        auto raw = card_raw(c);
        secure_bytes out;
        REQUIRE(oaep_unpads(raw, p, out));
        CHECK(crypto::bytes(out.begin(), out.end()) == message);
        raw[40] ^= 1;
        CHECK_FALSE(oaep_unpads(raw, p, out));
    }
    crypto::bytes c;
    REQUIRE(pub->encrypt_oaep(crypto::bytes(10, 1), p, c) == crypto::status::ok);
    secure_bytes out;
    const crypto::oaep_params other{crypto::hash_alg::sha1, crypto::hash_alg::sha1, {'x'}};
    CHECK_FALSE(oaep_unpads(card_raw(c), other, out));  // another label
}

TEST_CASE("PKCS #1 v1.5 signature blocks verify with the public key") {
    const auto prefix = crypto::digest_info_prefix(crypto::hash_alg::sha256);
    crypto::bytes t(prefix.begin(), prefix.end());
    t.resize(t.size() + 32, 0x42);
    auto block = mech::pkcs1_signature_block(t, 128);
    REQUIRE(block);
    secure_bytes sig;
    REQUIRE(test_key().private_raw(*block, sig) == crypto::status::ok);
    CHECK(test_key().public_key()->verify_pkcs1(t, sig) == crypto::status::ok);
    CHECK_FALSE(mech::pkcs1_signature_block(crypto::bytes(118, 0), 128));
}

TEST_CASE("ECDSA: DER from the card, r || s for PKCS #11") {
    const crypto::bytes der{0x30, 0x08, 0x02, 0x02, 0x00, 0x81, 0x02, 0x02, 0x12, 0x34};
    auto raw = mech::ecdsa_der_to_raw(der, 4);
    REQUIRE(raw);
    CHECK(*raw == crypto::bytes{0, 0, 0, 0x81, 0, 0, 0x12, 0x34});
    CHECK_FALSE(mech::ecdsa_der_to_raw(crypto::bytes{0x30, 0x03, 0x02, 0x01, 0x80}, 4));  // negative, one integer
    CHECK_FALSE(mech::ecdsa_der_to_raw(crypto::bytes{0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01, 0x00}, 4));
    const crypto::bytes big{0x30, 0x0A, 0x02, 0x05, 1, 2, 3, 4, 5, 0x02, 0x01, 0x01};
    CHECK_FALSE(mech::ecdsa_der_to_raw(big, 4));  // r larger than the field
    CHECK(mech::ecdsa_challenge(crypto::bytes(48, 1), 32).size() == 32);
    CHECK(mech::ecdsa_challenge(crypto::bytes(20, 1), 32)[11] == 0);
}
