// The OpenPGP card driver (src/openpgp) against scripted cards: the parsers
// of what a card returns (6E, 65, 7A, 7F49) with data objects laid out as
// the specification (version 3.4) defines their fields, recognition, the
// token's info and objects, and the APDUs of VERIFY, PSO:COMPUTE DIGITAL
// SIGNATURE, PSO:DECIPHER (RSA and ECDH) and INTERNAL AUTHENTICATE.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>

#include "crypto/rsa.hpp"
#include "fake_channel.hpp"
#include "openpgp/openpgp_card.hpp"
#include "openpgp/openpgp_fingerprint.hpp"
#include "openpgp/openpgp_objects.hpp"
#include "openpgp/openpgp_ops.hpp"
#include "openpgp/openpgp_token.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "p11/card/tlv.hpp"
#include "p11/constants/certificate_type.hpp"
#include "p11/constants/ec_kdf.hpp"
#include "p11/constants/key_type.hpp"
#include "p11/constants/object_class.hpp"

using namespace p11;
using card::testing::fake_channel;
using card::testing::from_hex;
using card::testing::to_hex;
using A = attribute_type;

namespace {

// A TLV in hex from a tag and a value in hex (lengths computed, BER-TLV).
std::string tlv(std::uint32_t tag, const std::string& value_hex) {
    const auto v = from_hex(value_hex);
    return to_hex(card::make_tlv(tag, v));
}

// The AID: RID + application D2 76 00 01 24 01, version 3.4, manufacturer
// 0006, serial number 00001234, RFU 0000 (3.4, 4.2.1).
const std::string aid_value = "D27600012401" "0304" "0006" "00001234" "0000";
// Historical bytes as a YubiKey 5 sends them: category 00, card capabilities
// 73 00 00 E0 (chaining and extended Lc/Le), status 05 90 00.
const std::string hist_extended = "0073" "0000E0" "059000";
// As Gnuk sends them: card service data 31 84, capabilities 73 80 01 80
// (chaining only), status 00 90 00.
const std::string hist_chaining = "003184" "73800180" "009000";
// Extended capabilities (3.4, 4.4.3.7): 10 bytes.
const std::string ext_caps = "7D000BFE080000FF0000";
// Algorithm attributes: RSA 2048 with a 32-bit exponent, standard import format.
const std::string rsa2048 = "01" "0800" "0020" "00";
// ECDSA / ECDH with P-256 (OID 1.2.840.10045.3.1.7), EdDSA with Ed25519
// (1.3.6.1.4.1.11591.15.1), ECDH with X25519 (1.3.6.1.4.1.3029.1.5.1).
const std::string ecdsa_p256 = "13" "2A8648CE3D030107";
const std::string ecdh_p256 = "12" "2A8648CE3D030107";
const std::string eddsa_ed25519 = "16" "2B06010401DA470F01";
const std::string ecdh_x25519 = "12" "2B060104019755010501";
// PW status: PW1 valid for one PSO:CDS (00), max lengths 127 127 127, tries 3 0 3.
const std::string pw_one_signature = "00" "7F7F7F" "030003";

std::string application_data(const std::string& hist, const std::string& c1, const std::string& c2,
                             const std::string& c3, const std::string& c4, const std::string& key_info,
                             bool in_73 = true) {
    const std::string discretionary = tlv(0xC0, ext_caps) + tlv(0xC1, c1) + tlv(0xC2, c2) + tlv(0xC3, c3) +
                                      tlv(0xC4, c4) + key_info;
    return tlv(0x6E, tlv(0x4F, aid_value) + tlv(0x5F52, hist) + (in_73 ? tlv(0x73, discretionary) : discretionary));
}
// Key information (3.4, 4.4.3.8): 01 generated, 02 and 03 absent.
const std::string only_signature_key = tlv(0xDE, "010102000300");

openpgp::application_data parsed(const std::string& hex) {
    const auto raw = from_hex(hex);
    auto r = openpgp::parse_application_data(raw);
    REQUIRE(r);
    return *r;
}

// The P-256 base point G (SEC 2 / FIPS 186-4 D.1.2.3), uncompressed: a valid public key.
const std::string p256_g = "04"
                           "6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"
                           "4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5";

constexpr const char* select_apdu = "00A4040006D27600012401";
constexpr const char* get_6e_short = "00CA006E00";

struct scripted_token {
    fake_channel* ch;
    std::shared_ptr<cards::card_token> token;
    explicit scripted_token(const std::string& do_6e) {
        auto c = std::make_unique<fake_channel>();
        ch = c.get();
        ch->expect(select_apdu, "9000");
        ch->expect(get_6e_short, do_6e + "9000");
        auto r = openpgp::recognise(std::move(c));
        REQUIRE(r);
        REQUIRE(*r);
        token = *r;
    }
};

std::optional<std::vector<std::uint8_t>> value_of(const provider::token_object& o, A t) {
    auto v = o.snapshot->attributes().get(t);
    if (!v) return std::nullopt;
    return std::vector<std::uint8_t>(v->begin(), v->end());
}
const provider::token_object* find_object(const std::vector<provider::token_object>& all, object_class cls,
                                          std::uint8_t id) {
    for (const auto& o : all)
        if (o.snapshot->cls() == cls && value_of(o, A::id) == std::vector<std::uint8_t>{id}) return &o;
    return nullptr;
}

// SELECT DATA of an occurrence of 7F21 (3.4, 7.2.5): 60 { 5C { 7F 21 } }.
std::string select_data(const std::string& occurrence) { return "00A5" + occurrence + "0406" "60045C027F21"; }

// The first search of everything on a card whose only key (P-256, G) is in
// slot 01: one GENERATE with P1 81 and CRT B6, no certificates (the
// signature key's, the decryption key's through SELECT DATA, the default
// occurrence selected again after each, then the authentication key's), the counters.
std::vector<provider::token_object> first_search_with_signature_key(scripted_token& t, const std::string& counter) {
    t.ch->expect("00478100000002B6000000", tlv(0x7F49, tlv(0x86, p256_g)) + "9000");
    for (const char* occurrence : {"02", "01"}) {
        t.ch->expect(select_data(occurrence), "9000");
        t.ch->expect("00CA7F21000000", "6A88");
        t.ch->expect(select_data("00"), "9000");
    }
    t.ch->expect("00CA7F21000000", "6A88");
    t.ch->expect("00CA007A000000", tlv(0x7A, tlv(0x93, counter)) + "9000");
    t.ch->expect("00CA00C4000000", pw_one_signature + "9000");
    auto all = t.token->find(template_view{}, true);
    CHECK(t.ch->done());
    return all;
}

} // namespace

