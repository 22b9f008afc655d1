// What the APDU layer needs from a card connection: one raw exchange, and a
// way to keep other processes off the card across several exchanges.  The
// PC/SC connection implements it (src/pcsc/); unit tests and the fuzz target
// use scripted fakes.
#pragma once

#include "p11/card/error.hpp"
#include "p11/secure.hpp"

namespace p11::card {

class channel {
public:
    virtual ~channel() = default;
    // Command APDU bytes in, response APDU bytes (data, SW1, SW2) out.  The
    // response is not checked here: the APDU layer rejects short ones.
    virtual outcome<secure_bytes> transmit(bytes_view command) = 0;
    // PC/SC's SCardBeginTransaction / SCardEndTransaction: no other process
    // may send a command in between.
    virtual outcome<void> begin_transaction() { return {}; }
    virtual void end_transaction() {}
    // Whether extended-length APDUs (Lc up to 65535, Le up to 65536) reach the
    // card.  Neither PC/SC nor a PIV card says so reliably up front: the
    // card's user learns it (a probe, or a card refusing one with 67 00) and
    // records it here.
    [[nodiscard]] virtual bool extended_length() const { return false; }
    virtual void set_extended_length(bool) {}
};

// Holds a transaction for its lifetime.  Check ok() before sending.
class [[nodiscard]] transaction {
public:
    explicit transaction(channel& ch) : ch_(ch), begun_(ch.begin_transaction()) {}
    ~transaction() {
        if (begun_) ch_.end_transaction();
    }
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;
    [[nodiscard]] bool ok() const { return static_cast<bool>(begun_); }
    [[nodiscard]] const error& err() const { return begun_.err(); }

private:
    channel& ch_;
    outcome<void> begun_;
};

} // namespace p11::card
