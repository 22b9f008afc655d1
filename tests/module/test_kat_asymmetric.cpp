// Known-answer tests of RSA, ECDSA, ECDH and certificates through PKCS #11
// calls on the real module, and a check that every mechanism the token lists
// has a known-answer test here.  Vectors: RSA Laboratories' PKCS #1 v2.1 test
// vectors (pss-vect.txt, oaep-vect.txt, pkcs1v15sign-vectors.txt), RFC 6979
// appendix A.2.5-A.2.7, RFC 5903 section 8, certificates made and printed by
// OpenSSL (tests/crypto/data).  Where a standard gives no vector for a
// combination (PKCS #1 v1.5 and PSS with SHA-2), the token's output is
// checked against the standard's definition (RFC 8017 9.1 and 9.2), decoded
// with RSA_X_509 and digests whose vectors pass.
#include <map>
#include <set>

#include "der.hpp"
#include "ec_vectors.hpp"
#include "rsa_vectors.hpp"

using namespace mt;

namespace {

rsa_components key1() {
    namespace k = rsa_vectors::key1;
    return {hex(k::n), hex(k::e), hex(k::d), hex(k::p), hex(k::q), hex(k::dp), hex(k::dq), hex(k::qinv)};
}
rsa_components oaep_key() {
    namespace k = rsa_vectors::oaep1;
    return {hex(k::n), hex(k::e), hex(k::d), hex(k::p), hex(k::q), hex(k::dp), hex(k::dq), hex(k::qinv)};
}

// RFC 8017 section 9.2, note 1: DER of DigestInfo up to the digest.
bytes digest_info_prefix(mechanism_type hash) {
    switch (hash) {
    case mechanism_type::sha_1: return hex("3021300906052b0e03021a05000414");
    case mechanism_type::sha224: return hex("302d300d06096086480165030402040500041c");
    case mechanism_type::sha256: return hex("3031300d060960864801650304020105000420");
    case mechanism_type::sha384: return hex("3041300d060960864801650304020205000430");
    case mechanism_type::sha512: return hex("3051300d060960864801650304020305000440");
    // The same with id-sha3-224 .. id-sha3-512, 2.16.840.1.101.3.4.2.7 .. 10 (NIST CSOR, RFC 8702).
    case mechanism_type::sha3_224: return hex("302d300d06096086480165030402070500041c");
    case mechanism_type::sha3_256: return hex("3031300d060960864801650304020805000420");
    case mechanism_type::sha3_384: return hex("3041300d060960864801650304020905000430");
    case mechanism_type::sha3_512: return hex("3051300d060960864801650304020a05000440");
    default: FAIL("no prefix");
    }
    return {};
}
// EMSA-PKCS1-v1_5 (RFC 8017 9.2): 00 01 FF..FF 00 || T.
bytes emsa_pkcs1_v15(const bytes& t, std::size_t k) {
    bytes em{0x00, 0x01};
    em.insert(em.end(), k - 3 - t.size(), 0xff);
    em.push_back(0x00);
    return cat(em, t);
}

// MGF1 (RFC 8017 B.2.1) with the token's digest.
bytes mgf1(const client::session& s, mechanism_type hash, const bytes& seed, std::size_t length) {
    bytes out;
    for (std::uint32_t counter = 0; out.size() < length; ++counter) {
        const bytes c{static_cast<std::uint8_t>(counter >> 24), static_cast<std::uint8_t>(counter >> 16),
                      static_cast<std::uint8_t>(counter >> 8), static_cast<std::uint8_t>(counter)};
        out = cat(out, must(s.digest(hash, bv(cat(seed, c)))));
    }
    out.resize(length);
    return out;
}
// EMSA-PSS-VERIFY (RFC 8017 9.1.2) of an encoded message recovered with RSA_X_509.
bool emsa_pss_verify(const client::session& s, mechanism_type hash, const bytes& m_hash, bytes em,
                     std::size_t em_bits, std::size_t salt_length) {
    const std::size_t em_len = (em_bits + 7) / 8;
    while (em.size() > em_len) {
        if (em.front() != 0) return false;
        em.erase(em.begin());
    }
    const std::size_t h_len = m_hash.size();
    if (em.size() != em_len || em_len < h_len + salt_length + 2 || em.back() != 0xbc) return false;
    const auto masked_db = first(em, em_len - h_len - 1);
    const auto h = sub(em, em_len - h_len - 1, h_len);
    const unsigned top = static_cast<unsigned>(8 * em_len - em_bits);
    if (top && (masked_db[0] >> (8 - top)) != 0) return false;
    auto db = mgf1(s, hash, h, masked_db.size());
    for (std::size_t i = 0; i < db.size(); ++i) db[i] ^= masked_db[i];
    if (top) db[0] &= static_cast<std::uint8_t>(0xff >> top);
    const std::size_t ps = em_len - h_len - salt_length - 2;
    for (std::size_t i = 0; i < ps; ++i)
        if (db[i] != 0) return false;
    if (db[ps] != 0x01) return false;
    const auto salt = sub(db, db.size() - salt_length, salt_length);
    const auto m_prime = cat(cat(bytes(8, 0), m_hash), salt);
    return must(s.digest(hash, bv(m_prime))) == h;
}

// A field element as fixed-width bytes (RFC 6979 prints P-521 values with 131 digits).
bytes field(const char* hex_digits, std::size_t width) {
    std::string digits(hex_digits);
    if (digits.size() % 2) digits.insert(digits.begin(), '0');
    return der::fixed_width(hex(digits), width);
}

// A PSS salt shorter than the hash: wine's CNG gets one wrong, so a token
// without raw RSA to encode it (src/crypto/cng/rsa_ops.cpp) refuses it with
// CKR_MECHANISM_PARAM_INVALID, which its mechanism list cannot say.
bool short_salt_refused(const token_fixture& t, std::size_t salt, std::size_t hash_length) {
    if (salt >= hash_length || t.m.mechanism(soft_slot, mechanism_type::rsa_x_509)) return false;
    return report_unlisted("RSA-PSS with a salt shorter than the hash (CKM_RSA_X_509 not listed)");
}

// oaep-vect.txt example 1 and OAEP round trips with every hash and a label.
void oaep_answers(const token_fixture& t, object_handle priv, object_handle pub, const bytes& msg) {
    const auto oaep = mech::rsa_pkcs_oaep(mechanism_type::sha_1);
    CHECK(must(t.s.decrypt(priv, oaep, bv(hex(rsa_vectors::oaep1::encryption_1_1)))) ==
          hex(rsa_vectors::oaep1::message_1_1));
    CHECK(must(t.s.decrypt(priv, oaep, bv(hex(rsa_vectors::oaep1::encryption_1_6)))) ==
          hex(rsa_vectors::oaep1::message_1_6));
    // The wrong label (pSourceData) fails the OAEP check.
    CHECK(t.s.decrypt(priv, mech::rsa_pkcs_oaep(mechanism_type::sha_1, str("label")),
                      bv(hex(rsa_vectors::oaep1::encryption_1_1)))
              .code() == rv::encrypted_data_invalid);

    // Encryption is randomised: round trips, with every hash and a label.
    for (auto h : {mechanism_type::sha_1, mechanism_type::sha224, mechanism_type::sha256, mechanism_type::sha384}) {
        INFO(to_string(h).view());
        for (const auto& label : {bytes{}, str("a label")}) {
            const auto m = mech::rsa_pkcs_oaep(h, label);
            const auto ct = must(t.s.encrypt(pub, m, bv(msg)));
            CHECK(ct.size() == 128);
            CHECK(must(t.s.decrypt(priv, m, bv(ct))) == msg);
            CHECK(must(t.s.encrypt(pub, m, bv(msg))) != ct);
        }
    }
}

} // namespace

