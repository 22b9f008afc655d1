#include "piv/piv_ops.hpp"

#include <algorithm>
#include <cstring>

#include "cards/context_pin.hpp"
#include "crypto/hash.hpp"
#include "crypto/rsa_padding.hpp"
#include "mech/mechanism_plan.hpp"
#include "mech/oaep_params.hpp"
#include "mech/pss_params.hpp"
#include "mech/signature_encodings.hpp"
#include "mech/signed_data.hpp"
#include "p11/abi/mechanism_params.hpp"

namespace p11::piv {

namespace {

using crypto::hash_alg;

using scheme = mechanism_scheme;
using sign_choice = mech::mechanism_plan;

// What the card can sign for: PKCS #1 v1.5, raw and PSS with an RSA key,
// ECDSA with an EC key.  nullopt for anything else.
std::optional<sign_choice> sign_choice_of(mechanism_type m, bool rsa) {
    const auto p = mech::plan_of(m);
    if (!p) return std::nullopt;
    const bool fits = rsa ? p->scheme == scheme::rsa_pkcs1 || p->scheme == scheme::rsa_x509 || p->scheme == scheme::rsa_pss
                          : p->scheme == scheme::ecdsa;
    if (!fits) return std::nullopt;
    return p;
}

// The PIN of a 9C key (cards/context_pin.hpp): VERIFY with it padded.
using context_pin = cards::context_pin<piv_card>;
constexpr context_pin::rules pin_rules{
    [](bytes_view pin) { return padded_pin(pin).has_value(); },
    [](piv_card& c, bytes_view pin) { return c.verify(pin); },
};

// Copies into the caller's buffer (the framework made it large enough).
result<std::size_t> deliver(bytes_view v, provider::out_span out) {
    if (out.size() < v.size()) return rv::buffer_too_small;
    std::copy(v.begin(), v.end(), out.begin());
    return v.size();
}

class card_sign_op final : public mech::gathering_signer {
public:
    card_sign_op(key_facts key, std::shared_ptr<card_link> link, sign_choice choice, crypto::pss_params pss)
        : gathering_signer(choice.hash), key_(key), link_(std::move(link)), choice_(choice), pss_(pss),
          pin_(key.slot->pin_always, pin_rules) {}

    [[nodiscard]] bool needs_context_login() const override { return pin_.needed(); }
    result<void> context_login(bytes_view pin) override { return pin_.take(pin, *link_); }
    [[nodiscard]] std::size_t signature_size() const override { return key_.rsa ? key_.size_bytes : 2 * key_.size_bytes; }

    result<std::size_t> final(provider::out_span out) override {
        const auto input = data_.take();
        auto challenge = challenge_for(input);
        if (!challenge) return challenge.error_value();
        auto answer = link_->run([&](piv_card& c) -> card::outcome<secure_bytes> {
            if (auto v = pin_.present(c, *link_); !v) return v.err();
            return c.authenticate(key_.alg, key_.slot->reference, *challenge);
        });
        if (!answer) return operation_rv(answer.err());
        if (!key_.rsa) {
            auto raw = mech::ecdsa_der_to_raw(*answer, key_.size_bytes);
            if (!raw) return rv::device_error;
            return deliver(*raw, out);
        }
        if (answer->size() > key_.size_bytes) return rv::device_error;
        return deliver(mech::left_padded(*answer, key_.size_bytes), out);
    }

private:
    // What the card is asked to sign: a padded block (RSA) or a digest (EC).
    result<secure_bytes> challenge_for(const secure_bytes& input) const {
        const std::size_t k = key_.size_bytes;
        switch (choice_.scheme) {
        case scheme::ecdsa: {
            const auto c = mech::ecdsa_challenge(input, k);
            return secure_bytes(c.begin(), c.end());
        }
        case scheme::rsa_x509: {
            if (input.size() > k) return rv::data_len_range;
            return mech::left_padded(input, k);
        }
        case scheme::rsa_pkcs1: {
            auto block = choice_.hash ? mech::pkcs1_signature_block(mech::digest_info(*choice_.hash, input), k)
                                      : mech::pkcs1_signature_block(input, k);
            if (!block) return rv::data_len_range;
            return std::move(*block);
        }
        case scheme::rsa_pss: {
            if (input.size() != crypto::digest_size(pss_.hash)) return rv::data_len_range;
            const std::size_t em_bits = k * 8 - 1;
            secure_bytes em((em_bits + 7) / 8);
            if (crypto::emsa_pss_encode(input, em_bits, pss_, em) != crypto::status::ok)
                return rv::mechanism_param_invalid;
            return mech::left_padded(em, k);
        }
        default: break;  // sign_choice_of admits no other scheme
        }
        return rv::general_error;
    }

