// CKM_CHACHA20_POLY1305 and CKM_CHACHA20_KEY_GEN (3.0): RFC 8439 §2.8.2's
// AEAD vector through C_Encrypt/C_Decrypt (CK_SALSA20_CHACHA20_POLY1305_PARAMS,
// the tag after the ciphertext) and through the message-based functions
// (CK_SALSA20_CHACHA20_POLY1305_MSG_PARAMS, the tag in pTag); one key object
// serving successive and overlapping operations with different nonces (its
// keyed contexts are reused); the parameter rules; key generation; and a
// 2.40 build that lists neither.
#include "message_support.hpp"

using namespace mt;

namespace {

// RFC 8439 §2.8.2.
const bytes key = hex("808182838485868788898a8b8c8d8e8f 909192939495969798999a9b9c9d9e9f");
const bytes nonce = hex("070000004041424344454647");
const bytes aad = hex("50515253c0c1c2c3c4c5c6c7");
const bytes plain = str("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
                        "sunscreen would be it.");
const bytes cipher = hex("d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
                         "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
                         "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
                         "3ff4def08e4b7a9de576d26586cec64b6116");
const bytes tag = hex("1ae10b594f09e26a7e902ecbd0600691");

// The single-part parameter, keeping its buffers.
struct chacha_params {
    bytes n, a;
    abi::CK_SALSA20_CHACHA20_POLY1305_PARAMS p{};
    chacha_params(bytes nonce_value, bytes aad_value, abi::CK_ULONG nonce_len)
        : n(std::move(nonce_value)), a(std::move(aad_value)) {
        p = {n.data(), nonce_len, a.empty() ? nullptr : a.data(), static_cast<abi::CK_ULONG>(a.size())};
    }
    abi::CK_MECHANISM ck() {
        return {static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::chacha20_poly1305), &p, sizeof p};
    }
};

// One message's parameter.
struct chacha_message {
    bytes n;
    bytes t = bytes(16, 0);
    abi::CK_SALSA20_CHACHA20_POLY1305_MSG_PARAMS p{};
    chacha_message(bytes nonce_value, abi::CK_ULONG nonce_len) : n(std::move(nonce_value)) {
        p = {n.data(), nonce_len, t.data()};
    }
};

rv single(message_fixture& t, bool encrypting, abi::CK_MECHANISM m, object_handle k, const bytes& in, bytes& out) {
    const rv init = code(encrypting ? t.fn()->C_EncryptInit(t.h(), &m, k) : t.fn()->C_DecryptInit(t.h(), &m, k));
    if (init != rv::ok) return init;
    out.assign(in.size() + 16, 0);
    auto n = static_cast<abi::CK_ULONG>(out.size());
    const rv r = code(encrypting ? t.fn()->C_Encrypt(t.h(), t.ptr(in), t.len(in), out.data(), &n)
                                 : t.fn()->C_Decrypt(t.h(), t.ptr(in), t.len(in), out.data(), &n));
    out.resize(r == rv::ok ? n : 0);
    return r;
}

rv message(message_fixture& t, bool encrypting, chacha_message& m, const bytes& in, bytes& out) {
    out.assign(in.size() + 1, 0);
    auto n = static_cast<abi::CK_ULONG>(in.size());
    const auto call = encrypting ? t.fn()->C_EncryptMessage : t.fn()->C_DecryptMessage;
    const rv r = code(call(t.h(), &m.p, sizeof m.p, t.ptr(aad), t.len(aad), t.ptr(in), t.len(in), out.data(), &n));
    out.resize(r == rv::ok ? n : 0);
    return r;
}

} // namespace

