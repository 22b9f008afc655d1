// RSA: published vectors from RSA Laboratories' PKCS #1 v2.1 test files
// (signature verification, deterministic v1.5 signing, OAEP decryption),
// round trips in every padding, and the failures that must be reported.
#include <algorithm>

#include <catch2/catch.hpp>

#include "crypto/rsa.hpp"
#include "hex.hpp"
#include "platform.hpp"
#include "rsa_vectors.hpp"

using namespace p11::crypto;
using test::hex;

namespace {

secure_bytes secret(const char* h) {
    const auto b = hex(h);
    return secure_bytes(b.begin(), b.end());
}

rsa_private_components key1_components() {
    namespace v = rsa_vectors::key1;
    return {hex(v::n), hex(v::e), secret(v::d), secret(v::p), secret(v::q), secret(v::dp), secret(v::dq),
            secret(v::qinv)};
}

std::unique_ptr<rsa_private_key> key1() {
    auto k = load_rsa_private(key1_components());
    REQUIRE(k);
    return k;
}

std::unique_ptr<rsa_private_key> oaep_key() {
    namespace v = rsa_vectors::oaep1;
    auto k = load_rsa_private({hex(v::n), hex(v::e), secret(v::d), secret(v::p), secret(v::q), secret(v::dp),
                               secret(v::dq), secret(v::qinv)});
    REQUIRE(k);
    return k;
}

bytes sha(hash_alg h, bytes_view m) {
    bytes out(digest_size(h));
    digest(h, m, out.data());
    return out;
}

bytes digest_info(hash_alg h, bytes_view m) { return test::concat(test::plain(digest_info_prefix(h)), sha(h, m)); }

bytes plain(const secure_bytes& s) { return bytes(s.begin(), s.end()); }

// Generated once per run: key generation is slow.
rsa_private_key& generated_2048() {
    static auto k = generate_rsa(2048, {});
    REQUIRE(k);
    return *k;
}

} // namespace

TEST_CASE("PKCS #1 v1.5 signatures reproduce pkcs1v15sign-vectors Example 1", "[rsa]") {
    namespace v = rsa_vectors::key1;
    auto key = key1();
    REQUIRE(key->modulus_bits() == 1024);
    REQUIRE(key->modulus_bytes() == 128);
    auto pub = key->public_key();
    REQUIRE(pub);
    struct example {
        const char* message;
        const char* signature;
    };
    for (const auto& e : {example{v::message_1_1, v::v15_signature_1_1}, example{v::message_1_4, v::v15_signature_1_4}}) {
        const auto di = digest_info(hash_alg::sha1, hex(e.message));
        bytes sig;
        REQUIRE(key->sign_pkcs1(di, sig) == status::ok);
        CHECK(sig == hex(e.signature));  // v1.5 signing is deterministic
        CHECK(pub->verify_pkcs1(di, hex(e.signature)) == status::ok);
        bytes recovered;
        REQUIRE_STATUS(pub->recover_pkcs1(hex(e.signature), recovered), status::ok, LACKS_RECOVERY);
        CHECK(recovered == di);
    }
    // Wrong message, flipped signature bit, wrong length.
    const auto di = digest_info(hash_alg::sha1, hex(v::message_1_1));
    auto bad = hex(v::v15_signature_1_1);
    CHECK(pub->verify_pkcs1(digest_info(hash_alg::sha1, hex(v::message_1_4)), bad) == status::bad_signature);
    bad[60] ^= 0x04;
    CHECK(pub->verify_pkcs1(di, bad) == status::bad_signature);
    bytes recovered;
    CHECK_STATUS(pub->recover_pkcs1(bad, recovered), status::bad_signature, LACKS_RECOVERY);
    CHECK(pub->verify_pkcs1(di, bytes_view(bad).first(127)) == status::bad_signature);
    CHECK(pub->verify_pkcs1(bytes(118, 1), hex(v::v15_signature_1_1)) == status::invalid_input);
}

