// The OpenPGP application on one card, command by command.  Knows nothing of
// PKCS #11: the token (openpgp_token) decides when to call what, and holds the
// PC/SC transaction around steps that must not be interleaved.
#pragma once

#include <memory>

#include "openpgp/openpgp_data.hpp"
#include "p11/card/apdu.hpp"

namespace p11::openpgp {

class openpgp_card {
public:
    explicit openpgp_card(std::unique_ptr<card::channel> ch) : ch_(std::move(ch)) {}

    [[nodiscard]] card::channel& channel() { return *ch_; }

    // SELECT by the application's AID prefix (not_found: no OpenPGP application).
    card::outcome<void> select();
    // GET DATA of a data object by its tag; the whole DO, tag and length
    // included for the constructed ones (6E, 65, 7A, 7F21 come back as
    // themselves), as the card sends it.
    card::outcome<secure_bytes> get_data(std::uint32_t tag);
    // After 6E: the channel learns whether the card takes extended APDUs.
    void use_capabilities(const application_data& app);
    // VERIFY of a password reference (81, 82, 83).
    card::outcome<void> verify(std::uint8_t reference, bytes_view pin);
    // The password's tries without trying one (empty VERIFY): -1 when
    // verified, otherwise the tries left (0: blocked).
    card::outcome<int> pw_tries(std::uint8_t reference);
    // VERIFY with P1 = FF: the card forgets that the password was verified.
    card::outcome<void> reset_verified(std::uint8_t reference);
    card::outcome<void> change_pin(std::uint8_t reference, bytes_view old_pin, bytes_view new_pin);
    // SELECT DATA of an occurrence of 7F21: the next GET / PUT DATA 7F21 are
    // about that key's certificate (0, the default, the authentication key's).
    card::outcome<void> select_certificate(std::uint8_t occurrence);
    // RESET RETRY COUNTER of PW1: with the resetting code, or (empty code)
    // after PW3's VERIFY.  PW1 gets new_pin and its tries back.
    card::outcome<void> reset_pw1(bytes_view resetting_code, bytes_view new_pin);
    // PSO:COMPUTE DIGITAL SIGNATURE over a DigestInfo (RSA), a hash (ECDSA)
    // or a message (EdDSA); the answer is the raw signature (r || s for ECC).
    card::outcome<secure_bytes> compute_signature(bytes_view input);
    // INTERNAL AUTHENTICATE with the authentication key, same input and output.
    card::outcome<secure_bytes> internal_authenticate(bytes_view input);
    // PSO:DECIPHER of an RSA cryptogram (padding indicator 00 first): the
    // plaintext with the PKCS #1 v1.5 padding already removed by the card.
    card::outcome<secure_bytes> decipher_rsa(bytes_view cryptogram);
    // PSO:DECIPHER as ECDH: A6 { 7F49 { 86 peer point } } -> the shared secret.
    card::outcome<secure_bytes> ecdh(bytes_view peer_point);
    // GENERATE ASYMMETRIC KEY PAIR: P1 81 reads the key slot's public key, P1
    // 80 makes a new key pair (PW3 verified) and answers with its public key.
    // Either way the whole 7F49 DO.
    card::outcome<secure_bytes> public_key_of(std::uint8_t crt, bool generate);
    // PUT DATA of a data object by its tag (P1 P2), PW3 verified; an empty
    // value deletes what the DO holds.
    card::outcome<void> put_data(std::uint32_t tag, bytes_view value);

private:
    // Le for commands with long answers: all of it at once when extended
    // lengths work, else 256 and 61 XX.
    [[nodiscard]] std::size_t max_ne() const;
    card::outcome<secure_bytes> run(std::uint8_t instruction, std::uint8_t p1, std::uint8_t p2, bytes_view data,
                                    std::size_t ne);
    std::unique_ptr<card::channel> ch_;
};

} // namespace p11::openpgp
