// Command and response APDUs (ISO/IEC 7816-3/-4) and the exchange rules every
// card application shares, written once:
//  - short or extended length encoding, whichever the command and the
//    channel allow;
//  - command chaining (CLA bit 0x10) when the data does not fit one APDU,
//    also when a card refuses an extended APDU (67 00 / 6D 00: it cannot
//    parse the length), which the channel then remembers;
//  - 61 XX: the card has more; collect it with GET RESPONSE;
//  - 6C XX: wrong Le; send the same command again with Le = XX;
//  - a response shorter than two bytes is an error (a dying reader can
//    report success with no bytes), never an out-of-bounds read.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>

#include "p11/card/channel.hpp"
#include "p11/card/error.hpp"
#include "p11/secure.hpp"

namespace p11::card {

struct command {
    byte cla = 0x00;
    byte ins = 0;
    byte p1 = 0;
    byte p2 = 0;
    secure_bytes data;            // may hold a PIN: wiped when released
    std::size_t ne = 0;           // expected response bytes: 0 none, up to 256 (short) or 65536 (extended)
};

struct response {
    secure_bytes data;
    std::uint16_t sw = 0;
    [[nodiscard]] bool ok() const { return sw_ok(sw); }
};

inline constexpr std::size_t short_max_data = 255;
inline constexpr std::size_t short_max_ne = 256;
inline constexpr std::size_t extended_max_data = 65535;
inline constexpr std::size_t extended_max_ne = 65536;
// What one exchange may collect through 61 XX before we call the card broken.
inline constexpr std::size_t max_response_bytes = 1u << 20;
inline constexpr byte cla_chaining = 0x10;
inline constexpr byte ins_get_response = 0xC0;

// Whether the command needs the extended form (it must then fit 65535/65536).
[[nodiscard]] inline bool needs_extended(const command& c) {
    return c.data.size() > short_max_data || c.ne > short_max_ne;
}

// The bytes of one APDU, short or extended form (ISO 7816-3 12.1.3).
[[nodiscard]] inline secure_bytes encode(const command& c, bool extended) {
    secure_bytes out{c.cla, c.ins, c.p1, c.p2};
    const std::size_t nc = c.data.size();
    if (!extended) {
        if (nc) {
            out.push_back(static_cast<byte>(nc));
            out.insert(out.end(), c.data.begin(), c.data.end());
        }
        if (c.ne) out.push_back(static_cast<byte>(c.ne == 256 ? 0 : c.ne));
        return out;
    }
    if (nc) {
        out.push_back(0);
        out.push_back(static_cast<byte>(nc >> 8));
        out.push_back(static_cast<byte>(nc));
        out.insert(out.end(), c.data.begin(), c.data.end());
    }
    if (c.ne) {
        if (!nc) out.push_back(0);
        const std::size_t le = c.ne == 65536 ? 0 : c.ne;
        out.push_back(static_cast<byte>(le >> 8));
        out.push_back(static_cast<byte>(le));
    }
    return out;
}

// Splits a raw response into data and status word.
[[nodiscard]] inline outcome<response> parse_response(bytes_view raw) {
    if (raw.size() < 2) return error{errc::malformed};
    response r;
    r.data.assign(raw.begin(), raw.end() - 2);
    r.sw = static_cast<std::uint16_t>((raw[raw.size() - 2] << 8) | raw[raw.size() - 1]);
    return r;
}

namespace detail {
inline outcome<response> transmit_one(channel& ch, const command& c, bool extended) {
    const auto raw = encode(c, extended);
    auto got = ch.transmit(raw);
    if (!got) return got.err();
    return parse_response(*got);
}

// One command, extended or short (with chaining and 61 XX as needed).
inline outcome<response> exchange_as(channel& ch, const command& cmd, bool extended) {
    const std::size_t segment = extended ? extended_max_data : short_max_data;

    // Chaining: every segment but the last has CLA | 0x10, no Le, and must be acknowledged with 90 00.
    command last = cmd;
    if (!extended && last.ne > short_max_ne) last.ne = short_max_ne;  // the rest arrives via 61 XX
    if (cmd.data.size() > segment) {
        std::size_t pos = 0;
        while (cmd.data.size() - pos > segment) {
            command part{static_cast<byte>(cmd.cla | cla_chaining), cmd.ins, cmd.p1, cmd.p2, {}, 0};
            part.data.assign(cmd.data.begin() + static_cast<std::ptrdiff_t>(pos),
                             cmd.data.begin() + static_cast<std::ptrdiff_t>(pos + segment));
            auto r = detail::transmit_one(ch, part, extended);
            if (!r) return r.err();
            if (!r->ok()) return *r;
            pos += segment;
        }
        last.data.assign(cmd.data.begin() + static_cast<std::ptrdiff_t>(pos), cmd.data.end());
    }

    auto r = detail::transmit_one(ch, last, extended);
    if (!r) return r.err();
    // 6C XX: the card tells the exact Le; the same command once more with it.
    if ((r->sw >> 8) == 0x6C) {
        const std::size_t exact = (r->sw & 0xFF) == 0 ? 256 : (r->sw & 0xFF);
        last.ne = exact;
        r = detail::transmit_one(ch, last, false);
        if (!r) return r.err();
        if ((r->sw >> 8) == 0x6C) return error{errc::malformed, r->sw};  // a card that never settles
    }
    // 61 XX: more data waits; GET RESPONSE until the card says 90 00 (or fails).
    response all = std::move(*r);
    for (std::size_t rounds = 0; (all.sw >> 8) == 0x61; ++rounds) {
        // A card that answers 61 XX without data forever must not hang us.
        if (rounds > max_response_bytes / 256) return error{errc::malformed, all.sw};
        const std::size_t more = (all.sw & 0xFF) == 0 ? 256 : (all.sw & 0xFF);
        command get{0x00, ins_get_response, 0x00, 0x00, {}, more};
        auto next = detail::transmit_one(ch, get, false);
        if (!next) return next.err();
        if (all.data.size() + next->data.size() > max_response_bytes) return error{errc::malformed, next->sw};
        all.data.insert(all.data.end(), next->data.begin(), next->data.end());
        all.sw = next->sw;
    }
    return all;
}
} // namespace detail

// Sends a command and returns the card's final answer, with chaining,
// GET RESPONSE and 6C XX handled.  The status word is the caller's to judge
// (63 CX after a VERIFY is information, not a failure of the exchange).
[[nodiscard]] inline outcome<response> exchange(channel& ch, const command& cmd) {
    const bool extended = ch.extended_length() && needs_extended(cmd) && cmd.data.size() <= extended_max_data &&
                          cmd.ne <= extended_max_ne;
    auto r = detail::exchange_as(ch, cmd, extended);
    // A card that cannot parse extended lengths says "wrong length" (or, reading
    // the length bytes as data, "instruction not supported"): from now on it
    // gets short APDUs, and this command again, chained.  A command that truly
    // has a wrong length fails the same way once more, at the price of one APDU.
    if (extended && r && (r->sw == 0x6700 || r->sw == 0x6D00)) {
        ch.set_extended_length(false);
        r = detail::exchange_as(ch, cmd, false);
    }
    return r;
}

// exchange() that also demands 90 00: the data, or the status word's error.
[[nodiscard]] inline outcome<secure_bytes> exchange_ok(channel& ch, const command& cmd) {
    auto r = exchange(ch, cmd);
    if (!r) return r.err();
    if (!r->ok()) return error_of_status(r->sw);
    return std::move(r->data);
}

// The answer to an empty VERIFY (ISO 7816-4 11.5.6, "is this reference
// verified"): -1 when it is, otherwise the tries left (0: blocked).
[[nodiscard]] inline outcome<int> tries_of(const response& r) {
    if (r.ok()) return -1;
    const auto e = error_of_status(r.sw);
    if (e.code == errc::pin_incorrect) return e.tries_left;
    if (e.code == errc::blocked) return 0;
    return e;
}

} // namespace p11::card
