#include "piv/piv_card.hpp"

#include "p11/card/tlv.hpp"

namespace p11::piv {

namespace {

card::command make(std::uint8_t instruction, std::uint8_t p1, std::uint8_t p2, bytes_view data, std::size_t ne) {
    card::command c{0x00, instruction, p1, p2, secure_bytes(data.begin(), data.end()), ne};
    return c;
}

card::error malformed() { return card::error{card::errc::malformed}; }

// The non-empty data object `tag` of GENERAL AUTHENTICATE's answer 7C { ... }.
card::outcome<secure_bytes> item_of_7c(bytes_view answer, std::uint8_t tag) {
    auto template_7c = card::read_exact(answer, 0x7C);
    if (!template_7c) return template_7c.err();
    auto item = card::find_tlv(*template_7c, tag);
    if (!item || item->empty()) return malformed();
    return secure_bytes(item->begin(), item->end());
}

} // namespace

std::optional<secure_bytes> padded_pin(bytes_view pin) {
    if (pin.empty() || pin.size() > pin_block) return std::nullopt;
    secure_bytes out(pin.begin(), pin.end());
    out.resize(pin_block, 0xFF);
    return out;
}

std::size_t piv_card::max_ne() const { return ch_->extended_length() ? card::extended_max_ne : card::short_max_ne; }

card::outcome<application_info> piv_card::select() {
    // The probe for extended-length APDUs, at no cost on cards that take
    // them: SELECT in the extended form (Le 0000).  PIV cards do not announce
    // the capability (no card capabilities in the PIV ATRs we know, nothing in
    // the application property template), and the reader and pcscd between
    // have to pass such APDUs too.  Any failure, also an error of the reader,
    // means short APDUs from then on, with SELECT asked again in the short form.
    ch_->set_extended_length(true);
    auto r = card::exchange_ok(*ch_, make(ins::select, 0x04, 0x00, aid, card::extended_max_ne));
    if (!r && ch_->extended_length() && r.err().code != card::errc::removed) {
        ch_->set_extended_length(false);
        r = card::exchange_ok(*ch_, make(ins::select, 0x04, 0x00, aid, card::short_max_ne));
    }
    if (!r) return r.err();
    application_info info;
    // 61 { 4F AID, 79 {...}, 50 label, AC {...} }; only the label matters to
    // us, and a card that answers 90 00 with nothing is still a PIV card.
    if (!r->empty()) {
        auto apt = card::read_exact(*r, 0x61);
        if (!apt) return apt.err();
        if (auto label = card::find_tlv(*apt, 0x50)) info.label.assign(label->begin(), label->end());
    }
    return info;
}

card::outcome<secure_bytes> piv_card::get_data(std::uint32_t tag) {
    card::bytes request;
    card::bytes tag_bytes;
    card::append_tag(tag_bytes, tag);
    card::append_tlv(request, 0x5C, tag_bytes);
    // A certificate in one response when extended lengths work, else 61 XX + GET RESPONSE.
    auto r = card::exchange_ok(*ch_, make(ins::get_data, 0x3F, 0xFF, request, max_ne()));
    if (!r) return r.err();
    auto content = card::read_exact(*r, 0x53);
    if (!content) return content.err();
    return secure_bytes(content->begin(), content->end());
}

card::outcome<void> piv_card::verify(bytes_view pin) {
    auto block = padded_pin(pin);
    if (!block) return card::error{card::errc::wrong_data};
    auto r = card::exchange_ok(*ch_, make(ins::verify, 0x00, pin_reference, *block, 0));
    if (!r) return r.err();
    return {};
}

card::outcome<int> piv_card::pin_status() {
    auto r = card::exchange(*ch_, make(ins::verify, 0x00, pin_reference, {}, 0));
    if (!r) return r.err();
    return card::tries_of(*r);
}

card::outcome<void> piv_card::reset_pin_status() {
    auto r = card::exchange_ok(*ch_, make(ins::verify, 0xFF, pin_reference, {}, 0));
    if (!r) return r.err();
    return {};
}

namespace {
// Two PIN-format values, each padded to 8 bytes: the data of CHANGE
// REFERENCE DATA (old, new) and RESET RETRY COUNTER (PUK, new PIN).
std::optional<secure_bytes> padded_pair(bytes_view first, bytes_view second) {
    auto a = padded_pin(first);
    auto b = padded_pin(second);
    if (!a || !b) return std::nullopt;
    a->insert(a->end(), b->begin(), b->end());
    return a;
}
} // namespace

card::outcome<void> piv_card::change_reference(std::uint8_t reference, bytes_view old_value, bytes_view new_value) {
    auto both = padded_pair(old_value, new_value);
    if (!both) return card::error{card::errc::wrong_data};
    auto r = card::exchange_ok(*ch_, make(ins::change_reference, 0x00, reference, *both, 0));
    if (!r) return r.err();
    return {};
}

card::outcome<void> piv_card::unblock_pin(bytes_view puk, bytes_view new_pin) {
    auto both = padded_pair(puk, new_pin);
    if (!both) return card::error{card::errc::wrong_data};
    auto r = card::exchange_ok(*ch_, make(ins::reset_retry_counter, 0x00, pin_reference, *both, 0));
    if (!r) return r.err();
    return {};
}

card::outcome<void> piv_card::put_data(std::uint32_t tag, bytes_view content) {
    card::bytes tag_bytes;
    card::append_tag(tag_bytes, tag);
    card::bytes request;
    card::append_tlv(request, 0x5C, tag_bytes);
    card::append_tlv(request, 0x53, content);
    // Certificates exceed a short APDU: the channel chains (CLA 10) or sends
    // one extended APDU.
    auto r = card::exchange_ok(*ch_, make(ins::put_data, 0x3F, 0xFF, request, 0));
    if (!r) return r.err();
    return {};
}

card::outcome<secure_bytes> piv_card::generate(std::uint8_t key, algorithm alg) {
    card::bytes inner;
    card::append_tlv(inner, 0x80, bytes_view{reinterpret_cast<const std::uint8_t*>(&alg), 1});
    card::bytes request;
    card::append_tlv(request, 0xAC, inner);
    auto r = card::exchange_ok(*ch_, make(ins::generate_key_pair, 0x00, key, request, max_ne()));
    if (!r) return r.err();
    auto pub = card::read_exact(*r, 0x7F49);
    if (!pub) return pub.err();
    return secure_bytes(pub->begin(), pub->end());
}

card::outcome<secure_bytes> piv_card::management_challenge(management_algorithm alg) {
    const card::bytes request{0x7C, 0x02, 0x81, 0x00};
    auto r = card::exchange_ok(*ch_, make(ins::general_authenticate, static_cast<std::uint8_t>(alg),
                                          management_key_reference, request, card::short_max_ne));
    if (!r) return r.err();
    return item_of_7c(*r, 0x81);
}

card::outcome<void> piv_card::management_response(management_algorithm alg, bytes_view response) {
    card::bytes inner;
    card::append_tlv(inner, 0x82, response);
    card::bytes request;
    card::append_tlv(request, 0x7C, inner);
    auto r = card::exchange_ok(*ch_, make(ins::general_authenticate, static_cast<std::uint8_t>(alg),
                                          management_key_reference, request, 0));
    if (!r) return r.err();
    return {};
}

card::outcome<void> piv_card::set_management_key(management_algorithm alg, bytes_view key) {
    secure_bytes data{static_cast<std::uint8_t>(alg), management_key_reference, static_cast<std::uint8_t>(key.size())};
    data.insert(data.end(), key.begin(), key.end());
    auto r = card::exchange_ok(*ch_, make(ins::set_management_key, 0xFF, 0xFF, data, 0));
    if (!r) return r.err();
    return {};
}

card::outcome<secure_bytes> piv_card::metadata(std::uint8_t key) {
    auto r = card::exchange_ok(*ch_, make(ins::get_metadata, 0x00, key, {}, card::short_max_ne));
    if (!r) return r.err();
    return secure_bytes(r->begin(), r->end());
}

card::outcome<secure_bytes> piv_card::general_authenticate(algorithm alg, std::uint8_t key, std::uint8_t input_tag,
                                                           bytes_view input) {
    card::bytes inner{0x82, 0x00};
    card::append_tlv(inner, input_tag, input);
    card::bytes request;
    card::append_tlv(request, 0x7C, inner);
    auto r = card::exchange_ok(*ch_, make(ins::general_authenticate, static_cast<std::uint8_t>(alg), key, request, max_ne()));
    if (!r) return r.err();
    return item_of_7c(*r, 0x82);
}

card::outcome<secure_bytes> piv_card::authenticate(algorithm alg, std::uint8_t key, bytes_view challenge) {
    return general_authenticate(alg, key, 0x81, challenge);
}

card::outcome<secure_bytes> piv_card::key_agreement(algorithm alg, std::uint8_t key, bytes_view peer_point) {
    return general_authenticate(alg, key, 0x85, peer_point);
}

} // namespace p11::piv
