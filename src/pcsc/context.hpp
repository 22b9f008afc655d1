// A PC/SC context: the readers, their states, and waiting for a change.
// PCSC-Lite serialises calls on one context, so a blocking wait needs a
// context of its own (cancel() interrupts it from another thread).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "p11/card/error.hpp"
#include "pcsc/library.hpp"

namespace p11::pcsc {

// What SCardGetStatusChange reports about one reader.
struct reader_state {
    std::string name;
    DWORD known = SCARD_STATE_UNAWARE;  // what we knew (dwCurrentState)
    DWORD seen = 0;                     // what the last call reported (dwEventState)
    card::bytes atr;

    [[nodiscard]] bool card_present() const { return (seen & SCARD_STATE_PRESENT) && !(seen & SCARD_STATE_MUTE); }
    // PCSC-Lite counts card insertions and removals in the high word, so a
    // removal and re-insertion between two polls is still noticed.
    [[nodiscard]] std::uint16_t event_count() const { return static_cast<std::uint16_t>(seen >> 16); }
    [[nodiscard]] bool gone() const { return (seen & (SCARD_STATE_UNKNOWN | SCARD_STATE_IGNORE)) != 0; }
};

// The pseudo-reader whose state changes when a reader is added or removed.
inline constexpr const char* pnp_notification = "\\\\?PnP?\\Notification";

class context {
public:
    // transport error when PC/SC is absent (no library, no pcscd).
    [[nodiscard]] static card::outcome<std::unique_ptr<context>> establish();
    ~context();
    context(const context&) = delete;
    context& operator=(const context&) = delete;

    [[nodiscard]] SCARDCONTEXT handle() const { return handle_; }
    [[nodiscard]] const api& calls() const { return *api_; }

    // Reader names; empty (not an error) when there are none.
    [[nodiscard]] card::outcome<std::vector<std::string>> readers();
    // SCardGetStatusChange: true when something changed, false on timeout.
    // Updates `seen` (and the ATR); the caller moves `seen` to `known` once
    // it has acted on it.  timeout_ms = INFINITE blocks until cancel().
    [[nodiscard]] card::outcome<bool> wait(std::vector<reader_state>& states, DWORD timeout_ms);
    // Makes a blocked wait() return (SCARD_E_CANCELLED, as a transport error).
    void cancel();

private:
    context(const api* a, SCARDCONTEXT h) : api_(a), handle_(h) {}
    const api* api_;
    SCARDCONTEXT handle_;
};

} // namespace p11::pcsc
