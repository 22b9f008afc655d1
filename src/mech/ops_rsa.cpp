// RSA: CKM_RSA_PKCS, CKM_RSA_X_509, CKM_RSA_PKCS_OAEP (encrypt/decrypt),
// CKM_RSA_PKCS, CKM_RSA_X_509, CKM_SHA*_RSA_PKCS, CKM_RSA_PKCS_PSS and
// CKM_SHA*_RSA_PKCS_PSS (sign/verify, recovery for the first two).
#include <algorithm>
#include <cstring>

#include "crypto/hash.hpp"
#include "crypto/rsa.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "mech/crypto_errors.hpp"
#include "mech/keys.hpp"
#include "mech/mechanism_plan.hpp"
#include "mech/ops.hpp"
#include "mech/oaep_params.hpp"
#include "mech/pss_params.hpp"
#include "mech/signature_encodings.hpp"
#include "mech/signed_data.hpp"

namespace p11::mech::ops {

namespace {

using crypto::hash_alg;

using scheme = mechanism_scheme;
using rsa_choice = mechanism_plan;

// The plan of an RSA mechanism; nullopt for any other.
std::optional<rsa_choice> choose(mechanism_type m) {
    const auto p = plan_of(m);
    if (!p || !is_rsa_scheme(p->scheme)) return std::nullopt;
    return p;
}

class rsa_sign_op final : public gathering_signer {
public:
    rsa_sign_op(std::shared_ptr<const crypto::rsa_private_key> key, rsa_choice c, crypto::pss_params pss, bool always_auth,
                 pin_check verify_pin)
        : gathering_signer(c.hash), key_(std::move(key)), choice_(c), pss_(pss), always_auth_(always_auth),
          verify_pin_(std::move(verify_pin)) {}

    [[nodiscard]] bool needs_context_login() const override { return always_auth_; }
    result<void> context_login(bytes_view pin) override { return verify_pin_(pin); }
    [[nodiscard]] std::size_t signature_size() const override { return key_->modulus_bytes(); }

    result<std::size_t> final(provider::out_span out) override {
        const auto input = data_.take();
        const std::size_t k = key_->modulus_bytes();
        crypto::bytes sig;
        crypto::status s;
        switch (choice_.scheme) {
        case scheme::rsa_pkcs1:
            if (choice_.hash) s = key_->sign_pkcs1(digest_info(*choice_.hash, input), sig);
            else if (input.size() > k - 11) return rv::data_len_range;
            else s = key_->sign_pkcs1(input, sig);
            break;
        case scheme::rsa_pss:
            if (input.size() != crypto::digest_size(pss_.hash)) return rv::data_len_range;
            s = key_->sign_pss(input, pss_, sig);
            break;
        case scheme::rsa_x509: {
            if (input.size() > k) return rv::data_len_range;
            secure_bytes raw;
            s = key_->private_raw(left_padded(input, k), raw);
            sig.assign(raw.begin(), raw.end());
            break;
        }
        default: return rv::mechanism_invalid;
        }
        if (s != crypto::status::ok) return to_rv(s, failing::signing);
        std::memcpy(out.data(), sig.data(), sig.size());
        return sig.size();
    }
    result<std::size_t> sign_recover(bytes_view data, provider::out_span out) override {
        if (choice_.hash || choice_.scheme == scheme::rsa_pss) return rv::mechanism_invalid;
        return sign(data, out);
    }

private:
    std::shared_ptr<const crypto::rsa_private_key> key_;
    rsa_choice choice_;
    crypto::pss_params pss_;
    bool always_auth_;
    pin_check verify_pin_;
};

class rsa_verify_op final : public gathering_verifier {
public:
    rsa_verify_op(std::shared_ptr<const crypto::rsa_public_key> key, rsa_choice c, crypto::pss_params pss)
        : gathering_verifier(c.hash), key_(std::move(key)), choice_(c), pss_(pss) {}

