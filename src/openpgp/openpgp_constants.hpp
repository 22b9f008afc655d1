// The OpenPGP card application (Functional Specification of the OpenPGP
// application on ISO smart card operating systems, version 3.4) as far as the
// token uses it: one table per kind of constant.
#pragma once

#include <array>
#include <cstdint>

namespace p11::openpgp {

// RID D2 76 00 01 24 and application 01; SELECT matches it as a prefix (the
// full AID adds version, manufacturer and serial number).
inline constexpr std::array<std::uint8_t, 6> aid_prefix{0xD2, 0x76, 0x00, 0x01, 0x24, 0x01};
inline constexpr std::size_t aid_size = 16;

namespace ins {
inline constexpr std::uint8_t select = 0xA4;
inline constexpr std::uint8_t get_data = 0xCA;
inline constexpr std::uint8_t verify = 0x20;
inline constexpr std::uint8_t change_reference = 0x24;
inline constexpr std::uint8_t pso = 0x2A;
inline constexpr std::uint8_t internal_authenticate = 0x88;
inline constexpr std::uint8_t generate = 0x47;
inline constexpr std::uint8_t put_data = 0xDA;
inline constexpr std::uint8_t reset_retry_counter = 0x2C;
inline constexpr std::uint8_t select_data = 0xA5;
} // namespace ins

// P1 P2 of PERFORM SECURITY OPERATION.
inline constexpr std::uint16_t pso_compute_signature = 0x9E9A;
inline constexpr std::uint16_t pso_decipher = 0x8086;
// P1 of GENERATE ASYMMETRIC KEY PAIR.
inline constexpr std::uint8_t generate_new = 0x80;
inline constexpr std::uint8_t read_public = 0x81;
// P1 of RESET RETRY COUNTER (3.4, 7.2.4): the resetting code precedes the
// new PW1, or PW3 was verified and the data is the new PW1 alone.
inline constexpr std::uint8_t reset_with_code = 0x00;
inline constexpr std::uint8_t reset_after_pw3 = 0x02;
// P2 of SELECT DATA (3.4, 7.2.5); P1 is the occurrence.
inline constexpr std::uint8_t select_data_p2 = 0x04;
// P1 of VERIFY that resets a password's verified state (3.4, 7.2.2).
inline constexpr std::uint8_t verify_reset = 0xFF;

// Password references: PW1 in its two uses, and PW3 (the admin PIN).
namespace pw {
inline constexpr std::uint8_t pw1_sign = 0x81;
inline constexpr std::uint8_t pw1_other = 0x82;
inline constexpr std::uint8_t pw3 = 0x83;
} // namespace pw
inline constexpr std::size_t pw1_min = 6;  // the specification's minimum for PW1
inline constexpr std::size_t pw3_min = 8;
inline constexpr std::size_t rc_min = 8;   // the resetting code's (3.4, 4.3)

// Data objects (GET DATA tags) and the tags inside them.
namespace tag {
inline constexpr std::uint32_t application_related = 0x6E;
inline constexpr std::uint32_t discretionary = 0x73;
inline constexpr std::uint32_t aid = 0x4F;
inline constexpr std::uint32_t historical = 0x5F52;
inline constexpr std::uint32_t extended_length_info = 0x7F66;
inline constexpr std::uint32_t extended_capabilities = 0xC0;
inline constexpr std::uint32_t pw_status = 0xC4;
inline constexpr std::uint32_t fingerprints = 0xC5;
inline constexpr std::uint32_t key_information = 0xDE;
inline constexpr std::uint32_t cardholder_related = 0x65;
inline constexpr std::uint32_t name = 0x5B;
inline constexpr std::uint32_t security_support = 0x7A;
inline constexpr std::uint32_t signature_counter = 0x93;
inline constexpr std::uint32_t cardholder_certificate = 0x7F21;
inline constexpr std::uint32_t public_key = 0x7F49;
inline constexpr std::uint32_t rsa_modulus = 0x81;
inline constexpr std::uint32_t rsa_exponent = 0x82;
inline constexpr std::uint32_t ec_point = 0x86;
inline constexpr std::uint32_t cipher_do = 0xA6;
} // namespace tag

// The status byte of a key in key information DE (3.4, 4.4.3.8).
namespace key_status {
inline constexpr std::uint8_t absent = 0x00;
inline constexpr std::uint8_t generated = 0x01;  // on the card
inline constexpr std::uint8_t imported = 0x02;
} // namespace key_status

// Algorithm IDs, the first byte of an algorithm attributes DO (C1..C3).  They
// are OpenPGP's public-key algorithm numbers (RFC 4880 9.1, RFC 6637 5,
// RFC 9580 9.1 for EdDSA), which a key's fingerprint hashes as they are.
namespace algorithm_id {
inline constexpr std::uint8_t rsa = 0x01;
inline constexpr std::uint8_t ecdh = 0x12;
inline constexpr std::uint8_t ecdsa = 0x13;
inline constexpr std::uint8_t eddsa = 0x16;
} // namespace algorithm_id

// The curves the token serves, by the OID bytes (no 06 header) the algorithm
// attributes carry (3.4, 4.4.3.10).
enum class curve : std::uint8_t { p256, ed25519, x25519 };
struct curve_oid {
    curve id;
    std::uint8_t size;
    std::array<std::uint8_t, 10> oid;
};
inline constexpr std::array<curve_oid, 3> curve_oids{{
    {curve::p256, 8, {0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07}},
    {curve::ed25519, 9, {0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01}},
    {curve::x25519, 10, {0x2B, 0x06, 0x01, 0x04, 0x01, 0x97, 0x55, 0x01, 0x05, 0x01}},
}};

// What a key slot is for; decides its PKCS #11 usage.
enum class role : std::uint8_t { sign, decrypt, authenticate };

// The three key slots, with the CKA_ID other OpenPGP middleware gives them
// (OpenSC: 01 signature, 02 decryption, 03 authentication).
struct key_slot {
    role use;
    std::uint8_t id;              // CKA_ID, also the key reference in DE (key information)
    std::uint8_t crt;             // control reference template of GENERATE: B6, B8, A4
    std::uint32_t attributes_tag; // C1, C2, C3
    std::uint8_t pw;              // the PW1 reference its operation needs
    const char* name;             // label stem
    std::uint8_t fingerprint_tag; // C7, C8, C9: the key's OpenPGP fingerprint (PUT DATA)
    std::uint8_t date_tag;        // CE, CF, D0: its generation date, 4-byte seconds since 1970
    std::uint8_t certificate;     // its occurrence of 7F21 for SELECT DATA (3.4, 7.2.5: AUT 0, DEC 1, SIG 2)
};
inline constexpr std::array<key_slot, 3> key_slots{{
    {role::sign, 0x01, 0xB6, 0xC1, pw::pw1_sign, "Signature key", 0xC7, 0xCE, 2},
    {role::decrypt, 0x02, 0xB8, 0xC2, pw::pw1_other, "Encryption key", 0xC8, 0xCF, 1},
    {role::authenticate, 0x03, 0xA4, 0xC3, pw::pw1_other, "Authentication key", 0xC9, 0xD0, 0},
}};
// What an OpenPGP v4 fingerprint hashes (RFC 4880 12.2, 5.5.2): 99, the
// public key packet body's 2-byte length, then the body: version 4, the
// creation time, the algorithm and its fields.  An ECDH key's fields end in
// its KDF parameters (RFC 6637 9): GnuPG's for 256-bit curves, SHA-256 and
// AES-128, which it also assumes for a card's key.
inline constexpr std::uint8_t fingerprint_prefix = 0x99;
inline constexpr std::uint8_t public_key_version = 4;
inline constexpr std::array<std::uint8_t, 4> ecdh_kdf_params{0x03, 0x01, 0x08, 0x07};
// EdDSA and X25519 points in OpenPGP: 40 then the 32 native bytes (RFC 9580 11.2.1's legacy form).
inline constexpr std::uint8_t native_point_prefix = 0x40;

// 7F21 without SELECT DATA is the authentication key's certificate (3.4,
// 7.2.5); the other two occurrences exist from version 3.
inline constexpr std::uint8_t first_multi_certificate_version = 3;
inline constexpr std::size_t fingerprint_size = 20;

} // namespace p11::openpgp