TEST_CASE("6E with RSA keys, discretionary data in 73, key information DE") {
    const auto app = parsed(application_data(hist_extended, rsa2048, rsa2048, rsa2048, pw_one_signature, only_signature_key));
    CHECK(app.version_major == 3);
    CHECK(app.version_minor == 4);
    CHECK(app.manufacturer == 0x0006);
    CHECK(to_hex(app.serial) == "00001234");
    CHECK(app.extended_length);
    CHECK(app.chaining);
    for (const auto& a : app.algorithms) {
        CHECK(a.id == openpgp::algorithm_id::rsa);
        CHECK(a.rsa_bits == 2048);
        CHECK(a.supported);
    }
    CHECK(app.pw.pw1_one_signature);
    CHECK(app.pw.pw1_max == 127);
    CHECK(app.pw.pw1_tries == 3);
    CHECK(app.pw.rc_tries == 0);
    CHECK(app.pw.pw3_tries == 3);
    CHECK(app.key_present == std::array<bool, 3>{true, false, false});
    CHECK(openpgp::manufacturer_name(app.manufacturer) == "Yubico");
    CHECK(openpgp::manufacturer_name(0x1234) == "0x1234");
}

TEST_CASE("6E as its content only, without the 6E header, as some cards send it") {
    const auto whole = application_data(hist_extended, rsa2048, rsa2048, rsa2048, pw_one_signature, only_signature_key);
    const auto raw = from_hex(whole);
    const auto content = card::read_exact(raw, 0x6E);
    REQUIRE(content);
    auto app = openpgp::parse_application_data(*content);
    REQUIRE(app);
    CHECK(to_hex(app->serial) == "00001234");
    CHECK(app->key_present == std::array<bool, 3>{true, false, false});
    // The same for 65 and 7A.
    CHECK(openpgp::cardholder_name(from_hex(tlv(0x5B, "446F653C3C4A6F686E"))) == "John Doe");
    CHECK(openpgp::signature_counter(from_hex(tlv(0x93, "000102"))) == 0x102);
}

TEST_CASE("6E of an early card: no 73, ECC keys, presence from the fingerprints C5") {
    // Fingerprints: signature and authentication set, decryption all zeros.
    const std::string fingerprints = std::string(40, 'A') + std::string(40, '0') + std::string(40, 'B');
    const auto app = parsed(application_data(hist_chaining, ecdsa_p256, ecdh_x25519, eddsa_ed25519, "01" "207F7F" "030303",
                                             tlv(0xC5, fingerprints), false));
    CHECK_FALSE(app.extended_length);
    CHECK(app.chaining);
    CHECK_FALSE(app.pw.pw1_one_signature);
    CHECK(app.algorithms[0].ec_curve == openpgp::curve::p256);
    CHECK(app.algorithms[1].ec_curve == openpgp::curve::x25519);
    CHECK(app.algorithms[2].ec_curve == openpgp::curve::ed25519);
    CHECK((app.algorithms[0].supported && app.algorithms[1].supported && app.algorithms[2].supported));
    CHECK(app.key_present == std::array<bool, 3>{true, false, true});
}

TEST_CASE("algorithm attributes: what the token serves and what it leaves alone") {
    auto attrs = [](const std::string& hex) {
        const auto raw = from_hex(hex);
        return openpgp::parse_algorithm_attributes(raw);
    };
    CHECK(attrs(ecdh_p256 + "FF")->supported);  // import format byte FF: public key included
    CHECK_FALSE(attrs("01" "0400" "0011" "00")->supported);  // RSA 1024: not served
    CHECK_FALSE(attrs("16" "2A8648CE3D030107")->supported);   // EdDSA on P-256: no such thing
    CHECK_FALSE(attrs("13" "2B8104002200")->supported);       // P-384: not served (yet)
    CHECK_FALSE(attrs("42")->supported);                      // an unknown algorithm id
    CHECK_FALSE(attrs(""));                                    // nothing at all
    CHECK_FALSE(attrs("01" "0800"));                           // RSA cut short
    CHECK_FALSE(attrs("13"));                                  // ECC without an OID
}

TEST_CASE("malformed 6E: an error, never a guess") {
    const auto good = application_data(hist_extended, rsa2048, rsa2048, rsa2048, pw_one_signature, only_signature_key);
    auto fails = [](const std::string& hex) {
        const auto raw = from_hex(hex);
        return !openpgp::parse_application_data(raw);
    };
    CHECK(fails(good.substr(0, good.size() - 2)));                    // cut short
    CHECK(fails(good + "00"));                                        // trailing byte
    CHECK(fails("65" + good.substr(2)));                              // another DO
    CHECK(fails(""));
    CHECK(fails(tlv(0x6E, tlv(0x4F, "D27600012402" + aid_value.substr(12)))));  // not the OpenPGP AID
    CHECK(fails(application_data(hist_extended, rsa2048, rsa2048, rsa2048, "00" "7F7F7F" "0300", only_signature_key)));
    CHECK(fails(application_data(hist_extended, rsa2048, rsa2048, rsa2048, pw_one_signature, tlv(0xDE, "0101020"  "0"
                                                                                                        "03"))));
    // No algorithm attributes for the decryption key.
    CHECK(fails(tlv(0x6E, tlv(0x4F, aid_value) + tlv(0x73, tlv(0xC1, rsa2048) + tlv(0xC3, rsa2048) +
                                                              tlv(0xC4, pw_one_signature)))));
    // Historical bytes whose compact-TLV runs past the end are only ignored.
    CHECK_FALSE(parsed(application_data("007F", rsa2048, rsa2048, rsa2048, pw_one_signature, "")).extended_length);
}