// CKM_RSA_PKCS signs whatever the caller gives, nothing included: the block
// is 00 01 FF.. 00.  OpenSSL's verify refused that (fuzz/backend_diff found
// the backends disagreeing); both must verify it and refuse it for a non-empty payload.
TEST_CASE("a PKCS #1 v1.5 signature of an empty payload verifies", "[rsa]") {
    auto key = key1();
    auto pub = key->public_key();
    REQUIRE(pub);
    bytes sig;
    REQUIRE_STATUS(key->sign_pkcs1(bytes{}, sig), status::ok, LACKS_V15_ANY);
    CHECK(pub->verify_pkcs1(bytes{}, sig) == status::ok);
    CHECK(pub->verify_pkcs1(bytes{0}, sig) == status::bad_signature);
    bytes other;
    REQUIRE(key->sign_pkcs1(bytes{0}, other) == status::ok);
    CHECK(pub->verify_pkcs1(bytes{}, other) == status::bad_signature);
}

TEST_CASE("PSS verification accepts pss-vect.txt Examples 1.1, 1.4 and 2.1", "[rsa][pss]") {
    const pss_params sha1_20{hash_alg::sha1, hash_alg::sha1, 20};
    {
        namespace v = rsa_vectors::key1;
        auto pub = load_rsa_public({hex(v::n), hex(v::e)});
        REQUIRE(pub);
        CHECK_STATUS(pub->verify_pss(sha(hash_alg::sha1, hex(v::message_1_1)), hex(v::pss_signature_1_1), sha1_20), status::ok, LACKS_PSS);
        CHECK_STATUS(pub->verify_pss(sha(hash_alg::sha1, hex(v::message_1_4)), hex(v::pss_signature_1_4), sha1_20), status::ok, LACKS_PSS);
        // The salt length is part of the parameters: 19 or 21 must fail.
        for (std::size_t salt : {std::size_t{0}, std::size_t{19}, std::size_t{21}}) {
            CHECK_STATUS(pub->verify_pss(sha(hash_alg::sha1, hex(v::message_1_1)), hex(v::pss_signature_1_1),
                                  {hash_alg::sha1, hash_alg::sha1, salt}), status::bad_signature, LACKS_PSS);
        }
        CHECK_STATUS(pub->verify_pss(sha(hash_alg::sha1, hex(v::message_1_1)), hex(v::pss_signature_1_1),
                              {hash_alg::sha1, hash_alg::sha256, 20}), status::bad_signature, LACKS_PSS);
        auto bad = hex(v::pss_signature_1_1);
        bad[0] ^= 1;
        CHECK_STATUS(pub->verify_pss(sha(hash_alg::sha1, hex(v::message_1_1)), bad, sha1_20), status::bad_signature, LACKS_PSS);
        CHECK_STATUS(pub->verify_pss(sha(hash_alg::sha1, hex(v::message_1_4)), hex(v::pss_signature_1_1), sha1_20), status::bad_signature, LACKS_PSS);
        CHECK(pub->verify_pss(bytes(19, 0), hex(v::pss_signature_1_1), sha1_20) == status::invalid_input);
    }
    {
        namespace v = rsa_vectors::key2;
        auto pub = load_rsa_public({hex(v::n), hex(v::e)});
        REQUIRE(pub);
        CHECK(pub->modulus_bits() == 1025);
        CHECK(pub->modulus_bytes() == 129);
        CHECK_STATUS(pub->verify_pss(sha(hash_alg::sha1, hex(v::message_2_1)), hex(v::pss_signature_2_1), sha1_20), status::ok, LACKS_PSS);
    }
}

