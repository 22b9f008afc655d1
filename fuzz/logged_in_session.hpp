// A read-write session, logged in as the user, on the first initialised token
// of a loaded module: what the PKCS#11-level fuzzers work in.  Initialising
// the token is done here, not by a tool, so a sanitizer-built module needs no
// uninstrumented helper process.
#pragma once

#include <optional>

#include "p11/client/session.hpp"

namespace p11::fuzzing {

// Initialises the first slot's token with `so_pin` (and sets the user PIN
// `pin`) unless some token already is.
inline void initialise_first_token(const client::module& m, const char* so_pin, const char* pin) {
    const auto slots = m.slots(true).value_or({});
    for (auto id : slots) {
        if (auto t = m.token(id); t && t->initialized()) return;
    }
    if (slots.empty()) return;
    if (!m.init_token(slots.front(), so_pin, "p11forge-fuzz") || pin == nullptr) return;
    auto s = m.open_session(slots.front(), true);
    if (!s) return;
    if (auto l = s->login(user_type::so, so_pin)) {
        (void)s->init_pin(pin);
    }
}

// The session stays logged in after the guard is gone (release()): the
// fuzzers keep it for the whole run.
inline std::optional<client::session> open_logged_in_session(const client::module& m, const char* pin) {
    for (auto id : m.slots(true).value_or({})) {
        auto t = m.token(id);
        if (!t || !t->initialized()) continue;
        auto s = m.open_session(id, true);
        if (!s) continue;
        if (pin != nullptr) {
            if (auto l = s->login(user_type::user, pin)) l->release();
        }
        return std::move(*s);
    }
    return std::nullopt;
}

} // namespace p11::fuzzing