TEST_CASE("public keys from 7F49: RSA modulus and exponent, EC points") {
    openpgp::algorithm_attributes rsa{openpgp::algorithm_id::rsa, 2048, std::nullopt, true};
    const std::string modulus = "C1" + std::string(510, '5');
    auto key = [](const std::string& hex, const openpgp::algorithm_attributes& a) {
        const auto raw = from_hex(hex);
        return openpgp::parse_public_key(raw, a);
    };
    auto k = key(tlv(0x7F49, tlv(0x81, "00" + modulus) + tlv(0x82, "010001")), rsa);  // a leading zero is dropped
    REQUIRE(k);
    CHECK(k->modulus.size() == 256);
    CHECK(to_hex(k->exponent) == "010001");
    CHECK_FALSE(key(tlv(0x7F49, tlv(0x81, modulus.substr(2)) + tlv(0x82, "010001")), rsa));  // 2040 bits, not 2048
    CHECK_FALSE(key(tlv(0x7F49, tlv(0x81, modulus)), rsa));                                  // no exponent
    CHECK_FALSE(key(tlv(0x7F49, tlv(0x81, "") + tlv(0x82, "03")), rsa));                     // an empty modulus

    openpgp::algorithm_attributes p256{openpgp::algorithm_id::ecdsa, 0, openpgp::curve::p256, true};
    openpgp::algorithm_attributes ed{openpgp::algorithm_id::eddsa, 0, openpgp::curve::ed25519, true};
    CHECK(key(tlv(0x7F49, tlv(0x86, p256_g)), p256));
    CHECK_FALSE(key(tlv(0x7F49, tlv(0x86, p256_g.substr(2))), p256));  // not uncompressed
    CHECK_FALSE(key(tlv(0x7F49, tlv(0x86, p256_g)), ed));              // 65 bytes for Ed25519
    CHECK(key(tlv(0x7F49, tlv(0x86, std::string(64, '6'))), ed));
    CHECK_FALSE(key(tlv(0x7F21, tlv(0x86, p256_g)), p256));            // the wrong DO
}

TEST_CASE("cardholder name and signature counter") {
    auto name = [](const std::string& hex) {
        const auto raw = from_hex(hex);
        return openpgp::cardholder_name(raw);
    };
    // "Doe<<John<Paul" (ISO 7501-1: surname first).
    CHECK(name(tlv(0x65, tlv(0x5B, "446F653C3C4A6F686E3C5061756C") + tlv(0x5F2D, "656E") + tlv(0x5F35, "39"))) ==
          "John Paul Doe");
    CHECK(name(tlv(0x65, tlv(0x5B, "446F65"))) == "Doe");
    CHECK(name(tlv(0x65, tlv(0x5B, "446F0A65"))).empty());  // a control character
    CHECK(name(tlv(0x65, tlv(0x5F2D, "656E"))).empty());     // no name
    auto counter = [](const std::string& hex) {
        const auto raw = from_hex(hex);
        return openpgp::signature_counter(raw);
    };
    CHECK(counter(tlv(0x7A, tlv(0x93, "01002A"))) == 0x01002A);
    CHECK_FALSE(counter(tlv(0x7A, tlv(0x93, "002A"))));
    CHECK_FALSE(counter(tlv(0x7A, "")));
}

TEST_CASE("recognition: SELECT by AID, then 6E; other cards are not ours") {
    scripted_token t(application_data(hist_extended, rsa2048, rsa2048, rsa2048, pw_one_signature, only_signature_key));
    CHECK(t.ch->done());
    CHECK(t.ch->extended_length());  // the historical bytes said so

    auto c = std::make_unique<fake_channel>();
    c->expect(select_apdu, "6A82");
    auto r = openpgp::recognise(std::move(c));
    REQUIRE(r);
    CHECK(*r == nullptr);

    auto broken = std::make_unique<fake_channel>();
    broken->expect(select_apdu, "9000");
    broken->expect(get_6e_short, "6E03" "4F0100" "9000");  // an AID of one byte
    r = openpgp::recognise(std::move(broken));
    REQUIRE(r);
    CHECK(*r == nullptr);

    auto gone = std::make_unique<fake_channel>();  // no script: removed at once
    r = openpgp::recognise(std::move(gone));
    REQUIRE_FALSE(r);
    CHECK(r.err().code == card::errc::removed);
}

TEST_CASE("token info: label from the cardholder name, serial, manufacturer, PIN counters") {
    // PW1 one try left, PW3 blocked.
    scripted_token t(application_data(hist_extended, rsa2048, rsa2048, rsa2048, "00" "7F7F7F" "010000", only_signature_key));
    t.ch->expect("00CA0065000000", tlv(0x65, tlv(0x5B, "446F653C3C4A6F686E")) + "9000");
    const auto d = t.token->describe();
    CHECK(d.label == "John Doe");
    CHECK(d.serial == "00001234");
    CHECK(d.manufacturer == "Yubico");
    CHECK(d.model == "OpenPGP v3.4");
    CHECK(to_ulong(d.flags & token_flags::user_pin_final_try) != 0);
    CHECK(to_ulong(d.flags & token_flags::user_pin_count_low) != 0);
    CHECK(to_ulong(d.flags & token_flags::user_pin_locked) == 0);
    CHECK(to_ulong(d.flags & token_flags::so_pin_locked) != 0);
    CHECK(d.min_pin_length == 6);
    CHECK(t.ch->done());
    (void)t.token->describe();  // served from memory
    CHECK(t.ch->sent.size() == 3);

    scripted_token nameless(application_data(hist_extended, rsa2048, rsa2048, rsa2048, pw_one_signature, only_signature_key));
    nameless.ch->expect("00CA0065000000", "6500" "9000");
    const auto e = nameless.token->describe();
    CHECK(e.label == "OpenPGP card");
    CHECK(to_ulong(e.flags & (token_flags::user_pin_count_low | token_flags::so_pin_count_low)) == 0);
}

