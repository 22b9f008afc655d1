// How card I/O fails, in three layers: the transport's own code (a PC/SC
// LONG, kept for diagnostics), a small category the card code reasons about,
// and the CK_RV a Cryptoki caller finally sees (`to_rv`, applied only at the
// token boundary, because the same category means different things there:
// "not found" is a missing key for one call and a broken card for another).
// Header-only, no exceptions.
#pragma once

#include <cstdint>
#include <span>
#include <utility>
#include <variant>
#include <vector>

#include "p11/constants/rv.hpp"

namespace p11::card {

using byte = std::uint8_t;
using bytes = std::vector<byte>;
using bytes_view = std::span<const byte>;

enum class errc : std::uint8_t {
    removed,                 // card gone (or reset and not yet reconnected)
    no_reader,               // the reader itself disappeared
    transport,               // any other PC/SC failure, or no PC/SC at all
    malformed,               // a response we cannot parse: < 2 bytes, bad TLV, wrong shape
    pin_incorrect,           // 63 CX / 63 0X: `tries_left` says how many remain
    blocked,                 // 69 83: authentication method blocked
    security_not_satisfied,  // 69 82: a PIN (or 9B) is needed first
    not_found,               // 6A 82 / 6A 88: object, key or application absent
    wrong_data,              // 6A 80, 67 00: the card rejects our input
    not_supported,           // 6A 81, 6D 00, 6E 00, 6A 86: no such function or parameter
    memory,                  // 6A 84, 65 81: no room, write failed
    card_status,             // any other status word
};

struct error {
    errc code = errc::transport;
    std::uint16_t sw = 0;       // the status word, when a card answered
    long transport_code = 0;    // PC/SC's return value, when it did not
    int tries_left = -1;        // for pin_incorrect

    friend bool operator==(const error&, const error&) = default;
};

// The category of a status word; nullopt-like `ok` is 90 00.
[[nodiscard]] constexpr bool sw_ok(std::uint16_t sw) { return sw == 0x9000; }
[[nodiscard]] constexpr error error_of_status(std::uint16_t sw) {
    const auto sw1 = static_cast<byte>(sw >> 8);
    const auto sw2 = static_cast<byte>(sw & 0xFF);
    // 63 CX is the standard form; some cards answer 63 0X (facts: field quirks).
    if (sw1 == 0x63 && ((sw2 & 0xF0) == 0xC0 || (sw2 & 0xF0) == 0x00))
        return {errc::pin_incorrect, sw, 0, sw2 & 0x0F};
    switch (sw) {
    case 0x6983: return {errc::blocked, sw, 0, 0};
    case 0x6982: return {errc::security_not_satisfied, sw};
    case 0x6A82:
    case 0x6A88: return {errc::not_found, sw};
    case 0x6A80:
    case 0x6700: return {errc::wrong_data, sw};
    case 0x6A81:
    case 0x6A86:
    case 0x6D00:
    case 0x6E00: return {errc::not_supported, sw};
    case 0x6A84:
    case 0x6581: return {errc::memory, sw};
    default: return {errc::card_status, sw};
    }
}

// The Cryptoki meaning of a card failure where nothing more specific applies.
[[nodiscard]] constexpr rv to_rv(const error& e) {
    switch (e.code) {
    case errc::removed: return rv::device_removed;
    case errc::no_reader: return rv::device_removed;
    case errc::transport: return rv::device_error;
    case errc::malformed: return rv::device_error;
    case errc::pin_incorrect: return e.tries_left == 0 ? rv::pin_locked : rv::pin_incorrect;
    case errc::blocked: return rv::pin_locked;
    case errc::security_not_satisfied: return rv::user_not_logged_in;
    case errc::not_found: return rv::device_error;
    case errc::wrong_data: return rv::data_invalid;
    case errc::not_supported: return rv::function_failed;
    case errc::memory: return rv::device_memory;
    case errc::card_status: return rv::device_error;
    }
    return rv::general_error;
}

// The result of a card step: a value or an error (std::expected is C++23).
template <class T>
class [[nodiscard]] outcome {
public:
    outcome(T v) : v_(std::move(v)) {}        // NOLINT: implicit like expected
    outcome(error e) : v_(e) {}               // NOLINT
    explicit operator bool() const { return v_.index() == 0; }
    T& operator*() { return std::get<0>(v_); }
    const T& operator*() const { return std::get<0>(v_); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    [[nodiscard]] const error& err() const { return std::get<1>(v_); }

private:
    std::variant<T, error> v_;
};

template <>
class [[nodiscard]] outcome<void> {
public:
    outcome() = default;
    outcome(error e) : ok_(false), e_(e) {}   // NOLINT
    explicit operator bool() const { return ok_; }
    [[nodiscard]] const error& err() const { return e_; }

private:
    bool ok_ = true;
    error e_{};
};

} // namespace p11::card
