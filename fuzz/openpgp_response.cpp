// Fuzzes what an OpenPGP card says.  The whole input is first handed to each
// parser of the card's data objects (6E, 65, 7A, C4, algorithm attributes,
// 7F49 for every algorithm the token serves); then it becomes the answers of
// a scripted card (scripted_card.hpp) to the driver's commands: recognition
// (SELECT, GET DATA 6E), the token's info and objects (65, GENERATE 81,
// 7F21, 7A, C4), a login, and a signature, decryption and ECDH with
// whatever keys the answers made.  Whatever the card says: an error or a
// result, never a crash, a hang or an out-of-bounds read.
#include <cstddef>
#include <cstdint>

#include "openpgp/openpgp_token.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "p11/constants/ec_kdf.hpp"
#include "p11/constants/object_class.hpp"
#include "scripted_card.hpp"

namespace {

using namespace p11;

void parse_everything(card::bytes_view in) {
    (void)openpgp::parse_application_data(in);
    (void)openpgp::parse_algorithm_attributes(in);
    (void)openpgp::parse_pw_status(in);
    (void)openpgp::cardholder_name(in);
    (void)openpgp::signature_counter(in);
    using C = openpgp::curve;
    const openpgp::algorithm_attributes algorithms[] = {
        {openpgp::algorithm_id::rsa, 2048, std::nullopt, true},
        {openpgp::algorithm_id::ecdsa, 0, C::p256, true},
        {openpgp::algorithm_id::eddsa, 0, C::ed25519, true},
        {openpgp::algorithm_id::ecdh, 0, C::x25519, true},
    };
    for (const auto& a : algorithms) (void)openpgp::parse_public_key(in, a);
}

// Every private-key operation a key object admits, fed by the rest of the answers.
void use_key(cards::card_token& token, const provider::object& key) {
    const std::uint8_t data[32] = {1, 2, 3};
    std::uint8_t out[1024];
    for (auto m : {mechanism_type::ecdsa, mechanism_type::sha256_rsa_pkcs, mechanism_type::eddsa}) {
        auto op = token.begin_sign(provider::mechanism_view{m, {}}, key);
        if (!op) continue;
        if ((*op)->needs_context_login()) (void)(*op)->context_login(std::span(data, 8));
        if ((*op)->signature_size() <= sizeof out) (void)(*op)->sign(data, std::span(out, (*op)->signature_size()));
    }
    if (auto op = token.begin_decrypt(provider::mechanism_view{mechanism_type::rsa_pkcs, {}}, key)) {
        std::vector<std::uint8_t> cryptogram((*op)->single_bound(0), 0x42);
        std::vector<std::uint8_t> plain(cryptogram.size());
        (void)(*op)->single(cryptogram, plain);
    }
    // Peer points of both sizes the token takes: X25519 (32 bytes) and P-256 (04 X Y).
    std::uint8_t peer[65] = {4, 9};
    for (std::size_t length : {std::size_t{32}, sizeof peer}) {
        abi::CK_ECDH1_DERIVE_PARAMS params{static_cast<abi::CK_ULONG>(ec_kdf::null), 0, nullptr,
                                           static_cast<abi::CK_ULONG>(length), peer};
        provider::attribute_set secret;
        secret.set_ulong(attribute_type::cls, static_cast<ck_ulong>(object_class::secret_key));
        (void)token.derive_key(provider::mechanism_view{mechanism_type::ecdh1_derive,
                                                        {reinterpret_cast<const std::uint8_t*>(&params), sizeof params}},
                               key, secret);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    parse_everything(card::bytes_view{data, size});

    auto token = openpgp::recognise(std::make_unique<fuzz::scripted_card>(data, size));
    if (!token || !*token) return 0;
    (void)(*token)->describe();
    const std::uint8_t pin[] = {'1', '2', '3', '4', '5', '6'};
    (void)(*token)->login(user_type::user, pin);
    for (const auto& o : (*token)->find(template_view{}, true))
        if (o.snapshot->cls() == object_class::private_key) use_key(**token, *o.snapshot);
    (*token)->logout();
    return 0;
}