    result<void> final(bytes_view signature) override {
        const std::size_t k = key_->modulus_bytes();
        if (signature.size() != k) return rv::signature_len_range;
        const auto input = data_.take();
        crypto::status s;
        switch (choice_.scheme) {
        case scheme::rsa_pkcs1:
            if (choice_.hash) s = key_->verify_pkcs1(digest_info(*choice_.hash, input), signature);
            else if (input.size() > k - 11) return rv::data_len_range;
            else s = key_->verify_pkcs1(input, signature);
            break;
        case scheme::rsa_pss:
            if (input.size() != crypto::digest_size(pss_.hash)) return rv::data_len_range;
            s = key_->verify_pss(input, signature, pss_);
            break;
        case scheme::rsa_x509: {
            if (input.size() > k) return rv::data_len_range;
            crypto::bytes recovered;
            s = key_->public_raw(signature, recovered);
            if (s == crypto::status::ok && !std::ranges::equal(recovered, left_padded(input, k))) s = crypto::status::bad_signature;
            break;
        }
        default: return rv::mechanism_invalid;
        }
        if (s == crypto::status::invalid_input) return rv::signature_invalid;  // e.g. s >= n
        return to_rv(s, failing::verifying);
    }
    [[nodiscard]] std::size_t recover_bound(std::size_t) const override { return key_->modulus_bytes(); }
    result<std::size_t> verify_recover(bytes_view signature, provider::out_span out) override {
        if (signature.size() != key_->modulus_bytes()) return rv::signature_len_range;
        crypto::bytes data;
        crypto::status s;
        if (choice_.scheme == scheme::rsa_pkcs1 && !choice_.hash) s = key_->recover_pkcs1(signature, data);
        else if (choice_.scheme == scheme::rsa_x509) s = key_->public_raw(signature, data);
        else return rv::mechanism_invalid;
        if (s != crypto::status::ok) return rv::signature_invalid;
        std::copy(data.begin(), data.end(), out.begin());
        return data.size();
    }

private:
    std::shared_ptr<const crypto::rsa_public_key> key_;
    rsa_choice choice_;
    crypto::pss_params pss_;
};

class rsa_cipher_op final : public provider::cipher_operation {
public:
    rsa_cipher_op(std::shared_ptr<const crypto::rsa_public_key> pub, std::shared_ptr<const crypto::rsa_private_key> priv,
                  scheme pad, crypto::oaep_params oaep)
        : pub_(std::move(pub)), priv_(std::move(priv)), pad_(pad), oaep_(std::move(oaep)) {}
    [[nodiscard]] bool multi_part() const override { return false; }
    [[nodiscard]] std::size_t single_bound(std::size_t) const override {
        return pub_ ? pub_->modulus_bytes() : priv_->modulus_bytes();
    }
    result<std::size_t> single(bytes_view in, provider::out_span out) override {
        if (pub_) {
            crypto::bytes c;
            crypto::status s;
            const std::size_t k = pub_->modulus_bytes();
            if (pad_ == scheme::rsa_pkcs1) s = in.size() > k - 11 ? crypto::status::invalid_input : pub_->encrypt_pkcs1(in, c);
            else if (pad_ == scheme::rsa_oaep) s = pub_->encrypt_oaep(in, oaep_, c);
            else s = in.size() > k ? crypto::status::invalid_input : pub_->public_raw(left_padded(in, k), c);
            if (s != crypto::status::ok) return to_rv(s, failing::encrypting);
            std::copy(c.begin(), c.end(), out.begin());
            return c.size();
        }
        if (in.size() != priv_->modulus_bytes()) return rv::encrypted_data_len_range;
        secure_bytes p;
        crypto::status s;
        if (pad_ == scheme::rsa_pkcs1) s = priv_->decrypt_pkcs1(in, p);
        else if (pad_ == scheme::rsa_oaep) s = priv_->decrypt_oaep(in, oaep_, p);
        else s = priv_->private_raw(in, p);
        if (s != crypto::status::ok) return to_rv(s, failing::decrypting);
        // An empty plaintext may go to an empty caller buffer whose pointer is
        // NULL, where memcpy would be undefined (found by the backend
        // differential under UBSan).
        std::copy(p.begin(), p.end(), out.begin());
        return p.size();
    }
    [[nodiscard]] std::size_t update_bound(std::size_t) const override { return 0; }
    result<std::size_t> update(bytes_view, provider::out_span) override { return rv::function_not_supported; }
    [[nodiscard]] std::size_t final_bound() const override { return 0; }
    result<std::size_t> final(provider::out_span) override { return rv::function_not_supported; }