TEST_CASE("PSS signatures verify for any hash pair and salt the key allows", "[rsa][pss]") {
    auto key = key1();  // 1024 bits: emLen 128
    auto pub = key->public_key();
    const auto m = test::str("PSS round trip");
    const hash_alg all[] = {hash_alg::sha1, hash_alg::sha224, hash_alg::sha256, hash_alg::sha384, hash_alg::sha512};
    for (auto h : all) {
        for (auto mgf : all) {
            const std::size_t max_salt = 128 - digest_size(h) - 2;
            for (std::size_t salt : {std::size_t{0}, digest_size(h) < max_salt ? digest_size(h) : max_salt, max_salt}) {
                INFO("hash " << int(h) << " mgf " << int(mgf) << " salt " << salt);
                const pss_params p{h, mgf, salt};
                bytes sig;
                const status signed_ = key->sign_pss(sha(h, m), p, sig);
                if (test::lacking(signed_, LACKS_PSS)) continue;
                REQUIRE(signed_ == status::ok);
                CHECK(sig.size() == 128);
                CHECK_STATUS(pub->verify_pss(sha(h, m), sig, p), status::ok, LACKS_PSS);
                CHECK_STATUS(pub->verify_pss(sha(h, test::str("other")), sig, p), status::bad_signature, LACKS_PSS);
            }
            bytes sig;
            CHECK(key->sign_pss(sha(h, m), {h, mgf, 128 - digest_size(h) - 1}, sig) == status::unsupported);
        }
    }
    // A 1025-bit key (pss-vect.txt Example 2, primes recovered from n, e, d):
    // the encoded message is one byte shorter than the modulus.
    {
        namespace v = rsa_vectors::key2;
        auto odd = load_rsa_private({hex(v::n), hex(v::e), secret(v::d), {}, {}, {}, {}, {}});
        REQUIRE(odd);
        REQUIRE(odd->modulus_bits() == 1025);
        auto odd_pub = odd->public_key();
        for (std::size_t salt : {std::size_t{0}, std::size_t{20}, std::size_t{128 - 20 - 2}}) {
            const pss_params p{hash_alg::sha1, hash_alg::sha256, salt};
            bytes sig;
            const status signed_ = odd->sign_pss(sha(hash_alg::sha1, m), p, sig);
            if (test::lacking(signed_, LACKS_PSS)) continue;
            REQUIRE(signed_ == status::ok);
            CHECK(sig.size() == 129);
            CHECK(odd_pub->verify_pss(sha(hash_alg::sha1, m), sig, p) == status::ok);
        }
        bytes sig;
        CHECK(odd->sign_pss(sha(hash_alg::sha1, m), {hash_alg::sha1, hash_alg::sha1, 128 - 20 - 1}, sig) ==
              status::unsupported);
    }
    auto& big = generated_2048();
    auto big_pub = big.public_key();
    const pss_params p{hash_alg::sha512, hash_alg::sha1, 190};
    bytes sig;
    REQUIRE_STATUS(big.sign_pss(sha(hash_alg::sha512, m), p, sig), status::ok, LACKS_PSS);
    CHECK(big_pub->verify_pss(sha(hash_alg::sha512, m), sig, p) == status::ok);
    bytes sig2;
    REQUIRE(big.sign_pss(sha(hash_alg::sha512, m), p, sig2) == status::ok);
    CHECK(sig2 != sig);  // a fresh salt each time
}

TEST_CASE("OAEP decryption recovers oaep-vect.txt Examples 1.1 and 1.6", "[rsa][oaep]") {
    namespace v = rsa_vectors::oaep1;
    auto key = oaep_key();
    const oaep_params sha1{hash_alg::sha1, hash_alg::sha1, {}};
    secure_bytes out;
    REQUIRE_STATUS(key->decrypt_oaep(hex(v::encryption_1_1), sha1, out), status::ok, LACKS_OAEP);
    CHECK(plain(out) == hex(v::message_1_1));
    REQUIRE(key->decrypt_oaep(hex(v::encryption_1_6), sha1, out) == status::ok);
    CHECK(plain(out) == hex(v::message_1_6));

    // Tampering anywhere, a label the sender did not use, or another hash:
    // all one error.
    for (std::size_t i : {std::size_t{0}, std::size_t{64}, std::size_t{127}}) {
        auto c = hex(v::encryption_1_1);
        c[i] ^= 0x20;
        secure_bytes o;
        CHECK(key->decrypt_oaep(c, sha1, o) == status::decrypt_failed);
        CHECK(o.empty());
    }
    secure_bytes o;
    CHECK(key->decrypt_oaep(hex(v::encryption_1_1), {hash_alg::sha1, hash_alg::sha1, test::str("L")}, o) ==
          status::decrypt_failed);
    CHECK(key->decrypt_oaep(hex(v::encryption_1_1), {hash_alg::sha256, hash_alg::sha256, {}}, o) ==
          status::decrypt_failed);
    CHECK(key->decrypt_oaep(bytes(128, 0xff), sha1, o) == status::decrypt_failed);  // c >= n
    CHECK(key->decrypt_oaep(bytes(127, 1), sha1, o) == status::invalid_input);
}

