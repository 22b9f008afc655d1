// Fuzzes what a card says: arbitrary bytes become the answers of a scripted
// card (each answer: a 2-byte big-endian length, then that many bytes) to the
// PIV driver's commands: SELECT, GET DATA (CHUID, a certificate container
// turned into objects), VERIFY, GENERAL AUTHENTICATE (RSA and ECDSA answers).
// The whole input is also parsed as a BER-TLV sequence.  Whatever the card
// says: an error or a result, never a crash, a hang or an out-of-bounds read.
#include <cstddef>
#include <cstdint>

#include "p11/card/tlv.hpp"
#include "crypto/rsa_padding.hpp"
#include "mech/signature_encodings.hpp"
#include "piv/piv_card.hpp"
#include "piv/piv_objects.hpp"
#include "scripted_card.hpp"

using p11::fuzz::scripted_card;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    (void)p11::card::read_tlvs(p11::card::bytes_view{data, size});

    p11::piv::piv_card card(std::make_unique<scripted_card>(data, size));
    (void)card.select();
    (void)card.get_data(p11::piv::tag_chuid);
    (void)card.pin_status();
    const std::uint8_t pin[] = {'1', '2', '3', '4', '5', '6'};
    (void)card.verify(pin);
    if (auto container = card.get_data(0x5FC105)) {
        if (auto der = p11::card::find_tlv(*container, 0x70))
            (void)p11::piv::objects_for(p11::piv::all_slots[0], *der);
    }
    const std::uint8_t digest[32] = {};
    if (auto sig = card.authenticate(p11::piv::algorithm::p256, 0x9C, digest))
        (void)p11::mech::ecdsa_der_to_raw(*sig, 32);
    std::vector<std::uint8_t> block(256, 0x5A);
    if (auto plain = card.authenticate(p11::piv::algorithm::rsa2048, 0x9D, block)) {
        p11::secure_bytes message;
        (void)p11::crypto::eme_pkcs1_v15_decode(*plain, message);
    }
    return 0;
}
