// TDEA (des3.hpp) against NIST SP 800-67 Rev. 2 appendix B (three-key ECB
// example), NIST SP 800-20 (the variable-plaintext known answers with
// K1 = K2 = K3 = 01..01) and NIST SP 800-38B appendix D (TDEA-CMAC examples
// 5-12, three- and two-key), plus padding, parity and the streaming contract.
#include <catch2/catch.hpp>

#include "crypto/capabilities.hpp"
#include "crypto/des3.hpp"
#include "cipher_run.hpp"
#include "hex.hpp"

using namespace p11::crypto;
using test::hex;
using test::run;
using test::run_ok;
using test::to_hex;

namespace {

// SP 800-67 Rev. 2 B.1: "The qufck brown fox jump" under K1, K2, K3.
const bytes sp800_67_key = hex("0123456789ABCDEF 23456789ABCDEF01 456789ABCDEF0123");
const bytes sp800_67_plain = hex("5468652071756663 6B2062726F776E20 666F78206A756D70");
const bytes sp800_67_cipher = hex("A826FD8CE53B855F CCE21C8112256FE6 68D5C05DD9B6B900");

// SP 800-38B D.2 (three-key) and D.3 (two-key); the message of every example.
const bytes cmac_message = hex("6bc1bee22e409f96 e93d7e117393172a ae2d8a571e03ac9c 9eb76fac45af8e51");

bytes xor_of(bytes_view a, bytes_view b) {
    bytes out(a.begin(), a.end());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] ^= b[i];
    return out;
}

bytes cmac_of(bytes_view key, bytes_view message) {
    auto m = make_mac(load_des3_cmac_key(key));
    REQUIRE(m);
    REQUIRE(m->size() == 8);
    m->update(message);
    bytes tag(8);
    m->finish(tag.data());
    return tag;
}

} // namespace

TEST_CASE("the backend has TDEA where it says so", "[des3]") {
    if (!backend_capabilities().des3) {
        CHECK(load_des3_key(sp800_67_key) == nullptr);
        WARN("this backend has no TDEA (capabilities.hpp): the DES mechanisms are not listed");
        return;
    }
    CHECK(load_des3_key(sp800_67_key) != nullptr);
}

TEST_CASE("TDEA-ECB matches SP 800-67 B.1 and SP 800-20", "[des3]") {
    if (!backend_capabilities().des3) return;
    const auto key = load_des3_key(sp800_67_key);
    CHECK(to_hex(run_ok(make_des3_ecb(key, direction::encrypt), sp800_67_plain)) == to_hex(sp800_67_cipher));
    CHECK(to_hex(run_ok(make_des3_ecb(key, direction::decrypt), sp800_67_cipher)) == to_hex(sp800_67_plain));
    // Byte by byte: partial blocks wait for the rest.
    CHECK(to_hex(run_ok(make_des3_ecb(key, direction::encrypt), sp800_67_plain, 1)) == to_hex(sp800_67_cipher));

    // SP 800-20 Table A.1 (variable plaintext), the first three rows.
    const auto ones = load_des3_key(hex("0101010101010101 0101010101010101 0101010101010101"));
    CHECK(to_hex(run_ok(make_des3_ecb(ones, direction::encrypt), hex("8000000000000000 4000000000000000 2000000000000000"))) ==
          to_hex(hex("95F8A5E5DD31D900 DD7F121CA5015619 2E8653104F3834EA")));
    // A 16-byte key is K1 K2 K1: the same as the 24-byte key with K3 = K1.
    const auto two = load_des3_key(hex("0123456789ABCDEF 23456789ABCDEF01"));
    const auto three = load_des3_key(hex("0123456789ABCDEF 23456789ABCDEF01 0123456789ABCDEF"));
    CHECK(run_ok(make_des3_ecb(two, direction::encrypt), sp800_67_plain) ==
          run_ok(make_des3_ecb(three, direction::encrypt), sp800_67_plain));
}