TEST_CASE("RSA PKCS #1 v1.5 signatures are byte-exact (pkcs1v15sign-vectors.txt)", "[kat][rsa]") {
    token_fixture t;
    const auto k = key1();
    const auto priv = rsa_private(t.s, k);
    const auto pub = rsa_public(t.s, k.n, k.e);
    const struct {
        const char* message;
        const char* signature;
    } examples[] = {{rsa_vectors::key1::message_1_1, rsa_vectors::key1::v15_signature_1_1},
                    {rsa_vectors::key1::message_1_4, rsa_vectors::key1::v15_signature_1_4}};
    // Raw RSA and recovery, which wine's CNG lacks: skipped by name on Windows (support.hpp).
    const bool x509 = listed(t.m, mechanism_type::rsa_x_509);
    const bool recover = listed_for(t.m, mechanism_type::rsa_pkcs, mechanism_flags::sign_recover, "C_SignRecover");
    for (const auto& e : examples) {
        const auto msg = hex(e.message), sig = hex(e.signature);
        // CKM_SHA1_RSA_PKCS: hashed on the token, single and multi-part.
        CHECK(must(t.s.sign(priv, mechanism_type::sha1_rsa_pkcs, bv(msg))) == sig);
        CHECK(must(sign_parts(t.s, priv, mechanism_type::sha1_rsa_pkcs, msg, 50)) == sig);
        CHECK(must(t.s.verify(pub, mechanism_type::sha1_rsa_pkcs, bv(msg), bv(sig))));
        CHECK(verify_parts(t.s, pub, mechanism_type::sha1_rsa_pkcs, msg, sig, 33) == rv::ok);
        auto tampered = sig;
        tampered[10] ^= 1;
        CHECK_FALSE(must(t.s.verify(pub, mechanism_type::sha1_rsa_pkcs, bv(msg), bv(tampered))));

        // CKM_RSA_PKCS on the caller's DigestInfo (SHA-1 from the token, FIPS 180-4 proven).
        const auto info = cat(digest_info_prefix(mechanism_type::sha_1), must(t.s.digest(mechanism_type::sha_1, bv(msg))));
        CHECK(must(t.s.sign(priv, mechanism_type::rsa_pkcs, bv(info))) == sig);
        CHECK(must(t.s.verify(pub, mechanism_type::rsa_pkcs, bv(info), bv(sig))));

        // CKM_RSA_X_509 is RSASP1/RSAVP1 without padding: sig^e = EM, EM^d = sig.
        const auto em = emsa_pkcs1_v15(info, 128);
        if (x509) {
            CHECK(must(t.s.encrypt(pub, mechanism_type::rsa_x_509, bv(sig))) == em);
            CHECK(must(t.s.sign(priv, mechanism_type::rsa_x_509, bv(em))) == sig);
            CHECK(must(t.s.decrypt(priv, mechanism_type::rsa_x_509, bv(em))) == sig);
            CHECK(must(t.s.verify(pub, mechanism_type::rsa_x_509, bv(em), bv(sig))));
        }
        if (!recover) continue;

        // C_SignRecover / C_VerifyRecover with CKM_RSA_PKCS and CKM_RSA_X_509.
        auto ck = plain_ck(mechanism_type::rsa_pkcs);
        REQUIRE(code(t.fn()->C_SignRecoverInit(t.h(), &ck, priv)) == rv::ok);
        bytes out(128);
        abi::CK_ULONG n = 128;
        REQUIRE(code(t.fn()->C_SignRecover(t.h(), const_cast<std::uint8_t*>(info.data()),
                                           static_cast<abi::CK_ULONG>(info.size()), out.data(), &n)) == rv::ok);
        out.resize(n);
        CHECK(out == sig);
        REQUIRE(code(t.fn()->C_VerifyRecoverInit(t.h(), &ck, pub)) == rv::ok);
        n = 0;
        REQUIRE(code(t.fn()->C_VerifyRecover(t.h(), const_cast<std::uint8_t*>(sig.data()), 128, nullptr, &n)) == rv::ok);
        out.assign(n, 0);
        REQUIRE(code(t.fn()->C_VerifyRecover(t.h(), const_cast<std::uint8_t*>(sig.data()), 128, out.data(), &n)) == rv::ok);
        out.resize(n);
        CHECK(out == info);
        if (!x509) continue;
        ck = plain_ck(mechanism_type::rsa_x_509);
        REQUIRE(code(t.fn()->C_VerifyRecoverInit(t.h(), &ck, pub)) == rv::ok);
        out.assign(128, 0);
        n = 128;
        REQUIRE(code(t.fn()->C_VerifyRecover(t.h(), const_cast<std::uint8_t*>(sig.data()), 128, out.data(), &n)) == rv::ok);
        out.resize(n);
        CHECK(der::fixed_width(out, 128) == em);
    }
}

// A private key given as n, e and d only (no CRT components) signs the same.
TEST_CASE("RSA private keys without CRT components", "[kat][rsa]") {
    token_fixture t;
    auto k = key1();
    k.p.clear();
    const auto priv = rsa_private(t.s, k);
    CHECK(must(t.s.sign(priv, mechanism_type::sha1_rsa_pkcs, bv(hex(rsa_vectors::key1::message_1_1)))) ==
          hex(rsa_vectors::key1::v15_signature_1_1));
    // pss-vect.txt example 2 gives n, e and d of its 1025-bit key (PSS with
    // SHA-1 and raw RSA, which wine's CNG lacks: skipped by name on Windows).
    if (!listed(t.m, mechanism_type::sha1_rsa_pkcs_pss) || !listed(t.m, mechanism_type::rsa_x_509)) return;
    namespace k2 = rsa_vectors::key2;
    const auto priv2 = rsa_private(t.s, {hex(k2::n), hex(k2::e), hex(k2::d), {}, {}, {}, {}, {}});
    const auto pub2 = rsa_public(t.s, hex(k2::n), hex(k2::e));
    const auto m = mech::rsa_pkcs_pss(mechanism_type::sha_1, 20, mechanism_type::sha1_rsa_pkcs_pss);
    const auto msg = hex(k2::message_2_1);
    const auto sig = must(t.s.sign(priv2, m, bv(msg)));
    CHECK(sig.size() == 129);
    CHECK(must(t.s.verify(pub2, m, bv(msg), bv(sig))));
    // EMSA-PSS with emBits = 1024: the encoded message is 128 bytes, one less than the modulus.
    CHECK(emsa_pss_verify(t.s, mechanism_type::sha_1, must(t.s.digest(mechanism_type::sha_1, bv(msg))),
                          must(t.s.encrypt(pub2, mechanism_type::rsa_x_509, bv(sig))), 1024, 20));
}

