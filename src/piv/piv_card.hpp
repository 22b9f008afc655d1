// The PIV application on one card, command by command.  Knows nothing of
// PKCS #11: the token (piv_token) decides when to call what, and holds the
// PC/SC transaction around steps that must not be interleaved.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "p11/card/apdu.hpp"
#include "piv/piv_constants.hpp"

namespace p11::piv {

using card::bytes_view;

struct application_info {
    std::string label;  // tag 50 of the SELECT answer, if any
};

class piv_card {
public:
    explicit piv_card(std::unique_ptr<card::channel> ch) : ch_(std::move(ch)) {}

    [[nodiscard]] card::channel& channel() { return *ch_; }

    // SELECT the PIV application (not_found: not a PIV card).  Also learns
    // whether the card takes extended-length APDUs (the channel keeps it).
    card::outcome<application_info> select();
    // GET DATA: the content of the object's 53 container; not_found if absent.
    card::outcome<secure_bytes> get_data(std::uint32_t tag);
    // VERIFY with the PIN (padded with FF to 8 bytes; longer is wrong_data).
    card::outcome<void> verify(bytes_view pin);
    // The PIN's state without trying one (empty VERIFY): -1 when verified,
    // otherwise the tries left (0: blocked).
    card::outcome<int> pin_status();
    // VERIFY with P1 = FF (SP 800-73-4 part 2, 3.2.1): the card forgets that
    // the PIN was verified.  Older cards answer 6A 86; the caller decides.
    card::outcome<void> reset_pin_status();
    card::outcome<void> change_pin(bytes_view old_pin, bytes_view new_pin) {
        return change_reference(pin_reference, old_pin, new_pin);
    }
    // CHANGE REFERENCE DATA of the PIN (80) or the PUK (81), both padded.
    card::outcome<void> change_reference(std::uint8_t reference, bytes_view old_value, bytes_view new_value);
    // RESET RETRY COUNTER: a new PIN with the PUK (also when the PIN is blocked).
    card::outcome<void> unblock_pin(bytes_view puk, bytes_view new_pin);
    // PUT DATA: `content` becomes the object's 53 container (empty: deleted).
    card::outcome<void> put_data(std::uint32_t tag, bytes_view content);
    // GENERATE ASYMMETRIC KEY PAIR: the content of the 7F49 public key template
    // (RSA: 81 modulus, 82 exponent; EC: 86 point).
    card::outcome<secure_bytes> generate(std::uint8_t key, algorithm alg);
    // The management key's challenge-response (external authentication):
    // 7C { 81 00 } -> 7C { 81 challenge }, then 7C { 82 response }.
    card::outcome<secure_bytes> management_challenge(management_algorithm alg);
    card::outcome<void> management_response(management_algorithm alg, bytes_view response);
    // YubiKey's SET MANAGEMENT KEY (FF FF FF, no touch policy): { algorithm,
    // 9B, length, key }; SP 800-73 cards answer 6D 00 (not_supported).
    card::outcome<void> set_management_key(management_algorithm alg, bytes_view key);
    // YubiKey's GET METADATA of a key reference (TLVs, 01: algorithm);
    // SP 800-73 cards answer 6D 00 (not_supported).
    card::outcome<secure_bytes> metadata(std::uint8_t key);
    // GENERAL AUTHENTICATE with a private key: 7C { 82 00, 81 challenge } ->
    // 7C { 82 result }.  For RSA the challenge is the padded block, for EC
    // the digest; the result is the raw RSA block or a DER ECDSA signature.
    card::outcome<secure_bytes> authenticate(algorithm alg, std::uint8_t key, bytes_view challenge);
    // ECDH: 7C { 82 00, 85 peer point } -> 7C { 82 shared x }.
    card::outcome<secure_bytes> key_agreement(algorithm alg, std::uint8_t key, bytes_view peer_point);

private:
    // Le for commands with long answers: all of it at once when extended
    // lengths work (certificates, RSA results), else 256 and 61 XX.
    [[nodiscard]] std::size_t max_ne() const;
    card::outcome<secure_bytes> general_authenticate(algorithm alg, std::uint8_t key, std::uint8_t input_tag,
                                                     bytes_view input);
    std::unique_ptr<card::channel> ch_;
};

// The PIN as VERIFY sends it; nullopt if it cannot be a PIV PIN (empty or
// more than 8 bytes).
[[nodiscard]] std::optional<secure_bytes> padded_pin(bytes_view pin);

} // namespace p11::piv
