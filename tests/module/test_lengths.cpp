// Caller lengths and mechanism parameter fields on the real module: every
// length above the module's limits (p11/provider/caller_input.hpp,
// docs/module.md) is refused with the function's most precise code before
// the module reads through it, and every parameter field out of its
// PKCS #11 range is CKR_MECHANISM_PARAM_INVALID at Init.  Calls that claim
// more bytes than their buffer holds run in a child process, each a named
// role (lengths_children.hpp), so a regression fails one check instead of the
// suite.
#include <functional>
#include <optional>

#include "lengths_children.hpp"
#include "rsa_vectors.hpp"
#include "support.hpp"

using namespace mt;
using lengths::huge;
using lengths::in_child;
using lengths::numbers;

namespace {

constexpr auto all_ones = static_cast<abi::CK_ULONG>(-1);
constexpr auto param_invalid = rv::mechanism_param_invalid;

rsa_components key1() {
    namespace k = rsa_vectors::key1;
    return {hex(k::n), hex(k::e), hex(k::d), hex(k::p), hex(k::q), hex(k::dp), hex(k::dq), hex(k::qinv)};
}
template <class T>
mechanism struct_mechanism(mechanism_type t, const T& v) {
    bytes b(sizeof v);
    std::memcpy(b.data(), &v, sizeof v);
    return raw_mechanism(t, std::move(b));
}

auto pss(ck_ulong salt) {
    return mech::rsa_pkcs_pss(mechanism_type::sha256, salt, mechanism_type::sha256_rsa_pkcs_pss);
}

// Before the fix Init said CKR_OK and C_Sign wrote past a heap buffer.
const lengths::session_role pss_sign_child("lengths-pss-sign", [](const client::session& s, const numbers&) {
    const auto key = rsa_private(s, key1());
    const rv init = sign_init(s, pss(all_ones), key);
    if (init != rv::ok) return init;
    return sign_into(s, str("message"), 128).code;
});

} // namespace

TEST_CASE("PSS salt lengths past emLen - hLen - 2, up to 2^64 - 1: MECHANISM_PARAM_INVALID at Init", "[errors][lengths]") {
    token_fixture t;
    REQUIRE_LISTED(t.m, mechanism_type::sha256_rsa_pkcs_pss);  // skipped by name where a CNG lacks PSS
    const auto k = key1();  // 1024 bits: k = emLen = 128, SHA-256 hLen = 32
    const auto priv = rsa_private(t.s, k);
    const auto pub = rsa_public(t.s, k.n, k.e);
    for (ck_ulong salt : {all_ones, all_ones - 33, huge, ck_ulong{128 - 32 - 1}}) {
        INFO("sLen " << salt);
        CHECK(sign_init(t.s, pss(salt), priv) == param_invalid);
        CHECK(verify_init(t.s, pss(salt), pub) == param_invalid);
    }
    // The largest salt signs and verifies.
    REQUIRE(sign_init(t.s, pss(128 - 32 - 2), priv) == rv::ok);
    const auto signed_ = sign_into(t.s, str("message"), 128);
    REQUIRE(signed_.code == rv::ok);
    REQUIRE(verify_init(t.s, pss(128 - 32 - 2), pub) == rv::ok);
    CHECK(verify_raw(t.s, str("message"), signed_.data) == rv::ok);

    CHECK(in_child("lengths-pss-sign") == param_invalid);
}

namespace {

// GCM vectors: key, IV, plaintext, AAD, ciphertext, 128-bit tag.
struct gcm_vector {
    std::size_t iv_length;
    bytes iv;
    bytes plaintext;
    bytes aad;
    bytes ciphertext;
    bytes tag;
};
const bytes gcm_key = hex("feffe9928665731c6d6a8f9467308308");
const bytes gcm_aad = hex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
const bytes gcm_p60 = hex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e24"
                          "49a6b525b16aedf5aa0de657ba637b39");

