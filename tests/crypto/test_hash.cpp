// Digests, HMAC, AES-CMAC and PBKDF2 against the published vectors.
#include <catch2/catch.hpp>

#include <functional>

#include "crypto/aes.hpp"
#include "crypto/backend_error.hpp"
#include "crypto/capabilities.hpp"
#include "crypto/hash.hpp"
#include "crypto/internal/cmac_block.hpp"
#include "hex.hpp"

using namespace p11::crypto;
using test::hex;
using test::str;
using test::to_hex;

namespace {

bytes digest_of(hash_alg h, bytes_view data) {
    bytes out(digest_size(h));
    digest(h, data, out.data());
    return out;
}

bytes hmac_of(hash_alg h, bytes_view key, bytes_view data) {
    auto m = make_hmac(h, key);
    m->update(data);
    bytes out(m->size());
    m->finish(out.data());
    return out;
}

using cmac_factory = std::function<std::unique_ptr<mac>(bytes_view key)>;

// The backend's CMAC, and the shared one on the AES block
// (crypto/cmac_block.cpp, the CNG backend's): the same vectors for both.
const cmac_factory backend_cmac = [](bytes_view key) { return make_aes_cmac(key); };
const cmac_factory cmac_on_block = [](bytes_view key) {
    return p11::crypto::internal::make_cmac_on_block(load_aes_key(key));
};

bytes cmac_of(const cmac_factory& make_aes_cmac, bytes_view key, bytes_view data) {
    auto m = make_aes_cmac(key);
    REQUIRE(m);
    m->update(data);
    bytes out(m->size());
    m->finish(out.data());
    return out;
}

const std::string abc = "abc";
const std::string msg448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
const std::string msg896 =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

} // namespace