// Ciphertexts made by an independent implementation (OpenSSL 3.0, through
// Python's cryptography package) with the oaep-vect.txt Example 1 key: SHA-256
// with MGF1-SHA-1 and label "L", and SHA-1 with MGF1-SHA-256 and no label.
TEST_CASE("OAEP with an MGF1 hash other than the OAEP hash decrypts OpenSSL's ciphertexts", "[rsa][oaep]") {
    auto key = oaep_key();
    const auto expected = test::str("p11forge OAEP cross-check");
    secure_bytes out;
    REQUIRE_STATUS(key->decrypt_oaep(hex("8a1d836a90784729e4b01ece524f9c78ccb563111a919147a635ad72eccc251f"
                                  "8309010810ae336ad5fbcf5160936c3466932ca2050bed1141aca293d57d175d"
                                  "6f70b78471a9765ed1958e19e1c4dfda5d7e3dae087135dce7aca1a0dfc9e122"
                                  "344f0b1ad1bd84de5ec7fc528c9e00235db5658197d3e4049643b440ee65a604"),
                              {hash_alg::sha256, hash_alg::sha1, test::str("L")}, out),
                   status::ok, LACKS_OAEP);
    CHECK(plain(out) == expected);
    REQUIRE(key->decrypt_oaep(hex("8997d51cc7e92ced032302b2691a9b54c7f5b4e839b9026e88c1afed3821d5a4"
                                  "8cda8924e59316456c352e0aa103462be79feeb288766f57b5ad465c629207ee"
                                  "28489ec7f4978a62b300d78172b69f6154aea22dd13eb1b755a0f37ec6e8c6a4"
                                  "2f47d150b49eadedfd3a532614fc90aebefcdd664f6d856b764808c3dc22b8c5"),
                              {hash_alg::sha1, hash_alg::sha256, {}}, out) == status::ok);
    CHECK(plain(out) == expected);
}

TEST_CASE("OAEP round trips with labels and any MGF1 hash", "[rsa][oaep]") {
    auto& key = generated_2048();
    auto pub = key.public_key();
    const auto msg = test::str("key material");
    for (auto h : {hash_alg::sha1, hash_alg::sha256, hash_alg::sha512}) {
        const oaep_params p{h, h, test::str("label")};
        bytes c;
        REQUIRE_STATUS(pub->encrypt_oaep(msg, p, c), status::ok, LACKS_OAEP);
        CHECK(c.size() == 256);
        secure_bytes out;
        REQUIRE(key.decrypt_oaep(c, p, out) == status::ok);
        CHECK(plain(out) == msg);
        bytes c2;
        REQUIRE(pub->encrypt_oaep(msg, p, c2) == status::ok);
        CHECK(c2 != c);  // randomised
        const std::size_t max = 256 - 2 * digest_size(h) - 2;
        CHECK(pub->encrypt_oaep(bytes(max, 7), p, c) == status::ok);
        CHECK(pub->encrypt_oaep(bytes(max + 1, 7), p, c) == status::invalid_input);
    }
    bytes c;
    secure_bytes out;
    // The MGF1 hash may differ from the OAEP hash (CK_RSA_PKCS_OAEP_PARAMS allows any pair).
    for (const oaep_params& p : {oaep_params{hash_alg::sha256, hash_alg::sha1, test::str("label")},
                                 oaep_params{hash_alg::sha1, hash_alg::sha512, {}}}) {
        REQUIRE(pub->encrypt_oaep(msg, p, c) == status::ok);
        REQUIRE(key.decrypt_oaep(c, p, out) == status::ok);
        CHECK(plain(out) == msg);
        const oaep_params other_mgf{p.hash, p.mgf_hash == hash_alg::sha1 ? hash_alg::sha256 : hash_alg::sha1, p.label};
        CHECK(key.decrypt_oaep(c, other_mgf, out) == status::decrypt_failed);
    }
    // SHA-512 does not fit a 1024-bit key (2 * 64 + 2 > 128).
    auto small = key1();
    CHECK(small->public_key()->encrypt_oaep(msg, {hash_alg::sha512, hash_alg::sha512, {}}, c) == status::unsupported);
}