// The IVs and plaintext of the vectors made by mbedTLS 2.28 (an implementation
// independent of ours, which takes IVs of any length): byte i of the IV is
// 13i + 5, of the plaintext 7i + 1 (mod 256).
bytes pattern(std::size_t n, unsigned step, unsigned start) {
    bytes out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(i * step + start);
    return out;
}
gcm_vector mbedtls_vector(std::size_t iv_length, const char* ciphertext, const char* tag) {
    return {iv_length, pattern(iv_length, 13, 5), pattern(37, 7, 1), gcm_aad, hex(ciphertext), hex(tag)};
}

std::vector<gcm_vector> gcm_vectors() {
    return {
        // McGrew and Viega, "The Galois/Counter Mode of Operation (GCM)",
        // appendix B, test cases 4 (96-bit IV) and 6 (60-byte IV).
        {12, hex("cafebabefacedbaddecaf888"), gcm_p60, gcm_aad,
         hex("42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b39"
             "6a0aac973d58e091"),
         hex("5bc94fbc3221a5db94fae95ae7121a47")},
        {60,
         hex("9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b525416aedbf5"
             "a0de6a57a637b39b"),
         gcm_p60, gcm_aad,
         hex("8ce24998625615b603a033aca13fb894be9112a5c3a211a8ba262a3cca7e2ca701e4a9a4fba43c90ccdcb281d48c7c6fd62875d2"
             "aca417034c34aee5"),
         hex("619cc5aefffe0bfa462af43c1699d050")},
        mbedtls_vector(1, "6353c3e3cf9fbcbb7853ed594c954e15b5da83aba72f531a1be66910db9be8fe4ca931775b",
                       "dfaeee3907e1bda856ccc361728ea6b1"),
        mbedtls_vector(128, "662618a3b6e69faf47a2d008ad053cd830dacc068a6327b3ae12311a977c7c488721cc525c",
                       "61ba5afed2d1d86be6e00b1059d93362"),
        mbedtls_vector(129, "f4325aa6ca59d4e1f312cc059ff9c5388bf7868a2947c642cfc6cbf2eecb215c6cbd4697e4",
                       "78a605f3ae1dac0988ea088c154a2150"),
        mbedtls_vector(200, "e753bb05e85ebf988c13e23cc842b0c52ea095f9569bfb270ddecace3fdd9d9c18a381c940",
                       "1f6111f801da1a7d56d0dfe66581faf2"),
        mbedtls_vector(256, "94c9903aad6f6b11e7ad847b466dd018416396a5cb131dbd070090f7a9b57ff7d3da2a90f2",
                       "aefba1f0c899f84bb88f8347eabc79ca"),
    };
}

// Lengths far beyond the buffers behind them: refused before being read.
const lengths::session_role gcm_long_iv_child("lengths-gcm-iv", [](const client::session& s, const numbers&) {
    std::uint8_t small_iv[12] = {};
    abi::CK_GCM_PARAMS q{small_iv, 1ul << 30, 0, nullptr, 0, 128};
    return encrypt_init(s, struct_mechanism(mechanism_type::aes_gcm, q), aes_key(s, gcm_key));
});
const lengths::session_role gcm_long_aad_child("lengths-gcm-aad", [](const client::session& s, const numbers&) {
    std::uint8_t small_iv[12] = {}, small_aad[4] = {};
    abi::CK_GCM_PARAMS q{small_iv, 12, 96, small_aad, huge, 128};
    return encrypt_init(s, struct_mechanism(mechanism_type::aes_gcm, q), aes_key(s, gcm_key));
});

} // namespace

