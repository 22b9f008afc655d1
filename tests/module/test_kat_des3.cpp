// The Triple-DES mechanisms through PKCS #11 calls on the real module:
// CKM_DES3_ECB/_CBC/_CBC_PAD against NIST SP 800-67 Rev. 2 appendix B and
// SP 800-20, CKM_DES3_CMAC(_GENERAL) against SP 800-38B appendix D (TDEA
// examples), CKK_DES2 (K1 K2 K1) and CKK_DES3 keys imported and generated,
// wrapping, the spec's error codes, and which profiles list what.
#include "support.hpp"

using namespace mt;

namespace {

const bytes sp800_67_key = hex("0123456789ABCDEF 23456789ABCDEF01 456789ABCDEF0123");
const bytes sp800_67_plain = hex("5468652071756663 6B2062726F776E20 666F78206A756D70");  // "The qufck brown fox jump"
const bytes sp800_67_cipher = hex("A826FD8CE53B855F CCE21C8112256FE6 68D5C05DD9B6B900");

object_handle des3_key(const client::session& s, const bytes& value, attribute_template extra = {}) {
    return secret_key(s, value.size() == 16 ? key_type::des2 : key_type::des3, value, std::move(extra));
}
mechanism cbc(mechanism_type t, const bytes& iv) { return raw_mechanism(t, iv); }

bool odd_parity(std::uint8_t b) { return __builtin_popcount(b) % 2 == 1; }

} // namespace

TEST_CASE("DES3-ECB matches SP 800-67 B.1 and SP 800-20; DES2 keys are K1 K2 K1", "[kat][des3]") {
    token_fixture t;
    REQUIRE_LISTED(t.m, mechanism_type::des3_ecb);
    const auto key = des3_key(t.s, sp800_67_key);
    CHECK(must(t.s.encrypt(key, mechanism_type::des3_ecb, bv(sp800_67_plain))) == sp800_67_cipher);
    CHECK(must(t.s.decrypt(key, mechanism_type::des3_ecb, bv(sp800_67_cipher))) == sp800_67_plain);
    CHECK(must(crypt_parts(t.s, true, key, mechanism_type::des3_ecb, sp800_67_plain, 5)) == sp800_67_cipher);
    CHECK(must(crypt_parts(t.s, false, key, mechanism_type::des3_ecb, sp800_67_cipher, 8)) == sp800_67_plain);

    // SP 800-20 Table A.1 (K1 = K2 = K3 = 01..01): variable plaintext.
    const auto ones = des3_key(t.s, bytes(24, 0x01));
    CHECK(must(t.s.encrypt(ones, mechanism_type::des3_ecb, bv(hex("8000000000000000 4000000000000000")))) ==
          hex("95F8A5E5DD31D900 DD7F121CA5015619"));
    // The same key as CKK_DES2 (K1 K2, K3 = K1).
    const auto ones2 = des3_key(t.s, bytes(16, 0x01));
    CHECK(must(t.s.encrypt(ones2, mechanism_type::des3_ecb, bv(hex("2000000000000000")))) == hex("2E8653104F3834EA"));
    // A DES2 key gives what the DES3 key K1 K2 K1 gives.
    const auto k1k2 = first(sp800_67_key, 16);
    CHECK(must(t.s.encrypt(des3_key(t.s, k1k2), mechanism_type::des3_ecb, bv(sp800_67_plain))) ==
          must(t.s.encrypt(des3_key(t.s, cat(k1k2, first(sp800_67_key, 8))), mechanism_type::des3_ecb,
                           bv(sp800_67_plain))));
}