// FIPS 180-4 examples (NIST CSRC "Examples with Intermediate Values":
// SHA1.pdf, SHA224.pdf, SHA256.pdf, SHA384.pdf, SHA512.pdf).
TEST_CASE("SHA-1 and SHA-2 match the FIPS 180-4 examples", "[hash]") {
    CHECK(to_hex(digest_of(hash_alg::sha1, str(abc))) == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(to_hex(digest_of(hash_alg::sha1, str(msg448))) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    CHECK(to_hex(digest_of(hash_alg::sha224, str(abc))) == "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
    CHECK(to_hex(digest_of(hash_alg::sha224, str(msg448))) ==
          "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525");
    CHECK(to_hex(digest_of(hash_alg::sha256, str(abc))) ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(to_hex(digest_of(hash_alg::sha256, str(msg448))) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(to_hex(digest_of(hash_alg::sha384, str(abc))) ==
          "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7");
    CHECK(to_hex(digest_of(hash_alg::sha384, str(msg896))) ==
          "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039");
    CHECK(to_hex(digest_of(hash_alg::sha512, str(abc))) ==
          "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
          "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    CHECK(to_hex(digest_of(hash_alg::sha512, str(msg896))) ==
          "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
          "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909");
}

TEST_CASE("streaming, cloning and one-shot hashing agree", "[hash]") {
    for (auto h : {hash_alg::sha1, hash_alg::sha224, hash_alg::sha256, hash_alg::sha384, hash_alg::sha512}) {
        auto ctx = make_hash(h);
        REQUIRE(ctx->algorithm() == h);
        const auto m = str(msg896);
        ctx->update(bytes_view(m).first(7));
        auto copy = ctx->clone();
        ctx->update(bytes_view(m).subspan(7));
        bytes a(digest_size(h)), b(digest_size(h));
        ctx->finish(a.data());
        copy->update(bytes_view(m).subspan(7));
        copy->finish(b.data());
        CHECK(a == digest_of(h, m));
        CHECK(b == a);
        CHECK(block_size(h) == (digest_size(h) > 32 ? 128u : 64u));
    }
}

// RFC 8017 section 9.2 note 1: DigestInfo prefix followed by the digest.
TEST_CASE("DigestInfo prefixes are those of RFC 8017", "[hash]") {
    CHECK(to_hex(test::plain(digest_info_prefix(hash_alg::sha1))) == "3021300906052b0e03021a05000414");
    CHECK(to_hex(test::plain(digest_info_prefix(hash_alg::sha256))) == "3031300d060960864801650304020105000420");
    CHECK(to_hex(test::plain(digest_info_prefix(hash_alg::sha512))) == "3051300d060960864801650304020305000440");
    for (auto h : {hash_alg::sha1, hash_alg::sha224, hash_alg::sha256, hash_alg::sha384, hash_alg::sha512}) {
        const auto p = digest_info_prefix(h);
        REQUIRE(p.size() >= 2);
        CHECK(p.back() == digest_size(h));                   // OCTET STRING length
        CHECK(p[1] + 2u == p.size() + digest_size(h));       // outer SEQUENCE length
    }
}

constexpr hash_alg sha3_all[] = {hash_alg::sha3_224, hash_alg::sha3_256, hash_alg::sha3_384, hash_alg::sha3_512};

// Which backends have SHA-3 is fixed: OpenSSL 3 has it, mbedTLS 2.28 and the
// CNG backend have not, and there asking for it fails as `unsupported`.
TEST_CASE("SHA-3 is there exactly where the backend has it", "[hash][sha3]") {
#if defined(P11FORGE_CRYPTO_OPENSSL)
    CHECK(backend_capabilities().sha3);
#else
    CHECK_FALSE(backend_capabilities().sha3);
#endif
    if (backend_capabilities().sha3) return;
    for (auto h : sha3_all) {
        try {
            (void)make_hash(h);
            FAIL("a SHA-3 hash was made on a backend without SHA-3");
        } catch (const backend_failure& e) {
            CHECK(e.kind() == backend_error::unsupported);
        }
        CHECK_THROWS_AS(make_hmac(h, str("key")), backend_failure);
        std::uint8_t out[64];
        CHECK(pbkdf2(h, str("p"), str("s"), 1, out) != status::ok);
    }
}

// FIPS 202 examples (NIST CSRC "Examples with Intermediate Values":
// SHA3-224_Msg0.pdf ... and the "abc" examples of the same series).
TEST_CASE("SHA-3 matches the FIPS 202 examples", "[hash][sha3]") {
    if (!backend_capabilities().sha3) return;
    CHECK(to_hex(digest_of(hash_alg::sha3_224, {})) == "6b4e03423667dbb73b6e15454f0eb1abd4597f9a1b078e3f5b5a6bc7");
    CHECK(to_hex(digest_of(hash_alg::sha3_224, str(abc))) == "e642824c3f8cf24ad09234ee7d3c766fc9a3a5168d0c94ad73b46fdf");
    CHECK(to_hex(digest_of(hash_alg::sha3_256, {})) ==
          "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a");
    CHECK(to_hex(digest_of(hash_alg::sha3_256, str(abc))) ==
          "3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532");
    CHECK(to_hex(digest_of(hash_alg::sha3_384, {})) ==
          "0c63a75b845e4f7d01107d852e4c2485c51a50aaaa94fc61995e71bbee983a2ac3713831264adb47fb6bd1e058d5f004");
    CHECK(to_hex(digest_of(hash_alg::sha3_384, str(abc))) ==
          "ec01498288516fc926459f58e2c6ad8df9b473cb0fc08c2596da7cf0e49be4b298d88cea927ac7f539f1edf228376d25");
    CHECK(to_hex(digest_of(hash_alg::sha3_512, {})) ==
          "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1475c80a6"
          "15b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e301758586281dcd26");
    CHECK(to_hex(digest_of(hash_alg::sha3_512, str(abc))) ==
          "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e"
          "10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0");
    for (auto h : sha3_all) {
        auto ctx = make_hash(h);
        REQUIRE(ctx->algorithm() == h);
        ctx->update(str("a"));
        auto copy = ctx->clone();
        ctx->update(str("bc"));
        copy->update(str("bc"));
        bytes a(digest_size(h)), b(digest_size(h));
        ctx->finish(a.data());
        copy->finish(b.data());
        CHECK(a == digest_of(h, str(abc)));
        CHECK(b == a);
        CHECK(block_size(h) == 200 - 2 * digest_size(h));  // the sponge's rate
        // DigestInfo with id-sha3-* (2.16.840.1.101.3.4.2.7 .. 10).
        const auto p = digest_info_prefix(h);
        REQUIRE(p.size() == 19);
        CHECK(p[14] == 7 + (static_cast<int>(h) - static_cast<int>(hash_alg::sha3_224)));
        CHECK(p.back() == digest_size(h));
        CHECK(p[1] + 2u == p.size() + digest_size(h));
    }
}

// NIST CSRC example values, HMAC_SHA3-224.pdf ... HMAC_SHA3-512.pdf: keys are
// the bytes 00, 01, 02, ... of the length given.
TEST_CASE("HMAC-SHA-3 matches the NIST examples", "[hmac][sha3]") {
    if (!backend_capabilities().sha3) return;
    auto counting = [](std::size_t n) {
        bytes k(n);
        for (std::size_t i = 0; i < n; ++i) k[i] = static_cast<std::uint8_t>(i);
        return k;
    };
    const auto lt = str("Sample message for keylen<blocklen");
    const auto eq = str("Sample message for keylen=blocklen");
    const auto gt = str("Sample message for keylen>blocklen");
    CHECK(to_hex(hmac_of(hash_alg::sha3_224, counting(28), lt)) ==
          "332cfd59347fdb8e576e77260be4aba2d6dc53117b3bfb52c6d18c04");
    CHECK(to_hex(hmac_of(hash_alg::sha3_224, counting(144), eq)) ==
          "d8b733bcf66c644a12323d564e24dcf3fc75f231f3b67968359100c7");
    CHECK(to_hex(hmac_of(hash_alg::sha3_224, counting(172), gt)) ==
          "078695eecc227c636ad31d063a15dd05a7e819a66ec6d8de1e193e59");
    CHECK(to_hex(hmac_of(hash_alg::sha3_256, counting(32), lt)) ==
          "4fe8e202c4f058e8dddc23d8c34e467343e23555e24fc2f025d598f558f67205");
    CHECK(to_hex(hmac_of(hash_alg::sha3_256, counting(136), eq)) ==
          "68b94e2e538a9be4103bebb5aa016d47961d4d1aa906061313b557f8af2c3faa");
    CHECK(to_hex(hmac_of(hash_alg::sha3_256, counting(168), gt)) ==
          "9bcf2c238e235c3ce88404e813bd2f3a97185ac6f238c63d6229a00b07974258");
    CHECK(to_hex(hmac_of(hash_alg::sha3_384, counting(48), lt)) ==
          "d588a3c51f3f2d906e8298c1199aa8ff6296218127f6b38a90b6afe2c5617725bc99987f79b22a557b6520db710b7f42");
    CHECK(to_hex(hmac_of(hash_alg::sha3_384, counting(152), gt)) ==
          "e5ae4c739f455279368ebf36d4f5354c95aa184c899d3870e460ebc288ef1f9470053f73f7c6da2a71bcaec38ce7d6ac");
    CHECK(to_hex(hmac_of(hash_alg::sha3_512, counting(64), lt)) ==
          "4efd629d6c71bf86162658f29943b1c308ce27cdfa6db0d9c3ce81763f9cbce5"
          "f7ebe9868031db1a8f8eb7b6b95e5c5e3f657a8996c86a2f6527e307f0213196");
    CHECK(to_hex(hmac_of(hash_alg::sha3_512, counting(72), eq)) ==
          "544e257ea2a3e5ea19a590e6a24b724ce6327757723fe2751b75bf007d80f6b3"
          "60744bf1b7a88ea585f9765b47911976d3191cf83c039f5ffab0d29cc9d9b6da");
}

// RFC 4231 section 4 (HMAC-SHA-224/256/384/512).
TEST_CASE("HMAC-SHA-2 matches RFC 4231", "[hmac]") {
    const auto k1 = test::repeat(0x0b, 20);
    const auto d1 = str("Hi There");
    CHECK(to_hex(hmac_of(hash_alg::sha224, k1, d1)) == "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22");
    CHECK(to_hex(hmac_of(hash_alg::sha256, k1, d1)) ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(to_hex(hmac_of(hash_alg::sha384, k1, d1)) ==
          "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6");
    CHECK(to_hex(hmac_of(hash_alg::sha512, k1, d1)) ==
          "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
          "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854");

    const auto k2 = str("Jefe");
    const auto d2 = str("what do ya want for nothing?");
    CHECK(to_hex(hmac_of(hash_alg::sha224, k2, d2)) == "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44");
    CHECK(to_hex(hmac_of(hash_alg::sha256, k2, d2)) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(to_hex(hmac_of(hash_alg::sha384, k2, d2)) ==
          "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649");
    CHECK(to_hex(hmac_of(hash_alg::sha512, k2, d2)) ==
          "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
          "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");

    // Test cases 3 and 4.
    CHECK(to_hex(hmac_of(hash_alg::sha256, test::repeat(0xaa, 20), test::repeat(0xdd, 50))) ==
          "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
    CHECK(to_hex(hmac_of(hash_alg::sha256, hex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
                         test::repeat(0xcd, 50))) ==
          "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    // Test case 5: output truncated to 128 bits.
    CHECK(to_hex(hmac_of(hash_alg::sha256, test::repeat(0x0c, 20), str("Test With Truncation"))).substr(0, 32) ==
          "a3b6167473100ee06e0c796c2955552b");
    // Test cases 6 and 7: keys longer than the block.
    const auto k6 = test::repeat(0xaa, 131);
    const auto d6 = str("Test Using Larger Than Block-Size Key - Hash Key First");
    CHECK(to_hex(hmac_of(hash_alg::sha256, k6, d6)) ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    CHECK(to_hex(hmac_of(hash_alg::sha512, k6, d6)) ==
          "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
          "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598");
    const auto d7 = str(
        "This is a test using a larger than block-size key and a larger than block-size data. The key needs to be "
        "hashed before being used by the HMAC algorithm.");
    CHECK(to_hex(hmac_of(hash_alg::sha256, k6, d7)) ==
          "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
    CHECK(to_hex(hmac_of(hash_alg::sha512, k6, d7)) ==
          "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
          "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58");
}

// RFC 2202 section 3 (HMAC-SHA-1).
TEST_CASE("HMAC-SHA-1 matches RFC 2202", "[hmac]") {
    CHECK(to_hex(hmac_of(hash_alg::sha1, test::repeat(0x0b, 20), str("Hi There"))) ==
          "b617318655057264e28bc0b6fb378c8ef146be00");
    CHECK(to_hex(hmac_of(hash_alg::sha1, str("Jefe"), str("what do ya want for nothing?"))) ==
          "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    CHECK(to_hex(hmac_of(hash_alg::sha1, test::repeat(0xaa, 20), test::repeat(0xdd, 50))) ==
          "125d7342b9ac11cd91a39af48aa17b4f63f175d3");
    CHECK(to_hex(hmac_of(hash_alg::sha1, test::repeat(0xaa, 80),
                         str("Test Using Larger Than Block-Size Key - Hash Key First"))) ==
          "aa4ae5e15272d00e95705637ce8a3b55ed402112");
    CHECK(to_hex(hmac_of(hash_alg::sha1, test::repeat(0xaa, 80),
                         str("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"))) ==
          "e8e99d0f45237d786d6bbaa7965c7808bbff1a91");
}

// RFC 4493 section 4 (AES-128) and NIST SP 800-38B appendix D.2 / D.3 (AES-192, AES-256).
void check_cmac_vectors(const cmac_factory& make_aes_cmac) {
    const auto cmac_of = [&](bytes_view key, bytes_view data) { return ::cmac_of(make_aes_cmac, key, data); };
    const auto m = hex("6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51"
                       "30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710");
    const bytes_view mv = m;
    const auto k128 = hex("2b7e151628aed2a6abf7158809cf4f3c");
    CHECK(to_hex(cmac_of(k128, {})) == "bb1d6929e95937287fa37d129b756746");
    CHECK(to_hex(cmac_of(k128, mv.first(16))) == "070a16b46b4d4144f79bdd9dd04a287c");
    CHECK(to_hex(cmac_of(k128, mv.first(40))) == "dfa66747de9ae63030ca32611497c827");
    CHECK(to_hex(cmac_of(k128, mv)) == "51f0bebf7e3b9d92fc49741779363cfe");

    const auto k192 = hex("8e73b0f7da0e6452c810f32b809079e562f8ead2522c6b7b");
    CHECK(to_hex(cmac_of(k192, {})) == "d17ddf46adaacde531cac483de7a9367");
    CHECK(to_hex(cmac_of(k192, mv.first(16))) == "9e99a7bf31e710900662f65e617c5184");
    CHECK(to_hex(cmac_of(k192, mv.first(40))) == "8a1de5be2eb31aad089a82e6ee908b0e");
    CHECK(to_hex(cmac_of(k192, mv)) == "a1d5df0eed790f794d77589659f39a11");

    const auto k256 = hex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
    CHECK(to_hex(cmac_of(k256, {})) == "028962f61b7bf89efc6b551f4667d983");
    CHECK(to_hex(cmac_of(k256, mv.first(16))) == "28a7023f452e8f82bd4bf28d8c37c35c");
    CHECK(to_hex(cmac_of(k256, mv.first(40))) == "aaf3d8f1de5640c232f5b169b9c911e6");
    CHECK(to_hex(cmac_of(k256, mv)) == "e1992190549f6ed5696a2c056c315410");

    // Fed in uneven pieces.
    auto c = make_aes_cmac(k128);
    c->update(mv.first(3));
    c->update({});
    c->update(mv.subspan(3, 30));
    c->update(mv.subspan(33, 7));
    bytes out(16);
    c->finish(out.data());
    CHECK(to_hex(out) == "dfa66747de9ae63030ca32611497c827");

    CHECK(make_aes_cmac(hex("00112233")) == nullptr);
    // reset() drops what was fed.
    c->reset();
    c->update(mv.first(7));
    c->reset();
    c->update(mv.first(16));
    c->finish(out.data());
    CHECK(to_hex(out) == "070a16b46b4d4144f79bdd9dd04a287c");
}

TEST_CASE("AES-CMAC matches RFC 4493 and SP 800-38B", "[cmac]") { check_cmac_vectors(backend_cmac); }

TEST_CASE("AES-CMAC on the block function matches RFC 4493 and SP 800-38B", "[cmac]") {
    check_cmac_vectors(cmac_on_block);
}

// A prepared MAC key lends its keyed contexts to one operation after
// another: each must start from the key alone, whatever the previous one fed
// (finished or abandoned).
TEST_CASE("prepared HMAC and CMAC keys serve one operation after another", "[hmac][cmac][prepared]") {
    auto run = [](const mac_key_ptr& k, bytes_view data) {
        auto m = make_mac(k);
        REQUIRE(m);
        m->update(data);
        bytes out(m->size());
        m->finish(out.data());
        return to_hex(out);
    };
    auto abandon = [](const mac_key_ptr& k, bytes_view data) {
        auto m = make_mac(k);
        REQUIRE(m);
        m->update(data);
    };
    CHECK(make_mac(mac_key_ptr{}) == nullptr);
    CHECK(load_aes_cmac_key(hex("00112233")) == nullptr);

    // RFC 4231 test case 2 with HMAC-SHA-256 and SHA-512.
    const auto jefe256 = load_hmac_key(hash_alg::sha256, str("Jefe"));
    const auto jefe512 = load_hmac_key(hash_alg::sha512, str("Jefe"));
    REQUIRE(jefe256);
    CHECK(jefe256->size() == 32);
    const auto d2 = str("what do ya want for nothing?");
    // RFC 4493 with AES-128.
    const auto k128 = load_aes_cmac_key(hex("2b7e151628aed2a6abf7158809cf4f3c"));
    REQUIRE(k128);
    const auto m = hex("6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51");
    for (int pass = 0; pass < 3; ++pass) {
        INFO("pass " << pass);
        abandon(jefe256, str("left behind"));
        CHECK(run(jefe256, d2) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        CHECK(run(jefe512, d2) ==
              "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
              "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737");
        abandon(k128, bytes_view(m).first(7));
        CHECK(run(k128, {}) == "bb1d6929e95937287fa37d129b756746");
        CHECK(run(k128, bytes_view(m).first(16)) == "070a16b46b4d4144f79bdd9dd04a287c");
    }
    // Two operations at once take two contexts.
    auto a = make_mac(jefe256), b = make_mac(jefe256);
    a->update(str("what do ya want "));
    b->update(str("Hi There"));
    a->update(str("for nothing?"));
    bytes out(32);
    a->finish(out.data());
    CHECK(to_hex(out) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

// RFC 6070 (PBKDF2-HMAC-SHA1) and RFC 7914 section 11 (PBKDF2-HMAC-SHA256).
TEST_CASE("PBKDF2 matches RFC 6070 and RFC 7914", "[pbkdf2]") {
    auto run = [](hash_alg h, bytes_view p, bytes_view s, std::uint32_t c, std::size_t len) {
        bytes out(len);
        REQUIRE(pbkdf2(h, p, s, c, out) == status::ok);
        return to_hex(out);
    };
    const auto password = str("password");
    const auto salt = str("salt");
    CHECK(run(hash_alg::sha1, password, salt, 1, 20) == "0c60c80f961f0e71f3a9b524af6012062fe037a6");
    CHECK(run(hash_alg::sha1, password, salt, 2, 20) == "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957");
    CHECK(run(hash_alg::sha1, password, salt, 4096, 20) == "4b007901b765489abead49d926f721d065a429c1");
    CHECK(run(hash_alg::sha1, str("passwordPASSWORDpassword"), str("saltSALTsaltSALTsaltSALTsaltSALTsalt"), 4096,
              25) == "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038");
    CHECK(run(hash_alg::sha1, hex("7061737300776f7264") /* "pass\0word" */, hex("7361006c74") /* "sa\0lt" */, 4096,
              16) == "56fa6aa75548099dcc37d7f03425e0c3");

    CHECK(run(hash_alg::sha256, str("passwd"), str("salt"), 1, 64) ==
          "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
          "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    CHECK(run(hash_alg::sha256, str("Password"), str("NaCl"), 80000, 64) ==
          "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
          "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");

    bytes out(16);
    CHECK(pbkdf2(hash_alg::sha256, password, salt, 0, out) == status::invalid_input);
}