TEST_CASE("GCM IVs of 1..256 bytes on both backends, known answers; 0, 257 and 2^30 refused", "[errors][lengths][gcm]") {
    token_fixture t;
    const auto key = aes_key(t.s, gcm_key);
    for (const auto& v : gcm_vectors()) {
        INFO(v.iv_length << "-byte IV");
        REQUIRE(v.iv.size() == v.iv_length);
        const auto expected = cat(v.ciphertext, v.tag);
        CHECK(to_hex(must(t.s.encrypt(key, mech::aes_gcm(v.iv, v.aad, 128), bv(v.plaintext)))) == to_hex(expected));
        CHECK(to_hex(must(t.s.decrypt(key, mech::aes_gcm(v.iv, v.aad, 128), bv(expected)))) == to_hex(v.plaintext));
        // In pieces, and with a shorter tag (its leading bytes).
        CHECK(to_hex(must(crypt_parts(t.s, true, key, mech::aes_gcm(v.iv, v.aad, 96), v.plaintext, 5))) ==
              to_hex(cat(v.ciphertext, first(v.tag, 12))));
        CHECK(to_hex(must(crypt_parts(t.s, false, key, mech::aes_gcm(v.iv, v.aad, 128), expected, 7))) ==
              to_hex(v.plaintext));
        auto forged = expected;
        forged.back() ^= 1;
        CHECK(t.s.decrypt(key, mech::aes_gcm(v.iv, v.aad, 128), bv(forged)).code() == rv::encrypted_data_invalid);
    }
    for (std::size_t n : {std::size_t{0}, std::size_t{257}, std::size_t{4096}}) {
        INFO(n << "-byte IV");
        CHECK(encrypt_init(t.s, mech::aes_gcm(bytes(n, 1), {}, 128), key) == param_invalid);
        CHECK(decrypt_init(t.s, mech::aes_gcm(bytes(n, 1), {}, 128), key) == param_invalid);
    }
    // ulIvBits is ignored (the spec: "do not use ulIvBits"); ulTagBits whole
    // bytes of 32..128; the AAD pointer and its length.
    std::uint8_t iv[12] = {};
    abi::CK_GCM_PARAMS p{iv, 12, 12345, nullptr, 0, 128};
    CHECK(encrypt_init(t.s, struct_mechanism(mechanism_type::aes_gcm, p), key) == rv::ok);
    CHECK(encrypt_into(t.s, str("x"), 64).code == rv::ok);
    for (ck_ulong tag : {0ul, 8ul, 24ul, 31ul, 33ul, 136ul, all_ones}) {
        INFO(tag << " tag bits");
        p.ulTagBits = tag;
        CHECK(encrypt_init(t.s, struct_mechanism(mechanism_type::aes_gcm, p), key) == param_invalid);
    }
    p.ulTagBits = 32;
    CHECK(encrypt_init(t.s, struct_mechanism(mechanism_type::aes_gcm, p), key) == rv::ok);
    CHECK(encrypt_into(t.s, str("x"), 64).code == rv::ok);
    p.ulTagBits = 128;
    p.ulAADLen = 3;  // NULL pAAD
    CHECK(encrypt_init(t.s, struct_mechanism(mechanism_type::aes_gcm, p), key) == param_invalid);

    CHECK(in_child("lengths-gcm-iv") == param_invalid);
    CHECK(in_child("lengths-gcm-aad") == param_invalid);
}

namespace {

// OAEP with SHA-1, MGF1-SHA-1 and a 4-byte label claimed at `n` bytes.
mechanism oaep_label_of(abi::CK_ULONG n) {
    static std::uint8_t small[4] = {};
    const abi::CK_RSA_PKCS_OAEP_PARAMS p{static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::sha_1),
                                        static_cast<abi::CK_ULONG>(mgf::sha1),
                                        static_cast<abi::CK_ULONG>(oaep_source::data_specified), small, n};
    return struct_mechanism(mechanism_type::rsa_pkcs_oaep, p);
}
const lengths::session_role oaep_encrypt_child("lengths-oaep-encrypt", [](const client::session& s, const numbers& n) {
    const auto k = key1();
    return encrypt_init(s, oaep_label_of(n.at(0)), rsa_public(s, k.n, k.e));
});
const lengths::session_role oaep_decrypt_child("lengths-oaep-decrypt", [](const client::session& s, const numbers& n) {
    return decrypt_init(s, oaep_label_of(n.at(0)), rsa_private(s, key1()));
});

} // namespace