// No published vector with SHA-2 for these keys: the signature must decode
// (RSA_X_509, proven above) to EMSA-PKCS1-v1_5 of the token's digest
// (FIPS 180-4 proven) with the RFC 8017 DigestInfo prefix.
TEST_CASE("RSA SHA-2 PKCS #1 v1.5 signatures follow RFC 8017 9.2", "[kat][rsa]") {
    token_fixture t;
    const auto k = key1();
    const auto priv = rsa_private(t.s, k);
    const auto pub = rsa_public(t.s, k.n, k.e);
    const auto msg = hex(rsa_vectors::key1::message_1_1);
    const std::pair<mechanism_type, mechanism_type> combos[] = {
        {mechanism_type::sha224_rsa_pkcs, mechanism_type::sha224},
        {mechanism_type::sha256_rsa_pkcs, mechanism_type::sha256},
        {mechanism_type::sha384_rsa_pkcs, mechanism_type::sha384},
        {mechanism_type::sha512_rsa_pkcs, mechanism_type::sha512},
    };
    // Without raw RSA (wine's CNG) the decoding is skipped by name; the rest runs.
    const bool x509 = listed(t.m, mechanism_type::rsa_x_509);
    for (auto [m, h] : combos) {
        INFO(to_string(m).view());
        if (!listed(t.m, m)) continue;  // SHA-224 on CNG: skipped by name
        const auto sig = must(t.s.sign(priv, m, bv(msg)));
        const auto info = cat(digest_info_prefix(h), must(t.s.digest(h, bv(msg))));
        if (x509) CHECK(must(t.s.encrypt(pub, mechanism_type::rsa_x_509, bv(sig))) == emsa_pkcs1_v15(info, 128));
        CHECK(must(sign_parts(t.s, priv, m, msg, 64)) == sig);  // deterministic
        CHECK(must(t.s.verify(pub, m, bv(msg), bv(sig))));
        CHECK(verify_parts(t.s, pub, m, msg, sig, 17) == rv::ok);
        CHECK_FALSE(must(t.s.verify(pub, m, bv(cat(msg, bytes{0})), bv(sig))));
    }
}

TEST_CASE("RSA-PSS verifies pss-vect.txt and signs per RFC 8017 9.1", "[kat][rsa]") {
    token_fixture t;
    const auto k = key1();
    const auto priv = rsa_private(t.s, k);
    const auto pub = rsa_public(t.s, k.n, k.e);
    const auto sha1_pss = mech::rsa_pkcs_pss(mechanism_type::sha_1, 20, mechanism_type::sha1_rsa_pkcs_pss);
    const auto raw_pss = mech::rsa_pkcs_pss(mechanism_type::sha_1, 20);
    const struct {
        const char* message;
        const char* signature;
    } examples[] = {{rsa_vectors::key1::message_1_1, rsa_vectors::key1::pss_signature_1_1},
                    {rsa_vectors::key1::message_1_4, rsa_vectors::key1::pss_signature_1_4}};
    // What wine's CNG lacks (PSS with SHA-1, PSS on a caller's digest, raw
    // RSA to decode signatures) is skipped by name on Windows (support.hpp).
    const bool sha1_listed = listed(t.m, mechanism_type::sha1_rsa_pkcs_pss);
    const bool raw_listed = listed(t.m, mechanism_type::rsa_pkcs_pss);
    const bool x509 = listed(t.m, mechanism_type::rsa_x_509);
    for (const auto& e : examples) {
        if (!sha1_listed) break;
        const auto msg = hex(e.message), sig = hex(e.signature);
        CHECK(must(t.s.verify(pub, sha1_pss, bv(msg), bv(sig))));
        CHECK(verify_parts(t.s, pub, sha1_pss, msg, sig, 9) == rv::ok);
        const auto digest = must(t.s.digest(mechanism_type::sha_1, bv(msg)));
        if (raw_listed) CHECK(must(t.s.verify(pub, raw_pss, bv(digest), bv(sig))));
        auto tampered = sig;
        tampered[0] ^= 0x01;
        CHECK_FALSE(must(t.s.verify(pub, sha1_pss, bv(msg), bv(tampered))));
        // A different salt length does not verify.
        CHECK_FALSE(must(t.s.verify(pub, mech::rsa_pkcs_pss(mechanism_type::sha_1, 19, mechanism_type::sha1_rsa_pkcs_pss),
                                    bv(msg), bv(sig))));
    }
    // Example 2.1: a 1025-bit modulus, so the encoded message is one byte shorter than the modulus.
    const auto pub2 = rsa_public(t.s, hex(rsa_vectors::key2::n), hex(rsa_vectors::key2::e));
    if (sha1_listed)
        CHECK(must(t.s.verify(pub2, sha1_pss, bv(hex(rsa_vectors::key2::message_2_1)),
                              bv(hex(rsa_vectors::key2::pss_signature_2_1)))));

    // Signing: random salt, so the signature is checked by decoding it.
    const struct {
        mechanism_type m;
        mechanism_type h;
        ck_ulong salt;
    } combos[] = {
        {mechanism_type::sha1_rsa_pkcs_pss, mechanism_type::sha_1, 20},
        {mechanism_type::sha224_rsa_pkcs_pss, mechanism_type::sha224, 28},
        {mechanism_type::sha256_rsa_pkcs_pss, mechanism_type::sha256, 32},
        {mechanism_type::sha384_rsa_pkcs_pss, mechanism_type::sha384, 48},
        {mechanism_type::sha512_rsa_pkcs_pss, mechanism_type::sha512, 32},  // 64 + 64 + 2 > 128: a shorter salt
        {mechanism_type::sha256_rsa_pkcs_pss, mechanism_type::sha256, 0},
    };
    const auto msg = hex(rsa_vectors::key1::message_1_1);
    for (const auto& c : combos) {
        INFO(to_string(c.m).view() << " salt " << c.salt);
        if (!listed(t.m, c.m)) continue;
        const auto m_hash = must(t.s.digest(c.h, bv(msg)));
        if (short_salt_refused(t, c.salt, m_hash.size())) continue;
        const auto m = mech::rsa_pkcs_pss(c.h, c.salt, c.m);
        const auto sig = must(t.s.sign(priv, m, bv(msg)));
        REQUIRE(sig.size() == 128);
        if (x509)
            CHECK(emsa_pss_verify(t.s, c.h, m_hash, must(t.s.encrypt(pub, mechanism_type::rsa_x_509, bv(sig))), 1023,
                                  c.salt));
        CHECK(must(t.s.verify(pub, m, bv(msg), bv(sig))));
        CHECK(verify_parts(t.s, pub, m, msg, sig, 40) == rv::ok);
        // Another salt length does not verify (the token checks the salt it was told).
        CHECK_FALSE(must(t.s.verify(pub, mech::rsa_pkcs_pss(c.h, c.salt + 1, c.m), bv(msg), bv(sig))));
        // CKM_RSA_PKCS_PSS takes the digest itself.
        if (!raw_listed || !x509) continue;
        const auto raw = mech::rsa_pkcs_pss(c.h, c.salt);
        const auto sig2 = must(t.s.sign(priv, raw, bv(m_hash)));
        CHECK(emsa_pss_verify(t.s, c.h, m_hash, must(t.s.encrypt(pub, mechanism_type::rsa_x_509, bv(sig2))), 1023,
                              c.salt));
        CHECK(must(t.s.verify(pub, m, bv(msg), bv(sig2))));
        if (c.salt) CHECK(sig2 != sig);  // a fresh salt each time
    }
}