    key_facts key_;
    std::shared_ptr<card_link> link_;
    sign_choice choice_;
    crypto::pss_params pss_;
    context_pin pin_;
};

class card_decrypt_op final : public cards::card_decryption {
public:
    card_decrypt_op(key_facts key, std::shared_ptr<card_link> link, scheme how, crypto::oaep_params oaep)
        : card_decryption(key.size_bytes), key_(key), link_(std::move(link)), how_(how), oaep_(std::move(oaep)), pin_(key.slot->pin_always, pin_rules) {}

    [[nodiscard]] bool needs_context_login() const override { return pin_.needed(); }
    result<void> context_login(bytes_view pin) override { return pin_.take(pin, *link_); }

    result<std::size_t> single(bytes_view in, provider::out_span out) override {
        if (in.size() != key_.size_bytes) return rv::encrypted_data_len_range;
        auto answer = link_->run([&](piv_card& c) -> card::outcome<secure_bytes> {
            if (auto v = pin_.present(c, *link_); !v) return v.err();
            return c.authenticate(key_.alg, key_.slot->reference, in);
        });
        if (!answer) return operation_rv(answer.err());
        if (answer->size() > key_.size_bytes) return rv::device_error;
        const secure_bytes block = mech::left_padded(*answer, key_.size_bytes);
        if (how_ == scheme::rsa_x509) return deliver(block, out);
        secure_bytes message;
        const auto s = how_ == scheme::rsa_pkcs1 ? crypto::eme_pkcs1_v15_decode(block, message)
                                                : crypto::eme_oaep_decode(block, oaep_, message);
        if (s != crypto::status::ok) return rv::encrypted_data_invalid;
        return deliver(message, out);
    }

private:
    key_facts key_;
    std::shared_ptr<card_link> link_;
    scheme how_;
    crypto::oaep_params oaep_;
    context_pin pin_;
};

} // namespace

result<std::unique_ptr<provider::sign_operation>> begin_card_sign(const provider::mechanism_view& m,
                                                                  const key_facts& key, std::shared_ptr<card_link> link) {
    auto choice = sign_choice_of(m.type, key.rsa);
    if (!choice) return rv::mechanism_invalid;
    crypto::pss_params pss{hash_alg::sha256, hash_alg::sha256, 0};
    if (choice->scheme == scheme::rsa_pss) {
        auto p = mech::pss_params_of(m, choice->hash, key.size_bytes * 8);
        if (!p) return p.error_value();
        pss = *p;
    }
    return std::unique_ptr<provider::sign_operation>(new card_sign_op(key, std::move(link), *choice, pss));
}

result<std::unique_ptr<provider::cipher_operation>> begin_card_decrypt(const provider::mechanism_view& m,
                                                                       const key_facts& key,
                                                                       std::shared_ptr<card_link> link) {
    if (!key.rsa) return rv::mechanism_invalid;
    // PKCS #1 v1.5, raw or OAEP, unhashed.
    const auto plan = mech::plan_of(m.type);
    if (!plan || plan->hash || (plan->scheme != scheme::rsa_pkcs1 && plan->scheme != scheme::rsa_x509 &&
                                plan->scheme != scheme::rsa_oaep))
        return rv::mechanism_invalid;
    const scheme how = plan->scheme;
    crypto::oaep_params oaep{hash_alg::sha1, hash_alg::sha1, {}};
    if (how == scheme::rsa_oaep) {
        auto p = mech::oaep_params_of(m, key.size_bytes * 8);
        if (!p) return p.error_value();
        oaep = std::move(*p);
    }
    return std::unique_ptr<provider::cipher_operation>(new card_decrypt_op(key, std::move(link), how, std::move(oaep)));
}

result<secure_bytes> card_ecdh(const key_facts& key, card_link& link, bytes_view peer_point) {
    if (key.rsa) return rv::key_type_inconsistent;
    auto answer = link.run([&](piv_card& c) { return c.key_agreement(key.alg, key.slot->reference, peer_point); });
    if (!answer) {
        if (answer.err().code == card::errc::wrong_data) return rv::mechanism_param_invalid;  // a bad peer point
        return operation_rv(answer.err());
    }
    return std::move(*answer);
}

} // namespace p11::piv