TEST_CASE("TDEA-CBC chains as SP 800-38A defines it, on the SP 800-67 blocks", "[des3]") {
    if (!backend_capabilities().des3) return;
    const auto key = load_des3_key(sp800_67_key);
    // With IV = 0 and P'_i = P_i xor C_{i-1}, CBC feeds the cipher exactly
    // the B.1 plaintext blocks, so its output is the B.1 ciphertext.
    bytes chained = sp800_67_plain;
    for (std::size_t i = 8; i < chained.size(); ++i) chained[i] ^= sp800_67_cipher[i - 8];
    const bytes zero_iv(8, 0);
    CHECK(to_hex(run_ok(make_des3_cbc(key, zero_iv, direction::encrypt, false), chained)) == to_hex(sp800_67_cipher));
    CHECK(to_hex(run_ok(make_des3_cbc(key, zero_iv, direction::decrypt, false), sp800_67_cipher, 3)) == to_hex(chained));
    // The IV is XORed into the first block.
    const bytes iv = hex("0011223344556677");
    const bytes first = xor_of(bytes_view(sp800_67_plain).first(8), iv);
    CHECK(to_hex(run_ok(make_des3_cbc(key, iv, direction::encrypt, false), first)) ==
          to_hex(bytes_view(sp800_67_cipher).first(8)));
    // Wrong IV length: no cipher.
    CHECK(make_des3_cbc(key, bytes(16, 0), direction::encrypt, false) == nullptr);
    // Not a whole block: finish() refuses.
    bytes out;
    CHECK(run(*make_des3_cbc(key, zero_iv, direction::encrypt, false), bytes(9, 1), out) == status::invalid_input);
}

TEST_CASE("TDEA-CBC-PAD pads to 8 bytes and checks the padding", "[des3]") {
    if (!backend_capabilities().des3) return;
    const auto key = load_des3_key(sp800_67_key);
    const bytes iv(8, 0);
    for (std::size_t n : {0u, 1u, 7u, 8u, 9u, 24u}) {
        const bytes msg(bytes_view(sp800_67_plain).first(n).begin(), bytes_view(sp800_67_plain).first(n).end());
        const auto ct = run_ok(make_des3_cbc(key, iv, direction::encrypt, true), msg, 5);
        CHECK(ct.size() == (n / 8 + 1) * 8);
        CHECK(run_ok(make_des3_cbc(key, iv, direction::decrypt, true), ct, 3) == msg);
    }
    // 24 bytes pad with a whole block of 08: its encryption, chained on C3.
    const auto ct = run_ok(make_des3_cbc(key, iv, direction::encrypt, false), bytes_view(sp800_67_plain).first(8));
    const auto padded = run_ok(make_des3_cbc(key, iv, direction::encrypt, true), bytes_view(sp800_67_plain).first(8));
    CHECK(bytes_view(padded).first(8).size() == 8);
    CHECK(to_hex(bytes_view(padded).first(8)) == to_hex(ct));
    // A last block whose padding is malformed.
    const auto bad = run_ok(make_des3_ecb(key, direction::encrypt), hex("0102030405060709"));
    bytes out;
    CHECK(run(*make_des3_cbc(key, bytes(8, 0), direction::decrypt, true), bad, out) == status::decrypt_failed);
}

TEST_CASE("TDEA-CMAC matches SP 800-38B appendix D", "[des3][cmac]") {
    if (!backend_capabilities().des3) return;
    const bytes three = hex("8aa83bf8cbda1062 0bc1bf19fbb6cd58 bc313d4a371ca8b5");
    const bytes two = hex("4cf15134a2850dd5 8a3d10ba80570d38");  // K3 = K1
    struct example {
        const bytes* key;
        std::size_t length;
        const char* tag;
    };
    const example examples[] = {
        {&three, 0, "b7a688e122ffaf95"},  {&three, 8, "8e8f293136283797"},  {&three, 20, "743ddbe0ce2dc2ed"},
        {&three, 32, "33e6b1092400eae5"}, {&two, 0, "bd2ebf9a3ba00361"},    {&two, 8, "4ff2ab813c53ce83"},
        {&two, 20, "62dd1b471902bd4e"},   {&two, 32, "31b1e431dabc4eb8"},
    };
    for (const auto& e : examples) {
        INFO("key of " << e.key->size() << " bytes, message of " << e.length);
        CHECK(to_hex(cmac_of(*e.key, bytes_view(cmac_message).first(e.length))) == to_hex(hex(e.tag)));
    }
    CHECK(load_des3_cmac_key(bytes(8, 1)) == nullptr);
    CHECK(load_des3_cmac_key(bytes(32, 1)) == nullptr);
}

TEST_CASE("keys of other lengths are refused; odd parity is set", "[des3]") {
    for (std::size_t n : {0u, 8u, 15u, 17u, 23u, 25u, 32u}) CHECK(load_des3_key(bytes(n, 1)) == nullptr);
    bytes k = hex("0000 0102 0304 FEFF 8081");
    set_des_odd_parity(k);
    CHECK(to_hex(k) == to_hex(hex("0101 0102 0204 FEFE 8080")));
    for (auto b : k) CHECK(__builtin_popcount(b) % 2 == 1);
}
