#include "openpgp/openpgp_ops.hpp"

#include <algorithm>

#include "cards/context_pin.hpp"
#include "mech/mechanism_plan.hpp"
#include "mech/signature_encodings.hpp"
#include "mech/signed_data.hpp"
#include "p11/abi/mechanism_params.hpp"

namespace p11::openpgp {

namespace {

using scheme = mechanism_scheme;

// The PIN of the signature key when PW1 is valid for one signature only
// (cards/context_pin.hpp): VERIFY 81.
using context_pin = cards::context_pin<openpgp_card>;
constexpr context_pin::rules pin_rules{
    [](bytes_view pin) { return pin.size() >= pw1_min; },
    [](openpgp_card& c, bytes_view pin) { return c.verify(pw::pw1_sign, pin); },
};

result<std::size_t> deliver(bytes_view v, provider::out_span out) {
    if (out.size() < v.size()) return rv::buffer_too_small;
    std::copy(v.begin(), v.end(), out.begin());
    return v.size();
}

bool is_ecc_signer(key_kind k) { return k == key_kind::ecdsa_p256 || k == key_kind::ed25519; }

class card_sign_op final : public mech::gathering_signer {
public:
    card_sign_op(key_facts key, std::shared_ptr<card_link> link, std::optional<mech::mechanism_plan> plan)
        : gathering_signer(plan ? plan->hash : std::nullopt), key_(key), link_(std::move(link)), plan_(plan),
          pin_(key.pin_always, pin_rules) {}

    [[nodiscard]] bool needs_context_login() const override { return pin_.needed(); }
    result<void> context_login(bytes_view pin) override { return pin_.take(pin, *link_); }
    [[nodiscard]] bool multi_part() const override { return key_.kind == key_kind::ed25519 || gathering_signer::multi_part(); }
    [[nodiscard]] std::size_t signature_size() const override {
        return key_.kind == key_kind::rsa ? key_.size_bytes : 2 * key_.size_bytes;
    }

    result<std::size_t> final(provider::out_span out) override {
        const auto input = data_.take();
        auto request = request_for(input);
        if (!request) return request.error_value();
        const bool signature_key = key_.slot->use == role::sign;
        auto answer = link_->run([&](openpgp_card& c) -> card::outcome<secure_bytes> {
            if (auto v = pin_.present(c, *link_); !v) return v.err();
            return signature_key ? c.compute_signature(*request) : c.internal_authenticate(*request);
        });
        if (!answer) return operation_rv(answer.err());
        if (key_.kind == key_kind::rsa) {
            if (answer->empty() || answer->size() > key_.size_bytes) return rv::device_error;
            return deliver(mech::left_padded(*answer, key_.size_bytes), out);
        }
        if (answer->size() == 2 * key_.size_bytes) return deliver(*answer, out);
        // Cards before 3.x answered ECDSA in DER; r || s is what 3.4 specifies.
        if (key_.kind == key_kind::ed25519) return rv::device_error;
        auto raw = mech::ecdsa_der_to_raw(*answer, key_.size_bytes);
        if (!raw) return rv::device_error;
        return deliver(*raw, out);
    }

private:
    // What the card signs: a DigestInfo (it pads), a hash cut to the curve's
    // order, or the whole message (EdDSA).
    result<secure_bytes> request_for(const secure_bytes& input) const {
        switch (key_.kind) {
        case key_kind::rsa: {
            secure_bytes t(input.begin(), input.end());
            if (plan_->hash) {
                const auto info = mech::digest_info(*plan_->hash, input);
                t.assign(info.begin(), info.end());
            }
            if (t.empty() || t.size() + 11 > key_.size_bytes) return rv::data_len_range;
            return t;
        }
        case key_kind::ecdsa_p256: {
            const auto c = mech::ecdsa_challenge(input, key_.size_bytes);
            return secure_bytes(c.begin(), c.end());
        }
        case key_kind::ed25519: return input;
        default: break;  // begin_card_sign admits no other key
        }
        return rv::general_error;
    }

