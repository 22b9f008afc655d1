// Cryptographic functions: encryption, decryption, digesting, signing,
// verifying, recovery, and the dual-function updates.  What is checked is
// the framework's part: the two-call convention on every output (a length
// query and a short buffer keep the operation, the second call returns the
// same bytes without running the mechanism again), one operation per kind,
// which errors end an operation, and the Init checks (mechanism, key).
#include "harness.hpp"

using namespace pt;
using C = p11mock::counter;

namespace {

bytes sequence(std::size_t n, CK_BYTE start = 1) {
    bytes b(n);
    for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<CK_BYTE>(start + i);
    return b;
}

// Encrypts in one call (buffer from a length query).
bytes encrypt_all(const env& e, CK_SESSION_HANDLE s, CK_MECHANISM* m, CK_OBJECT_HANDLE k, bytes in) {
    REQUIRE(R(e.f->C_EncryptInit(s, m, k)) == rv::ok);
    CK_ULONG len = 0;
    REQUIRE(R(e.f->C_Encrypt(s, in.data(), static_cast<CK_ULONG>(in.size()), nullptr, &len)) == rv::ok);
    bytes out(len);
    REQUIRE(R(e.f->C_Encrypt(s, in.data(), static_cast<CK_ULONG>(in.size()), out.data(), &len)) == rv::ok);
    out.resize(len);
    return out;
}

bytes sign_all(const env& e, CK_SESSION_HANDLE s, CK_MECHANISM* m, CK_OBJECT_HANDLE k, bytes in) {
    REQUIRE(R(e.f->C_SignInit(s, m, k)) == rv::ok);
    CK_ULONG len = 0;
    REQUIRE(R(e.f->C_Sign(s, in.data(), static_cast<CK_ULONG>(in.size()), nullptr, &len)) == rv::ok);
    bytes out(len);
    REQUIRE(R(e.f->C_Sign(s, in.data(), static_cast<CK_ULONG>(in.size()), out.data(), &len)) == rv::ok);
    out.resize(len);
    return out;
}

template <std::size_t N>
bytes expected_digest(const bytes& data, std::uint8_t domain, std::size_t size) {
    const auto d = p11mock::fake_digest<N>(data, domain);
    return bytes(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(size));
}
bytes sha1_of(const bytes& data) { return expected_digest<32>(data, 1, 20); }

struct fixture {
    env e;
    CK_SESSION_HANDLE s;
    CK_OBJECT_HANDLE aes;
    cbc_pad cbc;
    fixture() : s(e.open()), aes(open_aes_key(e, s)) {}
};

} // namespace