TEST_CASE("RSA-OAEP decrypts oaep-vect.txt; PKCS #1 v1.5 encryption follows RFC 8017 7.2", "[kat][rsa]") {
    token_fixture t;
    const auto k = oaep_key();
    const auto priv = rsa_private(t.s, k);
    const auto pub = rsa_public(t.s, k.n, k.e);
    const auto msg = hex(rsa_vectors::oaep1::message_1_1);
    // OAEP and raw RSA, which wine's CNG lacks, are skipped by name on
    // Windows (support.hpp); PKCS #1 v1.5 encryption runs everywhere.
    if (listed(t.m, mechanism_type::rsa_pkcs_oaep)) oaep_answers(t, priv, pub, msg);
    const auto ct = must(t.s.encrypt(pub, mechanism_type::rsa_pkcs, bv(msg)));
    REQUIRE(ct.size() == 128);
    CHECK(must(t.s.decrypt(priv, mechanism_type::rsa_pkcs, bv(ct))) == msg);
    CHECK(must(t.s.encrypt(pub, mechanism_type::rsa_pkcs, bv(msg))) != ct);  // random padding
    // The padding itself, seen through RSA_X_509: EM = 00 02 PS 00 M with PS nonzero, at least 8 bytes.
    if (!listed(t.m, mechanism_type::rsa_x_509)) return;
    const auto em = must(t.s.decrypt(priv, mechanism_type::rsa_x_509, bv(ct)));
    REQUIRE(em.size() == 128);
    CHECK(em[0] == 0x00);
    CHECK(em[1] == 0x02);
    const auto ps_end = std::find(em.begin() + 2, em.end(), 0x00);
    CHECK(ps_end - em.begin() - 2 >= 8);
    CHECK(bytes(ps_end + 1, em.end()) == msg);
    // RSA_X_509 encryption of the encoded message gives back the same ciphertext.
    CHECK(must(t.s.encrypt(pub, mechanism_type::rsa_x_509, bv(em))) == ct);
}

TEST_CASE("ECDSA verifies RFC 6979 A.2.5-A.2.7 and signs verifiably", "[kat][ecdsa]") {
    token_fixture t;
    using namespace ec_vectors;
    struct vec {
        const rfc6979* v;
        const bytes* params;
        std::size_t width;
        mechanism_type m;
        mechanism_type hash;
        const char* r;  // when not the SHA-2 pair in ec_vectors.hpp
        const char* s;
    };
    // RFC 6979 A.2.5 (P-256, message "sample") with SHA-1, SHA-224, SHA-384 and SHA-512.
    const vec vectors[] = {
        {&p256_sample, &p256_params, 32, mechanism_type::ecdsa_sha256, mechanism_type::sha256, nullptr, nullptr},
        {&p256_test, &p256_params, 32, mechanism_type::ecdsa_sha256, mechanism_type::sha256, nullptr, nullptr},
        {&p384_sample, &p384_params, 48, mechanism_type::ecdsa_sha384, mechanism_type::sha384, nullptr, nullptr},
        {&p521_sample, &p521_params, 66, mechanism_type::ecdsa_sha512, mechanism_type::sha512, nullptr, nullptr},
        {&p256_sample, &p256_params, 32, mechanism_type::ecdsa_sha1, mechanism_type::sha_1,
         "61340C88C3AAEBEB4F6D667F672CA9759A6CCAA9FA8811313039EE4A35471D32",
         "6D7F147DAC089441BB2E2FE8F7A3FA264B9C475098FDCF6E00D7C996E1B8B7EB"},
        {&p256_sample, &p256_params, 32, mechanism_type::ecdsa_sha224, mechanism_type::sha224,
         "53B2FFF5D1752B2C689DF257C04C40A587FABABB3F6FC2702F1343AF7CA9AA3F",
         "B9AFB64FDC03DC1A131C7D2386D11E349F070AA432A4ACC918BEA988BF75C74C"},
        {&p256_sample, &p256_params, 32, mechanism_type::ecdsa_sha384, mechanism_type::sha384,
         "0EAFEA039B20E9B42309FB1D89E213057CBF973DC0CFC8F129EDDDC800EF7719",
         "4861F0491E6998B9455193E34E7B0D284DDD7149A74B95B9261F13ABDE940954"},
        {&p256_sample, &p256_params, 32, mechanism_type::ecdsa_sha512, mechanism_type::sha512,
         "8496A60B5E9B47C825488827E0495B0E3FA109EC4568FD3F8D1097678EB97F00",
         "2362AB1ADBE2B8ADF9CB9EDAB740EA6049C028114F2460F96554F61FAE3302FE"},
    };
    for (const auto& v : vectors) {
        INFO(to_string(v.m).view() << " over \"" << v.v->message << "\", " << v.width * 8 << "-bit field");
        // A curve whose keys the token does not list at all (wine's CNG has no P-521) is skipped by name.
        const ck_ulong bits = v.width == 66 ? 521 : v.width * 8;
        if (bits == 521 && !listed(t.m, v.m, bits)) continue;
        const auto point = cat(bytes{0x04}, cat(field(v.v->ux, v.width), field(v.v->uy, v.width)));
        const auto pub = ec_public(t.s, *v.params, point);
        const auto sig = cat(field(v.r ? v.r : v.v->r, v.width), field(v.s ? v.s : v.v->s, v.width));
        const auto msg = str(v.v->message);
        CHECK(must(t.s.verify(pub, v.m, bv(msg), bv(sig))));
        CHECK(verify_parts(t.s, pub, v.m, msg, sig, 2) == rv::ok);
        // CKM_ECDSA over the caller's digest.
        const auto digest = must(t.s.digest(v.hash, bv(msg)));
        CHECK(must(t.s.verify(pub, mechanism_type::ecdsa, bv(digest), bv(sig))));
        auto tampered = sig;
        tampered[v.width + 3] ^= 0x04;
        CHECK_FALSE(must(t.s.verify(pub, v.m, bv(msg), bv(tampered))));
        CHECK_FALSE(must(t.s.verify(pub, v.m, bv(str("other")), bv(sig))));

        // Signing with the RFC's private key: nonces are the token's, so the
        // signature is checked by verification with the RFC's public key.
        if (!listed(t.m, v.m, bits)) continue;
        const auto priv = ec_private(t.s, *v.params, field(v.v->x, v.width));
        const auto mine = must(t.s.sign(priv, v.m, bv(msg)));
        CHECK(mine.size() == 2 * v.width);
        CHECK(must(t.s.verify(pub, v.m, bv(msg), bv(mine))));
        const auto mine_raw = must(t.s.sign(priv, mechanism_type::ecdsa, bv(digest)));
        CHECK(must(t.s.verify(pub, v.m, bv(msg), bv(mine_raw))));
        CHECK(must(t.s.verify(pub, v.m, bv(msg), bv(must(sign_parts(t.s, priv, v.m, msg, 3))))));
    }
}