TEST_CASE("DES3-CBC chains the SP 800-67 blocks; CBC_PAD adds the PKCS #7 block", "[kat][des3]") {
    token_fixture t;
    REQUIRE_LISTED(t.m, mechanism_type::des3_cbc);
    const auto key = des3_key(t.s, sp800_67_key);
    // IV = 0 and P'_i = P_i xor C_{i-1}: CBC feeds the cipher the B.1 plaintext blocks.
    bytes chained = sp800_67_plain;
    for (std::size_t i = 8; i < chained.size(); ++i) chained[i] ^= sp800_67_cipher[i - 8];
    const bytes zero_iv(8, 0);
    CHECK(must(t.s.encrypt(key, cbc(mechanism_type::des3_cbc, zero_iv), bv(chained))) == sp800_67_cipher);
    CHECK(must(t.s.decrypt(key, cbc(mechanism_type::des3_cbc, zero_iv), bv(sp800_67_cipher))) == chained);
    CHECK(must(crypt_parts(t.s, true, key, cbc(mechanism_type::des3_cbc, zero_iv), chained, 3)) == sp800_67_cipher);
    // 24 bytes under CBC_PAD: the three blocks, then 08 x 8 chained on C3.
    const auto pad_block = must(t.s.encrypt(key, cbc(mechanism_type::des3_cbc, sub(sp800_67_cipher, 16, 8)),
                                            bv(bytes(8, 0x08))));
    const auto padded = cat(sp800_67_cipher, pad_block);
    CHECK(must(t.s.encrypt(key, cbc(mechanism_type::des3_cbc_pad, zero_iv), bv(chained))) == padded);
    CHECK(must(t.s.decrypt(key, cbc(mechanism_type::des3_cbc_pad, zero_iv), bv(padded))) == chained);
    CHECK(must(crypt_parts(t.s, false, key, cbc(mechanism_type::des3_cbc_pad, zero_iv), padded, 7)) == chained);
    // 20 bytes: the last block is P3'[0..4) || 04 04 04 04.
    const auto p20 = first(chained, 20);
    const auto tail = must(t.s.encrypt(key, cbc(mechanism_type::des3_cbc, sub(sp800_67_cipher, 8, 8)),
                                       bv(cat(sub(chained, 16, 4), bytes(4, 0x04)))));
    CHECK(must(t.s.encrypt(key, cbc(mechanism_type::des3_cbc_pad, zero_iv), bv(p20))) == cat(first(sp800_67_cipher, 16), tail));
}

TEST_CASE("DES3-CMAC and CMAC_GENERAL match SP 800-38B appendix D", "[kat][des3]") {
    token_fixture t;
    REQUIRE_LISTED(t.m, mechanism_type::des3_cmac);
    const bytes message = hex("6bc1bee22e409f96 e93d7e117393172a ae2d8a571e03ac9c 9eb76fac45af8e51");
    const bytes three = hex("8aa83bf8cbda1062 0bc1bf19fbb6cd58 bc313d4a371ca8b5");
    const bytes two = hex("4cf15134a2850dd5 8a3d10ba80570d38");
    const struct {
        const bytes* key;
        std::size_t length;
        const char* tag;
    } examples[] = {
        {&three, 0, "b7a688e122ffaf95"},  {&three, 8, "8e8f293136283797"}, {&three, 20, "743ddbe0ce2dc2ed"},
        {&three, 32, "33e6b1092400eae5"}, {&two, 0, "bd2ebf9a3ba00361"},   {&two, 8, "4ff2ab813c53ce83"},
        {&two, 20, "62dd1b471902bd4e"},   {&two, 32, "31b1e431dabc4eb8"},
    };
    for (const auto& e : examples) {
        INFO(e.key->size() << "-byte key, " << e.length << "-byte message");
        const auto key = des3_key(t.s, *e.key);
        const auto msg = first(message, e.length);
        const auto tag = hex(e.tag);
        CHECK(must(t.s.sign(key, mechanism_type::des3_cmac, bv(msg))) == tag);
        CHECK(must(t.s.verify(key, mechanism_type::des3_cmac, bv(msg), bv(tag))));
        if (!msg.empty()) CHECK(must(sign_parts(t.s, key, mechanism_type::des3_cmac, msg, 3)) == tag);
        for (ck_ulong len : {4ul, 8ul}) {
            const auto m = mech::mac_general(mechanism_type::des3_cmac_general, len);
            CHECK(must(t.s.sign(key, m, bv(msg))) == first(tag, len));
            CHECK(must(t.s.verify(key, m, bv(msg), bv(first(tag, len)))));
        }
    }
}

