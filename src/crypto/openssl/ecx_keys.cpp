// Ed25519, Ed448, X25519 and X448 on OpenSSL 3.0: one EVP_PKEY per key,
// built once from the raw bytes (EVP_PKEY_new_raw_*_key_ex), never changed,
// with the raw public key kept beside it.  OpenSSL 3.0 has pure EdDSA only:
// Ed25519ctx, Ed25519ph and Ed448's context and prehash came with 3.2, so
// those answer `unsupported`.
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "crypto/ecx.hpp"
#include "crypto/internal/spki.hpp"
#include "crypto/openssl/support.hpp"

namespace p11::crypto {

namespace {

using ossl::error_scope;

// Key types by OID, as support.hpp explains: the names reach OpenSSL's
// provider and no ENGINE an application made the default.
const char* key_type(ecx_curve c) noexcept {
    switch (c) {
    case ecx_curve::x25519: return "1.3.101.110";
    case ecx_curve::x448: return "1.3.101.111";
    case ecx_curve::ed25519: return "1.3.101.112";
    case ecx_curve::ed448: return "1.3.101.113";
    }
    return "";
}

// What this OpenSSL signs: pure EdDSA, which for Ed448 is an empty context.
bool pure(const eddsa_params& p) noexcept { return !p.prehash && p.context.empty(); }

struct ecx_core {
    ossl::pkey key;
    ecx_curve c;
    bytes raw_public;
};

bytes raw_public_of(const EVP_PKEY& key, ecx_curve c) {
    bytes out(ecx_key_bytes(c));
    std::size_t length = out.size();
    if (EVP_PKEY_get_raw_public_key(&key, out.data(), &length) != 1 || length != out.size()) return {};
    return out;
}

ossl::pkey public_pkey(ecx_curve c, bytes_view raw) {
    return ossl::pkey(EVP_PKEY_new_raw_public_key_ex(nullptr, key_type(c), nullptr, raw.data(), raw.size()));
}

class public_key final : public ecx_public_key {
public:
    explicit public_key(std::shared_ptr<const ecx_core> core) : core_(std::move(core)) {}
    ecx_curve curve_id() const override { return core_->c; }
    bytes public_bytes() const override { return core_->raw_public; }
    bytes subject_public_key_info() const override { return internal::ecx_spki(core_->c, core_->raw_public); }

    status verify(bytes_view message, bytes_view signature, const eddsa_params& p) const override {
        if (!is_edwards(core_->c)) return status::invalid_key;
        if (!pure(p)) return status::unsupported;
        if (signature.size() != eddsa_signature_bytes(core_->c)) return status::bad_signature;
        error_scope errors;
        const ossl::md_ctx ctx(EVP_MD_CTX_new());
        if (!ctx || EVP_DigestVerifyInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, core_->key.get(), nullptr) != 1)
            return status::internal;
        static const byte empty = 0;
        const int r = EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                                       message.empty() ? &empty : message.data(), message.size());
        return r == 1 ? status::ok : status::bad_signature;
    }

private:
    std::shared_ptr<const ecx_core> core_;
};

class private_key final : public ecx_private_key {
public:
    explicit private_key(std::shared_ptr<const ecx_core> core) : core_(std::move(core)) {}
    ecx_curve curve_id() const override { return core_->c; }

    secure_bytes private_bytes() const override {
        secure_bytes out(ecx_key_bytes(core_->c));
        std::size_t length = out.size();
        error_scope errors;
        if (EVP_PKEY_get_raw_private_key(core_->key.get(), out.data(), &length) != 1 || length != out.size()) return {};
        return out;
    }

    // The same core: a key pair verifies as its public half does, and a key
    // generation then builds one EVP_PKEY, not two.
    std::unique_ptr<ecx_public_key> public_key() const override { return std::make_unique<class public_key>(core_); }

    status sign(bytes_view message, const eddsa_params& p, bytes& out) const override {
        if (!is_edwards(core_->c)) return status::invalid_key;
        if (!pure(p)) return status::unsupported;
        error_scope errors;
        const ossl::md_ctx ctx(EVP_MD_CTX_new());
        if (!ctx || EVP_DigestSignInit_ex(ctx.get(), nullptr, nullptr, nullptr, nullptr, core_->key.get(), nullptr) != 1)
            return status::internal;
        bytes sig(eddsa_signature_bytes(core_->c));
        std::size_t length = sig.size();
        static const byte empty = 0;
        if (EVP_DigestSign(ctx.get(), sig.data(), &length, message.empty() ? &empty : message.data(), message.size()) != 1 ||
            length != sig.size())
            return status::internal;
        out = std::move(sig);
        return status::ok;
    }

    // OpenSSL refuses an all-zero shared secret (RFC 7748 section 6.1's check).
    status derive(bytes_view peer, secure_bytes& shared) const override {
        if (is_edwards(core_->c)) return status::invalid_key;
        const auto raw = ecx_public_bytes(core_->c, peer);
        if (!raw) return status::invalid_input;
        error_scope errors;
        const ossl::pkey other = public_pkey(core_->c, *raw);
        if (!other) return status::invalid_input;
        const ossl::pkey_ctx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, core_->key.get(), nullptr));
        if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1) return status::internal;
        if (EVP_PKEY_derive_set_peer_ex(ctx.get(), other.get(), 1) != 1) return status::invalid_input;
        secure_bytes z(ecx_key_bytes(core_->c));
        std::size_t length = z.size();
        if (EVP_PKEY_derive(ctx.get(), z.data(), &length) != 1) return status::invalid_input;
        if (length != z.size()) return status::internal;
        shared = std::move(z);
        return status::ok;
    }

private:
    std::shared_ptr<const ecx_core> core_;
};

std::unique_ptr<ecx_private_key> finish(ossl::pkey key, ecx_curve c) {
    if (!key) return nullptr;
    bytes pub = raw_public_of(*key, c);
    if (pub.empty()) return nullptr;
    return std::make_unique<private_key>(std::make_shared<const ecx_core>(ecx_core{std::move(key), c, std::move(pub)}));
}

} // namespace

bool eddsa_variants(ecx_curve) noexcept { return false; }

std::unique_ptr<ecx_private_key> generate_ecx(ecx_curve c) {
    error_scope errors;
    const ossl::pkey_ctx ctx(EVP_PKEY_CTX_new_from_name(nullptr, key_type(c), nullptr));
    EVP_PKEY* key = nullptr;
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_generate(ctx.get(), &key) != 1) return nullptr;
    return finish(ossl::pkey(key), c);
}

std::unique_ptr<ecx_private_key> load_ecx_private(ecx_curve c, bytes_view raw) {
    if (raw.size() != ecx_key_bytes(c)) return nullptr;
    error_scope errors;
    return finish(ossl::pkey(EVP_PKEY_new_raw_private_key_ex(nullptr, key_type(c), nullptr, raw.data(), raw.size())), c);
}

std::unique_ptr<ecx_public_key> load_ecx_public(ecx_curve c, bytes_view public_or_octet_string) {
    const auto raw = ecx_public_bytes(c, public_or_octet_string);
    if (!raw) return nullptr;
    error_scope errors;
    auto key = public_pkey(c, *raw);
    if (!key) return nullptr;
    return std::make_unique<public_key>(
        std::make_shared<const ecx_core>(ecx_core{std::move(key), c, bytes(raw->begin(), raw->end())}));
}

} // namespace p11::crypto