    [[nodiscard]] bool needs_context_login() const override { return always_auth; }
    result<void> context_login(bytes_view pin) override { return verify_pin(pin); }
    bool always_auth = false;
    pin_check verify_pin;

private:
    std::shared_ptr<const crypto::rsa_public_key> pub_;
    std::shared_ptr<const crypto::rsa_private_key> priv_;
    scheme pad_;
    crypto::oaep_params oaep_;
};

} // namespace

made<provider::cipher_operation> rsa_cipher(const mechanism_view& m, const provider::object& key, crypto::direction d,
                                            pin_check verify_pin) {
    const auto c = choose(m.type);
    if (!c || c->hash || c->scheme == scheme::rsa_pss) return rv::mechanism_invalid;
    if (c->scheme != scheme::rsa_oaep && !m.parameter.empty()) return rv::mechanism_param_invalid;
    // OAEP's parameter is judged against the key's size.
    auto oaep_for = [&](std::size_t modulus_bits) -> result<crypto::oaep_params> {
        if (c->scheme != scheme::rsa_oaep) return crypto::oaep_params{hash_alg::sha1, hash_alg::sha1, {}};
        return oaep_params_of(m, modulus_bits);
    };
    if (d == crypto::direction::encrypt) {
        auto pub = rsa_public_of(key);
        if (!pub) return rv::key_type_inconsistent;
        auto oaep = oaep_for(pub->modulus_bits());
        if (!oaep) return oaep.error_value();
        return std::unique_ptr<provider::cipher_operation>(
            std::make_unique<rsa_cipher_op>(pub, nullptr, c->scheme, std::move(*oaep)));
    }
    auto priv = rsa_private_of(key);
    if (!priv) return rv::key_type_inconsistent;
    auto oaep = oaep_for(priv->modulus_bits());
    if (!oaep) return oaep.error_value();
    auto op = std::make_unique<rsa_cipher_op>(nullptr, priv, c->scheme, std::move(*oaep));
    op->always_auth = key.flag(attribute_type::always_authenticate);
    op->verify_pin = std::move(verify_pin);
    return std::unique_ptr<provider::cipher_operation>(std::move(op));
}

made<provider::sign_operation> rsa_sign(const mechanism_view& m, const provider::object& key,
                                        pin_check verify_pin) {
    const auto c = choose(m.type);
    if (!c || c->scheme == scheme::rsa_oaep) return rv::mechanism_invalid;
    auto priv = rsa_private_of(key);
    if (!priv) return rv::key_type_inconsistent;
    crypto::pss_params pss{hash_alg::sha256, hash_alg::sha256, 0};
    if (c->scheme == scheme::rsa_pss) {
        auto p = pss_params_of(m, c->hash, priv->modulus_bits());
        if (!p) return p.error_value();
        pss = *p;
    } else if (!m.parameter.empty()) {
        return rv::mechanism_param_invalid;
    }
    return std::unique_ptr<provider::sign_operation>(std::make_unique<rsa_sign_op>(
        priv, *c, pss, key.flag(attribute_type::always_authenticate), std::move(verify_pin)));
}

made<provider::verify_operation> rsa_verify(const mechanism_view& m, const provider::object& key) {
    const auto c = choose(m.type);
    if (!c || c->scheme == scheme::rsa_oaep) return rv::mechanism_invalid;
    auto pub = rsa_public_of(key);
    if (!pub) return rv::key_type_inconsistent;
    crypto::pss_params pss{hash_alg::sha256, hash_alg::sha256, 0};
    if (c->scheme == scheme::rsa_pss) {
        auto p = pss_params_of(m, c->hash, pub->modulus_bits());
        if (!p) return p.error_value();
        pss = *p;
    } else if (!m.parameter.empty()) {
        return rv::mechanism_param_invalid;
    }
    return std::unique_ptr<provider::verify_operation>(std::make_unique<rsa_verify_op>(pub, *c, pss));
}

} // namespace p11::mech::ops