TEST_CASE("objects: the present key's pair, no certificate, the counters as data objects") {
    scripted_token t(application_data(hist_extended, ecdsa_p256, ecdh_p256, eddsa_ed25519, pw_one_signature, only_signature_key));
    const auto all = first_search_with_signature_key(t, "00002A");
    const auto* priv = find_object(all, object_class::private_key, 0x01);
    const auto* pub = find_object(all, object_class::public_key, 0x01);
    REQUIRE(priv);
    REQUIRE(pub);
    CHECK(find_object(all, object_class::private_key, 0x02) == nullptr);
    CHECK(find_object(all, object_class::certificate, 0x03) == nullptr);
    CHECK(priv->snapshot->key_type() == static_cast<ck_ulong>(key_type::ec));
    CHECK(priv->snapshot->flag(A::sign));
    CHECK_FALSE(priv->snapshot->flag(A::derive));
    CHECK(priv->snapshot->flag(A::always_authenticate));  // PW1 valid for one signature
    CHECK(to_hex(*value_of(*pub, A::ec_point)) == "0441" + p256_g);
    CHECK(priv->snapshot->flag(A::local));  // DE: 01, generated on the card
    CHECK(pub->snapshot->flag(A::local));
    std::optional<std::vector<std::uint8_t>> counter;
    for (const auto& o : all)
        if (o.snapshot->cls() == object_class::data && value_of(o, A::label) == std::vector<std::uint8_t>{
            'D', 'i', 'g', 'i', 't', 'a', 'l', ' ', 's', 'i', 'g', 'n', 'a', 't', 'u', 'r', 'e', ' ',
            'c', 'o', 'u', 'n', 't', 'e', 'r'})
            counter = value_of(o, A::value);
    REQUIRE(counter);
    CHECK(to_hex(*counter) == "00002A");
    // Not logged in: the private key is hidden; nothing is read again.
    const auto public_only = t.token->find(template_view{}, false);
    CHECK(find_object(public_only, object_class::private_key, 0x01) == nullptr);
    CHECK(find_object(public_only, object_class::public_key, 0x01) != nullptr);
    CHECK(t.ch->done());
}

TEST_CASE("CKA_LOCAL from key information DE: an imported key (02) is not local") {
    const auto do_6e = application_data(hist_extended, ecdsa_p256, ecdh_p256, ecdsa_p256, pw_one_signature,
                                        tlv(0xDE, "010202000300"));
    CHECK(parsed(do_6e).key_present[0]);
    CHECK_FALSE(parsed(do_6e).key_generated[0]);
    scripted_token t(do_6e);
    const auto all = first_search_with_signature_key(t, "000000");
    const auto* priv = find_object(all, object_class::private_key, 0x01);
    REQUIRE(priv);
    CHECK_FALSE(priv->snapshot->flag(A::local));
}

TEST_CASE("OpenPGP v4 fingerprint: RFC 9580 A.3's sample Ed25519 key") {
    // RFC 9580 appendix A.3 (also draft-koch-eddsa-for-openpgp A.1): the public
    // key packet C6 33 with creation time 53F35F0B, EdDSA, fingerprint C959...5A9A.
    openpgp::algorithm_attributes ed25519{0x16, 0, openpgp::curve::ed25519, true};
    openpgp::public_key key;
    key.point = from_hex("3F098994BDD916ED4053197934E4A87C80733A1280D62F8010992E43EE3B2406");
    const auto body = openpgp::public_key_packet_body(openpgp::role::sign, ed25519, key, 0x53F35F0B);
    CHECK(to_hex(body) == "0453F35F0B16092B06010401DA470F010107403F098994BDD916ED4053197934E4A87C80733A1280D62F8010992E43EE3B2406");
    CHECK(to_hex(openpgp::v4_fingerprint(body)) == "C959BDBAFA32A2F89A153B678CFDE12197965A9A");
}

TEST_CASE("OpenPGP public key packets of RSA, ECDSA and ECDH keys (RFC 4880 5.5.2, RFC 6637 9)") {
    openpgp::algorithm_attributes rsa{0x01, 2048, std::nullopt, true};
    openpgp::public_key rsa_key;
    // Leading zero bytes are not part of an MPI; the bit count is of the top byte's highest bit.
    rsa_key.modulus = from_hex("00C1");
    rsa_key.exponent = from_hex("010001");
    CHECK(to_hex(openpgp::public_key_packet_body(openpgp::role::sign, rsa, rsa_key, 0x01020304)) ==
          "0401020304" "01" "0008C1" "0011010001");
    openpgp::algorithm_attributes p256{0x12, 0, openpgp::curve::p256, true};
    openpgp::public_key ec_key;
    ec_key.point = from_hex(p256_g);
    // The decryption slot's key is ECDH (18) with KDF parameters SHA-256 / AES-128; the others ECDSA (19).
    CHECK(to_hex(openpgp::public_key_packet_body(openpgp::role::decrypt, p256, ec_key, 0)) ==
          "0400000000" "12" "082A8648CE3D030107" "0203" + p256_g + "03010807");
    CHECK(to_hex(openpgp::public_key_packet_body(openpgp::role::authenticate, p256, ec_key, 0)) ==
          "0400000000" "13" "082A8648CE3D030107" "0203" + p256_g);
    openpgp::algorithm_attributes x25519{0x12, 0, openpgp::curve::x25519, true};
    openpgp::public_key x_key;
    x_key.point = std::vector<std::uint8_t>(32, 0x09);
    std::string nines;
    for (int i = 0; i < 32; ++i) nines += "09";
    // X25519 and Ed25519 points carry the 40 prefix: 263 bits.
    CHECK(to_hex(openpgp::public_key_packet_body(openpgp::role::decrypt, x25519, x_key, 0)) ==
          "0400000000" "12" "0A2B060104019755010501" "0107" "40" + nines + "03010807");
}

TEST_CASE("login: PW1 as 82 (and 81 when valid for several signatures), PW3 as the SO") {
    scripted_token t(application_data(hist_extended, rsa2048, rsa2048, rsa2048, "01" "7F7F7F" "030003", only_signature_key));
    t.ch->expect("0020008206313233343536", "9000");
    t.ch->expect("0020008106313233343536", "9000");
    const std::uint8_t pin[] = {'1', '2', '3', '4', '5', '6'};
    CHECK(t.token->login(user_type::user, pin));
    t.ch->expect("0020008206313233343536", "63C2");
    CHECK(t.token->login(user_type::user, pin).code() == rv::pin_incorrect);
    t.ch->expect("00CA0065000000", "6500" "9000");
    CHECK(to_ulong(t.token->describe().flags & token_flags::user_pin_count_low) != 0);
    // Too short to be PW1 / PW3: refused without spending a try.
    CHECK(t.token->login(user_type::user, std::span(pin, 5)).code() == rv::pin_incorrect);
    CHECK(t.token->login(user_type::so, pin).code() == rv::pin_incorrect);
    const std::uint8_t admin[] = {'1', '2', '3', '4', '5', '6', '7', '8'};
    t.ch->expect("00200083083132333435363738", "6983");
    CHECK(t.token->login(user_type::so, admin).code() == rv::pin_locked);
    CHECK(t.token->login(user_type::context_specific, pin).code() == rv::user_type_invalid);
    t.ch->expect("0020FF81", "9000");
    t.ch->expect("0020FF82", "9000");
    t.ch->expect("0020FF83", "6A86");  // a card before 3.4: ignored
    t.token->logout();
    CHECK(t.ch->done());
}