TEST_CASE("ChaCha20-Poly1305: RFC 8439's AEAD vector through C_Encrypt and C_Decrypt", "[message][chacha20]") {
    message_fixture t;
    const auto k = secret_key(t.s, key_type::chacha20, key);
    // ulNonceLen in bits, as the spec defines it, and in bytes, as callers pass it.
    for (const abi::CK_ULONG nonce_len : {96ul, 12ul}) {
        INFO("ulNonceLen " << nonce_len);
        chacha_params p(nonce, aad, nonce_len);
        bytes out;
        REQUIRE(single(t, true, p.ck(), k, plain, out) == rv::ok);
        CHECK(out == cat(cipher, tag));
        REQUIRE(single(t, false, p.ck(), k, cat(cipher, tag), out) == rv::ok);
        CHECK(out == plain);
        auto bad = cat(cipher, tag);
        bad.back() ^= 0x01;
        CHECK(single(t, false, p.ck(), k, bad, out) == rv::encrypted_data_invalid);
    }
    // Multi-part gives the same.
    chacha_params p(nonce, aad, 96);
    auto ck = p.ck();
    REQUIRE(code(t.fn()->C_EncryptInit(t.h(), &ck, k)) == rv::ok);
    bytes out;
    for (std::size_t at = 0; at < plain.size(); at += 50) {
        bytes part = sub(plain, at, std::min<std::size_t>(50, plain.size() - at)), got(64);
        abi::CK_ULONG n = 64;
        REQUIRE(code(t.fn()->C_EncryptUpdate(t.h(), part.data(), t.len(part), got.data(), &n)) == rv::ok);
        out.insert(out.end(), got.begin(), got.begin() + static_cast<std::ptrdiff_t>(n));
    }
    bytes last(32);
    abi::CK_ULONG n = 32;
    REQUIRE(code(t.fn()->C_EncryptFinal(t.h(), last.data(), &n)) == rv::ok);
    out.insert(out.end(), last.begin(), last.begin() + static_cast<std::ptrdiff_t>(n));
    CHECK(out == cat(cipher, tag));
}

TEST_CASE("ChaCha20-Poly1305: RFC 8439's AEAD vector through the message-based functions", "[message][chacha20]") {
    message_fixture t;
    const auto k = secret_key(t.s, key_type::chacha20, key);
    auto mech = plain_ck(mechanism_type::chacha20_poly1305);
    REQUIRE(code(t.fn()->C_MessageEncryptInit(t.h(), &mech, k)) == rv::ok);
    REQUIRE(code(t.fn()->C_MessageDecryptInit(t.h(), &mech, k)) == rv::ok);
    for (int round = 0; round < 2; ++round) {  // the second message reuses what the first set up
        chacha_message m(nonce, 96);
        bytes out;
        REQUIRE(message(t, true, m, plain, out) == rv::ok);
        CHECK(out == cipher);
        CHECK(m.t == tag);
        chacha_message d(nonce, 12);
        d.t = tag;
        d.p.pTag = d.t.data();
        REQUIRE(message(t, false, d, cipher, out) == rv::ok);
        CHECK(out == plain);
        d.t[0] ^= 0x80;
        CHECK(message(t, false, d, cipher, out) == rv::encrypted_data_invalid);
    }
    // Bad parameters: CKR_MECHANISM_PARAM_INVALID, and the process goes on.
    chacha_message m(nonce, 64);  // the original 64-bit-nonce construction is not offered
    bytes out;
    CHECK(message(t, true, m, plain, out) == rv::mechanism_param_invalid);
    m.p.ulNonceLen = 96;
    m.p.pTag = nullptr;
    CHECK(message(t, true, m, plain, out) == rv::mechanism_param_invalid);
    m.p.pTag = m.t.data();
    m.p.pNonce = nullptr;
    CHECK(message(t, true, m, plain, out) == rv::mechanism_param_invalid);
    m.p.pNonce = m.n.data();
    CHECK(message(t, true, m, plain, out) == rv::ok);
    // The Init takes no parameter; a GCM message parameter is the wrong size.
    chacha_params p(nonce, aad, 96);
    auto with_param = p.ck();
    REQUIRE(code(t.fn()->C_MessageEncryptFinal(t.h())) == rv::ok);
    CHECK(code(t.fn()->C_MessageEncryptInit(t.h(), &with_param, k)) == rv::mechanism_param_invalid);
    REQUIRE(code(t.fn()->C_MessageEncryptInit(t.h(), &mech, k)) == rv::ok);
    gcm_message g(bytes(12, 0));
    abi::CK_ULONG n = 200;
    CHECK(code(t.fn()->C_EncryptMessage(t.h(), g.ptr(), g.len, nullptr, 0, t.ptr(plain), t.len(plain), out.data(),
                                        &n)) == rv::mechanism_param_invalid);
}