TEST_CASE("OAEP source data, hash, MGF and source type: MECHANISM_PARAM_INVALID", "[errors][lengths][params]") {
    token_fixture t;
    REQUIRE_LISTED(t.m, mechanism_type::rsa_pkcs_oaep);  // skipped by name where a CNG lacks OAEP
    const auto k = key1();
    const auto priv = rsa_private(t.s, k);
    const auto pub = rsa_public(t.s, k.n, k.e);
    const auto sha1 = static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::sha_1);
    const auto mgf1 = static_cast<abi::CK_ULONG>(mgf::sha1);
    const auto specified = static_cast<abi::CK_ULONG>(oaep_source::data_specified);
    std::uint8_t label[4] = {1, 2, 3, 4};
    const auto oaep = [](const abi::CK_RSA_PKCS_OAEP_PARAMS& p) {
        return struct_mechanism(mechanism_type::rsa_pkcs_oaep, p);
    };
    // A label of a sane length works; the same label claimed at 2^64 - 1 or 2^40 bytes is refused.
    CHECK(encrypt_init(t.s, oaep({sha1, mgf1, specified, label, 4}), pub) == rv::ok);
    CHECK(encrypt_into(t.s, str("m"), 128).code == rv::ok);
    for (abi::CK_ULONG n : {all_ones, huge, abi::CK_ULONG{(64 << 10) + 1}}) {
        INFO("ulSourceDataLen " << n);
        CHECK(in_child("lengths-oaep-encrypt", {n}) == param_invalid);
        CHECK(in_child("lengths-oaep-decrypt", {n}) == param_invalid);
    }
    CHECK(encrypt_init(t.s, oaep({sha1, mgf1, specified, nullptr, 5}), pub) == param_invalid);
    CHECK(decrypt_init(t.s, oaep({sha1, mgf1, 7, nullptr, 0}), priv) == param_invalid);
    CHECK(decrypt_init(t.s, oaep({0x7777, mgf1, specified, nullptr, 0}), priv) == param_invalid);
    CHECK(decrypt_init(t.s, oaep({static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::aes_cbc), mgf1, specified,
                                  nullptr, 0}),
                       priv) == param_invalid);
    CHECK(encrypt_init(t.s, oaep({sha1, 0x99, specified, nullptr, 0}), pub) == param_invalid);
    // RFC 8017 §7.1.1: k >= 2 hLen + 2.  A 1024-bit key (k = 128) takes SHA-384
    // (98) but not SHA-512 (130); refused at Init, since C_Encrypt and
    // C_Decrypt may not answer CKR_MECHANISM_PARAM_INVALID (found by the
    // backend differential fuzzer).
    const auto sha384 = static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::sha384);
    const auto sha512 = static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::sha512);
    const auto mgf384 = static_cast<abi::CK_ULONG>(mgf::sha384);
    const auto mgf512 = static_cast<abi::CK_ULONG>(mgf::sha512);
    CHECK(encrypt_init(t.s, oaep({sha512, mgf512, specified, nullptr, 0}), pub) == param_invalid);
    CHECK(decrypt_init(t.s, oaep({sha512, mgf512, specified, nullptr, 0}), priv) == param_invalid);
    CHECK(encrypt_init(t.s, oaep({sha384, mgf384, specified, nullptr, 0}), pub) == rv::ok);
    CHECK(encrypt_into(t.s, str("m"), 128).code == rv::ok);
}

