// The card's data objects as the token reads them: application related data
// (6E), cardholder related data (65), security support template (7A) and a
// public key (7F49).  Pure parsers over what a card returned, that is, over
// untrusted bytes: every one is bounds-checked and fuzzed
// (fuzz/openpgp_response.cpp); malformed input is an error, never a guess.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "openpgp/openpgp_constants.hpp"
#include "p11/card/error.hpp"
#include "p11/secure.hpp"

namespace p11::openpgp {

using card::bytes_view;

// C1..C3: what a key slot holds.  An algorithm the token does not serve
// (RSA of odd sizes, other curves) is `supported == false`, not an error.
struct algorithm_attributes {
    std::uint8_t id = 0;            // algorithm_id::
    std::uint16_t rsa_bits = 0;     // RSA modulus length
    std::optional<curve> ec_curve;  // ECC
    bool supported = false;
};

// C4: PW status bytes.
struct pw_status {
    bool pw1_one_signature = true;  // byte 1 == 00: PW1 (81) is valid for one PSO:CDS only
    std::uint8_t pw1_max = 0, rc_max = 0, pw3_max = 0;
    std::uint8_t pw1_tries = 0, rc_tries = 0, pw3_tries = 0;
};

struct application_data {
    std::uint8_t version_major = 0, version_minor = 0;
    std::uint16_t manufacturer = 0;
    std::array<std::uint8_t, 4> serial{};
    bool extended_length = false;   // historical bytes or 7F66 announce extended Lc/Le
    bool chaining = false;          // historical bytes announce command chaining
    std::array<algorithm_attributes, 3> algorithms{};  // in key_slots order
    pw_status pw{};
    std::array<bool, 3> key_present{};                 // from DE, else from non-zero fingerprints
    std::array<bool, 3> key_generated{};               // DE says generated on the card (CKA_LOCAL)
};

// GET DATA 6E, 65, 7A: the DO with its tag or only its content, as cards
// differ there.  The discretionary data objects may be inside 73 (the
// specification) or directly in 6E (some early cards); both are read.
[[nodiscard]] card::outcome<application_data> parse_application_data(bytes_view do_6e);
// One algorithm attributes DO's value.
[[nodiscard]] card::outcome<algorithm_attributes> parse_algorithm_attributes(bytes_view value);
[[nodiscard]] card::outcome<pw_status> parse_pw_status(bytes_view value);

// The cardholder's name from 65's 5B, "Surname<<Given<Names" turned into
// "Given Names Surname"; empty when absent or not printable ASCII.
[[nodiscard]] std::string cardholder_name(bytes_view do_65);
// The digital signature counter from 7A's 93 (three bytes); nullopt if absent.
[[nodiscard]] std::optional<std::uint32_t> signature_counter(bytes_view do_7a);

// A public key from 7F49: RSA modulus and exponent, or an EC point (04 X Y
// for P-256, 32 raw bytes for Ed25519/X25519), checked against `alg`.
struct public_key {
    std::vector<std::uint8_t> modulus, exponent;  // RSA, big-endian, no leading zeros
    std::vector<std::uint8_t> point;              // ECC
};
[[nodiscard]] card::outcome<public_key> parse_public_key(bytes_view do_7f49, const algorithm_attributes& alg);

// The manufacturer's name for the AID's manufacturer id (the specification's
// registry, the ones common in the field), else its hex value.
[[nodiscard]] std::string manufacturer_name(std::uint16_t id);

} // namespace p11::openpgp