TEST_CASE("PW1 unblocked: C_SetPIN with the resetting code while blocked, C_InitPIN as the SO") {
    // C4: PW1 for one signature, PW1 blocked (0 tries), resetting code 3, PW3 3.
    scripted_token t(application_data(hist_extended, rsa2048, rsa2048, rsa2048, "00" "7F7F7F" "000303", only_signature_key));
    const std::uint8_t rc[] = {'8', '7', '6', '5', '4', '3', '2', '1', '0', '0'};  // a 10-byte resetting code
    const std::uint8_t fresh[] = {'6', '5', '4', '3', '2', '1'};
    const std::uint8_t pin[] = {'1', '2', '3', '4', '5', '6'};
    const std::string rc_hex = "38373635343332313030", fresh_hex = "363534333231", pin_hex = "313233343536";
    // Blocked (C4 at recognition): the old PIN is the resetting code, RESET RETRY COUNTER 00 81.
    t.ch->expect("002C008110" + rc_hex + fresh_hex, "9000");
    CHECK(t.token->set_pin(user_type::user, rc, fresh));
    // PW1 works again: C_SetPIN is CHANGE REFERENCE DATA 81 once more.
    t.ch->expect("002400810C" + fresh_hex + pin_hex, "9000");
    CHECK(t.token->set_pin(user_type::user, fresh, pin));
    CHECK(t.ch->done());
    // Blocked again by a VERIFY (69 83).
    t.ch->expect("00200082" "06" + pin_hex, "6983");
    CHECK(t.token->login(user_type::user, pin).code() == rv::pin_locked);
    // Refused before the card: a code shorter than 8, a new PW1 shorter than 6.
    CHECK(t.token->set_pin(user_type::user, std::span(rc, 7), fresh).code() == rv::pin_incorrect);
    CHECK(t.token->set_pin(user_type::user, rc, std::span(fresh, 5)).code() == rv::pin_len_range);
    // The card's answers: a wrong code (63 C2, counted), no resetting code set (69 82: PW1
    // stays locked), a new PW1 it refuses (6A 80), the code's tries used up (69 83).
    t.ch->expect("002C008110" + rc_hex + fresh_hex, "63C2");
    CHECK(t.token->set_pin(user_type::user, rc, fresh).code() == rv::pin_incorrect);
    t.ch->expect("002C008110" + rc_hex + fresh_hex, "6982");
    CHECK(t.token->set_pin(user_type::user, rc, fresh).code() == rv::pin_locked);
    t.ch->expect("002C008110" + rc_hex + fresh_hex, "6A80");
    CHECK(t.token->set_pin(user_type::user, rc, fresh).code() == rv::pin_invalid);
    t.ch->expect("002C008110" + rc_hex + fresh_hex, "6983");
    CHECK(t.token->set_pin(user_type::user, rc, fresh).code() == rv::pin_locked);
    // The SO (PW3 verified): RESET RETRY COUNTER 02 81 with the new PW1 alone.
    t.ch->expect("002C028106" + fresh_hex, "9000");
    CHECK(t.token->init_pin(fresh));
    t.ch->expect("002C028106" + fresh_hex, "6982");  // PW3 not verified after all
    CHECK(t.token->init_pin(fresh).code() == rv::user_not_logged_in);
    CHECK(t.token->init_pin(std::span(fresh, 5)).code() == rv::pin_len_range);
    CHECK(t.ch->done());
}

TEST_CASE("certificates: C_CreateObject writes 7F21 of the slot of CKA_ID (SELECT DATA but for 03), C_DestroyObject empties it") {
    std::ifstream in(std::string(P11FORGE_TEST_DATA) + "/ec-p256.der", std::ios::binary);
    const std::vector<std::uint8_t> der{std::istreambuf_iterator<char>(in), {}};
    REQUIRE(der.size() > 100);
    scripted_token t(application_data(hist_extended, ecdsa_p256, ecdh_p256, ecdsa_p256, pw_one_signature, only_signature_key));
    auto cert = [&](std::optional<std::uint8_t> id) {
        provider::attribute_set a;
        a.set_ulong(A::cls, static_cast<ck_ulong>(object_class::certificate));
        a.set_ulong(A::certificate_type, static_cast<ck_ulong>(certificate_type::x_509));
        if (id) a.set(A::id, bytes_view{&*id, 1});
        a.set(A::value, der);
        return a;
    };
    // The signature key's (01): occurrence 2, PUT DATA 7F21 (extended Lc: the card takes it), occurrence 0 again.
    const std::string put = "00DA7F2100" + to_hex(std::vector<std::uint8_t>{static_cast<std::uint8_t>(der.size() >> 8),
                                                                         static_cast<std::uint8_t>(der.size())}) + to_hex(der);
    t.ch->expect(select_data("02"), "9000");
    t.ch->expect(put, "9000");
    t.ch->expect(select_data("00"), "9000");
    auto made = t.token->create(cert(0x01));
    REQUIRE(made);
    CHECK(made->key == openpgp::object_key(openpgp::object_kind::certificate, 0x01));
    CHECK(made->snapshot->flag(A::destroyable));
    CHECK(t.ch->done());
    // The authentication key's (03): no SELECT DATA.  PW3 not verified: 69 82.
    t.ch->expect(put, "6982");
    CHECK(t.token->create(cert(0x03)).code() == rv::user_not_logged_in);
    // Refused before the card: no CKA_ID, another one, no value, not DER, not X.509.
    CHECK(t.token->create(cert(std::nullopt)).code() == rv::template_incomplete);
    CHECK(t.token->create(cert(0x04)).code() == rv::attribute_value_invalid);
    auto no_value = cert(0x02);
    no_value.erase(A::value);
    CHECK(t.token->create(no_value).code() == rv::template_incomplete);
    auto garbage = cert(0x02);
    garbage.set(A::value, from_hex("3003020101"));
    CHECK(t.token->create(garbage).code() == rv::attribute_value_invalid);
    auto other_type = cert(0x02);
    other_type.set_ulong(A::certificate_type, static_cast<ck_ulong>(certificate_type::wtls));
    CHECK(t.token->create(other_type).code() == rv::attribute_value_invalid);
    CHECK(t.ch->done());
    // C_DestroyObject: the decryption key's (occurrence 1) emptied; keys are not destroyed.
    t.ch->expect(select_data("01"), "9000");
    t.ch->expect("00DA7F21", "9000");
    t.ch->expect(select_data("00"), "9000");
    CHECK(t.token->destroy(openpgp::object_key(openpgp::object_kind::certificate, 0x02)));
    t.ch->expect(select_data("02"), "9000");
    t.ch->expect("00DA7F21", "6982");
    t.ch->expect(select_data("00"), "9000");
    CHECK(t.token->destroy(openpgp::object_key(openpgp::object_kind::certificate, 0x01)).code() == rv::user_not_logged_in);
    CHECK(t.token->destroy(openpgp::object_key(openpgp::object_kind::private_key, 0x01)).code() == rv::action_prohibited);
    CHECK(t.token->destroy(openpgp::object_key(openpgp::object_kind::certificate, 0x07)).code() == rv::object_handle_invalid);
    CHECK(t.ch->done());
}

