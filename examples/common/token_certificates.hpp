// Steps a) and b) of the seed's flow: every slot, a session on every slot
// with a token, and every certificate there with its key pair — matched by
// CKA_ID, as PKCS #11 applications are told to, else by the public key.
#pragma once

#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/der.hpp"
#include "common/key_match.hpp"
#include "common/pin_source.hpp"
#include "p11/client/session.hpp"

namespace example::inventory {

using p11::client::object_handle;

struct token_session {
    p11::client::slot_id slot = 0;
    std::string token_label;
    p11::client::session session;
    p11::client::login_guard login;  // private keys are visible only logged in
    std::string pin;                 // for a key that asks again (CKA_ALWAYS_AUTHENTICATE);
                                     // empty on the keypad path: a NULL PIN there too
};

struct held_certificate {
    token_session* where = nullptr;
    object_handle handle = 0;
    std::string label;
    std::vector<std::uint8_t> id, value;
    der::certificate parsed;  // views into `value`
    std::string subject, issuer;
    std::optional<object_handle> private_key, public_key;
    std::optional<p11::key_type> key_type;
    bool matched_by_public_key = false;  // no private key shares the certificate's CKA_ID
};

struct inventory {
    std::vector<std::unique_ptr<token_session>> tokens;
    std::vector<held_certificate> certificates;
};

inline std::optional<object_handle> with_id(const p11::client::session& s, p11::object_class c,
                                            const std::vector<std::uint8_t>& id) {
    if (id.empty()) return std::nullopt;
    auto h = s.find_one({p11::attr::cls = c, p11::attr::id = std::span<const p11::byte>(id)});
    return h ? *h : std::nullopt;
}

inline void add_certificates(token_session& t, std::vector<held_certificate>& out) {
    using namespace p11;
    const auto first = out.size();
    auto handles = t.session.find({attr::cls = object_class::certificate});
    if (!handles) {
        std::printf("  cannot search certificates: %s\n", to_string(handles.code()).data());
        return;
    }
    for (auto h : *handles) {
        auto value = t.session.get(h, attr::value);
        if (!value) continue;
        held_certificate c;
        c.where = &t;
        c.handle = h;
        c.value = std::move(*value);
        auto parsed = der::parse_certificate(c.value);
        if (!parsed) {
            std::printf("  a certificate that is not X.509 DER: ignored\n");
            continue;
        }
        c.parsed = *parsed;
        c.label = t.session.get(h, attr::label).value_or("");
        c.id = t.session.get(h, attr::id).value_or({});
        c.subject = der::name_to_string(c.parsed.subject).value_or("?");
        c.issuer = der::name_to_string(c.parsed.issuer).value_or("?");
        c.private_key = with_id(t.session, object_class::private_key, c.id);
        c.public_key = with_id(t.session, object_class::public_key, c.id);
        if (!c.private_key) {
            c.private_key = key_match::find(t.session, object_class::private_key, c.parsed.public_key_info);
            c.matched_by_public_key = c.private_key.has_value();
        }
        if (!c.public_key) c.public_key = key_match::find(t.session, object_class::public_key, c.parsed.public_key_info);
        if (c.private_key) {
            auto kt = t.session.get(*c.private_key, attr::key_type);
            if (kt) c.key_type = *kt;
        }
        out.push_back(std::move(c));
    }
    // Search order is the module's business; a dialog's numbers must not move between runs.
    std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
              [](const held_certificate& a, const held_certificate& b) { return a.subject < b.subject; });
}

struct scope {
    std::optional<p11::client::slot_id> only_slot;  // none: every slot
    std::string pin;                                // empty: $SEED_DEMO_PIN, keypad or asked
    // A PIN is tried on this token alone: another PIN on a user's card costs a retry.
    std::optional<p11::client::slot_id> pin_slot;   // none: every token
};

inline p11::result<inventory> collect(const p11::client::module& m, const scope& where) {
    using namespace p11;
    inventory inv;
    auto slots = m.slots();
    if (!slots) return slots.error_value();
    for (auto id : *slots) {
        auto si = m.slot(id);
        if (!si) return si.error_value();
        std::printf("slot %lu: %s%s\n", static_cast<unsigned long>(id), si->description.c_str(),
                    si->token_present() ? "" : " (no token)");
        if (!si->token_present() || (where.only_slot && *where.only_slot != id)) continue;
        auto ti = m.token(id);
        if (!ti) return ti.error_value();
        if (!ti->initialized()) {
            std::printf("  token not initialised\n");
            continue;
        }
        auto s = m.open_session(id, true);
        if (!s) return s.error_value();
        auto t = std::make_unique<token_session>(token_session{id, ti->label, std::move(*s), {}, {}});
        const bool pin_here = !where.pin_slot || *where.pin_slot == id;
        if (pin_here && ti->login_required()) {
            const auto how = pin::for_token(*ti, where.pin);
            if (how.how == pin::answer::keypad) std::printf("  enter the PIN on the reader's keypad\n");
            if (how.how != pin::answer::none) {
                // On the keypad path the PIN is a null pointer: the reader asks for it itself.
                auto login = t->session.login(user_type::user, how.how == pin::answer::keypad ? std::string_view{} : std::string_view{how.pin});
                if (!login) std::printf("  C_Login: %s: private keys unseen\n", to_string(login.code()).data());
                else t->login = std::move(*login), t->pin = how.pin;
            } else {
                std::printf("  no PIN: not logged in, private keys unseen\n");
            }
        }
        const auto before = inv.certificates.size();
        add_certificates(*t, inv.certificates);
        std::printf("  token \"%s\": %zu certificate(s)\n", ti->label.c_str(), inv.certificates.size() - before);
        inv.tokens.push_back(std::move(t));
    }
    return inv;
}

} // namespace example::inventory
