// What the documentation's partial snippets take as given (the names a
// "<!-- snippet: provides ... -->" comment lists): a module with a token
// labelled "My Token", a session on it, and keys each snippet's calls fit.
// The module is P11_SNIPPET_MODULE, the one the generated snippets load.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "modules.hpp"
#include "p11/client/session.hpp"

#ifndef P11_SNIPPET_MODULE
#error "P11_SNIPPET_MODULE: the module the snippets run against (tests/consumer/meson.build passes it)"
#endif

namespace doc_snippets {

using bytes = std::vector<std::uint8_t>;
namespace client = p11::client;

struct fixture {
    ct::scratch_dir dir;
    p11::result<client::module> m;
    client::slot_id slot = 0;
    client::session s;
    client::session& session = s;
    std::optional<client::login_guard> login;

    bytes data{'d', 'a', 't', 'a'}, digest = bytes(32, 0x5a), iv = bytes(12, 0x01), aad{'a', 'a', 'd'},
          plaintext{'p', 'l', 'a', 'i', 'n'}, id_bytes{0x0a};
    std::span<const std::uint8_t> id{id_bytes};
    client::pin_callback ask_pin;
    client::object_handle key = 0, pub = 0, aes = 0, kek = 0, secret = 0;
    p11::abi::CK_OBJECT_CLASS cls = static_cast<p11::abi::CK_OBJECT_CLASS>(p11::object_class::data);
    p11::abi::CK_ATTRIBUTE attribute{static_cast<p11::abi::CK_ATTRIBUTE_TYPE>(p11::attribute_type::cls), &cls, sizeof cls};
    p11::abi::CK_ATTRIBUTE_PTR pTemplate = &attribute;
    p11::abi::CK_ULONG ulCount = 1;

    // The user PIN is `pin`; a snippet that logs in itself finds the session logged out.
    fixture(const std::string& pin, bool snippet_logs_in)
        : m(ct::load({"snippet module", P11_SNIPPET_MODULE, false})), slot(ct::init_token(*m, "My Token")) {
        s = ct::must(m->open_session(slot, true), "C_OpenSession");
        {
            auto first = ct::must(s.login(p11::user_type::user, ct::user_pin), "C_Login(USER)");
            ct::must(s.set_pin(ct::user_pin, pin), "C_SetPIN");
        }
        login = ct::must(s.login(p11::user_type::user, pin), "C_Login(USER) with the snippet's PIN");
        make_keys();
        ask_pin = [pin](client::object_handle) { return std::optional<std::string>(pin); };
        if (snippet_logs_in) login.reset();
    }

private:
    void make_keys();
};

// Token objects: C_Logout destroys the application's private session objects,
// and a snippet that logs in itself comes after the fixture's logout.
inline void fixture::make_keys() {
    using namespace p11;
    const bytes f4{1, 0, 1}, aes_value(16, 0x2b), kek_value(16, 0x3c), secret_value(32, 0x4d);
    const auto span = [](const bytes& b) { return std::span<const std::uint8_t>(b); };
    const auto pair = ct::must(s.generate_key_pair(mechanism_type::rsa_pkcs_key_pair_gen,
                                                   {attr::token = true, attr::modulus_bits = 2048,
                                                    attr::public_exponent = span(f4), attr::verify = true,
                                                    attr::encrypt = true},
                                                   {attr::token = true, attr::sign = true, attr::decrypt = true,
                                                    attr::id = id, attr::label = std::string("snippet key")}),
                               "C_GenerateKeyPair(RSA)");
    key = pair.private_key;
    pub = pair.public_key;
    const auto secret_key = [&](const bytes& value, attribute_template extra) {
        extra.set(attr::cls = object_class::secret_key);
        extra.set(attr::key_type = key_type::aes);
        extra.set(attr::token = true);
        extra.set(attr::value = span(value));
        return ct::must(s.create(extra), "C_CreateObject(AES)");
    };
    aes = secret_key(aes_value, {attr::encrypt = true, attr::decrypt = true});
    kek = secret_key(kek_value, {attr::wrap = true, attr::unwrap = true});
    secret = secret_key(secret_value, {attr::extractable = true});
}

struct snippet {
    const char* where;
    unsigned long (*run)(fixture&);
    const char* pin;
    bool logs_in;
};

} // namespace doc_snippets
