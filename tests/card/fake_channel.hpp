// A scripted card for unit tests of the APDU layer: each expected command
// (hex) with the raw response (hex) the "card" gives to it.
#pragma once

#include <cstdio>
#include <deque>
#include <string>
#include <utility>

#include "p11/card/channel.hpp"

namespace p11::card::testing {

inline bytes from_hex(const std::string& hex) {
    bytes out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(static_cast<byte>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    return out;
}
inline std::string to_hex(bytes_view v) {
    std::string out;
    char buf[3];
    for (auto b : v) {
        std::snprintf(buf, sizeof buf, "%02X", b);
        out += buf;
    }
    return out;
}

class fake_channel final : public channel {
public:
    explicit fake_channel(bool extended = false) : extended_(extended) {}
    void expect(std::string command_hex, std::string response_hex) {
        script_.emplace_back(std::move(command_hex), std::move(response_hex));
    }
    outcome<secure_bytes> transmit(bytes_view command) override {
        sent.push_back(to_hex(command));
        if (script_.empty()) return error{errc::removed};
        auto [want, answer] = script_.front();
        script_.pop_front();
        if (want != "*" && want != sent.back()) return error{errc::transport};
        const auto raw = from_hex(answer);
        return secure_bytes(raw.begin(), raw.end());
    }
    outcome<void> begin_transaction() override {
        ++transactions;
        return {};
    }
    [[nodiscard]] bool extended_length() const override { return extended_; }
    void set_extended_length(bool on) override { extended_ = on; }
    [[nodiscard]] bool done() const { return script_.empty(); }

    std::deque<std::string> sent;
    int transactions = 0;

private:
    bool extended_;
    std::deque<std::pair<std::string, std::string>> script_;
};

} // namespace p11::card::testing
