// Step d) of the seed's flow: one candidate is taken; several are offered
// in a numbered dialog on a terminal (asking again after a bad answer), or
// chosen by number or PKCS #11 URI for scripts.  Without a terminal and
// without a choice the answer is an error: a guess could sign with the wrong
// identity.
#pragma once

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/platform.hpp"
#include "common/token_certificates.hpp"
#include "p11/client/uri.hpp"

namespace example::choice {

struct given {
    unsigned number = 0;  // 1-based; 0: none given
    std::string uri;      // pkcs11:... of the certificate; empty: none given
};

struct chosen {
    const inventory::held_certificate* certificate = nullptr;
    std::string error;  // set when nothing could be chosen
};

inline bool uri_names(const p11::client::uri& u, const inventory::held_certificate& c) {
    if (u.type && *u.type != p11::object_class::certificate) return false;
    if (u.object && *u.object != c.label) return false;
    if (u.id && *u.id != c.id) return false;
    if (u.token && *u.token != c.where->token_label) return false;
    return true;
}

inline chosen by_uri(const std::string& text, const std::vector<const inventory::held_certificate*>& offered) {
    std::string why;
    auto u = p11::client::uri::parse(text, &why);
    if (!u) return {nullptr, "--cert: not a PKCS #11 URI: " + why};
    const inventory::held_certificate* found = nullptr;
    for (auto* c : offered) {
        if (!uri_names(*u, *c)) continue;
        if (found) return {nullptr, "--cert names more than one of the offered certificates"};
        found = c;
    }
    if (!found) return {nullptr, "--cert names none of the offered certificates"};
    return {found, {}};
}

inline chosen ask(const std::vector<const inventory::held_certificate*>& offered) {
    for (;;) {
        std::printf("choose a certificate (1-%zu): ", offered.size());
        std::fflush(stdout);
        std::string line;
        if (!std::getline(std::cin, line)) return {nullptr, "no answer (end of input)"};
        char* end = nullptr;
        const unsigned long n = std::strtoul(line.c_str(), &end, 10);
        if (end != line.c_str() && *end == '\0' && n >= 1 && n <= offered.size()) return {offered[n - 1], {}};
        std::printf("\"%s\" is not one of 1-%zu\n", line.c_str(), offered.size());
    }
}

inline chosen choose(const std::vector<const inventory::held_certificate*>& offered, const given& g) {
    if (offered.empty()) return {nullptr, "no certificate passes the rules"};
    if (!g.uri.empty()) return by_uri(g.uri, offered);
    if (g.number) {
        if (g.number > offered.size())
            return {nullptr, "--choose " + std::to_string(g.number) + ": only " + std::to_string(offered.size()) +
                                 " certificate(s) offered"};
        return {offered[g.number - 1], {}};
    }
    if (offered.size() == 1) return {offered[0], {}};
    if (!platform::stdin_is_terminal())
        return {nullptr, std::to_string(offered.size()) +
                             " certificates pass the rules and there is no terminal to ask: give --choose N or --cert URI"};
    return ask(offered);
}

} // namespace example::choice