namespace {

const bytes aes_value(16, 1), hmac_value(32, 2);

// ENCRYPT UPDATE LENGTH: one AES-ECB call claiming LENGTH bytes of a 16-byte buffer.
const lengths::session_role cipher_child("lengths-cipher", [](const client::session& s, const numbers& a) {
    const bool encrypt = a.at(0) != 0, update = a.at(1) != 0;
    const auto len = a.at(2);
    const auto key = aes_key(s, aes_value);
    const auto init = encrypt ? encrypt_init(s, mechanism_type::aes_ecb, key) : decrypt_init(s, mechanism_type::aes_ecb, key);
    if (init != rv::ok) return init;
    bytes in(16), out(64);
    abi::CK_ULONG n = 64;
    const auto* f = s.fn();
    if (encrypt)
        return code(update ? f->C_EncryptUpdate(s.handle(), in.data(), len, out.data(), &n)
                           : f->C_Encrypt(s.handle(), in.data(), len, out.data(), &n));
    return code(update ? f->C_DecryptUpdate(s.handle(), in.data(), len, out.data(), &n)
                       : f->C_Decrypt(s.handle(), in.data(), len, out.data(), &n));
});
const lengths::session_role digest_child("lengths-digest", [](const client::session& s, const numbers& a) {
    auto m = plain_ck(mechanism_type::sha256);
    if (auto r = s.fn()->C_DigestInit(s.handle(), &m); r != 0) return code(r);
    bytes in(16), out(32);
    abi::CK_ULONG n = 32;
    return code(s.fn()->C_Digest(s.handle(), in.data(), a.at(0), out.data(), &n));
});
const lengths::session_role digest_update_child("lengths-digest-update", [](const client::session& s, const numbers& a) {
    auto m = plain_ck(mechanism_type::sha256);
    if (auto r = s.fn()->C_DigestInit(s.handle(), &m); r != 0) return code(r);
    bytes in(16);
    return code(s.fn()->C_DigestUpdate(s.handle(), in.data(), a.at(0)));
});
// WHICH LENGTH: signing and verifying data (an HMAC key): C_Sign, C_SignUpdate, C_Verify, C_VerifyUpdate.
const lengths::session_role signing_child("lengths-signing", [](const client::session& s, const numbers& a) {
    const auto which = a.at(0);
    const auto len = a.at(1);
    const auto key = secret_key(s, key_type::generic_secret, hmac_value);
    bytes in(16), sig(64);
    abi::CK_ULONG n = 64;
    const auto* f = s.fn();
    const bool sign = which < 2;
    const rv init = sign ? sign_init(s, mechanism_type::sha256_hmac, key) : verify_init(s, mechanism_type::sha256_hmac, key);
    if (init != rv::ok) return init;
    switch (which) {
    case 0: return code(f->C_Sign(s.handle(), in.data(), len, sig.data(), &n));
    case 1: return code(f->C_SignUpdate(s.handle(), in.data(), len));
    case 2: return code(f->C_Verify(s.handle(), in.data(), len, sig.data(), 32));
    default: return code(f->C_VerifyUpdate(s.handle(), in.data(), len));
    }
});
const lengths::session_role random_child("lengths-random", [](const client::session& s, const numbers& a) {
    bytes out(16);
    return code(s.fn()->C_GenerateRandom(s.handle(), out.data(), a.at(0)));
});
const lengths::session_role seed_child("lengths-seed", [](const client::session& s, const numbers& a) {
    bytes seed_bytes(16);
    return code(s.fn()->C_SeedRandom(s.handle(), seed_bytes.data(), a.at(0)));
});
// FINAL LENGTH: C_Verify or C_VerifyFinal with a signature claimed at LENGTH bytes.
const lengths::session_role verifying_child("lengths-verify", [](const client::session& s, const numbers& a) {
    const bool final = a.at(0) != 0;
    const auto len = a.at(1);
    const auto key = secret_key(s, key_type::generic_secret, hmac_value);
    if (auto r = verify_init(s, mechanism_type::sha256_hmac, key); r != rv::ok) return r;
    bytes data(16), sig(32);
    if (!final) return code(s.fn()->C_Verify(s.handle(), data.data(), 16, sig.data(), len));
    return code(s.fn()->C_VerifyFinal(s.handle(), sig.data(), len));
});
const lengths::session_role verify_recover_child("lengths-verify-recover", [](const client::session& s, const numbers& a) {
    const auto k = key1();
    const auto pub = rsa_public(s, k.n, k.e);
    auto raw = plain_ck(mechanism_type::rsa_pkcs);
    if (auto r = code(s.fn()->C_VerifyRecoverInit(s.handle(), &raw, pub)); r != rv::ok) return r;
    bytes sig(128), out(128);
    abi::CK_ULONG n = 128;
    return code(s.fn()->C_VerifyRecover(s.handle(), sig.data(), a.at(0), out.data(), &n));
});
const lengths::session_role unwrap_child("lengths-unwrap", [](const client::session& s, const numbers& a) {
    const auto kek = aes_key(s, aes_value);
    auto m = plain_ck(mechanism_type::aes_key_wrap);
    abi::CK_OBJECT_CLASS cls = static_cast<abi::CK_OBJECT_CLASS>(object_class::secret_key);
    abi::CK_KEY_TYPE kt = static_cast<abi::CK_KEY_TYPE>(key_type::aes);
    abi::CK_ATTRIBUTE tmpl[] = {{static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::cls), &cls, sizeof cls},
                                {static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::key_type), &kt, sizeof kt}};
    bytes wrapped(24);
    abi::CK_OBJECT_HANDLE out = 0;
    return code(s.fn()->C_UnwrapKey(s.handle(), &m, kek, wrapped.data(), a.at(0), tmpl, 2, &out));
});
const lengths::role login_child("lengths-login", [](const client::module& m, const numbers& a) {
    auto s = must(m.open_session(soft_slot, true), "C_OpenSession");
    bytes pin(16, 'x');
    return code(s.fn()->C_Login(s.handle(), static_cast<abi::CK_USER_TYPE>(user_type::user), pin.data(), a.at(0)));
});
const lengths::session_role set_new_pin_child("lengths-set-new-pin", [](const client::session& s, const numbers& a) {
    bytes old_pin = str(user_pin), new_pin(16, 'x');
    return code(s.fn()->C_SetPIN(s.handle(), old_pin.data(), static_cast<abi::CK_ULONG>(old_pin.size()),
                                 new_pin.data(), a.at(0)));
});
const lengths::session_role set_old_pin_child("lengths-set-old-pin", [](const client::session& s, const numbers& a) {
    bytes old_pin(16, 'x'), new_pin = str("new-pin-1234");
    return code(s.fn()->C_SetPIN(s.handle(), old_pin.data(), a.at(0), new_pin.data(),
                                 static_cast<abi::CK_ULONG>(new_pin.size())));
});
const lengths::role init_pin_child("lengths-init-pin", [](const client::module& m, const numbers& a) {
    auto s = must(m.open_session(soft_slot, true), "C_OpenSession");
    must(s.login(user_type::so, so_pin), "C_Login(SO)").release();
    bytes pin(16, 'x');
    return code(s.fn()->C_InitPIN(s.handle(), pin.data(), a.at(0)));
});
const lengths::role init_token_child("lengths-init-token", [](const client::module& m, const numbers& a) {
    bytes pin(16, 'x');
    std::uint8_t label[32];
    std::memset(label, ' ', sizeof label);
    return code(m->C_InitToken(soft_slot, pin.data(), a.at(0), label));
});

} // namespace