TEST_CASE("the APDUs of the private-key commands, short and chained") {
    auto c = std::make_unique<fake_channel>();  // short APDUs only
    auto* ch = c.get();
    openpgp::openpgp_card card(std::move(c));
    const std::string hash = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
    ch->expect("002A9E9A20" + hash + "00", std::string(128, '1') + "9000");
    CHECK(card.compute_signature(from_hex(hash)));
    ch->expect("0088000020" + hash + "00", std::string(128, '2') + "9000");
    CHECK(card.internal_authenticate(from_hex(hash)));
    // ECDH: A6 { 7F49 { 86 point } } (3.4, 7.2.11).
    ch->expect("002A808648" "A646" "7F4943" "8641" + p256_g + "00", std::string(64, '3') + "9000");
    auto z = card.ecdh(from_hex(p256_g));
    REQUIRE(z);
    CHECK(z->size() == 32);
    // RSA: padding indicator 00 and 256 bytes: two APDUs, the first with CLA 10.
    const std::string cryptogram(512, 'C');
    ch->expect("102A8086FF" "00" + cryptogram.substr(0, 508), "9000");
    ch->expect("002A808602" + cryptogram.substr(508) + "00", "48656C6C6F" "9000");
    auto plain = card.decipher_rsa(from_hex(cryptogram));
    REQUIRE(plain);
    CHECK(to_hex(*plain) == "48656C6C6F");
    // The public key of a slot, and a new key pair.
    ch->expect("0047810002B80000", "6A88");
    CHECK(card.public_key_of(0xB8, false).err().code == card::errc::not_found);
    ch->expect("0047800002A40000", tlv(0x7F49, tlv(0x86, p256_g)) + "9000");
    CHECK(card.public_key_of(0xA4, true));
    // The PIN's tries without trying one.
    ch->expect("00200081", "63C2");
    CHECK(*card.pw_tries(0x81) == 2);
    ch->expect("00200082", "9000");
    CHECK(*card.pw_tries(0x82) == -1);
    CHECK_FALSE(card.verify(0x82, {}));  // an empty PIN would only ask for the status
    CHECK(ch->done());
}

namespace {
// The token with one key (slot 01, or 02 for `decryption`) read from a scripted card.
struct token_with_key {
    scripted_token t;
    provider::object_ptr key;
    token_with_key(const std::string& do_6e, const std::string& crt, const std::string& public_key_do, std::uint8_t id)
        : t(do_6e) {
        t.ch->expect("00478100000002" + crt + "000000", public_key_do + "9000");
        const abi::CK_BYTE wanted = id;
        const abi::CK_ULONG cls = static_cast<abi::CK_ULONG>(object_class::private_key);
        const abi::CK_ATTRIBUTE tmpl[] = {{static_cast<abi::CK_ATTRIBUTE_TYPE>(A::id), const_cast<abi::CK_BYTE*>(&wanted), 1},
                                          {static_cast<abi::CK_ATTRIBUTE_TYPE>(A::cls), const_cast<abi::CK_ULONG*>(&cls),
                                           sizeof cls}};
        const auto found = t.token->find(template_view{tmpl}, true);
        const auto* o = find_object(found, object_class::private_key, id);
        REQUIRE(o);
        key = o->snapshot;
        REQUIRE(t.ch->done());
    }
};
} // namespace

TEST_CASE("ECDSA on the signature key: context PIN, VERIFY 81 then PSO:CDS in one go, r || s out") {
    token_with_key k(application_data(hist_extended, ecdsa_p256, ecdh_p256, eddsa_ed25519, pw_one_signature,
                                      only_signature_key),
                     "B6", tlv(0x7F49, tlv(0x86, p256_g)), 0x01);
    auto op = k.t.token->begin_sign(provider::mechanism_view{mechanism_type::ecdsa, {}}, *k.key);
    REQUIRE(op);
    REQUIRE((*op)->needs_context_login());
    const std::uint8_t pin[] = {'1', '2', '3', '4', '5', '6'};
    k.t.ch->expect("0020008106313233343536", "9000");
    REQUIRE((*op)->context_login(pin));
    const std::string hash = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
    const std::string rs = std::string(64, 'A') + std::string(64, 'B');
    k.t.ch->expect("0020008106313233343536", "9000");
    k.t.ch->expect("002A9E9A000020" + hash + "0000", rs + "9000");
    std::vector<std::uint8_t> sig((*op)->signature_size());
    auto n = (*op)->sign(from_hex(hash), sig);
    REQUIRE(n);
    CHECK(to_hex(std::span(sig.data(), *n)) == rs);
    CHECK(k.t.ch->done());

    // The card says the PIN is needed (another process reset it): not logged in.
    auto again = k.t.token->begin_sign(provider::mechanism_view{mechanism_type::ecdsa, {}}, *k.key);
    REQUIRE(again);
    k.t.ch->expect("0020008106313233343536", "9000");
    REQUIRE((*again)->context_login(pin));
    k.t.ch->expect("0020008106313233343536", "9000");
    k.t.ch->expect("*", "6982");
    CHECK((*again)->sign(from_hex(hash), sig).code() == rv::user_not_logged_in);
    // No decryption with a signature key, no RSA mechanism with an EC key.
    CHECK(k.t.token->begin_decrypt(provider::mechanism_view{mechanism_type::rsa_pkcs, {}}, *k.key).code() ==
          rv::key_function_not_permitted);
    CHECK(k.t.token->begin_sign(provider::mechanism_view{mechanism_type::sha256_rsa_pkcs, {}}, *k.key).code() ==
          rv::mechanism_invalid);
}