    key_facts key_;
    std::shared_ptr<card_link> link_;
    std::optional<mech::mechanism_plan> plan_;  // nullopt for EdDSA
    context_pin pin_;
};

class card_decrypt_op final : public cards::card_decryption {
public:
    card_decrypt_op(key_facts key, std::shared_ptr<card_link> link)
        : card_decryption(key.size_bytes), key_(key), link_(std::move(link)) {}

    result<std::size_t> single(bytes_view in, provider::out_span out) override {
        if (in.size() != key_.size_bytes) return rv::encrypted_data_len_range;
        auto answer = link_->run([&](openpgp_card& c) { return c.decipher_rsa(in); });
        if (!answer) {
            // The card's unpadding failed: the cryptogram was not ours.
            if (answer.err().code == card::errc::wrong_data) return rv::encrypted_data_invalid;
            return operation_rv(answer.err());
        }
        if (answer->size() + 11 > key_.size_bytes) return rv::device_error;
        return deliver(*answer, out);
    }

private:
    key_facts key_;
    std::shared_ptr<card_link> link_;
};

} // namespace

result<std::unique_ptr<provider::sign_operation>> begin_card_sign(const provider::mechanism_view& m,
                                                                  const key_facts& key, std::shared_ptr<card_link> link) {
    if (key.slot->use == role::decrypt) return rv::key_function_not_permitted;
    if (key.kind == key_kind::ed25519) {
        if (m.type != mechanism_type::eddsa) return rv::mechanism_invalid;
        // Pure Ed25519 only: the card has no context or prehash variant.
        if (const auto* p = m.param<abi::CK_EDDSA_PARAMS>(); p != nullptr && (p->phFlag || p->ulContextDataLen != 0))
            return rv::mechanism_param_invalid;
        return std::unique_ptr<provider::sign_operation>(new card_sign_op(key, std::move(link), std::nullopt));
    }
    const auto plan = mech::plan_of(m.type);
    const bool fits = plan && (key.kind == key_kind::rsa ? plan->scheme == scheme::rsa_pkcs1
                                                         : is_ecc_signer(key.kind) && plan->scheme == scheme::ecdsa);
    if (!fits) return rv::mechanism_invalid;
    return std::unique_ptr<provider::sign_operation>(new card_sign_op(key, std::move(link), plan));
}

result<std::unique_ptr<provider::cipher_operation>> begin_card_decrypt(const provider::mechanism_view& m,
                                                                       const key_facts& key,
                                                                       std::shared_ptr<card_link> link) {
    if (key.kind != key_kind::rsa || key.slot->use != role::decrypt) return rv::key_function_not_permitted;
    if (m.type != mechanism_type::rsa_pkcs) return rv::mechanism_invalid;
    return std::unique_ptr<provider::cipher_operation>(new card_decrypt_op(key, std::move(link)));
}

result<secure_bytes> card_ecdh(const key_facts& key, card_link& link, bytes_view peer) {
    if (key.kind != key_kind::ecdh_p256 && key.kind != key_kind::x25519) return rv::key_type_inconsistent;
    const std::size_t raw = key.kind == key_kind::x25519 ? 32 : 65;
    // The peer point raw, or wrapped in a DER OCTET STRING (04 len ...).
    if (peer.size() == raw + 2 && peer[0] == 0x04 && peer[1] == raw) peer = peer.subspan(2);
    if (peer.size() != raw) return rv::mechanism_param_invalid;
    auto answer = link.run([&](openpgp_card& c) { return c.ecdh(peer); });
    if (!answer) {
        if (answer.err().code == card::errc::wrong_data) return rv::mechanism_param_invalid;  // a bad peer point
        return operation_rv(answer.err());
    }
    if (answer->size() != key.size_bytes) return rv::device_error;
    return std::move(*answer);
}

} // namespace p11::openpgp