#ifdef P11FORGE_MODULE_3_0_PATH
// The SHA-3 signatures (3.0, backends with SHA-3: tests/module/meson.build)
// are the SHA-2 ones with another hash, whose digests match FIPS 202
// (test_kat_symmetric.cpp): PKCS #1 v1.5 is decoded with the raw key against
// a DigestInfo written here from the NIST OIDs, PSS decoded per RFC 8017
// 9.1.2, ECDSA checked against the RFC 6979 key on the caller's digest.
// tests/clients/pkcs11_tool_3_0.sh has OpenSSL verify the same mechanisms.
TEST_CASE("RSA and ECDSA signatures with SHA-3 follow RFC 8017 and FIPS 186 (3.0 build)", "[kat][rsa][sha3]") {
    if (!P11FORGE_BACKEND_HAS_SHA3) return;
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    const auto k = key1();
    const auto priv = rsa_private(t.s, k);
    const auto pub = rsa_public(t.s, k.n, k.e);
    const auto msg = hex(rsa_vectors::key1::message_1_1);
    const struct {
        mechanism_type pkcs1, pss, ecdsa, hash;
        ck_ulong salt;
    } combos[] = {
        {mechanism_type::sha3_224_rsa_pkcs, mechanism_type::sha3_224_rsa_pkcs_pss, mechanism_type::ecdsa_sha3_224,
         mechanism_type::sha3_224, 28},
        {mechanism_type::sha3_256_rsa_pkcs, mechanism_type::sha3_256_rsa_pkcs_pss, mechanism_type::ecdsa_sha3_256,
         mechanism_type::sha3_256, 32},
        {mechanism_type::sha3_384_rsa_pkcs, mechanism_type::sha3_384_rsa_pkcs_pss, mechanism_type::ecdsa_sha3_384,
         mechanism_type::sha3_384, 20},
        {mechanism_type::sha3_512_rsa_pkcs, mechanism_type::sha3_512_rsa_pkcs_pss, mechanism_type::ecdsa_sha3_512,
         mechanism_type::sha3_512, 32},  // 64 + 64 + 2 > 128: a shorter salt
    };
    using namespace ec_vectors;
    const auto ec_pub = ec_public(t.s, p256_params,
                                  cat(bytes{0x04}, cat(field(p256_sample.ux, 32), field(p256_sample.uy, 32))));
    const auto ec_priv = ec_private(t.s, p256_params, field(p256_sample.x, 32));
    for (const auto& c : combos) {
        INFO(to_string(c.hash).view());
        const auto m_hash = must(t.s.digest(c.hash, bv(msg)));
        const auto sig = must(t.s.sign(priv, c.pkcs1, bv(msg)));
        CHECK(must(t.s.encrypt(pub, mechanism_type::rsa_x_509, bv(sig))) ==
              emsa_pkcs1_v15(cat(digest_info_prefix(c.hash), m_hash), 128));
        CHECK(must(sign_parts(t.s, priv, c.pkcs1, msg, 13)) == sig);
        CHECK(must(t.s.verify(pub, c.pkcs1, bv(msg), bv(sig))));
        CHECK_FALSE(must(t.s.verify(pub, c.pkcs1, bv(cat(msg, bytes{0})), bv(sig))));

        const auto pss = mech::rsa_pkcs_pss(c.hash, c.salt, c.pss);
        const auto pss_sig = must(t.s.sign(priv, pss, bv(msg)));
        CHECK(emsa_pss_verify(t.s, c.hash, m_hash, must(t.s.encrypt(pub, mechanism_type::rsa_x_509, bv(pss_sig))),
                              1023, c.salt));
        CHECK(verify_parts(t.s, pub, pss, msg, pss_sig, 40) == rv::ok);
        // CKM_RSA_PKCS_PSS on the caller's SHA-3 digest, MGF1 with SHA-3.
        CHECK(must(t.s.verify(pub, mech::rsa_pkcs_pss(c.hash, c.salt), bv(m_hash), bv(pss_sig))));
        // The parameter's hash must be the one the mechanism names.
        CHECK(t.s.sign(priv, mech::rsa_pkcs_pss(mechanism_type::sha256, c.salt, c.pss), bv(msg)).code() ==
              rv::mechanism_param_invalid);

        const auto ec_sig = must(t.s.sign(ec_priv, c.ecdsa, bv(msg)));
        CHECK(ec_sig.size() == 64);
        CHECK(must(t.s.verify(ec_pub, mechanism_type::ecdsa, bv(m_hash), bv(ec_sig))));
        CHECK(must(t.s.verify(ec_pub, c.ecdsa, bv(msg), bv(ec_sig))));
        CHECK_FALSE(must(t.s.verify(ec_pub, c.ecdsa, bv(str("other")), bv(ec_sig))));
    }
}
#endif

TEST_CASE("ECDH1 derivation matches RFC 5903 section 8", "[kat][ecdh]") {
    token_fixture t;
    using namespace ec_vectors;
    const struct {
        const rfc5903* v;
        const bytes* params;
        std::size_t width;
    } groups[] = {{&p256, &p256_params, 32}, {&p384, &p384_params, 48}, {&p521, &p521_params, 66}};
    const attribute_template readable{attr::cls = object_class::secret_key, attr::key_type = key_type::generic_secret,
                                      attr::token = false, attr::sensitive = false, attr::extractable = true};
    for (const auto& g : groups) {
        INFO(g.width * 8 << "-bit group");
        // A group the token does not derive on (wine's CNG: no ECDH at all) is skipped by name.
        const ck_ulong bits = g.width == 66 ? 521 : g.width * 8;
        if (!listed(t.m, mechanism_type::ecdh1_derive, bits)) continue;
        const auto gi = cat(bytes{0x04}, cat(field(g.v->gix, g.width), field(g.v->giy, g.width)));
        const auto gr = cat(bytes{0x04}, cat(field(g.v->grx, g.width), field(g.v->gry, g.width)));
        const auto shared = field(g.v->girx, g.width);
        const auto initiator = ec_private(t.s, *g.params, field(g.v->i, g.width));
        const auto responder = ec_private(t.s, *g.params, field(g.v->r, g.width));
        for (auto which : {mechanism_type::ecdh1_derive, mechanism_type::ecdh1_cofactor_derive}) {
            INFO(to_string(which).view());
            if (!listed(t.m, which, bits)) continue;
            // CKD_NULL: the key value is the x coordinate of the shared point.
            const auto k1 = must(t.s.derive(ecdh(which, gr), initiator, readable));
            CHECK(must(attribute(t.s, k1, attribute_type::value)) == shared);
            CHECK(ulong_attribute(t.s, k1, attribute_type::value_len) == g.width);
            // From the responder's side, with the peer point in a DER OCTET STRING (CKA_EC_POINT form).
            const auto k2 = must(t.s.derive(ecdh(which, octet_string(gi)), responder, readable));
            CHECK(must(attribute(t.s, k2, attribute_type::value)) == shared);
        }
        // A shorter CKA_VALUE_LEN keeps the trailing bytes (2.40 mechanisms, ECDH:
        // "truncation removes bytes from the leading end of the secret value").
        auto short_key = readable;
        short_key.set(attr::value_len = 16);
        const auto k3 = must(t.s.derive(ecdh(mechanism_type::ecdh1_derive, gr), initiator, short_key));
        CHECK(must(attribute(t.s, k3, attribute_type::value)) == sub(shared, g.width - 16, 16));
        // An AES key from the shared secret.
        const auto aes = must(t.s.derive(ecdh(mechanism_type::ecdh1_derive, gr), initiator,
                                         {attr::cls = object_class::secret_key, attr::key_type = key_type::aes,
                                          attr::token = false, attr::value_len = 32, attr::encrypt = true}));
        CHECK(ulong_attribute(t.s, aes, attribute_type::value_len) == 32);

        // The ANSI X9.63 KDF (CKD_SHA*_KDF): Hash(Z || counter || SharedInfo), counter
        // from 1, big-endian 32 bits; output of CKA_VALUE_LEN bytes.
        const auto info = str("shared info");
        for (auto [kdf, hash] : {std::pair{ec_kdf::sha256_kdf, mechanism_type::sha256},
                                 std::pair{ec_kdf::sha1_kdf, mechanism_type::sha_1}}) {
            auto tmpl = readable;
            tmpl.set(attr::value_len = 40);
            const auto k = must(t.s.derive(ecdh(mechanism_type::ecdh1_derive, gr, kdf, info), initiator, tmpl));
            const auto value = must(attribute(t.s, k, attribute_type::value));
            CHECK(value.size() == 40);
            const auto block1 = must(t.s.digest(hash, bv(cat(cat(shared, hex("00000001")), info))));
            const auto block2 = must(t.s.digest(hash, bv(cat(cat(shared, hex("00000002")), info))));
            const auto block3 = must(t.s.digest(hash, bv(cat(cat(shared, hex("00000003")), info))));
            CHECK(value == first(cat(cat(block1, block2), block3), 40));
        }
    }
}