TEST_CASE("data, signature, random, PIN and wrapped-key lengths past the limits: each function's code",
          "[errors][lengths]") {
    token_fixture t;
    const auto cipher = [](bool encrypt, bool update, abi::CK_ULONG len) {
        return in_child("lengths-cipher", {encrypt ? 1ul : 0ul, update ? 1ul : 0ul, len});
    };
    const abi::CK_ULONG over = (256ul << 20) + 16;  // one block past the 256 MiB limit
    for (abi::CK_ULONG len : {over, huge, all_ones - 15, all_ones}) {
        INFO("length " << len);
        CHECK(cipher(true, false, len) == rv::data_len_range);
        CHECK(cipher(true, true, len) == rv::data_len_range);
        CHECK(cipher(false, false, len) == rv::encrypted_data_len_range);
        CHECK(cipher(false, true, len) == rv::encrypted_data_len_range);

        CHECK(in_child("lengths-digest", {len}) == rv::arguments_bad);
        CHECK(in_child("lengths-digest-update", {len}) == rv::arguments_bad);
        // Signing and verifying data (an HMAC key): the data length code.
        for (abi::CK_ULONG which = 0; which < 4; ++which) {
            INFO("sign/verify call " << which);
            CHECK(in_child("lengths-signing", {which, len}) == rv::data_len_range);
        }
        CHECK(in_child("lengths-random", {len}) == rv::arguments_bad);
        CHECK(in_child("lengths-seed", {len}) == rv::arguments_bad);
    }

    // Signatures: SIGNATURE_LEN_RANGE.  C_VerifyRecover is skipped by name where a CNG lacks raw RSA.
    const bool recover = listed_for(t.m, mechanism_type::rsa_pkcs, mechanism_flags::verify_recover, "C_VerifyRecover");
    for (abi::CK_ULONG len : {abi::CK_ULONG{(1 << 20) + 1}, huge, all_ones}) {
        INFO("signature length " << len);
        CHECK(in_child("lengths-verify", {0, len}) == rv::signature_len_range);
        CHECK(in_child("lengths-verify", {1, len}) == rv::signature_len_range);
        if (recover) CHECK(in_child("lengths-verify-recover", {len}) == rv::signature_len_range);
        // Wrapped keys: WRAPPED_KEY_LEN_RANGE.
        CHECK(in_child("lengths-unwrap", {len}) == rv::wrapped_key_len_range);
    }

    // PINs: PIN_LEN_RANGE where the function has it, else ARGUMENTS_BAD.
    for (abi::CK_ULONG len : {abi::CK_ULONG{4097}, huge, all_ones}) {
        INFO("PIN length " << len);
        CHECK(in_child("lengths-login", {len}) == rv::arguments_bad);
        CHECK(in_child("lengths-set-new-pin", {len}) == rv::pin_len_range);
        CHECK(in_child("lengths-set-old-pin", {len}) == rv::pin_len_range);
        CHECK(in_child("lengths-init-pin", {len}) == rv::pin_len_range);
        CHECK(in_child("lengths-init-token", {len}) == rv::arguments_bad);
    }
}