TEST_CASE("RSA: CKM_SHA256_RSA_PKCS sends the DigestInfo, the card's signature verifies") {
    const auto rsa = crypto::generate_rsa(2048, {});
    REQUIRE(rsa);
    const auto parts = rsa->public_key()->components();
    token_with_key k(application_data(hist_extended, rsa2048, rsa2048, rsa2048, "01" "7F7F7F" "030003",
                                      only_signature_key),
                     "B6", tlv(0x7F49, tlv(0x81, to_hex(parts.modulus)) + tlv(0x82, to_hex(parts.public_exponent))),
                     0x01);
    CHECK_FALSE(k.key->flag(A::always_authenticate));  // PW1 valid for several signatures
    auto op = k.t.token->begin_sign(provider::mechanism_view{mechanism_type::sha256_rsa_pkcs, {}}, *k.key);
    REQUIRE(op);
    CHECK_FALSE((*op)->needs_context_login());
    // DigestInfo for SHA-256 (RFC 8017 9.2 note 1) and SHA-256("abc") (FIPS 180-2 B.1).
    const std::string digest_info = "3031300D060960864801650304020105000420"
                                    "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
    crypto::bytes card_signature;
    REQUIRE(rsa->sign_pkcs1(from_hex(digest_info), card_signature) == crypto::status::ok);
    k.t.ch->expect("002A9E9A000033" + digest_info + "0000", to_hex(card_signature) + "9000");
    std::vector<std::uint8_t> sig((*op)->signature_size());
    const std::uint8_t abc[] = {'a', 'b', 'c'};
    auto n = (*op)->sign(abc, sig);
    REQUIRE(n);
    sig.resize(*n);
    CHECK(rsa->public_key()->verify_pkcs1(from_hex(digest_info), sig) == crypto::status::ok);
    CHECK(k.t.ch->done());

    // CKM_RSA_PKCS: the caller's DigestInfo as it is; too long for the key is refused before the card.
    auto raw = k.t.token->begin_sign(provider::mechanism_view{mechanism_type::rsa_pkcs, {}}, *k.key);
    REQUIRE(raw);
    const std::vector<std::uint8_t> too_long(246, 1);
    CHECK((*raw)->sign(too_long, sig).code() == rv::data_len_range);
    CHECK(k.t.token->begin_sign(provider::mechanism_view{mechanism_type::sha256_rsa_pkcs_pss, {}}, *k.key).code() ==
          rv::mechanism_invalid);
}

TEST_CASE("RSA decryption key: PSO:DECIPHER with padding indicator 00, the card's plaintext") {
    const auto rsa = crypto::generate_rsa(2048, {});
    REQUIRE(rsa);
    const auto parts = rsa->public_key()->components();
    token_with_key k(application_data(hist_extended, rsa2048, rsa2048, rsa2048, pw_one_signature, tlv(0xDE, "010002010300")),
                     "B8", tlv(0x7F49, tlv(0x81, to_hex(parts.modulus)) + tlv(0x82, to_hex(parts.public_exponent))),
                     0x02);
    CHECK(k.key->flag(A::decrypt));
    CHECK_FALSE(k.key->flag(A::sign));
    CHECK_FALSE(k.key->flag(A::always_authenticate));
    auto op = k.t.token->begin_decrypt(provider::mechanism_view{mechanism_type::rsa_pkcs, {}}, *k.key);
    REQUIRE(op);
    const std::string cryptogram(512, '7');
    k.t.ch->expect("002A8086000101" "00" + cryptogram + "0000", "48656C6C6F" "9000");
    std::vector<std::uint8_t> out((*op)->single_bound(256));
    auto n = (*op)->single(from_hex(cryptogram), out);
    REQUIRE(n);
    CHECK(to_hex(std::span(out.data(), *n)) == "48656C6C6F");
    CHECK((*op)->single(from_hex(cryptogram.substr(2)), out).code() == rv::encrypted_data_len_range);
    // A cryptogram the card cannot unpad.
    k.t.ch->expect("*", "6A80");
    CHECK((*op)->single(from_hex(cryptogram), out).code() == rv::encrypted_data_invalid);
    CHECK(k.t.token->begin_decrypt(provider::mechanism_view{mechanism_type::rsa_pkcs_oaep, {}}, *k.key).code() ==
          rv::mechanism_invalid);
    CHECK(k.t.ch->done());
}

TEST_CASE("ECDH on the decryption key: CKM_ECDH1_DERIVE through A6 { 7F49 { 86 } }") {
    token_with_key k(application_data(hist_extended, ecdsa_p256, ecdh_p256, ecdsa_p256, pw_one_signature,
                                      tlv(0xDE, "010002010300")),
                     "B8", tlv(0x7F49, tlv(0x86, p256_g)), 0x02);
    CHECK(k.key->flag(A::derive));
    CHECK_FALSE(k.key->flag(A::decrypt));
    const auto peer = from_hex(p256_g);
    abi::CK_ECDH1_DERIVE_PARAMS params{static_cast<abi::CK_ULONG>(ec_kdf::null), 0, nullptr,
                                       static_cast<abi::CK_ULONG>(peer.size()), const_cast<abi::CK_BYTE*>(peer.data())};
    const provider::mechanism_view m{mechanism_type::ecdh1_derive,
                                     {reinterpret_cast<const std::uint8_t*>(&params), sizeof params}};
    const std::string z(64, '5');
    k.t.ch->expect("002A8086000048" "A646" "7F4943" "8641" + p256_g + "0000", z + "9000");
    provider::attribute_set secret;
    secret.set_ulong(A::cls, static_cast<ck_ulong>(object_class::secret_key));
    secret.set_ulong(A::key_type, static_cast<ck_ulong>(key_type::generic_secret));
    auto derived = k.t.token->derive_key(m, *k.key, secret);
    REQUIRE(derived);
    CHECK(to_hex(*derived->get(A::value)) == z);
    // A peer point of the wrong size never reaches the card.
    params.ulPublicDataLen = 64;
    CHECK(k.t.token->derive_key(m, *k.key, secret).code() == rv::mechanism_param_invalid);
    params.ulPublicDataLen = static_cast<abi::CK_ULONG>(peer.size());
    params.kdf = static_cast<abi::CK_ULONG>(ec_kdf::sha256_kdf);
    CHECK(k.t.token->derive_key(m, *k.key, secret).code() == rv::mechanism_param_invalid);
    CHECK(k.t.ch->done());
}