#ifdef P11FORGE_MODULE_3_0_PATH
// CKD_SHA3_224_KDF .. CKD_SHA3_512_KDF (defined since 2.40): the ANSI X9.63
// KDF above with SHA-3, Hash(Z || counter || SharedInfo); CKD_*_KDF_SP800
// (3.0): SP 800-56A section 5.8.1.1's single-step KDF, Hash(counter || Z ||
// OtherInfo) (3.0 mechanisms, CK_EC_KDF_TYPE).  Z is RFC 5903's P-256 shared
// secret; the blocks are the token's digests, whose FIPS 180-4 / FIPS 202
// answers pass.  Where the backend has no SHA-3 (mbedTLS 2.28) a SHA-3 KDF is
// a bad parameter.
TEST_CASE("ECDH1 derivation through the SHA-3 X9.63 KDFs and SP 800-56A's single-step KDFs", "[kat][ecdh][sha3]") {
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    using namespace ec_vectors;
    REQUIRE_LISTED(t.m, mechanism_type::ecdh1_derive, 256);
    const auto gr = cat(bytes{0x04}, cat(field(p256.grx, 32), field(p256.gry, 32)));
    const auto shared = field(p256.girx, 32);
    const auto initiator = ec_private(t.s, p256_params, field(p256.i, 32));
    const attribute_template readable{attr::cls = object_class::secret_key, attr::key_type = key_type::generic_secret,
                                      attr::token = false, attr::sensitive = false, attr::extractable = true};
    const auto info = str("shared info");
    using M = mechanism_type;
    const struct {
        ec_kdf kdf;
        M hash;
        bool counter_first;
    } kdfs[] = {
        {ec_kdf::sha3_224_kdf, M::sha3_224, false},       {ec_kdf::sha3_256_kdf, M::sha3_256, false},
        {ec_kdf::sha3_384_kdf, M::sha3_384, false},       {ec_kdf::sha3_512_kdf, M::sha3_512, false},
        {ec_kdf::sha1_kdf_sp800, M::sha_1, true},         {ec_kdf::sha224_kdf_sp800, M::sha224, true},
        {ec_kdf::sha256_kdf_sp800, M::sha256, true},      {ec_kdf::sha384_kdf_sp800, M::sha384, true},
        {ec_kdf::sha512_kdf_sp800, M::sha512, true},      {ec_kdf::sha3_224_kdf_sp800, M::sha3_224, true},
        {ec_kdf::sha3_256_kdf_sp800, M::sha3_256, true},  {ec_kdf::sha3_384_kdf_sp800, M::sha3_384, true},
        {ec_kdf::sha3_512_kdf_sp800, M::sha3_512, true},
    };
    auto block = [&](M hash, const char* counter, const bytes& other, bool counter_first) {
        const auto input = counter_first ? cat(cat(hex(counter), shared), other) : cat(cat(shared, hex(counter)), other);
        return must(t.s.digest(hash, bv(input)));
    };
    for (const auto& k : kdfs) {
        INFO(to_string(k.kdf).view());
        auto tmpl = readable;
        tmpl.set(attr::value_len = 100);  // more than one block of every hash
        const auto derived = t.s.derive(ecdh(M::ecdh1_derive, gr, k.kdf, info), initiator, tmpl);
        const bool sha3 = to_string(k.hash).view().starts_with("CKM_SHA3_");
        if (sha3 && !P11FORGE_BACKEND_HAS_SHA3) {
            CHECK(derived.code() == rv::mechanism_param_invalid);
            continue;
        }
        const auto value = must(attribute(t.s, must(derived), attribute_type::value));
        bytes expected;
        for (const char* counter : {"00000001", "00000002", "00000003", "00000004", "00000005"})
            expected = cat(expected, block(k.hash, counter, info, k.counter_first));
        CHECK(value == first(expected, 100));
        // Without CKA_VALUE_LEN the key is one digest long; no shared data is an empty SharedInfo.
        const auto natural = must(t.s.derive(ecdh(M::ecdh1_derive, gr, k.kdf), initiator, readable));
        CHECK(must(attribute(t.s, natural, attribute_type::value)) == block(k.hash, "00000001", {}, k.counter_first));
    }
}
#endif

namespace {
std::map<std::string, bytes> expected_fields(const std::string& name) {
    std::ifstream in(std::string(P11FORGE_TEST_DATA) + "/" + name + ".expected");
    std::map<std::string, bytes> out;
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        const auto key = line.substr(0, eq);
        if (key == "not_before" || key == "not_after") continue;
        out[key] = hex(line.substr(eq + 1));
    }
    return out;
}
// A DER Name as `openssl x509 -subject` prints it: "C = DE, O = org, CN = name".
std::string name_text(const bytes& name) {
    const std::map<std::string, std::string> short_names{
        {"0603550406", "C"}, {"060355040a", "O"}, {"060355040b", "OU"}, {"0603550403", "CN"}};
    std::string out;
    for (auto rdn : der::children(name, 0))
        for (auto atv : der::children(name, rdn)) {
            const auto parts = der::children(name, atv);
            const auto oid = to_hex(der::whole(name, parts.at(0)));
            const auto value = der::content(name, parts.at(1));
            if (!out.empty()) out += ", ";
            out += (short_names.contains(oid) ? short_names.at(oid) : oid) + " = " + std::string(value.begin(), value.end());
        }
    return out;
}
std::string printed_line(const std::string& name, const std::string& key) {
    std::ifstream txt(std::string(P11FORGE_TEST_DATA) + "/" + name + ".txt");
    std::string line;
    while (std::getline(txt, line))
        if (line.starts_with(key + "=")) return line.substr(key.size() + 1);
    return {};
}
} // namespace