TEST_CASE("DES2/DES3 keys: CKA_CHECK_VALUE, generation with odd parity, lengths", "[kat][des3]") {
    token_fixture t;
    REQUIRE_LISTED(t.m, mechanism_type::des3_key_gen);
    // E(01..01, 0^64) = 8CA64DE9C1B123A7 (SP 800-20's weak-key case); the
    // check value is its first three bytes, for either key type.
    for (std::size_t n : {16u, 24u}) {
        INFO(n << "-byte key");
        CHECK(must(attribute(t.s, des3_key(t.s, bytes(n, 0x01)), attribute_type::check_value)) == hex("8CA64D"));
    }
    const struct {
        mechanism_type mechanism;
        key_type type;
        std::size_t bytes;
    } generators[] = {{mechanism_type::des2_key_gen, key_type::des2, 16}, {mechanism_type::des3_key_gen, key_type::des3, 24}};
    for (const auto& g : generators) {
        INFO(to_string(g.mechanism).view());
        const auto key = must(t.s.generate_key(g.mechanism, {attr::token = false, attr::sensitive = false,
                                                             attr::extractable = true, attr::encrypt = true,
                                                             attr::decrypt = true}));
        CHECK(ulong_attribute(t.s, key, attribute_type::key_type) == static_cast<ck_ulong>(g.type));
        const auto value = must(attribute(t.s, key, attribute_type::value));
        REQUIRE(value.size() == g.bytes);
        for (auto b : value) CHECK(odd_parity(b));
        CHECK(must(t.s.decrypt(key, mechanism_type::des3_ecb,
                               bv(must(t.s.encrypt(key, mechanism_type::des3_ecb, bv(sp800_67_plain)))))) ==
              sp800_67_plain);
        const auto zero = must(t.s.encrypt(key, mechanism_type::des3_ecb, bv(bytes(8, 0))));
        CHECK(must(attribute(t.s, key, attribute_type::check_value)) == first(zero, 3));
        // CKA_VALUE_LEN is not the DES template's; when given it must be the key's length.
        CHECK(t.s.generate_key(g.mechanism, {attr::token = false, attr::value_len = static_cast<ck_ulong>(g.bytes)}).has_value());
        CHECK(t.s.generate_key(g.mechanism, {attr::token = false, attr::value_len = static_cast<ck_ulong>(g.bytes + 8)}).code() ==
              rv::attribute_value_invalid);
        // The template's key type must be the mechanism's.
        CHECK(t.s.generate_key(g.mechanism, {attr::token = false, attr::key_type = key_type::aes}).code() ==
              rv::template_inconsistent);
    }
    // Imported values of the wrong length.
    for (auto [type, n] : {std::pair{key_type::des3, 16u}, std::pair{key_type::des3, 8u}, std::pair{key_type::des2, 24u},
                           std::pair{key_type::des2, 8u}}) {
        INFO(n << " bytes as " << to_string(type).view());
        CHECK(t.s.create({attr::cls = object_class::secret_key, attr::key_type = type, attr::token = false,
                          attr::value = sp(bytes(n, 1))})
                  .code() == rv::attribute_value_invalid);
    }
}