namespace {

const lengths::session_role get_attributes_child("lengths-get-attributes", [](const client::session& s, const numbers& a) {
    const auto k = aes_key(s, bytes(16, 1));
    abi::CK_ATTRIBUTE one{static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::cls), nullptr, 0};
    return code(s.fn()->C_GetAttributeValue(s.handle(), k, &one, a.at(0)));
});
const lengths::session_role find_init_child("lengths-find-init", [](const client::session& s, const numbers& a) {
    abi::CK_ATTRIBUTE one{static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::cls), nullptr, 0};
    return code(s.fn()->C_FindObjectsInit(s.handle(), &one, a.at(0)));
});
const lengths::session_role create_child("lengths-create", [](const client::session& s, const numbers& a) {
    abi::CK_OBJECT_CLASS cls = static_cast<abi::CK_OBJECT_CLASS>(object_class::data);
    abi::CK_BBOOL no = 0;
    std::uint8_t value[8] = {};
    abi::CK_ATTRIBUTE tmpl[] = {{static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::cls), &cls, sizeof cls},
                                {static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::token), &no, 1},
                                {static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::value), value, a.at(0)}};
    abi::CK_OBJECT_HANDLE out = 0;
    return code(s.fn()->C_CreateObject(s.handle(), tmpl, 3, &out));
});

} // namespace

TEST_CASE("template counts and attribute value lengths past the limits", "[errors][lengths]") {
    token_fixture t;
    const auto key = aes_key(t.s, bytes(16, 1));
    // C_GetAttributeValue takes the parser's count limit: ARGUMENTS_BAD.
    for (abi::CK_ULONG count : {abi::CK_ULONG{4097}, abi::CK_ULONG{1} << 30, all_ones}) {
        INFO("count " << count);
        CHECK(in_child("lengths-get-attributes", {count}) == rv::arguments_bad);
        CHECK(in_child("lengths-find-init", {count}) == rv::attribute_value_invalid);
    }
    std::vector<abi::CK_ATTRIBUTE> many(4096, {static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::cls), nullptr, 0});
    CHECK(code(t.fn()->C_GetAttributeValue(t.h(), key, many.data(), 4096)) == rv::ok);

    // One value longer than 16 MiB (or than the buffer behind it): ATTRIBUTE_VALUE_INVALID.
    for (abi::CK_ULONG len : {abi::CK_ULONG{(16 << 20) + 1}, huge, all_ones - 1}) {
        INFO("value length " << len);
        CHECK(in_child("lengths-create", {len}) == rv::attribute_value_invalid);
    }
}

