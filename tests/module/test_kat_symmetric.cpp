// Known-answer tests of the symmetric mechanisms through PKCS #11 calls on
// the real module.  Every expected value is from a standard (vectors as
// collected in tests/crypto/, sources named at each test); keys are imported
// with C_CreateObject and used with C_Digest*, C_Sign*, C_Verify*,
// C_Encrypt*, C_Decrypt*, C_WrapKey and C_UnwrapKey.
#include "../common/gcm_spec_vectors.hpp"
#include "support.hpp"

using namespace mt;

namespace {

const std::string msg448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const std::string msg896 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

// SP 800-38A appendix F: the plaintext of every example and the three keys.
const bytes sp_plaintext = hex("6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
                               "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710");
const bytes key128 = hex("2b7e151628aed2a6abf7158809cf4f3c");
const bytes key192 = hex("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b");
const bytes key256 = hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");

struct keyed_vector {
    const bytes* key;
    const char* expected;
};

} // namespace

// FIPS 180-4 examples (NIST CSRC "Examples with Intermediate Values").
TEST_CASE("digests match FIPS 180-4, single and multi-part", "[kat][digest]") {
    token_fixture t;
    struct vec {
        mechanism_type m;
        std::string message;
        const char* digest;
    };
    const vec vectors[] = {
        {mechanism_type::sha_1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
        {mechanism_type::sha_1, msg448, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
        {mechanism_type::sha224, "abc", "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7"},
        {mechanism_type::sha224, msg448, "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525"},
        {mechanism_type::sha256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {mechanism_type::sha256, msg448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {mechanism_type::sha384, "abc",
         "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"},
        {mechanism_type::sha384, msg896,
         "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039"},
        {mechanism_type::sha512, "abc",
         "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
         "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
        {mechanism_type::sha512, msg896,
         "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
         "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"},
    };
    for (const auto& v : vectors) {
        INFO(to_string(v.m).view() << " of a " << v.message.size() << "-byte message");
        const auto expected = hex(v.digest);
        CHECK(must(t.s.digest(v.m, bv(str(v.message)))) == expected);
        for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{64}})
            CHECK(must(digest_parts(t.s, v.m, str(v.message), chunk)) == expected);
    }
    // C_DigestKey: the value of a secret key fed into the digest (FIPS 180-4 "abc").
    const auto k = secret_key(t.s, key_type::generic_secret, str("abc"));
    auto ck = plain_ck(mechanism_type::sha256);
    REQUIRE(code(t.fn()->C_DigestInit(t.h(), &ck)) == rv::ok);
    REQUIRE(code(t.fn()->C_DigestKey(t.h(), k)) == rv::ok);
    bytes out(32);
    abi::CK_ULONG n = 32;
    REQUIRE(code(t.fn()->C_DigestFinal(t.h(), out.data(), &n)) == rv::ok);
    CHECK(to_hex(out) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// RFC 2202 section 3 (HMAC-SHA-1) and RFC 4231 section 4 (HMAC-SHA-2).
TEST_CASE("HMAC and HMAC_GENERAL match RFC 2202 and RFC 4231", "[kat][hmac]") {
    token_fixture t;
    struct vec {
        mechanism_type m;
        bytes key;
        std::string data;
        const char* mac;
    };
    const auto k1 = bytes(20, 0x0b);
    const vec vectors[] = {
        {mechanism_type::sha_1_hmac, k1, "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00"},
        {mechanism_type::sha_1_hmac, str("Jefe"), "what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
        {mechanism_type::sha_1_hmac, bytes(80, 0xaa), "Test Using Larger Than Block-Size Key - Hash Key First",
         "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
        {mechanism_type::sha224_hmac, k1, "Hi There", "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22"},
        {mechanism_type::sha224_hmac, str("Jefe"), "what do ya want for nothing?",
         "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44"},
        {mechanism_type::sha256_hmac, k1, "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
        {mechanism_type::sha256_hmac, str("Jefe"), "what do ya want for nothing?",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
        {mechanism_type::sha256_hmac, bytes(131, 0xaa), "Test Using Larger Than Block-Size Key - Hash Key First",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
        {mechanism_type::sha384_hmac, k1, "Hi There",
         "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6"},
        {mechanism_type::sha384_hmac, str("Jefe"), "what do ya want for nothing?",
         "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"},
        {mechanism_type::sha512_hmac, k1, "Hi There",
         "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
         "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
        {mechanism_type::sha512_hmac, str("Jefe"), "what do ya want for nothing?",
         "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
         "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
        {mechanism_type::sha512_hmac, bytes(131, 0xaa), "Test Using Larger Than Block-Size Key - Hash Key First",
         "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
         "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"},
    };
    for (const auto& v : vectors) {
        INFO(to_string(v.m).view() << " with a " << v.key.size() << "-byte key over \"" << v.data << "\"");
        const auto key = secret_key(t.s, key_type::generic_secret, v.key);
        const auto expected = hex(v.mac);
        CHECK(must(t.s.sign(key, v.m, bv(str(v.data)))) == expected);
        CHECK(must(sign_parts(t.s, key, v.m, str(v.data), 3)) == expected);
        CHECK(must(t.s.verify(key, v.m, bv(str(v.data)), bv(expected))));
        CHECK(verify_parts(t.s, key, v.m, str(v.data), expected, 5) == rv::ok);
        auto wrong = expected;
        wrong.back() ^= 1;
        CHECK_FALSE(must(t.s.verify(key, v.m, bv(str(v.data)), bv(wrong))));
    }

    // Truncated output (the _GENERAL mechanisms, CK_MAC_GENERAL_PARAMS): RFC
    // 2202 test case 5 (HMAC-SHA-1-96) and RFC 4231 test case 5 (128 bits).
    const auto k5 = bytes(20, 0x0c);
    const std::string d5 = "Test With Truncation";
    struct general {
        mechanism_type m;
        ck_ulong length;
        const char* mac;
    };
    const general truncated[] = {
        {mechanism_type::sha_1_hmac_general, 12, "4c1a03424b55e07fe7f27be1"},
        {mechanism_type::sha224_hmac_general, 16, "0e2aea68a90c8d37c988bcdb9fca6fa8"},
        {mechanism_type::sha256_hmac_general, 16, "a3b6167473100ee06e0c796c2955552b"},
        {mechanism_type::sha384_hmac_general, 16, "3abf34c3503b2a23a46efc619baef897"},
        {mechanism_type::sha512_hmac_general, 16, "415fad6271580a531d4179bc891d87a6"},
    };
    for (const auto& g : truncated) {
        INFO(to_string(g.m).view());
        // The specific CKK_SHA*_HMAC key types are accepted too (here CKK_GENERIC_SECRET).
        const auto key = secret_key(t.s, key_type::generic_secret, k5);
        const auto m = mech::mac_general(g.m, g.length);
        CHECK(must(t.s.sign(key, m, bv(str(d5)))) == hex(g.mac));
        CHECK(must(t.s.verify(key, m, bv(str(d5)), bv(hex(g.mac)))));
        CHECK(must(sign_parts(t.s, key, m, str(d5), 4)) == hex(g.mac));
    }
    // A key of the specific HMAC key type works like a generic secret.
    const auto typed = secret_key(t.s, key_type::sha256_hmac, k1);
    CHECK(to_hex(must(t.s.sign(typed, mechanism_type::sha256_hmac, bv(str("Hi There"))))) ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

#ifdef P11FORGE_MODULE_3_0_PATH
namespace {
constexpr mechanism_type sha3_digests[] = {mechanism_type::sha3_224, mechanism_type::sha3_256,
                                           mechanism_type::sha3_384, mechanism_type::sha3_512};
// The bytes 00, 01, 02 ... (the keys of NIST's HMAC examples).
bytes counting(std::size_t n) {
    bytes k(n);
    for (std::size_t i = 0; i < n; ++i) k[i] = static_cast<std::uint8_t>(i);
    return k;
}
} // namespace

// SHA-3 is a 3.0 mechanism and needs a backend with it: OpenSSL has it,
// mbedTLS 2.28 has not (P11FORGE_BACKEND_HAS_SHA3, tests/module/meson.build).
// Without it the token neither lists nor runs it; the 2.40 build never does.
TEST_CASE("SHA-3 is offered by the 3.0 build where the backend has it", "[kat][digest][sha3]") {
    {
        token_env env;
        auto m = load(P11FORGE_MODULE_PATH);
        for (auto d : sha3_digests) CHECK_FALSE(m.mechanism(soft_slot, d));
    }
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    for (auto d : sha3_digests) {
        INFO(to_string(d).view());
        CHECK(t.m.mechanism(soft_slot, d).has_value() == bool(P11FORGE_BACKEND_HAS_SHA3));
        auto ck = plain_ck(d);
        const auto init = code(t.fn()->C_DigestInit(t.h(), &ck));
        CHECK(init == (P11FORGE_BACKEND_HAS_SHA3 ? rv::ok : rv::mechanism_invalid));
        if (init == rv::ok) {
            bytes out(64);
            abi::CK_ULONG n = 64;
            REQUIRE(code(t.fn()->C_Digest(t.h(), nullptr, 0, out.data(), &n)) == rv::ok);
        }
    }
}

// FIPS 202 examples (NIST CSRC "Examples with Intermediate Values": SHA3-*_Msg0
// and the "abc" examples), single and multi-part, and C_DigestKey.
TEST_CASE("SHA-3 digests match FIPS 202 (3.0 build)", "[kat][digest][sha3]") {
    if (!P11FORGE_BACKEND_HAS_SHA3) return;
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    struct vec {
        mechanism_type m;
        std::string message;
        const char* digest;
    };
    const vec vectors[] = {
        {mechanism_type::sha3_224, "", "6b4e03423667dbb73b6e15454f0eb1abd4597f9a1b078e3f5b5a6bc7"},
        {mechanism_type::sha3_224, "abc", "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf"},
        {mechanism_type::sha3_256, "", "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a"},
        {mechanism_type::sha3_256, "abc", "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532"},
        {mechanism_type::sha3_384, "",
         "0c63a75b845e4f7d01107d852e4c2485c51a50aaaa94fc61995e71bbee983a2ac3713831264adb47fb6bd1e058d5f004"},
        {mechanism_type::sha3_384, "abc",
         "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25"},
        {mechanism_type::sha3_512, "",
         "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a6"
         "15b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26"},
        {mechanism_type::sha3_512, "abc",
         "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
         "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0"},
    };
    for (const auto& v : vectors) {
        INFO(to_string(v.m).view() << " of a " << v.message.size() << "-byte message");
        const auto expected = hex(v.digest);
        CHECK(must(t.s.digest(v.m, bv(str(v.message)))) == expected);
        CHECK(must(digest_parts(t.s, v.m, str(v.message), 1)) == expected);
    }
    // The two-call length convention: the size first, then CKR_BUFFER_TOO_SMALL
    // for one byte less (the operation survives), then the digest.
    auto ck = plain_ck(mechanism_type::sha3_384);
    REQUIRE(code(t.fn()->C_DigestInit(t.h(), &ck)) == rv::ok);
    auto abc = str("abc");
    abi::CK_ULONG n = 0;
    REQUIRE(code(t.fn()->C_Digest(t.h(), abc.data(), 3, nullptr, &n)) == rv::ok);
    CHECK(n == 48);
    bytes out(48);
    n = 47;
    CHECK(code(t.fn()->C_Digest(t.h(), abc.data(), 3, out.data(), &n)) == rv::buffer_too_small);
    CHECK(n == 48);
    REQUIRE(code(t.fn()->C_Digest(t.h(), abc.data(), 3, out.data(), &n)) == rv::ok);
    CHECK(out == hex(vectors[5].digest));
    // C_DigestKey feeds a secret key's value in.
    const auto k = secret_key(t.s, key_type::generic_secret, str("abc"));
    ck = plain_ck(mechanism_type::sha3_256);
    REQUIRE(code(t.fn()->C_DigestInit(t.h(), &ck)) == rv::ok);
    REQUIRE(code(t.fn()->C_DigestKey(t.h(), k)) == rv::ok);
    out.assign(32, 0);
    n = 32;
    REQUIRE(code(t.fn()->C_DigestFinal(t.h(), out.data(), &n)) == rv::ok);
    CHECK(out == hex(vectors[3].digest));
}

// NIST CSRC example values HMAC_SHA3-224.pdf ... HMAC_SHA3-512.pdf (keys 00 01 02 ...).
TEST_CASE("SHA-3 HMAC and HMAC_GENERAL match the NIST examples (3.0 build)", "[kat][hmac][sha3]") {
    if (!P11FORGE_BACKEND_HAS_SHA3) return;
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    const std::string lt = "Sample message for keylen<blocklen", gt = "Sample message for keylen>blocklen";
    struct vec {
        mechanism_type m;
        key_type kt;
        std::size_t key_length;
        std::string data;
        const char* mac;
    };
    const vec vectors[] = {
        {mechanism_type::sha3_224_hmac, key_type::generic_secret, 28, lt,
         "332cfd59347fdb8e576e77260be4aba2d6dc53117b3bfb52c6d18c04"},
        {mechanism_type::sha3_224_hmac, key_type::sha3_224_hmac, 172, gt,
         "078695eecc227c636ad31d063a15dd05a7e819a66ec6d8de1e193e59"},
        {mechanism_type::sha3_256_hmac, key_type::generic_secret, 32, lt,
         "4fe8e202c4f058e8dddc23d8c34e467343e23555e24fc2f025d598f558f67205"},
        {mechanism_type::sha3_256_hmac, key_type::sha3_256_hmac, 168, gt,
         "9bcf2c238e235c3ce88404e813bd2f3a97185ac6f238c63d6229a00b07974258"},
        {mechanism_type::sha3_384_hmac, key_type::generic_secret, 48, lt,
         "d588a3c51f3f2d906e8298c1199aa8ff6296218127f6b38a90b6afe2c5617725bc99987f79b22a557b6520db710b7f42"},
        {mechanism_type::sha3_384_hmac, key_type::sha3_384_hmac, 152, gt,
         "e5ae4c739f455279368ebf36d4f5354c95aa184c899d3870e460ebc288ef1f9470053f73f7c6da2a71bcaec38ce7d6ac"},
        {mechanism_type::sha3_512_hmac, key_type::generic_secret, 64, lt,
         "4efd629d6c71bf86162658f29943b1c308ce27cdfa6db0d9c3ce81763f9cbce5"
         "f7ebe9868031db1a8f8eb7b6b95e5c5e3f657a8996c86a2f6527e307f0213196"},
        {mechanism_type::sha3_512_hmac, key_type::sha3_512_hmac, 136, gt,
         "5f464f5e5b7848e3885e49b2c385f0694985d0e38966242dc4a5fe3fea4b37d4"
         "6b65ceced5dcf59438dd840bab22269f0ba7febdb9fcf74602a35666b2a32915"},
    };
    for (const auto& v : vectors) {
        INFO(to_string(v.m).view() << " with a " << v.key_length << "-byte key");
        const auto key = secret_key(t.s, v.kt, counting(v.key_length));
        const auto expected = hex(v.mac);
        CHECK(must(t.s.sign(key, v.m, bv(str(v.data)))) == expected);
        CHECK(must(sign_parts(t.s, key, v.m, str(v.data), 5)) == expected);
        CHECK(must(t.s.verify(key, v.m, bv(str(v.data)), bv(expected))));
        auto wrong = expected;
        wrong.front() ^= 0x80;
        CHECK_FALSE(must(t.s.verify(key, v.m, bv(str(v.data)), bv(wrong))));
        // _GENERAL (CK_MAC_GENERAL_PARAMS): a truncated HMAC is its leading bytes.
        const auto general = static_cast<mechanism_type>(to_ulong(v.m) + 1);  // each _GENERAL follows its HMAC
        const auto m16 = mech::mac_general(general, 16);
        CHECK(must(t.s.sign(key, m16, bv(str(v.data)))) == first(expected, 16));
        CHECK(must(t.s.verify(key, m16, bv(str(v.data)), bv(first(expected, 16)))));
        // More than the HMAC gives is a bad parameter.
        const auto too_long = mech::mac_general(general, expected.size() + 1);
        CHECK(t.s.sign(key, too_long, bv(str(v.data))).code() == rv::mechanism_param_invalid);
    }
}
#endif

// RFC 4493 section 4 (AES-128) and NIST SP 800-38B appendix D.2 / D.3 (AES-192, AES-256).
TEST_CASE("AES-CMAC and CMAC_GENERAL match RFC 4493 and SP 800-38B", "[kat][cmac]") {
    token_fixture t;
    struct vec {
        const bytes* key;
        std::size_t length;
        const char* mac;
    };
    const vec vectors[] = {
        {&key128, 0, "bb1d6929e95937287fa37d129b756746"},  {&key128, 16, "070a16b46b4d4144f79bdd9dd04a287c"},
        {&key128, 40, "dfa66747de9ae63030ca32611497c827"}, {&key128, 64, "51f0bebf7e3b9d92fc49741779363cfe"},
        {&key192, 0, "d17ddf46adaacde531cac483de7a9367"},  {&key192, 16, "9e99a7bf31e710900662f65e617c5184"},
        {&key192, 40, "8a1de5be2eb31aad089a82e6ee908b0e"}, {&key192, 64, "a1d5df0eed790f794d77589659f39a11"},
        {&key256, 0, "028962f61b7bf89efc6b551f4667d983"},  {&key256, 16, "28a7023f452e8f82bd4bf28d8c37c35c"},
        {&key256, 40, "aaf3d8f1de5640c232f5b169b9c911e6"}, {&key256, 64, "e1992190549f6ed5696a2c056c315410"},
    };
    for (const auto& v : vectors) {
        INFO(v.key->size() * 8 << "-bit key, " << v.length << "-byte message");
        const auto key = aes_key(t.s, *v.key);
        const auto msg = first(sp_plaintext, v.length);
        const auto expected = hex(v.mac);
        CHECK(must(t.s.sign(key, mechanism_type::aes_cmac, bv(msg))) == expected);
        CHECK(must(t.s.verify(key, mechanism_type::aes_cmac, bv(msg), bv(expected))));
        if (!msg.empty()) CHECK(must(sign_parts(t.s, key, mechanism_type::aes_cmac, msg, 7)) == expected);
        // SP 800-38B 6.2: a shorter MAC is the leading Tlen bits of T.
        for (ck_ulong len : {4ul, 8ul, 16ul}) {
            const auto m = mech::mac_general(mechanism_type::aes_cmac_general, len);
            CHECK(must(t.s.sign(key, m, bv(msg))) == first(expected, len));
            CHECK(must(t.s.verify(key, m, bv(msg), bv(first(expected, len)))));
        }
    }
}

TEST_CASE("AES-ECB matches SP 800-38A F.1", "[kat][aes]") {
    token_fixture t;
    const keyed_vector cases[] = {
        {&key128, "3ad77bb40d7a3660a89ecaf32466ef97 f5d3d58503b9699de785895a96fdbaaf"
                  "43b1cd7f598ece23881b00e3ed030688 7b0c785e27e8ad3f8223207104725dd4"},
        {&key192, "bd334f1d6e45f25ff712a214571fa5cc 974104846d0ad3ad7734ecb3ecee4eef"
                  "ef7afd2270e2e60adce0ba2face6444e 9a4b41ba738d6c72fb16691603c18e0e"},
        {&key256, "f3eed1bdb5d2a03c064b5a7e3db181f8 591ccb10d410ed26dc5ba74a31362870"
                  "b6ed21b99ca6f4f9f153e7b1beafed1d 23304b7a39f9f3ff067d8d8f9e24ecc7"},
    };
    for (const auto& c : cases) {
        INFO(c.key->size() * 8 << "-bit key");
        const auto key = aes_key(t.s, *c.key);
        const auto expected = hex(c.expected);
        CHECK(must(t.s.encrypt(key, mechanism_type::aes_ecb, bv(sp_plaintext))) == expected);
        CHECK(must(t.s.decrypt(key, mechanism_type::aes_ecb, bv(expected))) == sp_plaintext);
        CHECK(must(crypt_parts(t.s, true, key, mechanism_type::aes_ecb, sp_plaintext, 7)) == expected);
        CHECK(must(crypt_parts(t.s, false, key, mechanism_type::aes_ecb, expected, 16)) == sp_plaintext);
    }
}

TEST_CASE("AES-CBC matches SP 800-38A F.2; CBC_PAD adds the PKCS #7 block", "[kat][aes]") {
    token_fixture t;
    const auto iv = hex("000102030405060708090a0b0c0d0e0f");
    const keyed_vector cases[] = {
        {&key128, "7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2"
                  "73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7"},
        {&key192, "4f021db243bc633d7178183a9fa071e8 b4d9ada9ad7dedf4e5e738763f69145a"
                  "571b242012fb7ae07fa9baac3df102e0 08b0e27988598881d920a9e64f5615cd"},
        {&key256, "f58c4c04d6e5f1ba779eabfb5f7bfbd6 9cfc4e967edb808d679f777bc6702c7d"
                  "39f23369a9d9bacfa530e26304231461 b2eb05e2c39be9fcda6c19078c6a9d1b"},
    };
    for (const auto& c : cases) {
        INFO(c.key->size() * 8 << "-bit key");
        const auto key = aes_key(t.s, *c.key);
        const auto expected = hex(c.expected);
        CHECK(must(t.s.encrypt(key, mech::aes_cbc(iv), bv(sp_plaintext))) == expected);
        CHECK(must(t.s.decrypt(key, mech::aes_cbc(iv), bv(expected))) == sp_plaintext);
        CHECK(must(crypt_parts(t.s, true, key, mech::aes_cbc(iv), sp_plaintext, 5)) == expected);
        CHECK(must(crypt_parts(t.s, false, key, mech::aes_cbc(iv), expected, 13)) == sp_plaintext);

        // CBC_PAD (PKCS #7 padding): 64 bytes of plaintext gain a whole block
        // of 0x10 bytes; CBC over it is the vector followed by the encryption
        // of that block chained on the vector's last block.  The extra block
        // is computed with CBC (proven above) and IV = the last ciphertext block.
        const auto last_block = sub(expected, 48, 16);
        const auto pad_block = must(t.s.encrypt(key, mech::aes_cbc(last_block), bv(bytes(16, 0x10))));
        const auto padded = cat(expected, pad_block);
        CHECK(must(t.s.encrypt(key, mech::aes_cbc_pad(iv), bv(sp_plaintext))) == padded);
        CHECK(must(t.s.decrypt(key, mech::aes_cbc_pad(iv), bv(padded))) == sp_plaintext);
        CHECK(must(crypt_parts(t.s, true, key, mech::aes_cbc_pad(iv), sp_plaintext, 3)) == padded);
        CHECK(must(crypt_parts(t.s, false, key, mech::aes_cbc_pad(iv), padded, 16)) == sp_plaintext);
        CHECK(must(crypt_parts(t.s, false, key, mech::aes_cbc_pad(iv), padded, 7)) == sp_plaintext);

        // 60 bytes: the first three blocks are the vector's, the fourth is the
        // CBC encryption of P4[0..12) || 04 04 04 04 chained on C3.
        const auto p60 = first(sp_plaintext, 60);
        const auto tail = must(t.s.encrypt(key, mech::aes_cbc(sub(expected, 32, 16)),
                                           bv(cat(sub(sp_plaintext, 48, 12), bytes(4, 0x04)))));
        const auto padded60 = cat(first(expected, 48), tail);
        CHECK(must(t.s.encrypt(key, mech::aes_cbc_pad(iv), bv(p60))) == padded60);
        CHECK(must(t.s.decrypt(key, mech::aes_cbc_pad(iv), bv(padded60))) == p60);
    }
}

TEST_CASE("AES-CTR matches SP 800-38A F.5 and honours the counter bits", "[kat][aes]") {
    token_fixture t;
    const auto counter = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    const keyed_vector cases[] = {
        {&key128, "874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff"
                  "5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee"},
        {&key192, "1abc932417521ca24f2b0459fe7e6e0b 090339ec0aa6faefd5ccc2c6f4ce8e94"
                  "1e36b26bd1ebc670d1bd1d665620abf7 4f78a7f6d29809585a97daec58c6b050"},
        {&key256, "601ec313775789a5b7a7f504bbf3d228 f443e3ca4d62b59aca84e990cacaf5c5"
                  "2b0930daa23de94ce87017ba2d84988d dfc9c58db67aada613c2dd08457941a6"},
    };
    for (const auto& c : cases) {
        INFO(c.key->size() * 8 << "-bit key");
        const auto key = aes_key(t.s, *c.key);
        const auto expected = hex(c.expected);
        // The example's counter runs ...feff, ...ff00, ...ff01, ...ff02: a carry
        // out of the low byte, so any field of 16 bits or more gives the vector.
        for (ck_ulong bits : {16ul, 32ul, 64ul, 128ul}) {
            INFO(bits << " counter bits");
            CHECK(must(t.s.encrypt(key, aes_ctr(counter, bits), bv(sp_plaintext))) == expected);
            CHECK(must(t.s.decrypt(key, aes_ctr(counter, bits), bv(expected))) == sp_plaintext);
            CHECK(must(crypt_parts(t.s, true, key, aes_ctr(counter, bits), sp_plaintext, 11)) == expected);
            CHECK(must(crypt_parts(t.s, false, key, aes_ctr(counter, bits), expected, 1)) == sp_plaintext);
        }
        // An 8-bit field starting at 0xff has room for one block (PKCS #11
        // mechanisms, AES-CTR: an overflow of the counter bits is CKR_DATA_LEN_RANGE).
        CHECK(must(t.s.encrypt(key, aes_ctr(counter, 8), bv(first(sp_plaintext, 16)))) == first(expected, 16));
        REQUIRE(encrypt_init(t.s, aes_ctr(counter, 8), key) == rv::ok);
        CHECK(encrypt_into(t.s, sp_plaintext, 64).code == rv::data_len_range);
    }
    // A 4-bit field at ...0e: blocks ...0e and ...0f, then nothing.  The key
    // stream is the ECB encryption of the two counter blocks (ECB proven above).
    const auto key = aes_key(t.s, key128);
    const auto cb = hex("00112233445566778899aabbccddee0e");
    const auto stream = must(t.s.encrypt(key, mechanism_type::aes_ecb,
                                         bv(cat(cb, hex("00112233445566778899aabbccddee0f")))));
    CHECK(must(t.s.encrypt(key, aes_ctr(cb, 4), bv(bytes(32, 0)))) == stream);
    CHECK(must(crypt_parts(t.s, true, key, aes_ctr(cb, 4), bytes(32, 0), 20)) == stream);
    REQUIRE(encrypt_init(t.s, aes_ctr(cb, 4), key) == rv::ok);
    CHECK(encrypt_into(t.s, bytes(33, 0), 64).code == rv::data_len_range);
    // "0 < ulCounterBits <= 128", else CKR_MECHANISM_PARAM_INVALID.
    CHECK(encrypt_init(t.s, aes_ctr(cb, 0), key) == rv::mechanism_param_invalid);
    CHECK(encrypt_init(t.s, aes_ctr(cb, 129), key) == rv::mechanism_param_invalid);
}

TEST_CASE("AES-GCM matches the GCM specification's test cases 1-18", "[kat][gcm]") {
    token_fixture t;
    for (const auto& c : gcm_spec::cases) {
        INFO("GCM test case " << c.number);
        const auto key = aes_key(t.s, hex(c.key));
        const auto iv = hex(c.iv), aad = hex(c.aad), p = hex(c.plaintext);
        const auto sealed = cat(hex(c.ciphertext), hex(c.tag));
        const auto m = mech::aes_gcm(iv, aad, 128);
        CHECK(must(t.s.encrypt(key, m, bv(p))) == sealed);
        CHECK(must(t.s.decrypt(key, m, bv(sealed))) == p);
        CHECK(must(crypt_parts(t.s, true, key, m, p, 17)) == sealed);
        CHECK(must(crypt_parts(t.s, false, key, m, sealed, 17)) == p);
        // SP 800-38D 7.1: a 96-bit tag is the leading 96 bits of the full one.
        const auto m96 = mech::aes_gcm(iv, aad, 96);
        const auto short_sealed = first(sealed, sealed.size() - 4);
        CHECK(must(t.s.encrypt(key, m96, bv(p))) == short_sealed);
        CHECK(must(t.s.decrypt(key, m96, bv(short_sealed))) == p);

        // A tampered tag, ciphertext or AAD: CKR_ENCRYPTED_DATA_INVALID and no plaintext.
        auto bad_tag = sealed;
        bad_tag.back() ^= 0x01;
        CHECK(t.s.decrypt(key, m, bv(bad_tag)).code() == rv::encrypted_data_invalid);
        if (!p.empty()) {
            auto bad_ct = sealed;
            bad_ct[0] ^= 0x80;
            CHECK(t.s.decrypt(key, m, bv(bad_ct)).code() == rv::encrypted_data_invalid);
        }
        CHECK(t.s.decrypt(key, mech::aes_gcm(iv, cat(aad, bytes{0}), 128), bv(sealed)).code() ==
              rv::encrypted_data_invalid);
    }
}

namespace {
const bytes kek128 = hex("000102030405060708090A0B0C0D0E0F");
const bytes kek192 = hex("000102030405060708090A0B0C0D0E0F1011121314151617");
const bytes kek256 = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
const bytes data128 = hex("00112233445566778899AABBCCDDEEFF");
const bytes data192 = hex("00112233445566778899AABBCCDDEEFF0001020304050607");
const bytes data256 = hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
struct wrap_example {
    const char* section;
    const bytes* kek;
    const bytes* key;
    const char* wrapped;
};
// RFC 3394 section 4.
const wrap_example rfc3394[] = {
    {"4.1", &kek128, &data128, "1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5"},
    {"4.2", &kek192, &data128, "96778B25AE6CA435 F92B5B97C050AED2 468AB8A17AD84E5D"},
    {"4.3", &kek256, &data128, "64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7"},
    {"4.4", &kek192, &data192, "031D33264E15D332 68F24EC260743EDC E1C6C7DDEE725A93 6BA814915C6762D2"},
    {"4.5", &kek256, &data192, "A8F9BC1612C68B3F F6E6F4FBE30E71E4 769C8B80A32CB895 8CD5D17D6B254DA1"},
    {"4.6", &kek256, &data256,
     "28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21"},
};
// RFC 5649 section 6.
const bytes kek5649 = hex("5840df6e29b02af1 ab493b705bf16ea1 ae8338f4dcc176a8");
const struct {
    const char* key;
    const char* wrapped;
} rfc5649[] = {
    {"c37b7e6492584340 bed1220780894115 5068f738", "138bdeaa9b8fa7fc 61f97742e72248ee 5ae6ae5360d1ae6a 5f54f373fa543b6a"},
    {"466f7250617369", "afbeb0f07dfbf541 9200f2ccb50bb24f"},
};
} // namespace

TEST_CASE("AES key wrap matches RFC 3394 and RFC 5649, as C_Encrypt and as C_WrapKey", "[kat][keywrap]") {
    token_fixture t;
    for (const auto& e : rfc3394) {
        INFO("RFC 3394 section " << e.section);
        const auto kek = aes_key(t.s, *e.kek);
        const auto expected = hex(e.wrapped);
        // On caller data (single-part C_Encrypt/C_Decrypt) ...
        CHECK(must(t.s.encrypt(kek, mechanism_type::aes_key_wrap, bv(*e.key))) == expected);
        CHECK(must(t.s.decrypt(kek, mechanism_type::aes_key_wrap, bv(expected))) == *e.key);
        // ... with the default IV given explicitly (RFC 3394 2.2.3.1) ...
        const auto iv = raw_mechanism(mechanism_type::aes_key_wrap, hex("A6A6A6A6A6A6A6A6"));
        CHECK(must(t.s.encrypt(kek, iv, bv(*e.key))) == expected);
        // ... and on a key object's value.
        const auto target = aes_key(t.s, *e.key, {attr::extractable = true, attr::sensitive = true});
        CHECK(must(t.s.wrap(mechanism_type::aes_key_wrap, kek, target)) == expected);
        const auto unwrapped =
            must(t.s.unwrap(mechanism_type::aes_key_wrap, kek, bv(expected),
                            {attr::cls = object_class::secret_key, attr::key_type = key_type::aes, attr::token = false,
                             attr::sensitive = false, attr::extractable = true}));
        CHECK(must(attribute(t.s, unwrapped, attribute_type::value)) == *e.key);
        CHECK(ulong_attribute(t.s, unwrapped, attribute_type::value_len) == e.key->size());
    }
    // RFC 5649 (AES key wrap with padding) as CKM_AES_KEY_WRAP_PAD, the
    // mechanism RFC 5649 implementations (SoftHSM, ...) use.
    const auto kek = aes_key(t.s, kek5649);
    for (const auto& e : rfc5649) {
        INFO("RFC 5649 key " << e.key);
        const auto key = hex(e.key), expected = hex(e.wrapped);
        CHECK(must(t.s.encrypt(kek, mechanism_type::aes_key_wrap_pad, bv(key))) == expected);
        CHECK(must(t.s.decrypt(kek, mechanism_type::aes_key_wrap_pad, bv(expected))) == key);
        // As C_WrapKey of a generic secret holding those bytes.
        const auto target = secret_key(t.s, key_type::generic_secret, key, {attr::extractable = true});
        CHECK(must(t.s.wrap(mechanism_type::aes_key_wrap_pad, kek, target)) == expected);
        const auto unwrapped = must(t.s.unwrap(mechanism_type::aes_key_wrap_pad, kek, bv(expected),
                                               {attr::cls = object_class::secret_key,
                                                attr::key_type = key_type::generic_secret, attr::token = false,
                                                attr::sensitive = false, attr::extractable = true}));
        CHECK(must(attribute(t.s, unwrapped, attribute_type::value)) == key);
    }
    // Tampering is caught: CKR_ENCRYPTED_DATA_INVALID on C_Decrypt, CKR_WRAPPED_KEY_INVALID on C_UnwrapKey.
    auto bad = hex(rfc3394[0].wrapped);
    bad[3] ^= 0x10;
    const auto kek1 = aes_key(t.s, kek128);
    CHECK(t.s.decrypt(kek1, mechanism_type::aes_key_wrap, bv(bad)).code() == rv::encrypted_data_invalid);
    CHECK(t.s.unwrap(mechanism_type::aes_key_wrap, kek1, bv(bad),
                     {attr::cls = object_class::secret_key, attr::key_type = key_type::aes, attr::token = false})
              .code() == rv::wrapped_key_invalid);
}

#ifdef P11FORGE_MODULE_3_0_PATH
// CKM_AES_KEY_WRAP_KWP (3.0: RFC 5649 by name) is listed by the 3.0 build only.
TEST_CASE("AES_KEY_WRAP_KWP matches RFC 5649 (3.0 build)", "[kat][keywrap]") {
    token_fixture t(P11FORGE_MODULE_3_0_PATH);
    const auto kek = aes_key(t.s, kek5649);
    for (const auto& e : rfc5649) {
        const auto key = hex(e.key), expected = hex(e.wrapped);
        CHECK(must(t.s.encrypt(kek, mechanism_type::aes_key_wrap_kwp, bv(key))) == expected);
        CHECK(must(t.s.decrypt(kek, mechanism_type::aes_key_wrap_kwp, bv(expected))) == key);
        const auto target = secret_key(t.s, key_type::generic_secret, key, {attr::extractable = true});
        CHECK(must(t.s.wrap(mechanism_type::aes_key_wrap_kwp, kek, target)) == expected);
    }
}
#endif

// CKA_CHECK_VALUE of an AES key: the first three bytes of AES-ECB(key, 0^128).
// E(K, 0^128) is the GCM hash subkey H, which the GCM specification prints
// for its test cases 1 (K = 0^128), 3 (K = feffe992...), 7, 9, 13 and 15.
TEST_CASE("CKA_CHECK_VALUE of AES keys is AES-ECB(key, zero block)[0..3)", "[kat][aes]") {
    token_fixture t;
    const struct {
        const char* key;
        const char* h;
    } subkeys[] = {
        {"00000000000000000000000000000000", "66e94bd4ef8a2c3b884cfa59ca342b2e"},
        {GCM_K128, "b83b533708bf535d0aa6e52980d53b78"},
        {"000000000000000000000000000000000000000000000000", "aae06992acbf52a3e8f4a96ec9300bd7"},
        {GCM_K128 "feffe9928665731c", "466923ec9ae682214f2c082badb39249"},
        {"0000000000000000000000000000000000000000000000000000000000000000", "dc95c078a2408989ad48a21492842087"},
        {GCM_K128 GCM_K128, "acbef20579b4b8ebce889bac8732dad7"},
    };
    for (const auto& k : subkeys) {
        INFO("key " << k.key);
        const auto key = aes_key(t.s, hex(k.key));
        CHECK(must(attribute(t.s, key, attribute_type::check_value)) == first(hex(k.h), 3));
        CHECK(must(t.s.encrypt(key, mechanism_type::aes_ecb, bv(bytes(16, 0)))) == hex(k.h));
    }
    // Generic secrets: the first three bytes of SHA-1 of the value (3.0 current
    // mechanisms, generic secret key objects; SHA-1 proven by FIPS 180-4 above).
    for (const auto& v : {str("abc"), bytes(20, 0x0b), bytes(131, 0xaa)}) {
        const auto key = secret_key(t.s, key_type::generic_secret, v);
        CHECK(must(attribute(t.s, key, attribute_type::check_value)) ==
              first(must(t.s.digest(mechanism_type::sha_1, bv(v))), 3));
    }
    // Generated keys follow the same rule (checked with the token's own ECB, proven by F.1).
    for (ck_ulong len : {16ul, 24ul, 32ul}) {
        const auto key = must(t.s.generate_key(mechanism_type::aes_key_gen,
                                               {attr::token = false, attr::value_len = len, attr::encrypt = true}));
        const auto zero_block = must(t.s.encrypt(key, mechanism_type::aes_ecb, bv(bytes(16, 0))));
        CHECK(must(attribute(t.s, key, attribute_type::check_value)) == first(zero_block, 3));
    }
}

// The dual-function updates (the token reports CKF_DUAL_CRYPTO_OPERATIONS):
// the cipher half gives SP 800-38A F.2.1 exactly, the digest / MAC half what
// the single-part digest and HMAC (whose vectors pass above) give.
TEST_CASE("dual-function updates: digest/sign with encrypt, decrypt with digest/verify", "[kat][dual]") {
    token_fixture t;
    CHECK(has(must(t.m.token(soft_slot)).flags, token_flags::dual_crypto_operations));
    const auto iv = hex("000102030405060708090a0b0c0d0e0f");
    const auto cbc = hex("7649abac8119b246cee98e9b12e9197d 5086cb9b507219ee95db113a917678b2"
                         "73bed6b8e3c1743b7116e69e22229516 3ff1caa1681fac09120eca307586e1a7");
    const auto aes = aes_key(t.s, key128);
    const auto hmac = secret_key(t.s, key_type::generic_secret, bytes(20, 0x0b));
    const auto digest = must(t.s.digest(mechanism_type::sha256, bv(sp_plaintext)));
    const auto mac = must(t.s.sign(hmac, mechanism_type::sha256_hmac, bv(sp_plaintext)));
    const auto* f = t.fn();
    const auto h = t.h();
    // The CK_MECHANISMs point into these, which must outlive them.
    const auto cbc_mechanism = mech::aes_cbc(iv);
    const mechanism sha_mechanism(mechanism_type::sha256), hmac_mechanism(mechanism_type::sha256_hmac);
    auto ck_cbc = cbc_mechanism.ck();
    auto ck_sha = sha_mechanism.ck();
    auto ck_hmac = hmac_mechanism.ck();
    using dual_fn = abi::CK_RV (*)(abi::CK_SESSION_HANDLE, abi::CK_BYTE_PTR, abi::CK_ULONG, abi::CK_BYTE_PTR,
                                   abi::CK_ULONG_PTR);
    // Feeds `in` in pieces of 24 bytes; asks for each output length first.
    auto run = [&](dual_fn fn, const bytes& in) {
        bytes out;
        for (std::size_t pos = 0; pos < in.size(); pos += 24) {
            const auto n_in = static_cast<abi::CK_ULONG>(std::min<std::size_t>(24, in.size() - pos));
            auto* p = const_cast<std::uint8_t*>(in.data() + pos);
            abi::CK_ULONG n = 0;
            REQUIRE(code(fn(h, p, n_in, nullptr, &n)) == rv::ok);
            bytes part(std::max<abi::CK_ULONG>(n, 1));
            REQUIRE(code(fn(h, p, n_in, part.data(), &n)) == rv::ok);
            out = cat(out, first(part, n));
        }
        return out;
    };
    auto final_bytes = [&](auto finish) {
        abi::CK_ULONG n = 0;
        REQUIRE(code(finish(nullptr, &n)) == rv::ok);
        // Never a null buffer: that would be another length query, leaving
        // the operation active (an empty vector's data() may be null).
        bytes out(std::max<abi::CK_ULONG>(n, 1));
        REQUIRE(code(finish(out.data(), &n)) == rv::ok);
        out.resize(n);
        return out;
    };

    // C_DigestEncryptUpdate.
    REQUIRE(code(f->C_DigestInit(h, &ck_sha)) == rv::ok);
    REQUIRE(code(f->C_EncryptInit(h, &ck_cbc, aes)) == rv::ok);
    auto ct = run(f->C_DigestEncryptUpdate, sp_plaintext);
    ct = cat(ct, final_bytes([&](std::uint8_t* o, abi::CK_ULONG* n) { return f->C_EncryptFinal(h, o, n); }));
    CHECK(ct == cbc);
    CHECK(final_bytes([&](std::uint8_t* o, abi::CK_ULONG* n) { return f->C_DigestFinal(h, o, n); }) == digest);

    // C_DecryptDigestUpdate: the digest is of the plaintext.
    REQUIRE(code(f->C_DigestInit(h, &ck_sha)) == rv::ok);
    REQUIRE(code(f->C_DecryptInit(h, &ck_cbc, aes)) == rv::ok);
    auto pt = run(f->C_DecryptDigestUpdate, cbc);
    pt = cat(pt, final_bytes([&](std::uint8_t* o, abi::CK_ULONG* n) { return f->C_DecryptFinal(h, o, n); }));
    CHECK(pt == sp_plaintext);
    CHECK(final_bytes([&](std::uint8_t* o, abi::CK_ULONG* n) { return f->C_DigestFinal(h, o, n); }) == digest);

    // C_SignEncryptUpdate.
    REQUIRE(code(f->C_SignInit(h, &ck_hmac, hmac)) == rv::ok);
    REQUIRE(code(f->C_EncryptInit(h, &ck_cbc, aes)) == rv::ok);
    ct = run(f->C_SignEncryptUpdate, sp_plaintext);
    ct = cat(ct, final_bytes([&](std::uint8_t* o, abi::CK_ULONG* n) { return f->C_EncryptFinal(h, o, n); }));
    CHECK(ct == cbc);
    CHECK(final_bytes([&](std::uint8_t* o, abi::CK_ULONG* n) { return f->C_SignFinal(h, o, n); }) == mac);

    // C_DecryptVerifyUpdate: the MAC is checked over the plaintext.
    REQUIRE(code(f->C_VerifyInit(h, &ck_hmac, hmac)) == rv::ok);
    REQUIRE(code(f->C_DecryptInit(h, &ck_cbc, aes)) == rv::ok);
    pt = run(f->C_DecryptVerifyUpdate, cbc);
    pt = cat(pt, final_bytes([&](std::uint8_t* o, abi::CK_ULONG* n) { return f->C_DecryptFinal(h, o, n); }));
    CHECK(pt == sp_plaintext);
    auto m = mac;
    CHECK(code(f->C_VerifyFinal(h, m.data(), static_cast<abi::CK_ULONG>(m.size()))) == rv::ok);

    // Both halves must be active: nothing is fed to either otherwise.
    const auto empty_digest = must(t.s.digest(mechanism_type::sha256, bv(bytes{})));
    REQUIRE(code(f->C_DigestInit(h, &ck_sha)) == rv::ok);
    abi::CK_ULONG n = 64;
    bytes out(64);
    CHECK(code(f->C_DigestEncryptUpdate(h, const_cast<std::uint8_t*>(sp_plaintext.data()), 16, out.data(), &n)) ==
          rv::operation_not_initialized);
    CHECK(final_bytes([&](std::uint8_t* o, abi::CK_ULONG* k) { return f->C_DigestFinal(h, o, k); }) == empty_digest);
}