TEST_CASE("DES3 keys wrap and are wrapped (AES key wrap, DES3-CBC-PAD)", "[kat][des3]") {
    token_fixture t;
    REQUIRE_LISTED(t.m, mechanism_type::des3_cbc_pad);
    const auto kek = aes_key(t.s, hex("000102030405060708090A0B0C0D0E0F"));
    const auto target = des3_key(t.s, sp800_67_key, {attr::extractable = true});
    // AES key wrap of the 24 bytes is generic over secret keys: RFC 3394 of the value.
    const auto wrapped = must(t.s.wrap(mechanism_type::aes_key_wrap, kek, target));
    CHECK(wrapped == must(t.s.encrypt(kek, mechanism_type::aes_key_wrap, bv(sp800_67_key))));
    const auto back = must(t.s.unwrap(mechanism_type::aes_key_wrap, kek, bv(wrapped),
                                      {attr::cls = object_class::secret_key, attr::key_type = key_type::des3,
                                       attr::token = false, attr::encrypt = true}));
    CHECK(must(t.s.encrypt(back, mechanism_type::des3_ecb, bv(sp800_67_plain))) == sp800_67_cipher);
    // A DES3 key wraps an AES key with CBC-PAD: 16 bytes and a whole padding block.
    const auto iv = hex("0102030405060708");
    const auto aes = aes_key(t.s, hex("2b7e151628aed2a6abf7158809cf4f3c"), {attr::extractable = true});
    const auto by_des = must(t.s.wrap(cbc(mechanism_type::des3_cbc_pad, iv), target, aes));
    CHECK(by_des == must(t.s.encrypt(target, cbc(mechanism_type::des3_cbc_pad, iv),
                                     bv(hex("2b7e151628aed2a6abf7158809cf4f3c")))));
    CHECK(by_des.size() == 24);
    const auto aes_back = must(t.s.unwrap(cbc(mechanism_type::des3_cbc_pad, iv), target, bv(by_des),
                                          {attr::cls = object_class::secret_key, attr::key_type = key_type::aes,
                                           attr::token = false, attr::sensitive = false, attr::extractable = true}));
    CHECK(must(attribute(t.s, aes_back, attribute_type::value)) == hex("2b7e151628aed2a6abf7158809cf4f3c"));
    // A wrapped DES3 key whose unwrapped length is not 24: CKR_WRAPPED_KEY_INVALID.
    const auto short_wrap = must(t.s.encrypt(kek, mechanism_type::aes_key_wrap, bv(bytes(16, 1))));
    CHECK(t.s.unwrap(mechanism_type::aes_key_wrap, kek, bv(short_wrap),
                     {attr::cls = object_class::secret_key, attr::key_type = key_type::des3, attr::token = false})
              .code() == rv::wrapped_key_invalid);
}

TEST_CASE("DES3 mechanisms refuse bad keys, parameters and lengths with the spec's codes", "[des3]") {
    token_fixture t;
    REQUIRE_LISTED(t.m, mechanism_type::des3_cbc);
    const auto key = des3_key(t.s, sp800_67_key);
    const auto aes = aes_key(t.s, hex("2b7e151628aed2a6abf7158809cf4f3c"));
    const bytes iv(8, 0);
    // Wrong key type either way.
    CHECK(encrypt_init(t.s, mechanism_type::des3_ecb, aes) == rv::key_type_inconsistent);
    CHECK(encrypt_init(t.s, mechanism_type::aes_ecb, key) == rv::key_type_inconsistent);
    CHECK(sign_init(t.s, mechanism_type::des3_cmac, aes) == rv::key_type_inconsistent);
    CHECK(sign_init(t.s, mechanism_type::aes_cmac, key) == rv::key_type_inconsistent);
    CHECK(sign_init(t.s, mechanism_type::sha256_hmac, key) == rv::key_type_inconsistent);
    // IV lengths (8 bytes), a NULL IV, a parameter where none is taken.
    for (std::size_t n : {0u, 7u, 9u, 16u}) {
        INFO(n << "-byte IV");
        CHECK(encrypt_init(t.s, cbc(mechanism_type::des3_cbc, bytes(n, 0)), key) == rv::mechanism_param_invalid);
        CHECK(decrypt_init(t.s, cbc(mechanism_type::des3_cbc_pad, bytes(n, 0)), key) == rv::mechanism_param_invalid);
    }
    abi::CK_MECHANISM null_iv{static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::des3_cbc), nullptr, 8};
    CHECK(code(t.fn()->C_EncryptInit(t.h(), &null_iv, key)) == rv::mechanism_param_invalid);
    CHECK(encrypt_init(t.s, raw_mechanism(mechanism_type::des3_ecb, iv), key) == rv::mechanism_param_invalid);
    CHECK(sign_init(t.s, raw_mechanism(mechanism_type::des3_cmac, iv), key) == rv::mechanism_param_invalid);
    // CMAC_GENERAL: 1..8 bytes, and a parameter of the struct's size.
    CHECK(sign_init(t.s, mech::mac_general(mechanism_type::des3_cmac_general, 9), key) == rv::mechanism_param_invalid);
    CHECK(sign_init(t.s, mech::mac_general(mechanism_type::des3_cmac_general, 0), key) == rv::mechanism_param_invalid);
    CHECK(sign_init(t.s, raw_mechanism(mechanism_type::des3_cmac_general, bytes(4, 8)), key) ==
          rv::mechanism_param_invalid);
    // Data that is not whole blocks; ciphertext of a wrong length; bad padding.
    REQUIRE(encrypt_init(t.s, mechanism_type::des3_ecb, key) == rv::ok);
    CHECK(encrypt_into(t.s, bytes(12, 1), 64).code == rv::data_len_range);
    REQUIRE(decrypt_init(t.s, cbc(mechanism_type::des3_cbc_pad, iv), key) == rv::ok);
    CHECK(decrypt_into(t.s, bytes(12, 1), 64).code == rv::encrypted_data_len_range);
    const auto bad_pad = must(t.s.encrypt(key, mechanism_type::des3_ecb, bv(hex("0102030405060709"))));
    CHECK(t.s.decrypt(key, cbc(mechanism_type::des3_cbc_pad, iv), bv(bad_pad)).code() == rv::encrypted_data_invalid);
    // Two-call convention: the length first, then CKR_BUFFER_TOO_SMALL with the length kept.
    REQUIRE(encrypt_init(t.s, cbc(mechanism_type::des3_cbc_pad, iv), key) == rv::ok);
    const auto sized = encrypt_into(t.s, sp800_67_plain, 0);
    CHECK(sized.code == rv::ok);
    CHECK(sized.length == 32);
    const auto small = encrypt_into(t.s, sp800_67_plain, 31);
    CHECK(small.code == rv::buffer_too_small);
    CHECK(small.length == 32);
    const auto done = encrypt_into(t.s, sp800_67_plain, 32);
    CHECK(done.code == rv::ok);
    CHECK(done.data.size() == 32);
    REQUIRE(sign_init(t.s, mechanism_type::des3_cmac, key) == rv::ok);
    const auto mac_small = sign_into(t.s, sp800_67_plain, 7);
    CHECK(mac_small.code == rv::buffer_too_small);
    CHECK(mac_small.length == 8);
    CHECK(sign_into(t.s, sp800_67_plain, 8).code == rv::ok);
    // A signature of the wrong length.
    REQUIRE(verify_init(t.s, mechanism_type::des3_cmac, key) == rv::ok);
    CHECK(verify_raw(t.s, sp800_67_plain, bytes(7, 0)) == rv::signature_len_range);
}

