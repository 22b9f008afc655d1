// Where a token's PIN comes from, per token: given (--pin or $SEED_DEMO_PIN,
// for scripts), the reader's own keypad (CKF_PROTECTED_AUTHENTICATION_PATH:
// C_Login without a PIN), or asked on the terminal without echo.  Without a
// terminal and without a PIN the token is used unlogged: its private keys
// stay unseen, and the rules say so.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "common/platform.hpp"
#include "p11/client/module.hpp"

namespace example::pin {

struct answer {
    enum kind { none, given, keypad } how = none;
    std::string pin;
};

inline std::optional<std::string> ask_without_echo(const std::string& prompt) {
    // Echo goes off before the prompt shows, so that nothing typed at the prompt
    // is echoed.
    platform::no_echo quiet;
    std::printf("%s", prompt.c_str());
    std::fflush(stdout);
    std::string line;
    const bool got = static_cast<bool>(std::getline(std::cin, line));
    quiet.restore();
    std::printf("\n");
    if (!got) return std::nullopt;
    return line;
}

inline answer for_token(const p11::client::token_info& t, const std::string& given) {
    if (!given.empty()) return {answer::given, given};
    if (const char* env = std::getenv("SEED_DEMO_PIN"); env && *env) return {answer::given, env};
    if (p11::has(t.flags, p11::token_flags::protected_authentication_path)) return {answer::keypad, {}};
    if (!platform::stdin_is_terminal()) return {};
    auto typed = ask_without_echo("PIN for token \"" + t.label + "\" (empty: do not log in): ");
    if (!typed || typed->empty()) return {};
    return {answer::given, *typed};
}

} // namespace example::pin