// Certificates made by OpenSSL (tests/crypto/data/make-certs.sh); the expected
// fields are what OpenSSL printed (*.expected: DER cut at the offsets of
// `openssl asn1parse`, *.txt: `openssl x509 -noout -subject -issuer -serial`).
TEST_CASE("imported certificates report the subject, issuer and serial OpenSSL printed", "[kat][cert]") {
    token_fixture t;
    for (const std::string name : {"rsa-2048", "ec-p256"}) {
        INFO(name);
        const auto der_cert = read_file(std::string(P11FORGE_TEST_DATA) + "/" + name + ".der");
        REQUIRE(!der_cert.empty());
        const auto fields = expected_fields(name);
        REQUIRE(fields.size() == 4);
        const auto cert = must(t.s.create({attr::cls = object_class::certificate,
                                           attr::certificate_type = ck_ulong{0} /* CKC_X_509 */, attr::token = false,
                                           attr::value = sp(der_cert), attr::label = "cert"}));
        CHECK(must(attribute(t.s, cert, attribute_type::subject)) == fields.at("subject"));
        CHECK(must(attribute(t.s, cert, attribute_type::issuer)) == fields.at("issuer"));
        CHECK(must(attribute(t.s, cert, attribute_type::serial_number)) == fields.at("serial"));
        // ... and as `openssl x509 -subject -issuer -serial` printed them (*.txt).
        {
            const auto printed = printed_line(name, "serial");
            REQUIRE(!printed.empty());
            const auto serial = must(attribute(t.s, cert, attribute_type::serial_number));
            auto magnitude = der::content(serial, 0);
            while (magnitude.size() > 1 && magnitude[0] == 0) magnitude.erase(magnitude.begin());
            CHECK(magnitude == hex(printed));
            CHECK(name_text(must(attribute(t.s, cert, attribute_type::subject))) == printed_line(name, "subject"));
            CHECK(name_text(must(attribute(t.s, cert, attribute_type::issuer))) == printed_line(name, "issuer"));
        }
        CHECK(must(attribute(t.s, cert, attribute_type::public_key_info)) == fields.at("spki"));
        CHECK(must(attribute(t.s, cert, attribute_type::value)) == der_cert);
        // 2.40 base 4.6.3: CKA_CHECK_VALUE is the first three bytes of SHA-1(CKA_VALUE).
        CHECK(must(attribute(t.s, cert, attribute_type::check_value)) ==
              first(must(t.s.digest(mechanism_type::sha_1, bv(der_cert))), 3));

        // The certificate's own signature (made by OpenSSL) verifies on the token
        // with the public key imported from its SubjectPublicKeyInfo, and that
        // key reports the same SubjectPublicKeyInfo.
        const auto top = der::children(der_cert, 0);
        REQUIRE(top.size() == 3);
        const auto tbs = der::whole(der_cert, top[0]);
        const auto bits = der::content(der_cert, top[2]);
        REQUIRE(bits.at(0) == 0);  // no unused bits
        const auto sig_value = sub(bits, 1, bits.size() - 1);
        const auto& spki = fields.at("spki");
        const auto spki_parts = der::children(spki, 0);
        const auto alg = der::children(spki, spki_parts[0]);
        const auto key_bits = der::content(spki, spki_parts[1]);
        const auto key_der = sub(key_bits, 1, key_bits.size() - 1);
        if (name == "rsa-2048") {
            const auto nums = der::children(key_der, 0);
            const auto n = der::fixed_width(der::content(key_der, nums[0]), 256);
            const auto e = der::content(key_der, nums[1]);
            const auto pub = rsa_public(t.s, n, e);
            CHECK(must(attribute(t.s, pub, attribute_type::public_key_info)) == spki);
            CHECK(ulong_attribute(t.s, pub, attribute_type::modulus_bits) == 2048);
            CHECK(must(t.s.verify(pub, mechanism_type::sha256_rsa_pkcs, bv(tbs), bv(sig_value))));
        } else {
            const auto curve = der::whole(spki, alg[1]);
            CHECK(curve == p256_params);
            const auto pub = ec_public(t.s, curve, key_der);
            CHECK(must(attribute(t.s, pub, attribute_type::public_key_info)) == spki);
            // ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } -> r || s.
            const auto rs = der::children(sig_value, 0);
            const auto sig = cat(der::fixed_width(der::content(sig_value, rs[0]), 32),
                                 der::fixed_width(der::content(sig_value, rs[1]), 32));
            CHECK(must(t.s.verify(pub, mechanism_type::ecdsa_sha256, bv(tbs), bv(sig))));
        }
    }
}