TEST_CASE("ChaCha20-Poly1305: one key object, successive single-part operations with different nonces",
          "[message][chacha20]") {
    message_fixture t;
    const auto k = secret_key(t.s, key_type::chacha20, key);
    // Another nonce for the same key (RFC 8439 §2.6.2's): its sealing must
    // differ, open with its own nonce only, and leave the next §2.8.2 sealing
    // the RFC's again, whatever context the key lends.
    const bytes other_nonce = hex("000000000001020304050607");
    for (int round = 0; round < 2; ++round) {
        INFO("round " << round);
        chacha_params rfc(nonce, aad, 96);
        bytes out;
        REQUIRE(single(t, true, rfc.ck(), k, plain, out) == rv::ok);
        CHECK(out == cat(cipher, tag));
        chacha_params other(other_nonce, aad, 96);
        bytes sealed;
        REQUIRE(single(t, true, other.ck(), k, plain, sealed) == rv::ok);
        REQUIRE(sealed.size() == plain.size() + 16);
        CHECK(sealed != cat(cipher, tag));
        REQUIRE(single(t, false, other.ck(), k, sealed, out) == rv::ok);
        CHECK(out == plain);
        CHECK(single(t, false, rfc.ck(), k, sealed, out) == rv::encrypted_data_invalid);
        REQUIRE(single(t, false, rfc.ck(), k, cat(cipher, tag), out) == rv::ok);
        CHECK(out == plain);
    }

    // RFC 8439 gives the keystream of one key under two nonces: §2.3.2's
    // block 1 (the AEAD encrypts from block 1 on, so 64 zero bytes seal to
    // it) and §2.4.2's encryption of the same text as §2.8.2.
    const auto k2 = secret_key(t.s, key_type::chacha20, hex("000102030405060708090a0b0c0d0e0f"
                                                            "101112131415161718191a1b1c1d1e1f"));
    const bytes block1 = hex("10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
                             "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e");
    const bytes cipher_242 = hex("6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
                                    "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
                                    "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
                                    "5af90bbf74a35be6b40b8eedf2785e42874d");
    for (int round = 0; round < 2; ++round) {
        INFO("round " << round);
        chacha_params p232(hex("000000090000004a00000000"), {}, 96);
        bytes out;
        REQUIRE(single(t, true, p232.ck(), k2, bytes(64, 0), out) == rv::ok);
        REQUIRE(out.size() == 64 + 16);
        CHECK(first(out, 64) == block1);
        chacha_params p242(hex("000000000000004a00000000"), {}, 96);
        REQUIRE(single(t, true, p242.ck(), k2, plain, out) == rv::ok);
        REQUIRE(out.size() == plain.size() + 16);
        CHECK(first(out, plain.size()) == cipher_242);
    }
}

TEST_CASE("ChaCha20-Poly1305: a wrong tag releases no plaintext, and the key goes on working",
          "[message][chacha20]") {
    message_fixture t;
    const auto k = secret_key(t.s, key_type::chacha20, key);
    chacha_params p(nonce, aad, 96);
    for (const std::size_t flipped : {std::size_t{0}, cipher.size() + 15}) {  // a ciphertext byte, a tag byte
        INFO("byte " << flipped);
        auto bad = cat(cipher, tag);
        bad[flipped] ^= 0x01;
        auto ck = p.ck();
        REQUIRE(code(t.fn()->C_DecryptInit(t.h(), &ck, k)) == rv::ok);
        bytes out(bad.size(), 0xa5);
        auto n = static_cast<abi::CK_ULONG>(out.size());
        CHECK(code(t.fn()->C_Decrypt(t.h(), bad.data(), t.len(bad), out.data(), &n)) == rv::encrypted_data_invalid);
        CHECK(out == bytes(bad.size(), 0xa5));  // not one byte of plaintext
        // The operation ended; the key decrypts the genuine message next.
        CHECK(code(t.fn()->C_Decrypt(t.h(), bad.data(), t.len(bad), out.data(), &n)) == rv::operation_not_initialized);
        REQUIRE(single(t, false, p.ck(), k, cat(cipher, tag), out) == rv::ok);
        CHECK(out == plain);
    }
}

