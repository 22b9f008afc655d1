// ECDSA: CKM_ECDSA (the caller's digest) and CKM_ECDSA_SHA1/224/256/384/512
// (hashed on the token, multi-part).  Signatures are r || s (PKCS #11 format).
#include <cstring>

#include "crypto/ec.hpp"
#include "crypto/hash.hpp"
#include "mech/crypto_errors.hpp"
#include "mech/keys.hpp"
#include "mech/mechanism_plan.hpp"
#include "mech/ops.hpp"
#include "mech/signed_data.hpp"

namespace p11::mech::ops {

namespace {

using crypto::hash_alg;

// The digest an ECDSA mechanism hashes with (none: the caller's digest);
// nullopt for any other mechanism.
std::optional<std::optional<hash_alg>> hash_for(mechanism_type m) {
    const auto p = plan_of(m);
    if (!p || p->scheme != mechanism_scheme::ecdsa) return std::nullopt;
    return p->hash;
}

class ecdsa_sign_op final : public gathering_signer {
public:
    ecdsa_sign_op(std::shared_ptr<const crypto::ec_private_key> key, std::optional<hash_alg> h, bool always_auth,
                  pin_check verify_pin)
        : gathering_signer(h), key_(std::move(key)), always_auth_(always_auth), verify_pin_(std::move(verify_pin)) {}
    [[nodiscard]] bool needs_context_login() const override { return always_auth_; }
    result<void> context_login(bytes_view pin) override { return verify_pin_(pin); }
    [[nodiscard]] std::size_t signature_size() const override { return 2 * crypto::field_bytes(key_->curve_id()); }
    result<std::size_t> final(provider::out_span out) override {
        const auto d = data_.take();
        if (d.empty()) return rv::data_len_range;
        crypto::bytes sig;
        if (auto s = key_->sign(d, sig); s != crypto::status::ok) return to_rv(s, failing::signing);
        std::memcpy(out.data(), sig.data(), sig.size());
        return sig.size();
    }

private:
    std::shared_ptr<const crypto::ec_private_key> key_;
    bool always_auth_;
    pin_check verify_pin_;
};

class ecdsa_verify_op final : public gathering_verifier {
public:
    ecdsa_verify_op(std::shared_ptr<const crypto::ec_public_key> key, std::optional<hash_alg> h)
        : gathering_verifier(h), key_(std::move(key)) {}
    result<void> final(bytes_view signature) override {
        if (signature.size() != 2 * crypto::field_bytes(key_->curve_id())) return rv::signature_len_range;
        const auto d = data_.take();
        if (d.empty()) return rv::data_len_range;
        const auto s = key_->verify(d, signature);
        return s == crypto::status::invalid_input ? rv::signature_invalid : to_rv(s, failing::verifying);
    }

private:
    std::shared_ptr<const crypto::ec_public_key> key_;
};

} // namespace

made<provider::sign_operation> ecdsa_sign(const mechanism_view& m, const provider::object& key, pin_check verify_pin) {
    const auto h = hash_for(m.type);
    if (!h) return rv::mechanism_invalid;
    if (!m.parameter.empty()) return rv::mechanism_param_invalid;
    auto priv = ec_private_of(key);
    if (!priv) return rv::key_type_inconsistent;
    return std::unique_ptr<provider::sign_operation>(std::make_unique<ecdsa_sign_op>(
        priv, *h, key.flag(attribute_type::always_authenticate), std::move(verify_pin)));
}

made<provider::verify_operation> ecdsa_verify(const mechanism_view& m, const provider::object& key) {
    const auto h = hash_for(m.type);
    if (!h) return rv::mechanism_invalid;
    if (!m.parameter.empty()) return rv::mechanism_param_invalid;
    auto pub = ec_public_of(key);
    if (!pub) return rv::key_type_inconsistent;
    return std::unique_ptr<provider::verify_operation>(std::make_unique<ecdsa_verify_op>(pub, *h));
}

} // namespace p11::mech::ops