TEST_CASE("key generation: GENERATE 80 into the slot of CKA_ID, of the slot's algorithm; create() hands the pair back") {
    scripted_token t(application_data(hist_extended, ecdsa_p256, ecdh_p256, ecdsa_p256, pw_one_signature,
                                      tlv(0xDE, "010002000300")));
    const auto p256_params = from_hex("06082A8648CE3D030107");
    auto templates = [&](std::optional<std::uint8_t> id) {
        provider::attribute_set pub, priv;
        pub.set(A::ec_params, p256_params);
        if (id) priv.set(A::id, bytes_view{&*id, 1});
        return std::pair{pub, priv};
    };
    const provider::mechanism_view ec_gen{mechanism_type::ec_key_pair_gen, {}};
    auto [pub, priv] = templates(0x03);
    // PW3 not verified: the card says 69 82.
    t.ch->expect("00478000000002A4000000", "6982");
    CHECK(t.token->generate_key_pair(ec_gen, pub, priv).code() == rv::user_not_logged_in);
    t.ch->expect("00478000000002A4000000", tlv(0x7F49, tlv(0x86, p256_g)) + "9000");
    t.ch->expect("*", "9000");  // PUT DATA C9
    t.ch->expect("*", "9000");  // PUT DATA D0
    auto pair = t.token->generate_key_pair(ec_gen, pub, priv);
    REQUIRE(pair);
    CHECK(pair->private_key.flag(A::sign));
    CHECK(pair->private_key.flag(A::local));
    CHECK(pair->private_key.ulong(A::key_gen_mechanism) == static_cast<ck_ulong>(mechanism_type::ec_key_pair_gen));
    CHECK_FALSE(pair->private_key.flag(A::always_authenticate));  // only the signature key has it
    CHECK(to_hex(*pair->public_key.get(A::ec_point)) == "0441" + p256_g);
    // Then the key's fingerprint (C9) and generation date (D0) for GnuPG: the
    // date is now, the fingerprint that of the key with that creation time.
    REQUIRE(t.ch->sent.size() >= 2);
    const auto put_fpr = t.ch->sent[t.ch->sent.size() - 2];
    const auto put_date = t.ch->sent.back();
    REQUIRE(put_date.size() == 18);
    CHECK(put_date.substr(0, 10) == "00DA00D004");
    const auto created = static_cast<std::uint32_t>(std::stoul(put_date.substr(10), nullptr, 16));
    CHECK(created + 60 > static_cast<std::uint32_t>(std::time(nullptr)));
    openpgp::public_key g;
    g.point = from_hex(p256_g);
    const auto body = openpgp::public_key_packet_body(
        openpgp::role::authenticate, openpgp::algorithm_attributes{0x13, 0, openpgp::curve::p256, true}, g, created);
    CHECK(put_fpr == "00DA00C914" + to_hex(openpgp::v4_fingerprint(body)));
    // The framework stores the pair through create(): the card's objects come back.
    auto stored = t.token->create(pair->private_key);
    REQUIRE(stored);
    CHECK(stored->key == openpgp::object_key(openpgp::object_kind::private_key, 0x03));
    CHECK(t.token->create(pair->public_key));
    // Anything else cannot be written to the card.
    provider::attribute_set other = pair->private_key;
    const std::uint8_t id2 = 0x02;
    other.set(A::id, bytes_view{&id2, 1});
    CHECK(t.token->create(other).code() == rv::token_write_protected);
    // Without CKA_ID, with an unknown one, or an algorithm the slot does not have: refused before the card.
    auto [pub0, priv0] = templates(std::nullopt);
    CHECK(t.token->generate_key_pair(ec_gen, pub0, priv0).code() == rv::template_incomplete);
    auto [pub9, priv9] = templates(0x09);
    CHECK(t.token->generate_key_pair(ec_gen, pub9, priv9).code() == rv::attribute_value_invalid);
    CHECK(t.token->generate_key_pair(provider::mechanism_view{mechanism_type::rsa_pkcs_key_pair_gen, {}}, pub, priv).code() ==
          rv::template_inconsistent);
    provider::attribute_set p384;
    p384.set(A::ec_params, from_hex("06052B81040022"));
    CHECK(t.token->generate_key_pair(ec_gen, p384, priv).code() == rv::template_inconsistent);
    // A key made but its fingerprint refused (PW3 no longer verified): the call fails with the
    // card's reason, and the slot's objects are read again from the card by the next search.
    t.ch->expect("00478000000002A4000000", tlv(0x7F49, tlv(0x86, p256_g)) + "9000");
    t.ch->expect("*", "6982");
    CHECK(t.token->generate_key_pair(ec_gen, pub, priv).code() == rv::user_not_logged_in);
    CHECK(t.ch->done());
    t.ch->expect("00478100000002A4000000", tlv(0x7F49, tlv(0x86, p256_g)) + "9000");
    const abi::CK_BYTE aut_id = 0x03;
    const abi::CK_ULONG public_class = static_cast<abi::CK_ULONG>(object_class::public_key);
    const abi::CK_ATTRIBUTE by_id[] = {
        {static_cast<abi::CK_ATTRIBUTE_TYPE>(A::id), const_cast<abi::CK_BYTE*>(&aut_id), 1},
        {static_cast<abi::CK_ATTRIBUTE_TYPE>(A::cls), const_cast<abi::CK_ULONG*>(&public_class), sizeof public_class}};
    CHECK(find_object(t.token->find(template_view{by_id}, true), object_class::public_key, 0x03));
    CHECK(t.ch->done());
}
