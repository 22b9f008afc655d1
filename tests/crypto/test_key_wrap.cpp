// AES key wrap against RFC 3394 section 4 (all six examples) and RFC 5649
// section 6 (both examples), plus the integrity checks.
#include <catch2/catch.hpp>

#include <algorithm>

#include "crypto/aes.hpp"
#include "hex.hpp"

using namespace p11::crypto;
using test::hex;

namespace {

const bytes kek128 = hex("000102030405060708090A0B0C0D0E0F");
const bytes kek192 = hex("000102030405060708090A0B0C0D0E0F1011121314151617");
const bytes kek256 = hex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
const bytes key128 = hex("00112233445566778899AABBCCDDEEFF");
const bytes key192 = hex("00112233445566778899AABBCCDDEEFF0001020304050607");
const bytes key256 = hex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");

bytes plain(const secure_bytes& s) { return bytes(s.begin(), s.end()); }

} // namespace

TEST_CASE("RFC 3394 wrap and unwrap, section 4.1 to 4.6", "[key-wrap]") {
    struct example {
        const char* section;
        const bytes* kek;
        const bytes* key;
        const char* wrapped;
    };
    const example examples[] = {
        {"4.1", &kek128, &key128, "1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5"},
        {"4.2", &kek192, &key128, "96778B25AE6CA435 F92B5B97C050AED2 468AB8A17AD84E5D"},
        {"4.3", &kek256, &key128, "64E8C3F9CE0F5BA2 63E9777905818A2A 93C8191E7D6E8AE7"},
        {"4.4", &kek192, &key192, "031D33264E15D332 68F24EC260743EDC E1C6C7DDEE725A93 6BA814915C6762D2"},
        {"4.5", &kek256, &key192, "A8F9BC1612C68B3F F6E6F4FBE30E71E4 769C8B80A32CB895 8CD5D17D6B254DA1"},
        {"4.6", &kek256, &key256,
         "28C9F404C4B810F4 CBCCB35CFB87F826 3F5786E2D80ED326 CBC7F0E71A99F43B FB988B9B7A02DD21"},
    };
    for (const auto& e : examples) {
        INFO("RFC 3394 section " << e.section);
        bytes wrapped;
        REQUIRE(aes_key_wrap(*e.kek, *e.key, {}, wrapped) == status::ok);
        CHECK(wrapped == hex(e.wrapped));
        secure_bytes unwrapped;
        REQUIRE(aes_key_unwrap(*e.kek, wrapped, {}, unwrapped) == status::ok);
        CHECK(plain(unwrapped) == *e.key);
        // The default IV given explicitly is the same thing.
        bytes again;
        REQUIRE(aes_key_wrap(*e.kek, *e.key, hex("A6A6A6A6A6A6A6A6"), again) == status::ok);
        CHECK(again == wrapped);
    }
}

TEST_CASE("RFC 3394 unwrap detects tampering and enforces lengths", "[key-wrap]") {
    bytes wrapped = hex("1FA68B0A8112B447 AEF34BD8FB5A7B82 9D3E862371D2CFE5");
    secure_bytes out;
    for (std::size_t i = 0; i < wrapped.size(); i += 7) {
        auto t = wrapped;
        t[i] ^= 0x80;
        CHECK(aes_key_unwrap(kek128, t, {}, out) == status::decrypt_failed);
        CHECK(out.empty());
    }
    CHECK(aes_key_unwrap(kek192, wrapped, {}, out) == status::decrypt_failed);             // wrong KEK
    CHECK(aes_key_unwrap(kek128, wrapped, hex("0102030405060708"), out) == status::decrypt_failed);  // other IV
    CHECK(aes_key_unwrap(kek128, bytes_view(wrapped).first(16), {}, out) == status::invalid_input);
    CHECK(aes_key_unwrap(kek128, bytes_view(wrapped).first(23), {}, out) == status::invalid_input);
    bytes w;
    CHECK(aes_key_wrap(kek128, bytes(8, 1), {}, w) == status::invalid_input);
    CHECK(aes_key_wrap(kek128, bytes(20, 1), {}, w) == status::invalid_input);
    CHECK(aes_key_wrap(hex("0011"), key128, {}, w) == status::invalid_key);
    CHECK(aes_key_wrap(kek128, key128, hex("00"), w) == status::unsupported);

    // A caller-chosen IV must be given back on unwrap.
    const auto iv = hex("0102030405060708");
    REQUIRE(aes_key_wrap(kek128, key128, iv, w) == status::ok);
    CHECK(w != wrapped);
    REQUIRE(aes_key_unwrap(kek128, w, iv, out) == status::ok);
    CHECK(plain(out) == key128);
    CHECK(aes_key_unwrap(kek128, w, {}, out) == status::decrypt_failed);
}

