// The PIV card edge (NIST SP 800-73-4 part 2) as far as the token uses it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace p11::piv {

inline constexpr std::array<std::uint8_t, 11> aid{0xA0, 0x00, 0x00, 0x03, 0x08, 0x00, 0x00, 0x10, 0x00, 0x01, 0x00};

namespace ins {
inline constexpr std::uint8_t select = 0xA4;
inline constexpr std::uint8_t get_data = 0xCB;
inline constexpr std::uint8_t verify = 0x20;
inline constexpr std::uint8_t change_reference = 0x24;
inline constexpr std::uint8_t general_authenticate = 0x87;
inline constexpr std::uint8_t put_data = 0xDB;
inline constexpr std::uint8_t generate_key_pair = 0x47;
inline constexpr std::uint8_t reset_retry_counter = 0x2C;
// YubiKey's GET METADATA and SET MANAGEMENT KEY (not in SP 800-73): the
// management key's algorithm, and a new management key.
inline constexpr std::uint8_t get_metadata = 0xF7;
inline constexpr std::uint8_t set_management_key = 0xFF;
} // namespace ins

inline constexpr std::uint8_t pin_reference = 0x80;
inline constexpr std::uint8_t puk_reference = 0x81;
inline constexpr std::uint8_t management_key_reference = 0x9B;
inline constexpr std::size_t pin_block = 8;  // PINs are padded with FF to 8 bytes

// Data objects (GET DATA tags).
inline constexpr std::uint32_t tag_chuid = 0x5FC102;

// Algorithm identifiers (SP 800-78-4).
enum class algorithm : std::uint8_t { rsa1024 = 0x06, rsa2048 = 0x07, rsa3072 = 0x05, rsa4096 = 0x16, p256 = 0x11, p384 = 0x14 };
// The card management key's (9B) algorithms: TDEA (3 keys) and AES.
enum class management_algorithm : std::uint8_t { des3 = 0x03, aes128 = 0x08, aes192 = 0x0A, aes256 = 0x0C };

// The key slots the token exposes, with the CKA_ID other PIV middleware gives
// them (so applications configured by id keep working): 01..04 for 9A, 9C,
// 9D, 9E; 05..18 for the retired key-management slots 82..95 (05 + reference
// - 82, OpenSC's numbering); and their certificate's data object.
struct key_slot {
    std::uint8_t reference;     // 9A, 9C, 9D, 9E, 82..95
    std::uint8_t id;            // CKA_ID
    std::uint32_t cert_tag;     // GET DATA tag of the certificate container
    const char* name;           // label stem
    bool pin_always;            // 9C: CKA_ALWAYS_AUTHENTICATE
    bool needs_pin;             // 9E: usable without the PIN
};

inline constexpr std::size_t standard_count = 4;
inline constexpr std::size_t retired_count = 20;
// The standard slots first, then the retired ones in key-reference order:
// retired keys with on-card certificates occupy 82, 83, ... without gaps
// (SP 800-73-4 part 1, key history object), so the first N are present.
inline constexpr std::array<key_slot, standard_count + retired_count> all_slots{{
    {0x9A, 0x01, 0x5FC105, "PIV AUTH", false, true},
    {0x9C, 0x02, 0x5FC10A, "SIGN", true, true},
    {0x9D, 0x03, 0x5FC10B, "KEY MAN", false, true},
    {0x9E, 0x04, 0x5FC101, "CARD AUTH", false, false},
    {0x82, 0x05, 0x5FC10D, "RETIRED KEY 1", false, true},
    {0x83, 0x06, 0x5FC10E, "RETIRED KEY 2", false, true},
    {0x84, 0x07, 0x5FC10F, "RETIRED KEY 3", false, true},
    {0x85, 0x08, 0x5FC110, "RETIRED KEY 4", false, true},
    {0x86, 0x09, 0x5FC111, "RETIRED KEY 5", false, true},
    {0x87, 0x0A, 0x5FC112, "RETIRED KEY 6", false, true},
    {0x88, 0x0B, 0x5FC113, "RETIRED KEY 7", false, true},
    {0x89, 0x0C, 0x5FC114, "RETIRED KEY 8", false, true},
    {0x8A, 0x0D, 0x5FC115, "RETIRED KEY 9", false, true},
    {0x8B, 0x0E, 0x5FC116, "RETIRED KEY 10", false, true},
    {0x8C, 0x0F, 0x5FC117, "RETIRED KEY 11", false, true},
    {0x8D, 0x10, 0x5FC118, "RETIRED KEY 12", false, true},
    {0x8E, 0x11, 0x5FC119, "RETIRED KEY 13", false, true},
    {0x8F, 0x12, 0x5FC11A, "RETIRED KEY 14", false, true},
    {0x90, 0x13, 0x5FC11B, "RETIRED KEY 15", false, true},
    {0x91, 0x14, 0x5FC11C, "RETIRED KEY 16", false, true},
    {0x92, 0x15, 0x5FC11D, "RETIRED KEY 17", false, true},
    {0x93, 0x16, 0x5FC11E, "RETIRED KEY 18", false, true},
    {0x94, 0x17, 0x5FC11F, "RETIRED KEY 19", false, true},
    {0x95, 0x18, 0x5FC120, "RETIRED KEY 20", false, true},
}};

// The key history object: how many retired keys have certificates on the card.
inline constexpr std::uint32_t tag_key_history = 0x5FC10C;

} // namespace p11::piv
