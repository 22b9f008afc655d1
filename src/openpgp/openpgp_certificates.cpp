// The cardholder certificates (7F21): one per key slot from version 3, the
// authentication key's the one GET DATA 7F21 gives without SELECT DATA.
// Read when a search can match them; written (C_CreateObject) and emptied
// (C_DestroyObject) with PW3 verified, the card's rule.  Another occurrence
// is selected only inside one PC/SC transaction and the default selected
// again after it, so a plain GET DATA 7F21 (ours, another process's) still
// finds the authentication key's certificate.
#include <algorithm>

#include "openpgp/openpgp_objects.hpp"
#include "openpgp/openpgp_ops.hpp"
#include "openpgp/openpgp_token.hpp"
#include "p11/card/tlv.hpp"
#include "p11/constants/certificate_type.hpp"
#include "p11/constants/object_class.hpp"

namespace p11::openpgp {

namespace {

using A = attribute_type;

// step(card) on slot's occurrence of 7F21, the default occurrence restored.
template <class Step>
auto on_certificate(openpgp_card& c, const key_slot& slot, Step step) -> decltype(step(c)) {
    if (slot.certificate == 0) return step(c);
    if (auto s = c.select_certificate(slot.certificate); !s) return s.err();
    auto r = step(c);
    (void)c.select_certificate(0);  // best effort: a card that fails here fails the next SELECT DATA too
    return r;
}

const key_slot* slot_with_id(bytes_view id) {
    if (id.size() != 1) return nullptr;
    const auto s = std::find_if(key_slots.begin(), key_slots.end(), [&](const key_slot& k) { return k.id == id[0]; });
    return s == key_slots.end() ? nullptr : &*s;
}

rv write_rv(const card::error& e) {
    // 69 82: PW3 not verified (log in as the SO first).
    if (e.code == card::errc::security_not_satisfied) return rv::user_not_logged_in;
    return card::to_rv(e);
}

} // namespace

void openpgp_token::read_certificate(std::size_t index) {
    if (certificate_read_[index] || link_->dead()) return;
    const auto& slot = key_slots[index];
    if (slot.certificate != 0 && app_.version_major < first_multi_certificate_version) {
        certificate_read_[index] = true;  // a 2.x card keeps one certificate only
        return;
    }
    auto raw = link_->run([&](openpgp_card& c) {
        return on_certificate(c, slot, [](openpgp_card& k) { return k.get_data(tag::cardholder_certificate); });
    });
    if (!raw && link_->dead()) return;
    certificate_read_[index] = true;
    if (!raw || raw->empty()) return;  // no certificate: 6A 88, or an empty DO
    // The DO itself (7F21 { certificate }), or on some cards the certificate alone.
    bytes_view der = *raw;
    if (auto inner = card::read_exact(*raw, tag::cardholder_certificate)) der = *inner;
    if (auto o = certificate_object(slot, der)) objects_.put(std::move(*o));
}

result<provider::token_object> openpgp_token::write_certificate(const provider::attribute_set& attributes) {
    if (const auto type = attributes.ulong(A::certificate_type); type && *type != static_cast<ck_ulong>(certificate_type::x_509))
        return rv::attribute_value_invalid;
    const auto id = attributes.get(A::id);
    const auto der = attributes.get(A::value);
    if (!id || !der) return rv::template_incomplete;  // which slot, and what
    const auto* slot = slot_with_id(*id);
    if (!slot) return rv::attribute_value_invalid;
    if (slot->certificate != 0 && app_.version_major < first_multi_certificate_version) return rv::attribute_value_invalid;
    auto made = certificate_object(*slot, *der);
    if (!made) return rv::attribute_value_invalid;  // not a DER certificate
    // The certificate as the DO's content, as OpenSC and GnuPG write it.
    auto r = link_->run([&](openpgp_card& c) {
        return on_certificate(c, *slot, [&](openpgp_card& k) { return k.put_data(tag::cardholder_certificate, *der); });
    });
    if (!r) return write_rv(r.err());
    certificate_read_[static_cast<std::size_t>(slot - key_slots.data())] = true;
    objects_.put(*made);
    return *made;
}

result<void> openpgp_token::destroy(std::span<const std::uint8_t> key) {
    std::lock_guard lock(mutex_);
    if (key.size() != 2 || key[0] != static_cast<std::uint8_t>(object_kind::certificate)) return rv::action_prohibited;
    const auto* slot = slot_with_id(key.subspan(1));
    if (!slot) return rv::object_handle_invalid;
    auto r = link_->run([&](openpgp_card& c) {
        return on_certificate(c, *slot, [](openpgp_card& k) { return k.put_data(tag::cardholder_certificate, {}); });
    });
    if (!r) return write_rv(r.err());
    objects_.erase_if([&](const provider::token_object& o) { return o.key == object_key(object_kind::certificate, slot->id); });
    return {};
}

} // namespace p11::openpgp