TEST_CASE("PKCS #1 v1.5 encryption round trips; tampering is one error", "[rsa]") {
    auto key = key1();
    auto pub = key->public_key();
    for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{16}, std::size_t{117}}) {
        const bytes msg(n, 0x5a);
        bytes c;
        REQUIRE(pub->encrypt_pkcs1(msg, c) == status::ok);
        secure_bytes out;
        REQUIRE(key->decrypt_pkcs1(c, out) == status::ok);
        CHECK(plain(out) == msg);
        c[5] ^= 0x01;
        secure_bytes o;
        CHECK(key->decrypt_pkcs1(c, o) == status::decrypt_failed);
        CHECK(o.empty());
    }
    bytes c;
    CHECK(pub->encrypt_pkcs1(bytes(118, 1), c) == status::invalid_input);
    secure_bytes out;
    CHECK(key->decrypt_pkcs1(bytes(12, 1), out) == status::invalid_input);
    CHECK(key->decrypt_pkcs1(bytes(128, 0xff), out) == status::decrypt_failed);
    // A block that is not type 2: raw-encrypt 00 01 FF.. and try to decrypt.
    bytes type1(128, 0xff);
    type1[0] = 0;
    type1[1] = 1;
    type1[100] = 0;
    REQUIRE_STATUS(pub->public_raw(type1, c), status::ok, LACKS_RAW_RSA);
    CHECK(key->decrypt_pkcs1(c, out) == status::decrypt_failed);
}

TEST_CASE("raw RSA is m^e and c^d; inputs at or above n are refused", "[rsa]") {
    auto key = key1();
    auto pub = key->public_key();
    const auto m = hex("00 01 02 03 04 05 06 07 08 09");  // shorter input is left-padded
    bytes c;
    REQUIRE_STATUS(pub->public_raw(m, c), status::ok, LACKS_RAW_RSA);
    CHECK(c.size() == 128);
    secure_bytes back;
    REQUIRE(key->private_raw(c, back) == status::ok);
    bytes expected(128, 0);
    std::copy(m.begin(), m.end(), expected.end() - static_cast<std::ptrdiff_t>(m.size()));
    CHECK(plain(back) == expected);
    const auto n = hex(rsa_vectors::key1::n);
    CHECK(pub->public_raw(n, c) == status::invalid_input);
    CHECK(key->private_raw(n, back) == status::invalid_input);
    CHECK(pub->public_raw(bytes(129, 0), c) == status::invalid_input);
}

