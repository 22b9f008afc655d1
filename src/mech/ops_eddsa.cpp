// EdDSA: CKM_EDDSA on CKK_EC_EDWARDS keys (3.0).  Pure EdDSA reads the
// message twice, so multi-part calls gather it whole first (pkcs11-tool
// 0.23 signs a file of more than a few KiB in C_SignUpdate parts).  Without a
// parameter it is pure Ed25519 / Ed448; CK_EDDSA_PARAMS asks for a context
// or pre-hashing (Ed25519ctx, Ed25519ph, Ed448 with context, Ed448ph).
#include <cstring>

#include "crypto/ecx.hpp"
#include "mech/crypto_errors.hpp"
#include "mech/keys.hpp"
#include "mech/ops.hpp"
#include "mech/signed_data.hpp"
#include "p11/abi/mechanism_params.hpp"

namespace p11::mech::ops {

namespace {

// The variant CK_EDDSA_PARAMS asks for, the context copied (the caller's
// buffer is only valid during C_SignInit).
struct eddsa_choice {
    bool prehash = false;
    crypto::bytes context;
    [[nodiscard]] crypto::eddsa_params params() const { return {prehash, context}; }
};

result<eddsa_choice> choice_of(const mechanism_view& m, crypto::ecx_curve c) {
    if (m.type != mechanism_type::eddsa) return rv::mechanism_invalid;
    const auto* p = m.param<abi::CK_EDDSA_PARAMS>();
    if (p == nullptr) return eddsa_choice{};  // no parameter: pure EdDSA
    // RFC 8032 section 5.2 and 5.1 (dom2/dom4): the context is at most 255 bytes.
    if (p->ulContextDataLen > 255 || (p->pContextData == nullptr && p->ulContextDataLen != 0))
        return rv::mechanism_param_invalid;
    eddsa_choice out{p->phFlag != 0, crypto::bytes(p->pContextData, p->pContextData + p->ulContextDataLen)};
    // Ed25519ctx with an empty context is not an RFC 8032 variant (its
    // section 5.1 wants a context there); callers that pass the structure
    // zeroed mean pure Ed25519, and Ed448's empty context is pure Ed448, so
    // both are pure.  Any other variant needs a backend that has it
    // (OpenSSL 3.0 does not: crypto/ecx.hpp).
    if ((out.prehash || !out.context.empty()) && !crypto::eddsa_variants(c)) return rv::mechanism_param_invalid;
    return out;
}

class eddsa_sign_op final : public gathering_signer {
public:
    eddsa_sign_op(std::shared_ptr<const crypto::ecx_private_key> key, eddsa_choice choice, bool always_auth,
                  pin_check verify_pin)
        : gathering_signer(std::nullopt), key_(std::move(key)), choice_(std::move(choice)), always_auth_(always_auth),
          verify_pin_(std::move(verify_pin)) {}
    [[nodiscard]] bool multi_part() const override { return true; }
    [[nodiscard]] bool needs_context_login() const override { return always_auth_; }
    result<void> context_login(bytes_view pin) override { return verify_pin_(pin); }
    [[nodiscard]] std::size_t signature_size() const override { return crypto::eddsa_signature_bytes(key_->curve_id()); }
    result<std::size_t> final(provider::out_span out) override {
        const auto message = data_.take();
        crypto::bytes sig;
        if (auto s = key_->sign(message, choice_.params(), sig); s != crypto::status::ok) return to_rv(s, failing::signing);
        std::memcpy(out.data(), sig.data(), sig.size());
        return sig.size();
    }

private:
    std::shared_ptr<const crypto::ecx_private_key> key_;
    eddsa_choice choice_;
    bool always_auth_;
    pin_check verify_pin_;
};

class eddsa_verify_op final : public gathering_verifier {
public:
    eddsa_verify_op(std::shared_ptr<const crypto::ecx_public_key> key, eddsa_choice choice)
        : gathering_verifier(std::nullopt), key_(std::move(key)), choice_(std::move(choice)) {}
    [[nodiscard]] bool multi_part() const override { return true; }
    result<void> final(bytes_view signature) override {
        if (signature.size() != crypto::eddsa_signature_bytes(key_->curve_id())) return rv::signature_len_range;
        const auto message = data_.take();
        const auto s = key_->verify(message, signature, choice_.params());
        return s == crypto::status::bad_signature ? rv::signature_invalid : to_rv(s, failing::verifying);
    }

private:
    std::shared_ptr<const crypto::ecx_public_key> key_;
    eddsa_choice choice_;
};

} // namespace

made<provider::sign_operation> eddsa_sign(const mechanism_view& m, const provider::object& key, pin_check verify_pin) {
    auto priv = ecx_private_of(key);
    if (!priv || !crypto::is_edwards(priv->curve_id())) return rv::key_type_inconsistent;
    auto choice = choice_of(m, priv->curve_id());
    if (!choice) return choice.error_value();
    return std::unique_ptr<provider::sign_operation>(std::make_unique<eddsa_sign_op>(
        priv, std::move(*choice), key.flag(attribute_type::always_authenticate), std::move(verify_pin)));
}

made<provider::verify_operation> eddsa_verify(const mechanism_view& m, const provider::object& key) {
    auto pub = ecx_public_of(key);
    if (!pub || !crypto::is_edwards(pub->curve_id())) return rv::key_type_inconsistent;
    auto choice = choice_of(m, pub->curve_id());
    if (!choice) return choice.error_value();
    return std::unique_ptr<provider::verify_operation>(std::make_unique<eddsa_verify_op>(pub, std::move(*choice)));
}

} // namespace p11::mech::ops