TEST_CASE("RFC 5649 wrap with padding, section 6", "[key-wrap]") {
    const auto kek = hex("5840df6e29b02af1 ab493b705bf16ea1 ae8338f4dcc176a8");
    struct example {
        const char* key;
        const char* wrapped;
    };
    const example examples[] = {
        {"c37b7e6492584340 bed1220780894115 5068f738",
         "138bdeaa9b8fa7fc 61f97742e72248ee 5ae6ae5360d1ae6a 5f54f373fa543b6a"},
        {"466f7250617369", "afbeb0f07dfbf541 9200f2ccb50bb24f"},
    };
    for (const auto& e : examples) {
        const auto key = hex(e.key);
        bytes wrapped;
        REQUIRE(aes_key_wrap_pad(kek, key, {}, wrapped) == status::ok);
        CHECK(wrapped == hex(e.wrapped));
        secure_bytes unwrapped;
        REQUIRE(aes_key_unwrap_pad(kek, wrapped, {}, unwrapped) == status::ok);
        CHECK(plain(unwrapped) == key);
    }
}

TEST_CASE("RFC 5649 round trips every length and rejects forgeries", "[key-wrap]") {
    for (std::size_t n = 1; n <= 41; ++n) {
        bytes key(n);
        for (std::size_t i = 0; i < n; ++i) key[i] = static_cast<byte>(i * 7 + n);
        bytes wrapped;
        REQUIRE(aes_key_wrap_pad(kek256, key, {}, wrapped) == status::ok);
        CHECK(wrapped.size() == 8 + (n + 7) / 8 * 8);
        secure_bytes out;
        REQUIRE(aes_key_unwrap_pad(kek256, wrapped, {}, out) == status::ok);
        CHECK(plain(out) == key);
        wrapped[wrapped.size() / 2] ^= 1;
        CHECK(aes_key_unwrap_pad(kek256, wrapped, {}, out) == status::decrypt_failed);
    }
    // A wrapped RFC 3394 key is not an RFC 5649 one (wrong ICV).
    bytes w3394;
    REQUIRE(aes_key_wrap(kek128, key128, {}, w3394) == status::ok);
    secure_bytes out;
    CHECK(aes_key_unwrap_pad(kek128, w3394, {}, out) == status::decrypt_failed);
    // A caller-chosen alternative initial value must be given back on unwrap.
    bytes w;
    REQUIRE(aes_key_wrap_pad(kek128, bytes(8, 0x55), hex("01020304"), w) == status::ok);
    CHECK(aes_key_unwrap_pad(kek128, w, hex("01020304"), out) == status::ok);
    CHECK(aes_key_unwrap_pad(kek128, w, {}, out) == status::decrypt_failed);

    // RFC 5649 section 3 checks, forged through RFC 3394 wrapping with the
    // register set to A65959A6 || MLI: 16 bytes of data admit 9 <= MLI <= 16,
    // and the bytes past MLI must be zero.
    auto forge = [&](const char* aiv, const bytes& data) {
        bytes wrapped;
        REQUIRE(aes_key_wrap(kek128, data, hex(aiv), wrapped) == status::ok);
        return wrapped;
    };
    bytes data(16, 0x33);
    CHECK(aes_key_unwrap_pad(kek128, forge("a65959a600000010", data), {}, out) == status::ok);
    CHECK(out.size() == 16);
    CHECK(aes_key_unwrap_pad(kek128, forge("a65959a600000011", data), {}, out) == status::decrypt_failed);
    CHECK(aes_key_unwrap_pad(kek128, forge("a65959a600000008", data), {}, out) == status::decrypt_failed);
    CHECK(aes_key_unwrap_pad(kek128, forge("a65959a600000000", data), {}, out) == status::decrypt_failed);
    CHECK(aes_key_unwrap_pad(kek128, forge("a65959a60000000f", data), {}, out) == status::decrypt_failed);
    data.back() = 0;
    CHECK(aes_key_unwrap_pad(kek128, forge("a65959a60000000f", data), {}, out) == status::ok);
    CHECK(plain(out) == bytes(15, 0x33));
    std::fill(data.begin() + 9, data.end(), 0);
    CHECK(aes_key_unwrap_pad(kek128, forge("a65959a600000009", data), {}, out) == status::ok);
    CHECK(out.size() == 9);

    bytes ignored;
    CHECK(aes_key_wrap_pad(kek128, {}, {}, ignored) == status::invalid_input);
    CHECK(aes_key_unwrap_pad(kek128, bytes(8, 0), {}, out) == status::invalid_input);
    CHECK(aes_key_unwrap_pad(kek128, bytes(20, 0), {}, out) == status::invalid_input);
}