// Which test case above gives each mechanism its known answer.  A mechanism
// added to the token without a test here fails this test.
TEST_CASE("every mechanism the token lists has a known-answer test", "[kat][coverage]") {
    using M = mechanism_type;
    const std::map<M, const char*> covered{
        {M::rsa_pkcs_key_pair_gen, "generated RSA keys (test_keygen.cpp)"},
        {M::rsa_pkcs, "RSA PKCS #1 v1.5 signatures are byte-exact; RSA-OAEP ... RFC 8017 7.2"},
        {M::rsa_x_509, "RSA PKCS #1 v1.5 signatures are byte-exact"},
        {M::rsa_pkcs_oaep, "RSA-OAEP decrypts oaep-vect.txt"},
        {M::rsa_pkcs_pss, "RSA-PSS verifies pss-vect.txt"},
        {M::sha1_rsa_pkcs, "RSA PKCS #1 v1.5 signatures are byte-exact"},
        {M::sha224_rsa_pkcs, "RSA SHA-2 PKCS #1 v1.5"},
        {M::sha256_rsa_pkcs, "RSA SHA-2 PKCS #1 v1.5; certificates"},
        {M::sha384_rsa_pkcs, "RSA SHA-2 PKCS #1 v1.5"},
        {M::sha512_rsa_pkcs, "RSA SHA-2 PKCS #1 v1.5"},
        {M::sha1_rsa_pkcs_pss, "RSA-PSS verifies pss-vect.txt"},
        {M::sha224_rsa_pkcs_pss, "RSA-PSS ... signs per RFC 8017 9.1"},
        {M::sha256_rsa_pkcs_pss, "RSA-PSS ... signs per RFC 8017 9.1"},
        {M::sha384_rsa_pkcs_pss, "RSA-PSS ... signs per RFC 8017 9.1"},
        {M::sha512_rsa_pkcs_pss, "RSA-PSS ... signs per RFC 8017 9.1"},
        {M::sha_1, "digests match FIPS 180-4"},
        {M::sha224, "digests match FIPS 180-4"},
        {M::sha256, "digests match FIPS 180-4"},
        {M::sha384, "digests match FIPS 180-4"},
        {M::sha512, "digests match FIPS 180-4"},
        {M::sha_1_hmac, "HMAC ... RFC 2202"},
        {M::sha_1_hmac_general, "HMAC ... RFC 2202 test case 5"},
        {M::sha224_hmac, "HMAC ... RFC 4231"},
        {M::sha224_hmac_general, "HMAC ... RFC 4231 test case 5"},
        {M::sha256_hmac, "HMAC ... RFC 4231"},
        {M::sha256_hmac_general, "HMAC ... RFC 4231 test case 5"},
        {M::sha384_hmac, "HMAC ... RFC 4231"},
        {M::sha384_hmac_general, "HMAC ... RFC 4231 test case 5"},
        {M::sha512_hmac, "HMAC ... RFC 4231"},
        {M::sha512_hmac_general, "HMAC ... RFC 4231 test case 5"},
        {M::generic_secret_key_gen, "generated secret keys (test_keygen.cpp)"},
        {M::sha_1_key_gen, "HMAC key generators (test_keygen.cpp)"},
        {M::sha224_key_gen, "HMAC key generators (test_keygen.cpp)"},
        {M::sha256_key_gen, "HMAC key generators (test_keygen.cpp)"},
        {M::sha384_key_gen, "HMAC key generators (test_keygen.cpp)"},
        {M::sha512_key_gen, "HMAC key generators (test_keygen.cpp)"},
        {M::sha3_224_key_gen, "HMAC key generators (test_keygen.cpp)"},
        {M::sha3_256_key_gen, "HMAC key generators (test_keygen.cpp)"},
        {M::sha3_384_key_gen, "HMAC key generators (test_keygen.cpp)"},
        {M::sha3_512_key_gen, "HMAC key generators (test_keygen.cpp)"},
        {M::ec_key_pair_gen, "generated EC keys (test_keygen.cpp)"},
        {M::ecdsa, "ECDSA verifies RFC 6979"},
        {M::ecdsa_sha1, "ECDSA verifies RFC 6979 (A.2.5 SHA-1)"},
        {M::ecdsa_sha224, "ECDSA verifies RFC 6979 (A.2.5 SHA-224)"},
        {M::ecdsa_sha256, "ECDSA verifies RFC 6979; certificates"},
        {M::ecdsa_sha384, "ECDSA verifies RFC 6979"},
        {M::ecdsa_sha512, "ECDSA verifies RFC 6979"},
        {M::ecdh1_derive, "ECDH1 derivation matches RFC 5903"},
        {M::ecdh1_cofactor_derive, "ECDH1 derivation matches RFC 5903 (cofactor 1)"},
        {M::aes_key_gen, "CKA_CHECK_VALUE of AES keys; generated keys"},
        {M::aes_ecb, "AES-ECB matches SP 800-38A F.1"},
        {M::aes_cbc, "AES-CBC matches SP 800-38A F.2"},
        {M::aes_cbc_pad, "AES-CBC ... CBC_PAD"},
        {M::aes_ctr, "AES-CTR matches SP 800-38A F.5"},
        {M::aes_gcm, "AES-GCM matches the GCM specification"},
        {M::aes_cmac, "AES-CMAC matches RFC 4493"},
        {M::aes_cmac_general, "AES-CMAC ... CMAC_GENERAL"},
        {M::aes_key_wrap, "AES key wrap matches RFC 3394"},
        {M::aes_key_wrap_pad, "AES key wrap matches RFC 5649"},
        {M::aes_key_wrap_kwp, "AES_KEY_WRAP_KWP matches RFC 5649 (3.0 build)"},
        {M::sha3_224, "SHA-3 digests match FIPS 202"},
        {M::sha3_256, "SHA-3 digests match FIPS 202"},
        {M::sha3_384, "SHA-3 digests match FIPS 202"},
        {M::sha3_512, "SHA-3 digests match FIPS 202"},
        {M::sha3_224_hmac, "SHA-3 HMAC ... NIST examples"},
        {M::sha3_256_hmac, "SHA-3 HMAC ... NIST examples"},
        {M::sha3_384_hmac, "SHA-3 HMAC ... NIST examples"},
        {M::sha3_512_hmac, "SHA-3 HMAC ... NIST examples"},
        {M::sha3_224_hmac_general, "SHA-3 HMAC and HMAC_GENERAL (truncated NIST examples)"},
        {M::sha3_256_hmac_general, "SHA-3 HMAC and HMAC_GENERAL (truncated NIST examples)"},
        {M::sha3_384_hmac_general, "SHA-3 HMAC and HMAC_GENERAL (truncated NIST examples)"},
        {M::sha3_512_hmac_general, "SHA-3 HMAC and HMAC_GENERAL (truncated NIST examples)"},
        {M::sha3_224_rsa_pkcs, "RSA and ECDSA signatures with SHA-3"},
        {M::sha3_256_rsa_pkcs, "RSA and ECDSA signatures with SHA-3"},
        {M::sha3_384_rsa_pkcs, "RSA and ECDSA signatures with SHA-3"},
        {M::sha3_512_rsa_pkcs, "RSA and ECDSA signatures with SHA-3"},
        {M::sha3_224_rsa_pkcs_pss, "RSA and ECDSA signatures with SHA-3"},
        {M::sha3_256_rsa_pkcs_pss, "RSA and ECDSA signatures with SHA-3"},
        {M::sha3_384_rsa_pkcs_pss, "RSA and ECDSA signatures with SHA-3"},
        {M::sha3_512_rsa_pkcs_pss, "RSA and ECDSA signatures with SHA-3"},
        {M::ecdsa_sha3_224, "RSA and ECDSA signatures with SHA-3"},
        {M::ecdsa_sha3_256, "RSA and ECDSA signatures with SHA-3"},
        {M::ecdsa_sha3_384, "RSA and ECDSA signatures with SHA-3"},
        {M::ecdsa_sha3_512, "RSA and ECDSA signatures with SHA-3"},
        {M::ec_edwards_key_pair_gen, "Edwards and Montgomery key pairs (test_kat_edwards.cpp)"},
        {M::eddsa, "EdDSA matches RFC 8032 section 7 (test_kat_edwards.cpp)"},
        {M::ec_montgomery_key_pair_gen, "Edwards and Montgomery key pairs; ECDH1 on X25519/X448 (test_kat_edwards.cpp)"},
        {M::des2_key_gen, "DES2/DES3 keys: ... generation with odd parity (test_kat_des3.cpp)"},
        {M::des3_key_gen, "DES2/DES3 keys: ... generation with odd parity (test_kat_des3.cpp)"},
        {M::des3_ecb, "DES3-ECB matches SP 800-67 B.1 and SP 800-20"},
        {M::des3_cbc, "DES3-CBC chains the SP 800-67 blocks"},
        {M::des3_cbc_pad, "DES3-CBC ... CBC_PAD adds the PKCS #7 block"},
        {M::des3_cmac, "DES3-CMAC ... match SP 800-38B appendix D"},
        {M::des3_cmac_general, "DES3-CMAC and CMAC_GENERAL match SP 800-38B appendix D"},
        {M::pkcs5_pbkd2, "PKCS5_PBKD2 matches RFC 6070 and RFC 7914 (test_kat_pbkdf2.cpp)"},
        {M::hkdf_derive, "HKDF_DERIVE matches RFC 5869 (test_kat_hkdf.cpp)"},
        {M::hkdf_data, "HKDF_DATA makes a data object (RFC 5869 test case 1's PRK)"},
        {M::hkdf_key_gen, "HKDF_KEY_GEN makes CKK_HKDF keys"},
        {M::chacha20_key_gen, "ChaCha20-Poly1305: ... key generation (test_chacha20_poly1305.cpp)"},
        {M::chacha20_poly1305, "ChaCha20-Poly1305: RFC 8439's AEAD vector (test_chacha20_poly1305.cpp)"},
    };
    auto check = [&](const char* path) {
        INFO(path);
        token_env env;
        auto m = load(path);
        const auto listed = must(m.mechanisms(soft_slot));
        REQUIRE(!listed.empty());
        for (const auto& info : listed) {
            INFO(to_string(info.type).view());
            CHECK(covered.contains(info.type));
        }
    };
    check(P11FORGE_MODULE_PATH);
#ifdef P11FORGE_MODULE_3_0_PATH
    check(P11FORGE_MODULE_3_0_PATH);
#endif
}