TEST_CASE("every profile lists the DES3 mechanisms its version has", "[des3]") {
    const auto des = {mechanism_type::des2_key_gen, mechanism_type::des3_key_gen, mechanism_type::des3_ecb,
                      mechanism_type::des3_cbc, mechanism_type::des3_cbc_pad};
    const auto cmacs = {mechanism_type::des3_cmac, mechanism_type::des3_cmac_general};  // 2.40
    const struct {
        const char* path;
        bool has_cmac;
    } builds[] = {{P11FORGE_MODULE_2_11_PATH, false}, {P11FORGE_MODULE_2_11_EXTENDED_PATH, false},
                  {P11FORGE_MODULE_PATH, true}, {P11FORGE_MODULE_3_0_PATH, true}};
    for (const auto& b : builds) {
        INFO(b.path);
        token_fixture t(b.path);
        for (auto m : des) {
            INFO(to_string(m).view());
            if (!mt::listed(t.m, m)) continue;
            const auto info = must(t.m.mechanism(soft_slot, m));
            CHECK(info.min_key_size == (m == mechanism_type::des3_key_gen ? 24u : 16u));
            CHECK(info.max_key_size == (m == mechanism_type::des2_key_gen ? 16u : 24u));
        }
        for (auto m : cmacs) {
            INFO(to_string(m).view());
            if (b.has_cmac) CHECK(mt::listed(t.m, m));
            else CHECK(t.m.mechanism(soft_slot, m).code() == rv::mechanism_invalid);
        }
        // What every build lists works in it: DES3-ECB of the B.1 vector.
        if (mt::listed(t.m, mechanism_type::des3_ecb))
            CHECK(must(t.s.encrypt(des3_key(t.s, sp800_67_key), mechanism_type::des3_ecb, bv(sp800_67_plain))) ==
                  sp800_67_cipher);
    }
}