TEST_CASE("C_Encrypt / C_Decrypt: the two-call convention", "[crypto][cipher]") {
    fixture x;
    auto& e = x.e;
    const auto s = x.s;
    const auto plain = sequence(20);
    const auto reference = encrypt_all(e, s, x.cbc.ptr(), x.aes, plain);
    REQUIRE(reference.size() == 32);
    const auto singles = e.m.count(C::c_cipher_single);

    REQUIRE(R(e.f->C_EncryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
    bytes in = plain;
    CK_ULONG len = 0;
    CHECK(R(e.f->C_Encrypt(s, in.data(), 20, nullptr, nullptr)) == rv::arguments_bad);  // ends it
    CHECK(R(e.f->C_Encrypt(s, in.data(), 20, nullptr, &len)) == rv::operation_not_initialized);
    REQUIRE(R(e.f->C_EncryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);

    // Length query: the operation stays, nothing is computed.
    REQUIRE(R(e.f->C_Encrypt(s, in.data(), 20, nullptr, &len)) == rv::ok);
    CHECK(len == 32);
    CHECK(e.m.count(C::c_cipher_single) == singles);
    // Too small: the exact length, the operation stays.
    bytes out(10);
    len = 10;
    REQUIRE(R(e.f->C_Encrypt(s, in.data(), 20, out.data(), &len)) == rv::buffer_too_small);
    CHECK(len == 32);
    CHECK(R(e.f->C_EncryptInit(s, x.cbc.ptr(), x.aes)) == rv::operation_active);
    // A length query now answers the exact length of the kept result.
    len = 0;
    REQUIRE(R(e.f->C_Encrypt(s, in.data(), 20, nullptr, &len)) == rv::ok);
    CHECK(len == 32);
    out.resize(32);
    len = 32;
    REQUIRE(R(e.f->C_Encrypt(s, in.data(), 20, out.data(), &len)) == rv::ok);
    CHECK(len == 32);
    CHECK(out == reference);
    CHECK(e.m.count(C::c_cipher_single) == singles + 1);  // computed once
    CHECK(R(e.f->C_Encrypt(s, in.data(), 20, out.data(), &len)) == rv::operation_not_initialized);

    // Decryption: output length depends on the data (the padding).
    bytes ct = reference;
    REQUIRE(R(e.f->C_DecryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
    REQUIRE(R(e.f->C_Decrypt(s, ct.data(), 32, nullptr, &len)) == rv::ok);
    CHECK(len >= 20);  // an upper bound is allowed for a length query
    bytes pt(25);  // below the bound, above the actual length: no second call needed
    len = 25;
    REQUIRE(R(e.f->C_Decrypt(s, ct.data(), 32, pt.data(), &len)) == rv::ok);
    CHECK(len == 20);
    pt.resize(len);
    CHECK(pt == plain);

    const auto before = e.m.count(C::c_cipher_single);
    REQUIRE(R(e.f->C_DecryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
    bytes tiny(5);
    len = 5;
    REQUIRE(R(e.f->C_Decrypt(s, ct.data(), 32, tiny.data(), &len)) == rv::buffer_too_small);
    CHECK(len == 20);
    bytes exact(20);
    REQUIRE(R(e.f->C_Decrypt(s, ct.data(), 32, exact.data(), &len)) == rv::ok);
    CHECK(exact == plain);
    CHECK(e.m.count(C::c_cipher_single) == before + 1);
}

TEST_CASE("Multi-part encryption and decryption", "[crypto][cipher]") {
    fixture x;
    auto& e = x.e;
    const auto s = x.s;
    const auto plain = sequence(52);
    const auto reference = encrypt_all(e, s, x.cbc.ptr(), x.aes, plain);
    REQUIRE(reference.size() == 64);

    REQUIRE(R(e.f->C_EncryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
    bytes ct;
    bytes in = plain;
    CK_BYTE out[64];
    CK_ULONG len = sizeof out;
    REQUIRE(R(e.f->C_EncryptUpdate(s, in.data(), 10, out, &len)) == rv::ok);
    CHECK(len == 0);  // buffered
    const auto updates = e.m.count(C::c_cipher_update);
    // Too small for the 32 bytes this part completes: kept, not run twice.
    len = 4;
    REQUIRE(R(e.f->C_EncryptUpdate(s, in.data() + 10, 30, out, &len)) == rv::buffer_too_small);
    CHECK(len == 32);
    len = 0;
    REQUIRE(R(e.f->C_EncryptUpdate(s, in.data() + 10, 30, nullptr, &len)) == rv::ok);
    CHECK(len == 32);
    len = sizeof out;
    REQUIRE(R(e.f->C_EncryptUpdate(s, in.data() + 10, 30, out, &len)) == rv::ok);
    CHECK(len == 32);
    CHECK(e.m.count(C::c_cipher_update) == updates + 1);
    ct.insert(ct.end(), out, out + len);
    len = sizeof out;
    REQUIRE(R(e.f->C_EncryptUpdate(s, in.data() + 40, 12, out, &len)) == rv::ok);
    ct.insert(ct.end(), out, out + len);
    len = 0;
    REQUIRE(R(e.f->C_EncryptFinal(s, nullptr, &len)) == rv::ok);
    CHECK(len == 16);
    len = sizeof out;
    REQUIRE(R(e.f->C_EncryptFinal(s, out, &len)) == rv::ok);
    ct.insert(ct.end(), out, out + len);
    CHECK(ct == reference);
    CHECK(R(e.f->C_EncryptFinal(s, out, &len)) == rv::operation_not_initialized);

    // Decrypt: Update holds the last block back; Final's length depends on the padding.
    REQUIRE(R(e.f->C_DecryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
    bytes pt;
    len = 40;  // below the (loose) bound of 64, and below the 48 bytes this call yields
    REQUIRE(R(e.f->C_DecryptUpdate(s, ct.data(), 64, out, &len)) == rv::buffer_too_small);
    CHECK(len == 48);
    len = 48;
    REQUIRE(R(e.f->C_DecryptUpdate(s, ct.data(), 64, out, &len)) == rv::ok);
    pt.insert(pt.end(), out, out + len);
    const auto finals = e.m.count(C::c_cipher_final);
    len = 2;
    REQUIRE(R(e.f->C_DecryptFinal(s, out, &len)) == rv::buffer_too_small);
    CHECK(len == 4);  // 52 = 48 + 4
    CHECK(R(e.f->C_DecryptInit(s, x.cbc.ptr(), x.aes)) == rv::operation_active);
    len = 4;
    REQUIRE(R(e.f->C_DecryptFinal(s, out, &len)) == rv::ok);
    CHECK(len == 4);
    pt.insert(pt.end(), out, out + len);
    CHECK(e.m.count(C::c_cipher_final) == finals + 1);
    CHECK(pt == plain);
    CHECK(R(e.f->C_DecryptFinal(s, out, &len)) == rv::operation_not_initialized);
}

TEST_CASE("Cipher errors end the operation", "[crypto][cipher]") {
    fixture x;
    auto& e = x.e;
    const auto s = x.s;
    CK_BYTE buf[64] = {};
    CK_ULONG len = sizeof buf;

    SECTION("C_Decrypt with a bad length") {
        REQUIRE(R(e.f->C_DecryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
        CHECK(R(e.f->C_Decrypt(s, buf, 17, buf, &len)) == rv::encrypted_data_len_range);
        CHECK(R(e.f->C_DecryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
    }
    SECTION("C_DecryptFinal with a partial block") {
        REQUIRE(R(e.f->C_DecryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
        REQUIRE(R(e.f->C_DecryptUpdate(s, buf, 10, buf, &len)) == rv::ok);
        len = sizeof buf;
        CHECK(R(e.f->C_DecryptFinal(s, buf, &len)) == rv::encrypted_data_len_range);
        CHECK(R(e.f->C_DecryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
    }
    SECTION("C_EncryptUpdate with NULL data") {
        REQUIRE(R(e.f->C_EncryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
        CHECK(R(e.f->C_EncryptUpdate(s, nullptr, 5, buf, &len)) == rv::arguments_bad);
        CHECK(R(e.f->C_EncryptUpdate(s, buf, 5, buf, &len)) == rv::operation_not_initialized);
    }
    SECTION("C_EncryptFinal with NULL length") {
        REQUIRE(R(e.f->C_EncryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
        CHECK(R(e.f->C_EncryptFinal(s, buf, nullptr)) == rv::arguments_bad);
        CHECK(R(e.f->C_EncryptFinal(s, buf, &len)) == rv::operation_not_initialized);
    }
}

TEST_CASE("Single-part-only mechanisms (RSA-like)", "[crypto][cipher]") {
    fixture x;
    auto& e = x.e;
    const auto s = x.s;
    REQUIRE(e.login(s) == rv::ok);
    const auto kp = generate_rsa(e, s);
    auto m = mech(M::rsa_pkcs);
    const auto msg = to_bytes("hello");
    const auto ct = encrypt_all(e, s, &m, kp.pub, msg);
    CHECK(ct.size() == 64);

    REQUIRE(R(e.f->C_DecryptInit(s, &m, kp.priv)) == rv::ok);
    bytes in = ct;
    CK_ULONG len = 0;
    REQUIRE(R(e.f->C_Decrypt(s, in.data(), 64, nullptr, &len)) == rv::ok);
    CHECK(len == 64);
    const auto singles = e.m.count(C::c_cipher_single);
    bytes out(3);
    len = 3;
    REQUIRE(R(e.f->C_Decrypt(s, in.data(), 64, out.data(), &len)) == rv::buffer_too_small);
    CHECK(len == 5);
    out.resize(5);
    REQUIRE(R(e.f->C_Decrypt(s, in.data(), 64, out.data(), &len)) == rv::ok);
    CHECK(out == msg);
    CHECK(e.m.count(C::c_cipher_single) == singles + 1);

    REQUIRE(R(e.f->C_EncryptInit(s, &m, kp.pub)) == rv::ok);
    CK_BYTE buf[64];
    len = sizeof buf;
    CHECK(R(e.f->C_EncryptUpdate(s, buf, 5, buf, &len)) == rv::function_not_supported);
    CHECK(R(e.f->C_EncryptInit(s, &m, kp.pub)) == rv::ok);  // the failed Update ended it
    len = sizeof buf;
    CHECK(R(e.f->C_EncryptFinal(s, buf, &len)) == rv::function_not_supported);
    REQUIRE(R(e.f->C_EncryptInit(s, &m, kp.pub)) == rv::ok);
    bytes big(60, 1);
    len = sizeof buf;
    CHECK(R(e.f->C_Encrypt(s, big.data(), 60, buf, &len)) == rv::data_len_range);
    CHECK(R(e.f->C_Encrypt(s, big.data(), 5, buf, &len)) == rv::operation_not_initialized);
}

TEST_CASE("Init checks: mechanism and key", "[crypto][init]") {
    fixture x;
    auto& e = x.e;
    const auto s = x.s;
    REQUIRE(e.login(s) == rv::ok);
    const auto kp = generate_rsa(e, s);

    CHECK(R(e.f->C_EncryptInit(s, nullptr, x.aes)) == rv::arguments_bad);
    CHECK(R(e.f->C_EncryptInit(s, x.cbc.ptr(), 0xbad)) == rv::key_handle_invalid);
    auto md5 = mech(M::md5);
    CHECK(R(e.f->C_EncryptInit(s, &md5, x.aes)) == rv::mechanism_invalid);   // not offered
    auto sha = mech(M::sha_1);
    CHECK(R(e.f->C_EncryptInit(s, &sha, x.aes)) == rv::mechanism_invalid);   // offered, not for this
    CHECK(R(e.f->C_SignInit(s, &sha, x.aes)) == rv::mechanism_invalid);      // the token's false CKF_SIGN
    bytes short_iv(8);
    CK_MECHANISM bad_iv{ck(M::aes_cbc_pad), short_iv.data(), 8};
    CHECK(R(e.f->C_EncryptInit(s, &bad_iv, x.aes)) == rv::mechanism_param_invalid);
    CK_MECHANISM null_param{ck(M::aes_cbc_pad), nullptr, 16};
    CHECK(R(e.f->C_EncryptInit(s, &null_param, x.aes)) == rv::mechanism_param_invalid);
    bytes gcm(sizeof(CK_GCM_PARAMS) - 1);
    CK_MECHANISM bad_gcm{ck(M::aes_gcm), gcm.data(), static_cast<CK_ULONG>(gcm.size())};
    CHECK(R(e.f->C_EncryptInit(s, &bad_gcm, x.aes)) == rv::mechanism_param_invalid);
    CK_BYTE junk[4];
    CK_MECHANISM digest_with_param{ck(M::sha_1), junk, 4};
    CHECK(R(e.f->C_DigestInit(s, &digest_with_param)) == rv::mechanism_param_invalid);
    CHECK(R(e.f->C_DigestInit(s, nullptr)) == rv::arguments_bad);

    auto rsa = mech(M::rsa_pkcs);
    CHECK(R(e.f->C_EncryptInit(s, x.cbc.ptr(), kp.pub)) == rv::key_type_inconsistent);
    CHECK(R(e.f->C_EncryptInit(s, &rsa, x.aes)) == rv::key_type_inconsistent);
    CHECK(R(e.f->C_DecryptInit(s, &rsa, kp.pub)) == rv::key_type_inconsistent);  // a public key cannot decrypt
    CHECK(R(e.f->C_SignInit(s, &rsa, kp.pub)) == rv::key_type_inconsistent);
    const auto data = create_data(e, s, "not a key");
    CHECK(R(e.f->C_EncryptInit(s, x.cbc.ptr(), data)) == rv::key_type_inconsistent);

    // Usage flags and CKA_ALLOWED_MECHANISMS.
    tmpl no_encrypt;
    no_encrypt.flag(A::encrypt, false).flag(A::private_, false);
    const auto k2 = generate_secret(e, s, std::move(no_encrypt));
    CHECK(R(e.f->C_EncryptInit(s, x.cbc.ptr(), k2)) == rv::key_function_not_permitted);
    CHECK(R(e.f->C_DecryptInit(s, x.cbc.ptr(), k2)) == rv::ok);
    tmpl only_ecb;
    only_ecb.add(A::allowed_mechanisms, [] {
        bytes b(sizeof(CK_ULONG));
        const CK_ULONG ecb = ck(M::aes_ecb);
        std::memcpy(b.data(), &ecb, sizeof ecb);
        return b;
    }());
    const auto k3 = generate_secret(e, s, std::move(only_ecb));
    CHECK(R(e.f->C_EncryptInit(s, x.cbc.ptr(), k3)) == rv::mechanism_invalid);

    // A failed Init leaves no operation behind.
    CHECK(R(e.f->C_EncryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
}

TEST_CASE("One operation per kind; using one that was not started", "[crypto][state]") {
    fixture x;
    auto& e = x.e;
    const auto s = x.s;
    CK_BYTE buf[64] = {};
    CK_ULONG len = sizeof buf;
#define PT_NOT_INIT(call) CHECK(R(e.f->call) == rv::operation_not_initialized)
    PT_NOT_INIT(C_Encrypt(s, buf, 16, buf, &len));
    PT_NOT_INIT(C_EncryptUpdate(s, buf, 16, buf, &len));
    PT_NOT_INIT(C_EncryptFinal(s, buf, &len));
    PT_NOT_INIT(C_Decrypt(s, buf, 16, buf, &len));
    PT_NOT_INIT(C_DecryptUpdate(s, buf, 16, buf, &len));
    PT_NOT_INIT(C_DecryptFinal(s, buf, &len));
    PT_NOT_INIT(C_Digest(s, buf, 16, buf, &len));
    PT_NOT_INIT(C_DigestUpdate(s, buf, 16));
    PT_NOT_INIT(C_DigestKey(s, x.aes));
    PT_NOT_INIT(C_DigestFinal(s, buf, &len));
    PT_NOT_INIT(C_Sign(s, buf, 16, buf, &len));
    PT_NOT_INIT(C_SignUpdate(s, buf, 16));
    PT_NOT_INIT(C_SignFinal(s, buf, &len));
    PT_NOT_INIT(C_SignRecover(s, buf, 16, buf, &len));
    PT_NOT_INIT(C_Verify(s, buf, 16, buf, 16));
    PT_NOT_INIT(C_VerifyUpdate(s, buf, 16));
    PT_NOT_INIT(C_VerifyFinal(s, buf, 16));
    PT_NOT_INIT(C_VerifyRecover(s, buf, 16, buf, &len));
    PT_NOT_INIT(C_DigestEncryptUpdate(s, buf, 16, buf, &len));
    PT_NOT_INIT(C_DecryptDigestUpdate(s, buf, 16, buf, &len));
    PT_NOT_INIT(C_SignEncryptUpdate(s, buf, 16, buf, &len));
    PT_NOT_INIT(C_DecryptVerifyUpdate(s, buf, 16, buf, &len));
#undef PT_NOT_INIT

    // All kinds at once in one session; each kind only once.
    tmpl mac_key;
    mac_key.flag(A::private_, false);
    const auto hmac = generate_secret(e, s, std::move(mac_key), M::generic_secret_key_gen, 32);
    auto sha = mech(M::sha_1);
    auto mac = mech(M::sha256_hmac);
    REQUIRE(R(e.f->C_EncryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
    REQUIRE(R(e.f->C_DecryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
    REQUIRE(R(e.f->C_DigestInit(s, &sha)) == rv::ok);
    REQUIRE(R(e.f->C_SignInit(s, &mac, hmac)) == rv::ok);
    REQUIRE(R(e.f->C_VerifyInit(s, &mac, hmac)) == rv::ok);
    CHECK(R(e.f->C_EncryptInit(s, x.cbc.ptr(), x.aes)) == rv::operation_active);
    CHECK(R(e.f->C_DecryptInit(s, x.cbc.ptr(), x.aes)) == rv::operation_active);
    CHECK(R(e.f->C_DigestInit(s, &sha)) == rv::operation_active);
    CHECK(R(e.f->C_SignInit(s, &mac, hmac)) == rv::operation_active);
    CHECK(R(e.f->C_VerifyInit(s, &mac, hmac)) == rv::operation_active);
    // Another session is independent.
    const auto s2 = e.open();
    CHECK(R(e.f->C_EncryptInit(s2, x.cbc.ptr(), x.aes)) == rv::ok);
}

TEST_CASE("Digests", "[crypto][digest]") {
    fixture x;
    auto& e = x.e;
    const auto s = x.s;
    auto sha1 = mech(M::sha_1);
    auto sha256 = mech(M::sha256);
    bytes data = to_bytes("the quick brown fox");

    REQUIRE(R(e.f->C_DigestInit(s, &sha256)) == rv::ok);
    CK_ULONG len = 0;
    REQUIRE(R(e.f->C_Digest(s, data.data(), static_cast<CK_ULONG>(data.size()), nullptr, &len)) == rv::ok);
    CHECK(len == 32);
    const auto finals = e.m.count(C::c_digest_final);
    bytes out(31);
    len = 31;
    REQUIRE(R(e.f->C_Digest(s, data.data(), static_cast<CK_ULONG>(data.size()), out.data(), &len)) ==
            rv::buffer_too_small);
    CHECK(len == 32);
    out.resize(32);
    REQUIRE(R(e.f->C_Digest(s, data.data(), static_cast<CK_ULONG>(data.size()), out.data(), &len)) == rv::ok);
    CHECK(out == expected_digest<32>(data, 2, 32));
    CHECK(e.m.count(C::c_digest_final) == finals + 1);
    CHECK(R(e.f->C_Digest(s, data.data(), 4, out.data(), &len)) == rv::operation_not_initialized);

    // Multi-part gives the same; DigestFinal follows the convention too.
    REQUIRE(R(e.f->C_DigestInit(s, &sha1)) == rv::ok);
    REQUIRE(R(e.f->C_DigestUpdate(s, data.data(), 4)) == rv::ok);
    REQUIRE(R(e.f->C_DigestUpdate(s, data.data() + 4, static_cast<CK_ULONG>(data.size() - 4))) == rv::ok);
    REQUIRE(R(e.f->C_DigestUpdate(s, nullptr, 0)) == rv::ok);
    len = 0;
    REQUIRE(R(e.f->C_DigestFinal(s, nullptr, &len)) == rv::ok);
    CHECK(len == 20);
    bytes d1(19);
    len = 19;
    REQUIRE(R(e.f->C_DigestFinal(s, d1.data(), &len)) == rv::buffer_too_small);
    d1.resize(20);
    REQUIRE(R(e.f->C_DigestFinal(s, d1.data(), &len)) == rv::ok);
    CHECK(d1 == sha1_of(data));

    // Errors end it.
    REQUIRE(R(e.f->C_DigestInit(s, &sha1)) == rv::ok);
    CHECK(R(e.f->C_DigestUpdate(s, nullptr, 3)) == rv::arguments_bad);
    CHECK(R(e.f->C_DigestUpdate(s, data.data(), 3)) == rv::operation_not_initialized);
    REQUIRE(R(e.f->C_DigestInit(s, &sha1)) == rv::ok);
    CHECK(R(e.f->C_DigestFinal(s, d1.data(), nullptr)) == rv::arguments_bad);
    CHECK(R(e.f->C_DigestFinal(s, d1.data(), &len)) == rv::operation_not_initialized);
}

TEST_CASE("C_DigestKey", "[crypto][digest]") {
    fixture x;
    auto& e = x.e;
    const auto s = x.s;
    auto sha1 = mech(M::sha_1);
    tmpl t;
    const bytes value(16, 0x3c);
    t.cls(O::secret_key).key(K::aes).add(A::value, value).flag(A::private_, false);  // sensitive by default
    const auto k = create(e, s, t);
    REQUIRE(R(e.f->C_DigestInit(s, &sha1)) == rv::ok);
    CHECK(R(e.f->C_DigestKey(s, 0xbad)) == rv::key_handle_invalid);
    const auto data = create_data(e, s, "data");
    CHECK(R(e.f->C_DigestKey(s, data)) == rv::key_indigestible);
    REQUIRE(R(e.f->C_DigestKey(s, k)) == rv::ok);
    bytes d(20);
    CK_ULONG len = 20;
    REQUIRE(R(e.f->C_DigestFinal(s, d.data(), &len)) == rv::ok);
    CHECK(d == sha1_of(value));
}

TEST_CASE("Signing and verifying (MAC, multi-part)", "[crypto][sign]") {
    fixture x;
    auto& e = x.e;
    const auto s = x.s;
    tmpl mac_key;
    mac_key.flag(A::private_, false);
    const auto key = generate_secret(e, s, std::move(mac_key), M::generic_secret_key_gen, 32);
    auto mac = mech(M::sha256_hmac);
    bytes data = to_bytes("message to authenticate");
    const auto reference = sign_all(e, s, &mac, key, data);
    REQUIRE(reference.size() == 32);

    SECTION("C_Sign: length query, short buffer, same bytes, computed once") {
        REQUIRE(R(e.f->C_SignInit(s, &mac, key)) == rv::ok);
        const auto signs = e.m.count(C::c_sign);
        CK_ULONG len = 0;
        REQUIRE(R(e.f->C_Sign(s, data.data(), static_cast<CK_ULONG>(data.size()), nullptr, &len)) == rv::ok);
        CHECK(len == 32);
        bytes sig(8);
        len = 8;
        REQUIRE(R(e.f->C_Sign(s, data.data(), static_cast<CK_ULONG>(data.size()), sig.data(), &len)) ==
                rv::buffer_too_small);
        CHECK(len == 32);
        sig.resize(32);
        REQUIRE(R(e.f->C_Sign(s, data.data(), static_cast<CK_ULONG>(data.size()), sig.data(), &len)) == rv::ok);
        CHECK(sig == reference);
        CHECK(e.m.count(C::c_sign) == signs + 1);
        CHECK(R(e.f->C_Sign(s, data.data(), 1, sig.data(), &len)) == rv::operation_not_initialized);
    }
    SECTION("C_Sign ends the operation on any other error") {
        CK_ULONG len = 32;
        bytes sig(32);
        REQUIRE(R(e.f->C_SignInit(s, &mac, key)) == rv::ok);
        CHECK(R(e.f->C_Sign(s, nullptr, 4, sig.data(), &len)) == rv::arguments_bad);
        CHECK(R(e.f->C_Sign(s, data.data(), 4, sig.data(), &len)) == rv::operation_not_initialized);
        REQUIRE(R(e.f->C_SignInit(s, &mac, key)) == rv::ok);
        CHECK(R(e.f->C_Sign(s, data.data(), 4, sig.data(), nullptr)) == rv::arguments_bad);
        CHECK(R(e.f->C_Sign(s, data.data(), 4, sig.data(), &len)) == rv::operation_not_initialized);
        // An exception inside the token is an error like any other.
        REQUIRE(R(e.f->C_SignInit(s, &mac, key)) == rv::ok);
        e.m.throw_next(p11mock::at_sign, p11mock::throw_bad_alloc);
        CHECK(R(e.f->C_Sign(s, data.data(), 4, sig.data(), &len)) == rv::host_memory);
        CHECK(R(e.f->C_Sign(s, data.data(), 4, sig.data(), &len)) == rv::operation_not_initialized);
        CHECK(R(e.f->C_SignInit(s, &mac, key)) == rv::ok);
    }
    SECTION("multi-part signing equals single-part") {
        REQUIRE(R(e.f->C_SignInit(s, &mac, key)) == rv::ok);
        REQUIRE(R(e.f->C_SignUpdate(s, data.data(), 7)) == rv::ok);
        REQUIRE(R(e.f->C_SignUpdate(s, data.data() + 7, static_cast<CK_ULONG>(data.size() - 7))) == rv::ok);
        const auto finals = e.m.count(C::c_sign_final);
        CK_ULONG len = 0;
        REQUIRE(R(e.f->C_SignFinal(s, nullptr, &len)) == rv::ok);
        bytes sig(5);
        len = 5;
        REQUIRE(R(e.f->C_SignFinal(s, sig.data(), &len)) == rv::buffer_too_small);
        CHECK(len == 32);
        sig.resize(32);
        REQUIRE(R(e.f->C_SignFinal(s, sig.data(), &len)) == rv::ok);
        CHECK(sig == reference);
        CHECK(e.m.count(C::c_sign_final) == finals + 1);
        CHECK(R(e.f->C_SignFinal(s, sig.data(), &len)) == rv::operation_not_initialized);
        // An Update error ends it.
        REQUIRE(R(e.f->C_SignInit(s, &mac, key)) == rv::ok);
        CHECK(R(e.f->C_SignUpdate(s, nullptr, 3)) == rv::arguments_bad);
        CHECK(R(e.f->C_SignUpdate(s, data.data(), 3)) == rv::operation_not_initialized);
    }
    SECTION("C_Verify always ends the operation") {
        bytes sig = reference;
        REQUIRE(R(e.f->C_VerifyInit(s, &mac, key)) == rv::ok);
        CHECK(R(e.f->C_Verify(s, data.data(), static_cast<CK_ULONG>(data.size()), sig.data(), 32)) == rv::ok);
        CHECK(R(e.f->C_Verify(s, data.data(), static_cast<CK_ULONG>(data.size()), sig.data(), 32)) ==
              rv::operation_not_initialized);
        sig[3] ^= 1;
        REQUIRE(R(e.f->C_VerifyInit(s, &mac, key)) == rv::ok);
        CHECK(R(e.f->C_Verify(s, data.data(), static_cast<CK_ULONG>(data.size()), sig.data(), 32)) ==
              rv::signature_invalid);
        CHECK(R(e.f->C_VerifyInit(s, &mac, key)) == rv::ok);
        CHECK(R(e.f->C_Verify(s, data.data(), static_cast<CK_ULONG>(data.size()), sig.data(), 31)) ==
              rv::signature_len_range);
        CHECK(R(e.f->C_VerifyInit(s, &mac, key)) == rv::ok);
        CHECK(R(e.f->C_Verify(s, data.data(), 4, nullptr, 32)) == rv::arguments_bad);
        CHECK(R(e.f->C_VerifyInit(s, &mac, key)) == rv::ok);
    }
    SECTION("multi-part verification") {
        bytes sig = reference;
        REQUIRE(R(e.f->C_VerifyInit(s, &mac, key)) == rv::ok);
        REQUIRE(R(e.f->C_VerifyUpdate(s, data.data(), 10)) == rv::ok);
        REQUIRE(R(e.f->C_VerifyUpdate(s, data.data() + 10, static_cast<CK_ULONG>(data.size() - 10))) == rv::ok);
        CHECK(R(e.f->C_VerifyFinal(s, sig.data(), 32)) == rv::ok);
        CHECK(R(e.f->C_VerifyFinal(s, sig.data(), 32)) == rv::operation_not_initialized);
        REQUIRE(R(e.f->C_VerifyInit(s, &mac, key)) == rv::ok);
        REQUIRE(R(e.f->C_VerifyUpdate(s, data.data(), 10)) == rv::ok);
        CHECK(R(e.f->C_VerifyFinal(s, sig.data(), 32)) == rv::signature_invalid);
        CHECK(R(e.f->C_VerifyFinal(s, sig.data(), 32)) == rv::operation_not_initialized);
        REQUIRE(R(e.f->C_VerifyInit(s, &mac, key)) == rv::ok);
        CHECK(R(e.f->C_VerifyUpdate(s, nullptr, 10)) == rv::arguments_bad);
        CHECK(R(e.f->C_VerifyUpdate(s, data.data(), 10)) == rv::operation_not_initialized);
    }
}

TEST_CASE("RSA-like signatures: single-part only, recovery", "[crypto][sign]") {
    fixture x;
    auto& e = x.e;
    const auto s = x.s;
    REQUIRE(e.login(s) == rv::ok);
    const auto kp = generate_rsa(e, s);
    auto rsa = mech(M::rsa_pkcs);
    bytes data = to_bytes("short");
    const auto sig = sign_all(e, s, &rsa, kp.priv, data);
    CHECK(sig.size() == 64);
    REQUIRE(R(e.f->C_SignInit(s, &rsa, kp.priv)) == rv::ok);
    CHECK(R(e.f->C_SignUpdate(s, data.data(), 5)) == rv::function_not_supported);
    CHECK(R(e.f->C_SignUpdate(s, data.data(), 5)) == rv::operation_not_initialized);
    bytes v = sig;
    REQUIRE(R(e.f->C_VerifyInit(s, &rsa, kp.pub)) == rv::ok);
    CHECK(R(e.f->C_Verify(s, data.data(), 5, v.data(), 64)) == rv::ok);
    REQUIRE(R(e.f->C_VerifyInit(s, &rsa, kp.pub)) == rv::ok);
    CHECK(R(e.f->C_VerifyUpdate(s, data.data(), 5)) == rv::function_not_supported);
    CHECK(R(e.f->C_VerifyInit(s, &rsa, kp.pub)) == rv::ok);

    // Recovery: the signature carries the data; the output length depends on it.
    REQUIRE(R(e.f->C_SignRecoverInit(s, &rsa, kp.priv)) == rv::ok);
    CHECK(R(e.f->C_SignRecoverInit(s, &rsa, kp.priv)) == rv::operation_active);
    CK_ULONG len = 0;
    REQUIRE(R(e.f->C_SignRecover(s, data.data(), 5, nullptr, &len)) == rv::ok);
    CHECK(len == 64);
    const auto signs = e.m.count(C::c_sign);
    bytes rec(10);
    len = 10;
    REQUIRE(R(e.f->C_SignRecover(s, data.data(), 5, rec.data(), &len)) == rv::buffer_too_small);
    CHECK(len == 64);
    rec.resize(len);
    REQUIRE(R(e.f->C_SignRecover(s, data.data(), 5, rec.data(), &len)) == rv::ok);
    CHECK(e.m.count(C::c_sign) == signs + 1);
    CHECK(R(e.f->C_SignRecover(s, data.data(), 5, rec.data(), &len)) == rv::operation_not_initialized);
    REQUIRE(R(e.f->C_VerifyRecoverInit(s, &rsa, kp.pub)) == rv::ok);
    REQUIRE(R(e.f->C_VerifyRecover(s, rec.data(), 64, nullptr, &len)) == rv::ok);
    CHECK(len == 64);
    const auto verifies = e.m.count(C::c_verify);
    bytes out(2);
    len = 2;
    REQUIRE(R(e.f->C_VerifyRecover(s, rec.data(), 64, out.data(), &len)) == rv::buffer_too_small);
    CHECK(len == 5);
    out.resize(5);
    REQUIRE(R(e.f->C_VerifyRecover(s, rec.data(), 64, out.data(), &len)) == rv::ok);
    CHECK(out == data);
    CHECK(e.m.count(C::c_verify) == verifies + 1);
    // A key without CKA_SIGN_RECOVER.
    tmpl no_recover;
    no_recover.flag(A::sign_recover, false);
    const auto kp2 = generate_rsa(e, s, {}, std::move(no_recover));
    CHECK(R(e.f->C_SignRecoverInit(s, &rsa, kp2.priv)) == rv::key_function_not_permitted);
    // A mechanism without recovery.
    auto sha1rsa = mech(M::sha1_rsa_pkcs);
    CHECK(R(e.f->C_SignRecoverInit(s, &sha1rsa, kp.priv)) == rv::mechanism_invalid);
}

TEST_CASE("Dual-function updates", "[crypto][dual]") {
    fixture x;
    auto& e = x.e;
    const auto s = x.s;
    tmpl mac_key;
    mac_key.flag(A::private_, false);
    const auto hmac = generate_secret(e, s, std::move(mac_key), M::generic_secret_key_gen, 32);
    auto sha1 = mech(M::sha_1);
    auto mac = mech(M::sha256_hmac);
    const auto plain = sequence(40);
    const auto ct_reference = encrypt_all(e, s, x.cbc.ptr(), x.aes, plain);
    const auto mac_reference = sign_all(e, s, &mac, hmac, plain);
    CK_BYTE out[64];
    CK_ULONG len = 0;

    SECTION("C_DigestEncryptUpdate, with a short buffer on the way") {
        REQUIRE(R(e.f->C_EncryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
        REQUIRE(R(e.f->C_DigestInit(s, &sha1)) == rv::ok);
        bytes in = plain, ct;
        len = 0;
        REQUIRE(R(e.f->C_DigestEncryptUpdate(s, in.data(), 20, nullptr, &len)) == rv::ok);  // length query
        len = 3;
        REQUIRE(R(e.f->C_DigestEncryptUpdate(s, in.data(), 20, out, &len)) == rv::buffer_too_small);
        CHECK(len == 16);
        len = sizeof out;
        REQUIRE(R(e.f->C_DigestEncryptUpdate(s, in.data(), 20, out, &len)) == rv::ok);
        ct.insert(ct.end(), out, out + len);
        len = sizeof out;
        REQUIRE(R(e.f->C_DigestEncryptUpdate(s, in.data() + 20, 20, out, &len)) == rv::ok);
        ct.insert(ct.end(), out, out + len);
        len = sizeof out;
        REQUIRE(R(e.f->C_EncryptFinal(s, out, &len)) == rv::ok);
        ct.insert(ct.end(), out, out + len);
        CHECK(ct == ct_reference);
        bytes d(20);
        len = 20;
        REQUIRE(R(e.f->C_DigestFinal(s, d.data(), &len)) == rv::ok);
        CHECK(d == sha1_of(plain));  // each part digested exactly once
    }
    SECTION("C_DecryptDigestUpdate") {
        REQUIRE(R(e.f->C_DecryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
        REQUIRE(R(e.f->C_DigestInit(s, &sha1)) == rv::ok);
        bytes ct = ct_reference, pt;
        len = sizeof out;
        REQUIRE(R(e.f->C_DecryptDigestUpdate(s, ct.data(), 24, out, &len)) == rv::ok);
        pt.insert(pt.end(), out, out + len);
        len = 1;
        REQUIRE(R(e.f->C_DecryptDigestUpdate(s, ct.data() + 24, 24, out, &len)) == rv::buffer_too_small);
        len = sizeof out;
        REQUIRE(R(e.f->C_DecryptDigestUpdate(s, ct.data() + 24, 24, out, &len)) == rv::ok);
        pt.insert(pt.end(), out, out + len);
        // The last block comes from DecryptFinal: digest it separately, as the spec's example does.
        len = sizeof out;
        REQUIRE(R(e.f->C_DecryptFinal(s, out, &len)) == rv::ok);
        REQUIRE(R(e.f->C_DigestUpdate(s, out, len)) == rv::ok);
        pt.insert(pt.end(), out, out + len);
        CHECK(pt == plain);
        bytes d(20);
        len = 20;
        REQUIRE(R(e.f->C_DigestFinal(s, d.data(), &len)) == rv::ok);
        CHECK(d == sha1_of(plain));
    }
    SECTION("C_SignEncryptUpdate and C_DecryptVerifyUpdate") {
        REQUIRE(R(e.f->C_EncryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
        REQUIRE(R(e.f->C_SignInit(s, &mac, hmac)) == rv::ok);
        bytes in = plain, ct;
        len = sizeof out;
        REQUIRE(R(e.f->C_SignEncryptUpdate(s, in.data(), 40, out, &len)) == rv::ok);
        ct.insert(ct.end(), out, out + len);
        len = sizeof out;
        REQUIRE(R(e.f->C_EncryptFinal(s, out, &len)) == rv::ok);
        ct.insert(ct.end(), out, out + len);
        bytes sig(32);
        len = 32;
        REQUIRE(R(e.f->C_SignFinal(s, sig.data(), &len)) == rv::ok);
        CHECK(ct == ct_reference);
        CHECK(sig == mac_reference);

        REQUIRE(R(e.f->C_DecryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
        REQUIRE(R(e.f->C_VerifyInit(s, &mac, hmac)) == rv::ok);
        len = sizeof out;
        REQUIRE(R(e.f->C_DecryptVerifyUpdate(s, ct.data(), 48, out, &len)) == rv::ok);
        CHECK(len == 32);
        len = sizeof out;
        REQUIRE(R(e.f->C_DecryptFinal(s, out + 32, &len)) == rv::ok);
        REQUIRE(R(e.f->C_VerifyUpdate(s, out + 32, len)) == rv::ok);
        CHECK(R(e.f->C_VerifyFinal(s, sig.data(), 32)) == rv::ok);
    }
    SECTION("both halves must be active; a refused call changes nothing") {
        REQUIRE(R(e.f->C_EncryptInit(s, x.cbc.ptr(), x.aes)) == rv::ok);
        bytes in = plain;
        const auto updates = e.m.count(C::c_cipher_update);
        len = sizeof out;
        CHECK(R(e.f->C_DigestEncryptUpdate(s, in.data(), 40, out, &len)) == rv::operation_not_initialized);
        CHECK(e.m.count(C::c_cipher_update) == updates);  // nothing was encrypted
        // The encryption is intact: a full run still gives the reference.
        bytes ct;
        len = sizeof out;
        REQUIRE(R(e.f->C_EncryptUpdate(s, in.data(), 40, out, &len)) == rv::ok);
        ct.insert(ct.end(), out, out + len);
        len = sizeof out;
        REQUIRE(R(e.f->C_EncryptFinal(s, out, &len)) == rv::ok);
        ct.insert(ct.end(), out, out + len);
        CHECK(ct == ct_reference);
    }
}
