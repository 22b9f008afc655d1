#include "piv/piv_management.hpp"

#include <array>

#include "crypto/aes.hpp"
#include "crypto/des3.hpp"
#include "p11/card/tlv.hpp"

namespace p11::piv {

namespace {

std::optional<std::uint8_t> hex_digit(std::uint8_t c) {
    if (c >= '0' && c <= '9') return static_cast<std::uint8_t>(c - '0');
    if (c >= 'a' && c <= 'f') return static_cast<std::uint8_t>(c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return static_cast<std::uint8_t>(c - 'A' + 10);
    return std::nullopt;
}

std::size_t key_bytes(management_algorithm alg) {
    switch (alg) {
    case management_algorithm::aes128: return 16;
    case management_algorithm::aes256: return 32;
    case management_algorithm::des3:
    case management_algorithm::aes192: return 24;
    }
    return 0;
}

// One block of `challenge` encrypted under the key with ECB (the card's
// block size: 8 for TDEA, 16 for AES); nullopt when the block does not fit.
std::optional<secure_bytes> encrypt_block(management_algorithm alg, bytes_view key, bytes_view challenge) {
    const bool des3 = alg == management_algorithm::des3;
    if (challenge.size() != (des3 ? crypto::des3_block_size : 16)) return std::nullopt;
    std::unique_ptr<crypto::cipher> ecb;
    if (des3) {
        if (auto k = crypto::load_des3_key(key)) ecb = crypto::make_des3_ecb(k, crypto::direction::encrypt);
    } else {
        ecb = crypto::make_aes_ecb(key, crypto::direction::encrypt);
    }
    if (!ecb) return std::nullopt;
    secure_bytes out(challenge.size());
    std::size_t written = 0;
    if (ecb->update(challenge, out.data(), written) != crypto::status::ok || written != out.size()) return std::nullopt;
    return out;
}

card::outcome<management_algorithm> challenge_response(piv_card& c, management_algorithm alg, bytes_view key) {
    auto challenge = c.management_challenge(alg);
    if (!challenge) return challenge.err();
    auto response = encrypt_block(alg, key, *challenge);
    if (!response) return card::error{card::errc::malformed};
    auto r = c.management_response(alg, *response);
    // 69 82 is the card's "wrong key" here: no retry counter on 9B.
    if (!r && r.err().code == card::errc::security_not_satisfied) return card::error{card::errc::pin_incorrect, r.err().sw};
    if (!r) return r.err();
    return alg;
}

// The 9B algorithm YubiKey's GET METADATA names (tag 01), if the card has the instruction.
std::optional<management_algorithm> algorithm_of_card(piv_card& c) {
    auto md = c.metadata(management_key_reference);
    if (!md) return std::nullopt;
    auto alg = card::find_tlv(*md, 0x01);
    if (!alg || alg->size() != 1) return std::nullopt;
    for (auto a : {management_algorithm::des3, management_algorithm::aes128, management_algorithm::aes192,
                   management_algorithm::aes256})
        if (static_cast<std::uint8_t>(a) == (*alg)[0]) return a;
    return std::nullopt;
}

} // namespace

std::optional<secure_bytes> management_key_from_hex(bytes_view so_pin) {
    if (so_pin.size() != 32 && so_pin.size() != 48 && so_pin.size() != 64) return std::nullopt;
    secure_bytes key(so_pin.size() / 2);
    for (std::size_t i = 0; i < key.size(); ++i) {
        auto hi = hex_digit(so_pin[2 * i]);
        auto lo = hex_digit(so_pin[2 * i + 1]);
        if (!hi || !lo) return std::nullopt;
        key[i] = static_cast<std::uint8_t>(*hi << 4 | *lo);
    }
    return key;
}

card::outcome<management_algorithm> authenticate_management(piv_card& c, bytes_view key) {
    if (auto alg = algorithm_of_card(c)) {
        if (key_bytes(*alg) != key.size()) return card::error{card::errc::pin_incorrect};
        return challenge_response(c, *alg, key);
    }
    if (key.size() == 16) return challenge_response(c, management_algorithm::aes128, key);
    if (key.size() == 32) return challenge_response(c, management_algorithm::aes256, key);
    auto r = challenge_response(c, management_algorithm::des3, key);
    if (!r && r.err().code == card::errc::not_supported) return challenge_response(c, management_algorithm::aes192, key);
    return r;
}

card::outcome<void> change_management_key(piv_card& c, bytes_view old_key, bytes_view new_key) {
    auto alg = authenticate_management(c, old_key);
    if (!alg) return alg.err();
    management_algorithm next = *alg;
    if (key_bytes(next) != new_key.size())
        next = new_key.size() == 16 ? management_algorithm::aes128
               : new_key.size() == 32 ? management_algorithm::aes256
                                      : management_algorithm::des3;
    return c.set_management_key(next, new_key);
}

} // namespace p11::piv
