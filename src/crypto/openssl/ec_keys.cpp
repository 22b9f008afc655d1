// EC public and private keys: ECDSA and ECDH, each one EVP call on a pooled
// context of the prepared key (prepared_key.hpp).  The ECDSA signature
// format is converted between PKCS #11's r || s and OpenSSL's DER here.
#include <algorithm>

#include <openssl/core_names.h>

#include "crypto/der.hpp"
#include "crypto/internal/ec_point.hpp"
#include "crypto/internal/spki.hpp"
#include "crypto/openssl/ec_keys.hpp"

namespace p11::crypto::ossl {

ec_core::ec_core(pkey key, curve c, bytes encoded)
    : c(c), encoded(std::move(encoded)), prepared_(std::make_unique<prepared_key>(std::move(key))) {}

const prepared_key* ec_core::prepared() const {
    if (d.empty()) return prepared_.get();  // a public key: prepared by its constructor
    std::call_once(once_, [this] {
        error_scope errors;
        const bignum secret = to_bn(d, true);
        const param_bld bld(OSSL_PARAM_BLD_new());
        if (!bld || OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group_name(c), 0) != 1 ||
            OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, secret.get()) != 1 ||
            OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, encoded.data(), encoded.size()) != 1)
            return;
        if (auto key = key_from(ec_key_type, EVP_PKEY_KEYPAIR, *bld)) prepared_ = std::make_unique<prepared_key>(std::move(key));
    });
    return prepared_.get();
}

namespace {

// One INTEGER of an Ecdsa-Sig-Value into a fixed-width field.
bool integer_into(const std::optional<der::element>& e, std::span<byte> out) {
    if (!e || e->tag != der::tag_integer) return false;
    bytes_view v = e->content;
    while (!v.empty() && v.front() == 0) v = v.subspan(1);
    if (v.size() > out.size()) return false;
    std::fill(out.begin(), out.end(), 0);
    std::copy(v.begin(), v.end(), out.end() - static_cast<std::ptrdiff_t>(v.size()));
    return true;
}

class public_key final : public ec_public_key {
public:
    explicit public_key(std::shared_ptr<const ec_core> core) : core_(std::move(core)) {}

    curve curve_id() const override { return core_->c; }
    bytes point() const override { return core_->encoded; }
    bytes subject_public_key_info() const override { return internal::ec_spki(core_->c, core_->encoded); }

    // r || s to SEQUENCE { INTEGER r, INTEGER s }; range checks of r and s
    // (1 <= r, s < n) are OpenSSL's.
    status verify(bytes_view digest, bytes_view signature) const override {
        const std::size_t fb = field_bytes(core_->c);
        if (signature.size() != 2 * fb) return status::bad_signature;
        bytes body = der::unsigned_integer(signature.first(fb));
        const bytes s = der::unsigned_integer(signature.subspan(fb));
        body.insert(body.end(), s.begin(), s.end());
        const bytes sig = der::tlv(der::tag_sequence, body);
        static const byte empty = 0;
        const byte* tbs = digest.empty() ? &empty : digest.data();
        const auto* key = core_->prepared();
        if (key == nullptr) return status::internal;
        return key->run(pkey_op::verify, {}, status::bad_signature, [&](EVP_PKEY_CTX* c) {
            return EVP_PKEY_verify(c, sig.data(), sig.size(), tbs, digest.size());
        });
    }

private:
    std::shared_ptr<const ec_core> core_;
};

class private_key final : public ec_private_key {
public:
    explicit private_key(std::shared_ptr<const ec_core> core) : core_(std::move(core)) {}

    curve curve_id() const override { return core_->c; }

    secure_bytes scalar() const override { return core_->d; }

    // The same core: a key pair verifies as its public half does, and a
    // public-only EVP_PKEY would cost a new EC_GROUP (ec_keys.hpp).
    std::unique_ptr<ec_public_key> public_key() const override { return make_ec_public(core_); }

    // ECDSA with a random nonce (OpenSSL 3.0 has no RFC 6979), drawn from
    // OpenSSL's private DRBG mixed with the key and digest, and constant-time
    // scalar multiplication.  OpenSSL truncates the digest per FIPS 186-4.
    status sign(bytes_view digest, bytes& out) const override {
        const std::size_t fb = field_bytes(core_->c);
        const auto* key = core_->prepared();
        if (key == nullptr) return status::internal;
        bytes sig(static_cast<std::size_t>(EVP_PKEY_get_size(&key->key())));
        std::size_t length = sig.size();
        static const byte empty = 0;
        const byte* tbs = digest.empty() ? &empty : digest.data();
        const status st = key->run(pkey_op::sign, {}, status::internal, [&](EVP_PKEY_CTX* c) {
            return EVP_PKEY_sign(c, sig.data(), &length, tbs, digest.size());
        });
        if (st != status::ok) return st;
        // SEQUENCE { INTEGER r, INTEGER s }, as OpenSSL wrote it.
        const auto seq = der::read_exact(bytes_view(sig).first(length), der::tag_sequence);
        if (!seq) return status::internal;
        const auto r = der::read(*seq);
        if (!r) return status::internal;
        const auto s = der::read(seq->subspan(r->encoded_size));
        bytes result(2 * fb);
        if (!integer_into(r, std::span<byte>(result).first(fb)) || !integer_into(s, std::span<byte>(result).subspan(fb)))
            return status::internal;
        out = std::move(result);
        return status::ok;
    }

    // The peer key is built per operation; building it decodes the point and
    // checks that it is on the curve (invalid-curve attacks), which is all a
    // prime-order curve needs, so the context is told not to check it again.
    status derive(bytes_view peer_point, secure_bytes& shared_x) const override {
        const auto raw = internal::uncompressed_point(core_->c, peer_point);
        if (!raw) return status::invalid_input;
        error_scope errors;
        const pkey peer = public_pkey(core_->c, *raw);
        if (!peer) return status::invalid_input;
        const auto* key = core_->prepared();
        if (key == nullptr) return status::internal;
        secure_bytes x(field_bytes(core_->c));
        std::size_t length = x.size();
        const status st = key->run(pkey_op::derive, {}, status::internal, [&](EVP_PKEY_CTX* c) {
            if (EVP_PKEY_derive_set_peer_ex(c, peer.get(), 0) != 1) return 0;
            return EVP_PKEY_derive(c, x.data(), &length);
        });
        if (st != status::ok) return st;
        if (length != x.size()) return status::internal;
        shared_x = std::move(x);
        return status::ok;
    }

private:
    std::shared_ptr<const ec_core> core_;
};

} // namespace

std::unique_ptr<ec_public_key> make_ec_public(std::shared_ptr<const ec_core> core) {
    return std::make_unique<public_key>(std::move(core));
}

std::unique_ptr<ec_private_key> make_ec_private(std::shared_ptr<const ec_core> core) {
    return std::make_unique<private_key>(std::move(core));
}

} // namespace p11::crypto::ossl
