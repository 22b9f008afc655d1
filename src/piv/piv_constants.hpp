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
} // namespace ins

inline constexpr std::uint8_t pin_reference = 0x80;
inline constexpr std::size_t pin_block = 8;  // PINs are padded with FF to 8 bytes

// Data objects (GET DATA tags).
inline constexpr std::uint32_t tag_chuid = 0x5FC102;

// Algorithm identifiers (SP 800-78-4).
enum class algorithm : std::uint8_t { rsa1024 = 0x06, rsa2048 = 0x07, rsa3072 = 0x05, rsa4096 = 0x16, p256 = 0x11, p384 = 0x14 };

// The key slots the token exposes, with the CKA_ID other PIV middleware gives
// them (01..04, so applications configured by id keep working) and their
// certificate's data object.
struct key_slot {
    std::uint8_t reference;     // 9A, 9C, 9D, 9E, 82..95
    std::uint8_t id;            // CKA_ID
    std::uint32_t cert_tag;     // GET DATA tag of the certificate container
    const char* name;           // label stem
    bool pin_always;            // 9C: CKA_ALWAYS_AUTHENTICATE
    bool needs_pin;             // 9E: usable without the PIN
};

inline constexpr std::array<key_slot, 4> standard_slots{{
    {0x9A, 0x01, 0x5FC105, "PIV AUTH", false, true},
    {0x9C, 0x02, 0x5FC10A, "SIGN", true, true},
    {0x9D, 0x03, 0x5FC10B, "KEY MAN", false, true},
    {0x9E, 0x04, 0x5FC101, "CARD AUTH", false, false},
}};

} // namespace p11::piv
