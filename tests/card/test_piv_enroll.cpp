// PIV enrollment on the host side against scripted cards: the management
// key's challenge-response (known answers of NIST SP 800-67 for TDEA and
// FIPS-197 for AES as the card's challenge and our response), the choice of
// its algorithm, the SO PIN's hex, the APDUs of GENERATE, PUT DATA and SET
// MANAGEMENT KEY, and
// what C_GenerateKeyPair templates ask for.
#include <catch2/catch.hpp>

#include "fake_channel.hpp"
#include "piv/piv_card.hpp"
#include "piv/piv_enroll.hpp"
#include "piv/piv_management.hpp"

using namespace p11;
using card::testing::fake_channel;
using card::testing::from_hex;
using card::testing::to_hex;

namespace {

struct scripted {
    fake_channel* ch;
    piv::piv_card card;
    scripted() : scripted(std::make_unique<fake_channel>()) {}
    explicit scripted(std::unique_ptr<fake_channel> c) : ch(c.get()), card(std::move(c)) {}
};

secure_bytes key_of(const std::string& hex) {
    auto b = from_hex(hex);
    return secure_bytes(b.begin(), b.end());
}

bytes_view text(const std::string& s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

// SP 800-67 Rev. 2 B.1: the first block under K1 K2 K3.
const std::string tdea_key = "0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123";
const std::string tdea_plain = "5468652071756663", tdea_cipher = "A826FD8CE53B855F";
// FIPS-197 appendix C: the plaintext and its ciphertexts under 00 01 02 ... keys.
const std::string aes_plain = "00112233445566778899AABBCCDDEEFF";
const std::string aes128_key = "000102030405060708090A0B0C0D0E0F";
const std::string aes192_key = "000102030405060708090A0B0C0D0E0F1011121314151617";
const std::string aes256_key = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";

constexpr const char* no_metadata_cmd = "00F7009B00";

// The card's side of one challenge-response with algorithm `alg` (hex P1):
// it gives `challenge` and expects exactly `response`.
void expect_exchange(fake_channel& ch, const std::string& alg, const std::string& challenge, const std::string& response) {
    const auto block = to_hex(std::vector<std::uint8_t>{static_cast<std::uint8_t>(challenge.size() / 2)});
    const auto inner = to_hex(std::vector<std::uint8_t>{static_cast<std::uint8_t>(challenge.size() / 2 + 2)});
    const auto lc = to_hex(std::vector<std::uint8_t>{static_cast<std::uint8_t>(challenge.size() / 2 + 4)});
    ch.expect("0087" + alg + "9B047C02810000", "7C" + inner + "81" + block + challenge + "9000");
    ch.expect("0087" + alg + "9B" + lc + "7C" + inner + "82" + block + response, "9000");
}

} // namespace

TEST_CASE("SO PIN: 32, 48 or 64 hex digits of either case; anything else is no key") {
    auto k = piv::management_key_from_hex(text("010203040506070801020304050607080102030405060708"));
    REQUIRE(k);
    CHECK(to_hex(*k) == "010203040506070801020304050607080102030405060708");
    auto mixed = piv::management_key_from_hex(text("00aAbBcCdDeEfF00112233445566778899aabbccddeeff00"));
    REQUIRE(mixed);
    CHECK(to_hex(*mixed) == "00AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00");
    CHECK(piv::management_key_from_hex(text(aes128_key)));
    CHECK(piv::management_key_from_hex(text(aes256_key)));
    CHECK_FALSE(piv::management_key_from_hex(text("")));
    CHECK_FALSE(piv::management_key_from_hex(text("0102030405060708")));                          // 8 bytes
    CHECK_FALSE(piv::management_key_from_hex(text("01020304050607080102030405060708010203040506")));  // 22
    CHECK_FALSE(piv::management_key_from_hex(text("0102030405060708010203040506070801020304050607 8")));
    CHECK_FALSE(piv::management_key_from_hex(text("0102030405060708010203040506070801020304050607g8")));
}

TEST_CASE("TDEA management key: the card's challenge encrypted as SP 800-67 says") {
    scripted t;
    t.ch->expect(no_metadata_cmd, "6D00");
    expect_exchange(*t.ch, "03", tdea_plain, tdea_cipher);
    REQUIRE(piv::authenticate_management(t.card, key_of(tdea_key)));
    // The APDUs as SP 800-73-4 part 2 (3.2.4) lays them out, spelled out once.
    CHECK(t.ch->sent[1] == "0087039B047C02810000");
    CHECK(t.ch->sent[2] == "0087039B0C7C0A8208" + tdea_cipher);
    CHECK(t.ch->done());
}

TEST_CASE("AES-128 and AES-256 keys by their length; FIPS-197 answers") {
    scripted t;
    t.ch->expect(no_metadata_cmd, "6D00");
    expect_exchange(*t.ch, "08", aes_plain, "69C4E0D86A7B0430D8CDB78070B4C55A");
    REQUIRE(piv::authenticate_management(t.card, key_of(aes128_key)));
    CHECK(t.ch->done());

    scripted u;
    u.ch->expect(no_metadata_cmd, "6A86");
    expect_exchange(*u.ch, "0C", aes_plain, "8EA2B7CA516745BFEAFC49904B496089");
    REQUIRE(piv::authenticate_management(u.card, key_of(aes256_key)));
    CHECK(u.ch->done());
}

TEST_CASE("24 bytes: TDEA first, AES-192 when the card refuses TDEA for 9B") {
    scripted t;
    t.ch->expect(no_metadata_cmd, "6D00");
    t.ch->expect("0087039B047C02810000", "6A86");
    expect_exchange(*t.ch, "0A", aes_plain, "DDA97CA4864CDFE06EAF70A0EC0D7191");
    REQUIRE(piv::authenticate_management(t.card, key_of(aes192_key)));
    CHECK(t.ch->done());
}

TEST_CASE("the card's metadata names the algorithm: no guessing, a key of another length is wrong") {
    scripted t;
    t.ch->expect(no_metadata_cmd, "01010A" "0202FFFF" "9000");  // YubiKey: 01 algorithm AES-192
    expect_exchange(*t.ch, "0A", aes_plain, "DDA97CA4864CDFE06EAF70A0EC0D7191");
    REQUIRE(piv::authenticate_management(t.card, key_of(aes192_key)));
    CHECK(t.ch->done());

    scripted u;
    u.ch->expect(no_metadata_cmd, "01010C" "9000");  // AES-256, and a 16-byte key
    auto r = piv::authenticate_management(u.card, key_of(aes128_key));
    REQUIRE_FALSE(r);
    CHECK(r.err().code == card::errc::pin_incorrect);
    CHECK(u.ch->done());
}

TEST_CASE("a wrong management key: 69 82 to the response is an incorrect PIN") {
    scripted t;
    t.ch->expect(no_metadata_cmd, "6D00");
    t.ch->expect("0087039B047C02810000", "7C0A8108" + tdea_plain + "9000");
    t.ch->expect("*", "6982");
    auto r = piv::authenticate_management(t.card, key_of("0102030405060708010203040506070801020304050607FF"));
    REQUIRE_FALSE(r);
    CHECK(r.err().code == card::errc::pin_incorrect);
    CHECK(t.ch->sent.back() != "0087039B0C7C0A8208" + tdea_cipher);

    scripted u;  // a challenge that is not one block of the algorithm: no response sent
    u.ch->expect(no_metadata_cmd, "6D00");
    u.ch->expect("0087039B047C02810000", "7C058103010203" "9000");
    auto m = piv::authenticate_management(u.card, key_of(tdea_key));
    REQUIRE_FALSE(m);
    CHECK(m.err().code == card::errc::malformed);
    CHECK(u.ch->done());
}

TEST_CASE("a new management key: the old one authenticated, then YubiKey's SET MANAGEMENT KEY") {
    scripted t;
    t.ch->expect(no_metadata_cmd, "6D00");
    expect_exchange(*t.ch, "03", tdea_plain, tdea_cipher);
    // FF FF FF { algorithm, 9B, length, key }: 3DES stays for a 24-byte key.
    t.ch->expect("00FFFFFF1B039B18" + aes192_key, "9000");
    REQUIRE(piv::change_management_key(t.card, key_of(tdea_key), key_of(aes192_key)));
    CHECK(t.ch->done());

    scripted u;  // a 16-byte key is AES-128; an SP 800-73-4 card has no such command
    u.ch->expect(no_metadata_cmd, "6D00");
    expect_exchange(*u.ch, "03", tdea_plain, tdea_cipher);
    u.ch->expect("00FFFFFF13089B10" + aes128_key, "6D00");
    auto r = piv::change_management_key(u.card, key_of(tdea_key), key_of(aes128_key));
    REQUIRE_FALSE(r);
    CHECK(r.err().code == card::errc::not_supported);
    CHECK(u.ch->done());

    scripted w;  // a wrong old key: nothing is set
    w.ch->expect(no_metadata_cmd, "6D00");
    w.ch->expect("0087039B047C02810000", "7C0A8108" + tdea_plain + "9000");
    w.ch->expect("*", "6982");
    auto bad = piv::change_management_key(w.card, key_of(aes192_key), key_of(tdea_key));
    REQUIRE_FALSE(bad);
    CHECK(bad.err().code == card::errc::pin_incorrect);
    CHECK(w.ch->done());
}

TEST_CASE("GENERATE, PUT DATA, RESET RETRY COUNTER and CHANGE REFERENCE DATA as SP 800-73-4 encodes them") {
    scripted t;
    const std::string point = "04" + std::string(128, 'A');
    t.ch->expect("0047009C05AC0380011100", "7F49438641" + point + "9000");
    auto pub = t.card.generate(0x9C, piv::algorithm::p256);
    REQUIRE(pub);
    CHECK(to_hex(*pub) == "8641" + point);
    // An empty container deletes the object.
    t.ch->expect("00DB3FFF075C035FC10A5300", "9000");
    REQUIRE(t.card.put_data(0x5FC10A, {}));
    t.ch->expect("002C008010" "3132333435363738" "3132333435FFFFFF", "9000");
    REQUIRE(t.card.unblock_pin(text("12345678"), text("12345")));
    t.ch->expect("0024008110" "3132333435363738" "3837363534333231", "63C2");
    auto r = t.card.change_reference(piv::puk_reference, text("12345678"), text("87654321"));
    REQUIRE_FALSE(r);
    CHECK(r.err().code == card::errc::pin_incorrect);
    CHECK(r.err().tries_left == 2);
    CHECK(t.ch->done());
}

TEST_CASE("a certificate longer than a short APDU goes chained (CLA 10) in PUT DATA") {
    scripted t;
    const std::vector<std::uint8_t> der(300, 0x30);
    const auto content = piv::certificate_container(der);
    // 70 82 01 2C <300> 71 01 00 FE 00
    REQUIRE(content.size() == 4 + 300 + 3 + 2);
    CHECK(to_hex({content.data(), 4}) == "7082012C");
    CHECK(to_hex({content.data() + 304, 5}) == "710100FE00");
    t.ch->expect("*", "9000");
    t.ch->expect("*", "9000");
    REQUIRE(t.card.put_data(0x5FC105, content));
    REQUIRE(t.ch->sent.size() == 2);
    CHECK(t.ch->sent[0].substr(0, 10) == "10DB3FFFFF");
    CHECK(t.ch->sent[1].substr(0, 8) == "00DB3FFF");
}

TEST_CASE("key history: keysWithOnCardCerts, none off card") {
    CHECK(to_hex(piv::key_history(3)) == "C10103C20100FE00");
}

TEST_CASE("the public key GENERATE returns as a SubjectPublicKeyInfo") {
    // The P-256 base point (SEC 2, FIPS 186-4 D.1.2.3) as a public key.
    const std::string g = "04"
                          "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"
                          "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5";
    const auto tmpl = from_hex("8641" + g);
    auto spki = piv::public_key_info_of(piv::algorithm::p256, tmpl);
    REQUIRE(spki);
    // SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING point } (RFC 5480).
    CHECK(to_hex(*spki) == "3059301306072A8648CE3D020106082A8648CE3D030107034200" + g);
    CHECK_FALSE(piv::public_key_info_of(piv::algorithm::p384, tmpl));  // not a P-384 point
    CHECK_FALSE(piv::public_key_info_of(piv::algorithm::p256, from_hex("8641" + std::string(130, '0'))));
    CHECK_FALSE(piv::public_key_info_of(piv::algorithm::rsa2048, from_hex("820301 0001")));  // no modulus
}

TEST_CASE("C_GenerateKeyPair templates: slot by CKA_ID, sizes, curves, token objects") {
    using A = attribute_type;
    const auto p256 = from_hex("06082A8648CE3D030107");
    const auto p521 = from_hex("06052B81040023");
    auto make = [](std::uint8_t id, bool token) {
        provider::attribute_set a;
        a.set_bool(A::token, token);
        a.set(A::id, bytes_view{&id, 1});
        return a;
    };
    provider::mechanism_view ec{mechanism_type::ec_key_pair_gen, {}};
    provider::mechanism_view rsa{mechanism_type::rsa_pkcs_key_pair_gen, {}};

    auto pub = make(0x02, true);
    pub.set(A::ec_params, p256);
    auto g = piv::generation_of(ec, pub, make(0x02, true));
    REQUIRE(g);
    CHECK(g->slot->reference == 0x9C);
    CHECK(g->alg == piv::algorithm::p256);

    auto retired = make(0x18, true);
    retired.set(A::ec_params, p256);
    auto r = piv::generation_of(ec, retired, make(0x18, true));
    REQUIRE(r);
    CHECK(r->slot->reference == 0x95);

    CHECK(piv::generation_of(ec, pub, make(0x03, true)).code() == rv::template_inconsistent);
    CHECK(piv::generation_of(ec, pub, make(0x02, false)).code() == rv::template_inconsistent);
    auto nowhere = make(0x19, true);
    nowhere.set(A::ec_params, p256);
    CHECK(piv::generation_of(ec, nowhere, make(0x19, true)).code() == rv::attribute_value_invalid);
    auto big_curve = make(0x02, true);
    big_curve.set(A::ec_params, p521);
    CHECK(piv::generation_of(ec, big_curve, make(0x02, true)).code() == rv::curve_not_supported);
    CHECK(piv::generation_of(ec, make(0x02, true), make(0x02, true)).code() == rv::template_incomplete);

    auto rsa_pub = make(0x01, true);
    rsa_pub.set_ulong(A::modulus_bits, 2048);
    auto rg = piv::generation_of(rsa, rsa_pub, make(0x01, true));
    REQUIRE(rg);
    CHECK(rg->alg == piv::algorithm::rsa2048);
    rsa_pub.set(A::public_exponent, from_hex("03"));
    CHECK(piv::generation_of(rsa, rsa_pub, make(0x01, true)).code() == rv::template_inconsistent);
    rsa_pub.set(A::public_exponent, from_hex("00010001"));
    CHECK(piv::generation_of(rsa, rsa_pub, make(0x01, true)));
    rsa_pub.set_ulong(A::modulus_bits, 3072);
    CHECK(piv::generation_of(rsa, rsa_pub, make(0x01, true)).code() == rv::key_size_range);

    provider::attribute_set no_id;
    no_id.set_bool(A::token, true);
    CHECK(piv::slot_of(no_id).code() == rv::template_incomplete);
}
