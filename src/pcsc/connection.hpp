// One PC/SC connection to the card in a reader, shared with other processes,
// as a card::channel for the APDU layer.  Not thread-safe: its owner
// serialises (one card answers one command at a time anyway).
#pragma once

#include <memory>
#include <string>

#include "p11/card/channel.hpp"
#include "pcsc/context.hpp"

namespace p11::pcsc {

class connection final : public card::channel {
public:
    [[nodiscard]] static card::outcome<std::unique_ptr<connection>> open(const context& ctx, const std::string& reader);
    ~connection() override;
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    card::outcome<secure_bytes> transmit(card::bytes_view command) override;
    card::outcome<void> begin_transaction() override;
    void end_transaction() override;
    // Learned by the card's user (PC/SC cannot tell whether the card takes them).
    [[nodiscard]] bool extended_length() const override { return extended_; }
    void set_extended_length(bool on) override { extended_ = on; }

    // SCardReconnect after a reset (ours, with `reset`, or someone else's).
    card::outcome<void> reconnect(bool reset);
    [[nodiscard]] const std::string& reader() const { return reader_; }

private:
    connection(const api* a, SCARDHANDLE h, DWORD protocol, std::string reader)
        : api_(a), handle_(h), protocol_(protocol), reader_(std::move(reader)) {}
    const api* api_;
    SCARDHANDLE handle_;
    DWORD protocol_;
    std::string reader_;
    bool extended_ = false;
};

} // namespace p11::pcsc