TEST_CASE("ChaCha20-Poly1305: two sessions' operations on one key at once", "[message][chacha20]") {
    message_fixture t;
    const auto k = secret_key(t.s, key_type::chacha20, key);
    auto s2 = must(t.m.open_session(soft_slot, true), "C_OpenSession");
    // Both initialised before either runs: each holds its own keyed context.
    chacha_params rfc(nonce, aad, 96), other(hex("000000000001020304050607"), aad, 96);
    auto first_ck = rfc.ck(), second_ck = other.ck();
    REQUIRE(code(t.fn()->C_EncryptInit(t.h(), &first_ck, k)) == rv::ok);
    REQUIRE(code(t.fn()->C_EncryptInit(s2.handle(), &second_ck, k)) == rv::ok);
    bytes second(plain.size() + 16), out(plain.size() + 16);
    auto n = static_cast<abi::CK_ULONG>(second.size());
    REQUIRE(code(t.fn()->C_Encrypt(s2.handle(), t.ptr(plain), t.len(plain), second.data(), &n)) == rv::ok);
    second.resize(n);
    n = static_cast<abi::CK_ULONG>(out.size());
    REQUIRE(code(t.fn()->C_Encrypt(t.h(), t.ptr(plain), t.len(plain), out.data(), &n)) == rv::ok);
    out.resize(n);
    CHECK(out == cat(cipher, tag));
    REQUIRE(single(t, false, other.ck(), k, second, out) == rv::ok);
    CHECK(out == plain);
}

TEST_CASE("ChaCha20-Poly1305: single-part parameter rules, keys and key generation", "[message][chacha20]") {
    message_fixture t;
    const auto k = secret_key(t.s, key_type::chacha20, key);
    bytes out;
    for (const abi::CK_ULONG bad_len : {0ul, 8ul, 64ul, 192ul, 24ul}) {
        chacha_params p(nonce, aad, bad_len);
        CHECK(single(t, true, p.ck(), k, plain, out) == rv::mechanism_param_invalid);
    }
    chacha_params no_nonce(nonce, aad, 96);
    no_nonce.p.pNonce = nullptr;
    CHECK(single(t, true, no_nonce.ck(), k, plain, out) == rv::mechanism_param_invalid);
    chacha_params aad_missing(nonce, {}, 96);
    aad_missing.p.ulAADLen = 5;
    CHECK(single(t, true, aad_missing.ck(), k, plain, out) == rv::mechanism_param_invalid);
    // An AES key is the wrong type; a ChaCha20 key is 32 bytes, nothing else.
    const auto aes = aes_key(t.s, bytes(32, 1));
    chacha_params p(nonce, aad, 96);
    CHECK(single(t, true, p.ck(), aes, plain, out) == rv::key_type_inconsistent);
    CHECK(t.s.create({attr::cls = object_class::secret_key, attr::key_type = key_type::chacha20, attr::token = false,
                      attr::value = sp(bytes(16, 1))})
              .code() == rv::attribute_value_invalid);

    // CKM_CHACHA20_KEY_GEN: a 32-byte key that works; another size is refused.
    const auto made = must(t.s.generate_key(mechanism_type::chacha20_key_gen,
                                            {attr::token = false, attr::encrypt = true, attr::decrypt = true}));
    CHECK(must(t.s.get(made, attr::value_len)) == 32);
    CHECK(must(t.s.get(made, attr::key_type)) == key_type::chacha20);
    REQUIRE(single(t, true, p.ck(), made, plain, out) == rv::ok);
    const auto sealed = out;
    REQUIRE(single(t, false, p.ck(), made, sealed, out) == rv::ok);
    CHECK(out == plain);
    CHECK(t.s.generate_key(mechanism_type::chacha20_key_gen, {attr::token = false, attr::value_len = 16}).code() ==
          rv::attribute_value_invalid);
}

TEST_CASE("ChaCha20-Poly1305 and its key generation exist in the 3.0 profile only", "[message][chacha20]") {
    {
        message_fixture t;
        const auto list = must(t.m.mechanisms(soft_slot));
        const auto find = [&](mechanism_type m) {
            return std::find_if(list.begin(), list.end(), [&](const auto& e) { return e.type == m; });
        };
        const auto aead = find(mechanism_type::chacha20_poly1305);
        REQUIRE(aead != list.end());
        CHECK(has(aead->flags, mechanism_flags::encrypt | mechanism_flags::decrypt | mechanism_flags::message_encrypt |
                                   mechanism_flags::message_decrypt));
        CHECK(find(mechanism_type::chacha20_key_gen) != list.end());
    }
    token_fixture t;  // 2.40
    for (const auto& e : must(t.m.mechanisms(soft_slot))) {
        CHECK(e.type != mechanism_type::chacha20_poly1305);
        CHECK(e.type != mechanism_type::chacha20_key_gen);
    }
}
