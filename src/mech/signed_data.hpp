// What a signature operation collects until C_SignFinal / C_VerifyFinal:
// the running hash for the hashing mechanisms (CKM_SHA256_RSA_PKCS ...), or
// the caller's bytes as given for the others (CKM_RSA_PKCS, CKM_ECDSA ...).
// Shared by the software token and the card tokens, which sign on the card.
#pragma once

#include <memory>
#include <optional>

#include "crypto/hash.hpp"
#include "p11/provider/operations.hpp"
#include "p11/secure.hpp"

namespace p11::mech {

class signed_data {
public:
    explicit signed_data(std::optional<crypto::hash_alg> h) : alg_(h), hash_(h ? crypto::make_hash(*h) : nullptr) {}
    void add(crypto::bytes_view part) {
        if (hash_) hash_->update(part);
        else raw_.insert(raw_.end(), part.begin(), part.end());
    }
    // The digest, or the raw data for the unhashed mechanisms.
    secure_bytes take() {
        if (!hash_) return std::move(raw_);
        secure_bytes d(crypto::digest_size(*alg_));
        hash_->finish(d.data());
        return d;
    }
    [[nodiscard]] bool hashed() const { return hash_ != nullptr; }

private:
    std::optional<crypto::hash_alg> alg_;
    std::unique_ptr<crypto::hash> hash_;
    secure_bytes raw_;
};

// The sign and verify operations of every token gather the data of one call
// or of several the same way, so C_Sign is C_SignUpdate then C_SignFinal (as
// the spec describes it) in one place; a token writes only final().
class gathering_signer : public provider::sign_operation {
public:
    [[nodiscard]] bool multi_part() const override { return data_.hashed(); }
    result<std::size_t> sign(bytes_view data, provider::out_span out) final {
        data_.add(data);
        return final(out);
    }
    result<void> update(bytes_view part) final {
        data_.add(part);
        return {};
    }

protected:
    explicit gathering_signer(std::optional<crypto::hash_alg> h) : data_(h) {}
    signed_data data_;
};

class gathering_verifier : public provider::verify_operation {
public:
    [[nodiscard]] bool multi_part() const override { return data_.hashed(); }
    result<void> verify(bytes_view data, bytes_view signature) final {
        data_.add(data);
        return final(signature);
    }
    result<void> update(bytes_view part) final {
        data_.add(part);
        return {};
    }

protected:
    explicit gathering_verifier(std::optional<crypto::hash_alg> h) : data_(h) {}
    signed_data data_;
};

} // namespace p11::mech