TEST_CASE("keys load from full, CRT-less or prime-less components and export them all", "[rsa][keys]") {
    namespace v = rsa_vectors::key1;
    auto full = key1();
    const auto c = full->components();
    CHECK(c.modulus == hex(v::n));
    CHECK(c.public_exponent == hex(v::e));
    CHECK(plain(c.private_exponent) == hex(v::d));
    CHECK(plain(c.prime1) == hex(v::p));
    CHECK(plain(c.prime2) == hex(v::q));
    CHECK(plain(c.exponent1) == hex(v::dp));
    CHECK(plain(c.exponent2) == hex(v::dq));
    CHECK(plain(c.coefficient) == hex(v::qinv));

    // n, e, d only: the primes are recovered.
    auto from_d = load_rsa_private({hex(v::n), hex(v::e), secret(v::d), {}, {}, {}, {}, {}});
    REQUIRE(from_d);
    CHECK(from_d->components().coefficient.size() == 64);
    bytes s1, s2;
    const auto di = digest_info(hash_alg::sha1, hex(v::message_1_1));
    REQUIRE(from_d->sign_pkcs1(di, s1) == status::ok);
    CHECK(s1 == hex(v::v15_signature_1_1));
    // p, q, e only: d is derived.
    auto from_pq = load_rsa_private({{}, hex(v::e), {}, secret(v::p), secret(v::q), {}, {}, {}});
    REQUIRE(from_pq);
    REQUIRE(from_pq->sign_pkcs1(di, s2) == status::ok);
    CHECK(s2 == hex(v::v15_signature_1_1));

    // Inconsistent components.
    auto wrong_crt = key1_components();
    wrong_crt.coefficient.back() ^= 1;
    CHECK(load_rsa_private(wrong_crt) == nullptr);
    auto wrong_d = key1_components();
    wrong_d.private_exponent.back() ^= 2;
    CHECK(load_rsa_private(wrong_d) == nullptr);
    auto wrong_n = key1_components();
    wrong_n.modulus.back() ^= 2;
    CHECK(load_rsa_private(wrong_n) == nullptr);
    // One prime without the other is refused by both backends (the OpenSSL
    // one recovered both from n, e, d and ignored the given one; found by
    // fuzz/backend_diff), whether or not the given prime is right.
    for (const bool right : {true, false}) {
        auto only_q = key1_components();
        only_q.prime1.clear();
        if (!right) only_q.prime2.back() ^= 2;
        CHECK(load_rsa_private(only_q) == nullptr);
        auto only_p = key1_components();
        only_p.prime2.clear();
        if (!right) only_p.prime1.back() ^= 2;
        CHECK(load_rsa_private(only_p) == nullptr);
    }
    // A component given as zero is refused, not taken for "absent" and derived
    // (mbedTLS did that for d; found by fuzz/backend_diff).
    auto zero_d = key1_components();
    std::fill(zero_d.private_exponent.begin(), zero_d.private_exponent.end(), 0);
    CHECK(load_rsa_private(zero_d) == nullptr);
    auto zero_p = key1_components();
    zero_p.prime1.assign(3, 0);
    CHECK(load_rsa_private(zero_p) == nullptr);
    CHECK(load_rsa_private({}) == nullptr);
    CHECK(load_rsa_public({hex(v::n), hex("02")}) == nullptr);  // even e
    CHECK(load_rsa_public({hex(v::n), {}}) == nullptr);
    CHECK(load_rsa_public({hex("c5"), hex(v::e)}) == nullptr);  // tiny modulus

    // SubjectPublicKeyInfo: SEQUENCE { rsaEncryption NULL, BIT STRING { SEQUENCE { n, e } } }.
    const auto spki = full->public_key()->subject_public_key_info();
    const auto expected_head = hex("30819f300d06092a864886f70d010101050003818d0030818902818100");
    REQUIRE(spki.size() == 162);
    CHECK(bytes(spki.begin(), spki.begin() + 29) == expected_head);
    CHECK(bytes(spki.end() - 5, spki.end()) == hex("0203010001"));
}

TEST_CASE("key generation honours size and exponent", "[rsa][keys]") {
    auto k = generate_rsa(1024, hex("03"));
    // CNG's BCryptGenerateKeyPair takes no public exponent: 65537 only.
    const bool only_f4 = test::lacking(k == nullptr, "RSA key generation with a public exponent other than 65537");
    if (only_f4) k = generate_rsa(1024, {});
    REQUIRE(k);
    CHECK(k->modulus_bits() == 1024);
    CHECK(k->components().public_exponent == hex(only_f4 ? "010001" : "03"));
    auto pub = k->public_key();
    const auto di = digest_info(hash_alg::sha256, test::str("x"));
    bytes sig;
    REQUIRE(k->sign_pkcs1(di, sig) == status::ok);
    CHECK(pub->verify_pkcs1(di, sig) == status::ok);
    // The exported components load back to the same key.
    auto again = load_rsa_private(k->components());
    REQUIRE(again);
    bytes sig2;
    REQUIRE(again->sign_pkcs1(di, sig2) == status::ok);
    CHECK(sig2 == sig);

    CHECK(generated_2048().modulus_bits() == 2048);
    CHECK(generate_rsa(512, {}) == nullptr);
    CHECK(generate_rsa(8192, {}) == nullptr);
    CHECK(generate_rsa(1025, {}) == nullptr);
    CHECK(generate_rsa(1024, hex("010000")) == nullptr);  // even exponent
}