namespace {

// A byte-string parameter claiming more than 64 KiB, behind a small buffer.
const lengths::session_role cbc_iv_child("lengths-cbc-iv", [](const client::session& s, const numbers&) {
    std::uint8_t iv[16] = {};
    abi::CK_MECHANISM m{static_cast<abi::CK_MECHANISM_TYPE>(mechanism_type::aes_cbc), iv, huge};
    return code(s.fn()->C_EncryptInit(s.handle(), &m, aes_key(s, bytes(16, 1))));
});
// KDF SHARED_LENGTH PUBLIC_LENGTH: ECDH1 on a fresh P-256 key, data lengths beyond their buffers.
const lengths::session_role ecdh_child("lengths-ecdh", [](const client::session& s, const numbers& a) {
    const auto kdf = a.at(0), shared_len = a.at(1), public_len = a.at(2);
    const auto ec = must(s.generate_key_pair(mechanism_type::ec_key_pair_gen,
                                             {attr::token = false, attr::ec_params = sp(p256_params)},
                                             {attr::token = false, attr::derive = true}));
    std::uint8_t point[65] = {4}, shared[8] = {};
    abi::CK_ECDH1_DERIVE_PARAMS p{static_cast<abi::CK_EC_KDF_TYPE>(kdf), shared_len, shared_len ? shared : nullptr,
                                  public_len, point};
    auto m = struct_mechanism(mechanism_type::ecdh1_derive, p);
    auto ck = m.ck();
    abi::CK_OBJECT_CLASS cls = static_cast<abi::CK_OBJECT_CLASS>(object_class::secret_key);
    abi::CK_ATTRIBUTE tmpl[] = {{static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::cls), &cls, sizeof cls}};
    abi::CK_OBJECT_HANDLE out = 0;
    return code(s.fn()->C_DeriveKey(s.handle(), &ck, ec.private_key, tmpl, 1, &out));
});

} // namespace

TEST_CASE("mechanism parameter fields: CTR, CBC and key-wrap IVs, MAC lengths, ECDH data", "[errors][lengths][params]") {
    token_fixture t;
    const auto aes = aes_key(t.s, bytes(16, 1));
    const auto hmac = secret_key(t.s, key_type::generic_secret, bytes(32, 2));
    const bytes block(16, 0);
    for (ck_ulong bits : {0ul, 129ul, all_ones}) {
        INFO(bits << " counter bits");
        CHECK(encrypt_init(t.s, aes_ctr(block, bits), aes) == param_invalid);
    }
    for (ck_ulong bits : {1ul, 32ul, 128ul}) {
        INFO(bits << " counter bits");
        CHECK(encrypt_init(t.s, aes_ctr(block, bits), aes) == rv::ok);
        CHECK(encrypt_into(t.s, bytes(16, 0), 16).code == rv::ok);
    }
    CHECK(encrypt_init(t.s, raw_mechanism(mechanism_type::aes_key_wrap_pad, bytes(8, 0)), aes) == param_invalid);
    CHECK(encrypt_init(t.s, raw_mechanism(mechanism_type::aes_key_wrap_pad, hex("a65959a6")), aes) == rv::ok);
    CHECK(sign_init(t.s, mech::mac_general(mechanism_type::sha256_hmac_general, 32), hmac) == rv::ok);
    CHECK(sign_into(t.s, str("m"), 32).code == rv::ok);
    for (ck_ulong len : {0ul, 33ul, all_ones}) {
        INFO("ulMacLen " << len);
        CHECK(sign_init(t.s, mech::mac_general(mechanism_type::sha256_hmac_general, len), hmac) == param_invalid);
    }
    CHECK(in_child("lengths-cbc-iv") == param_invalid);

    // ECDH1: public and shared data lengths beyond their buffers, CKD_NULL with shared data.
    const auto derive = [](ec_kdf kdf, abi::CK_ULONG shared_len, abi::CK_ULONG public_len) {
        return in_child("lengths-ecdh", {static_cast<abi::CK_ULONG>(kdf), shared_len, public_len});
    };
    if (!listed(t.m, mechanism_type::ecdh1_derive)) return;  // skipped by name where a CNG lacks ECDH
    CHECK(derive(ec_kdf::sha256_kdf, huge, 65) == param_invalid);
    CHECK(derive(ec_kdf::sha256_kdf, all_ones, 65) == param_invalid);
    CHECK(derive(ec_kdf::null, 0, huge) == param_invalid);
    CHECK(derive(ec_kdf::null, 0, all_ones) == param_invalid);
    CHECK(derive(ec_kdf::null, 4, 65) == param_invalid);
    CHECK(derive(static_cast<ec_kdf>(0x777), 0, 65) == param_invalid);
}
