#include "openpgp/openpgp_card.hpp"

#include "p11/card/tlv.hpp"

namespace p11::openpgp {

std::size_t openpgp_card::max_ne() const {
    return ch_->extended_length() ? card::extended_max_ne : card::short_max_ne;
}

card::outcome<secure_bytes> openpgp_card::run(std::uint8_t instruction, std::uint8_t p1, std::uint8_t p2,
                                              bytes_view data, std::size_t ne) {
    const card::command c{0x00, instruction, p1, p2, secure_bytes(data.begin(), data.end()), ne};
    return card::exchange_ok(*ch_, c);
}

card::outcome<void> openpgp_card::select() {
    // Short form: whether extended APDUs work is learned from 6E afterwards.
    auto r = run(ins::select, 0x04, 0x00, aid_prefix, 0);
    if (!r) return r.err();
    return {};
}

card::outcome<secure_bytes> openpgp_card::get_data(std::uint32_t t) {
    return run(ins::get_data, static_cast<std::uint8_t>(t >> 8), static_cast<std::uint8_t>(t), {}, max_ne());
}

void openpgp_card::use_capabilities(const application_data& app) {
    // Extended APDUs only where the card says it takes them; the APDU layer
    // still falls back to short ones if the reader or pcscd cannot pass them.
    ch_->set_extended_length(app.extended_length);
}

card::outcome<void> openpgp_card::verify(std::uint8_t reference, bytes_view pin) {
    if (pin.empty()) return card::error{card::errc::wrong_data};  // an empty VERIFY asks for the status
    auto r = run(ins::verify, 0x00, reference, pin, 0);
    if (!r) return r.err();
    return {};
}

card::outcome<int> openpgp_card::pw_tries(std::uint8_t reference) {
    auto r = card::exchange(*ch_, card::command{0x00, ins::verify, 0x00, reference, {}, 0});
    if (!r) return r.err();
    return card::tries_of(*r);
}

card::outcome<void> openpgp_card::reset_verified(std::uint8_t reference) {
    auto r = run(ins::verify, verify_reset, reference, {}, 0);
    if (!r) return r.err();
    return {};
}

card::outcome<void> openpgp_card::change_pin(std::uint8_t reference, bytes_view old_pin, bytes_view new_pin) {
    secure_bytes both(old_pin.begin(), old_pin.end());
    both.insert(both.end(), new_pin.begin(), new_pin.end());
    auto r = run(ins::change_reference, 0x00, reference, both, 0);
    if (!r) return r.err();
    return {};
}

card::outcome<void> openpgp_card::select_certificate(std::uint8_t occurrence) {
    // 60 { 5C { 7F 21 } }: the tag list as 3.4's example writes it.
    const std::uint8_t tag_list[] = {0x60, 0x04, 0x5C, 0x02, 0x7F, 0x21};
    auto r = run(ins::select_data, occurrence, select_data_p2, tag_list, 0);
    if (!r) return r.err();
    return {};
}

card::outcome<void> openpgp_card::reset_pw1(bytes_view resetting_code, bytes_view new_pin) {
    secure_bytes both(resetting_code.begin(), resetting_code.end());
    both.insert(both.end(), new_pin.begin(), new_pin.end());
    const auto p1 = resetting_code.empty() ? reset_after_pw3 : reset_with_code;
    auto r = run(ins::reset_retry_counter, p1, pw::pw1_sign, both, 0);
    if (!r) return r.err();
    return {};
}

card::outcome<secure_bytes> openpgp_card::compute_signature(bytes_view input) {
    return run(ins::pso, pso_compute_signature >> 8, pso_compute_signature & 0xFF, input, max_ne());
}

card::outcome<secure_bytes> openpgp_card::internal_authenticate(bytes_view input) {
    return run(ins::internal_authenticate, 0x00, 0x00, input, max_ne());
}

card::outcome<secure_bytes> openpgp_card::decipher_rsa(bytes_view cryptogram) {
    secure_bytes data{0x00};  // padding indicator: none further
    data.insert(data.end(), cryptogram.begin(), cryptogram.end());
    return run(ins::pso, pso_decipher >> 8, pso_decipher & 0xFF, data, max_ne());
}

card::outcome<secure_bytes> openpgp_card::ecdh(bytes_view peer_point) {
    const auto point = card::make_tlv(tag::ec_point, peer_point);
    const auto key = card::make_tlv(tag::public_key, point);
    const auto cipher = card::make_tlv(tag::cipher_do, key);
    return run(ins::pso, pso_decipher >> 8, pso_decipher & 0xFF, cipher, max_ne());
}

card::outcome<secure_bytes> openpgp_card::public_key_of(std::uint8_t crt, bool generate) {
    const card::bytes control{crt, 0x00};
    return run(ins::generate, generate ? generate_new : read_public, 0x00, control, max_ne());
}

card::outcome<void> openpgp_card::put_data(std::uint32_t tag, bytes_view value) {
    auto r = run(ins::put_data, static_cast<std::uint8_t>(tag >> 8), static_cast<std::uint8_t>(tag), value, 0);
    if (!r) return r.err();
    return {};
}

} // namespace p11::openpgp
