// RSA operations on CNG.  CNG pads PKCS #1 v1.5 signatures and encryption
// and PSS whose MGF1 hash is the message hash; everything else runs the raw
// primitive (BCRYPT_PAD_NONE) with the shared encodings of rsa_padding.hpp:
// OAEP both ways (CNG's OAEP ties MGF1 to the label hash), PSS with another
// MGF1 hash or SHA-224 (which CNG does not know), v1.5 decryption (the shared
// constant-time decoder), signature recovery.  Where CNG lacks
// BCRYPT_PAD_NONE (wine 8) those answer unsupported, except v1.5 decryption,
// which then falls back to CNG's own BCRYPT_PAD_PKCS1.
#include <algorithm>
#include <cstring>

#include "crypto/cng/rsa_core.hpp"
#include "crypto/internal/spki.hpp"
#include "crypto/rsa_padding.hpp"

namespace p11::crypto::cng {

namespace {

// The hash a PKCS #1 v1.5 DigestInfo names, and its digest: CNG pads with
// the algorithm's OID itself.  Any other payload is signed as it is
// (pszAlgId = NULL), which CNG allows for CKM_RSA_PKCS.
struct v15_payload {
    const wchar_t* alg = nullptr;
    bytes_view data;
};

v15_payload v15(bytes_view digest_info) {
    for (hash_alg h : {hash_alg::sha1, hash_alg::sha256, hash_alg::sha384, hash_alg::sha512}) {
        const bytes_view prefix = digest_info_prefix(h);
        if (digest_info.size() == prefix.size() + digest_size(h) &&
            std::equal(prefix.begin(), prefix.end(), digest_info.begin()))
            return {hash_name(h), digest_info.subspan(prefix.size())};
    }
    return {nullptr, digest_info};
}

// CNG's PSS: MGF1 with the message hash, a hash CNG knows, and a salt at
// least as long as the hash.  Wine 8 signs and verifies a shorter salt as if
// it were hLen long (its signatures fail RFC 8017 verification with the
// salt asked for); the shared encoding on raw RSA does every salt right.
bool pss_in_cng(const pss_params& p) {
    return p.hash == p.mgf_hash && hash_name(p.hash) != nullptr && p.salt_length >= digest_size(p.hash);
}

// EMSA-PSS works on emLen = ceil((modBits - 1) / 8) bytes; the k-byte block
// of the primitive has a leading zero byte more when modBits = 8 (k - 1) + 1.
std::size_t em_bits(const rsa_core& core) { return core.bits() - 1; }
std::size_t em_len(const rsa_core& core) { return (em_bits(core) + 7) / 8; }

class public_key final : public rsa_public_key {
public:
    explicit public_key(std::shared_ptr<const rsa_core> core) : core_(std::move(core)) {}

    std::size_t modulus_bits() const override { return core_->bits(); }
    rsa_public_components components() const override {
        return {core_->components().modulus, core_->components().public_exponent};
    }
    bytes subject_public_key_info() const override {
        return internal::rsa_spki(core_->components().modulus, core_->components().public_exponent);
    }

    status verify_pkcs1(bytes_view digest_info, bytes_view signature) const override {
        const std::size_t k = core_->size();
        if (k < 11 || digest_info.size() > k - 11) return status::invalid_input;
        if (signature.size() != k) return status::bad_signature;
        const v15_payload pl = v15(digest_info);
        if (pl.alg != nullptr) {
            BCRYPT_PKCS1_PADDING_INFO pad{pl.alg};
            auto key = core_->lend();
            if (!key) return status::internal;
            const NTSTATUS st = BCryptVerifySignature(key->get(), &pad, in(pl.data.data()), ulong(pl.data.size()),
                                                      in(signature.data()), ulong(signature.size()), BCRYPT_PAD_PKCS1);
            if (ok(st) || st == STATUS_INVALID_SIGNATURE) return status_of(st, status::bad_signature);
        }
        // Any other payload (CNG's pszAlgId = NULL is not in every CNG), or
        // a hash this CNG refuses: the block recovered and compared.
        bytes recovered;
        const status st = recover_pkcs1(signature, recovered);
        if (st != status::ok) return st;
        return std::ranges::equal(recovered, digest_info) ? status::ok : status::bad_signature;
    }

    status verify_pss(bytes_view digest, bytes_view signature, const pss_params& p) const override {
        if (digest.size() != digest_size(p.hash)) return status::invalid_input;
        if (signature.size() != core_->size()) return status::bad_signature;
        if (pss_in_cng(p)) {
            if (em_len(*core_) < digest.size() + 2 || p.salt_length > em_len(*core_) - digest.size() - 2)
                return status::bad_signature;
            BCRYPT_PSS_PADDING_INFO pad{hash_name(p.hash), ulong(p.salt_length)};
            auto key = core_->lend(true);
            if (!key) return status::internal;
            const NTSTATUS st = BCryptVerifySignature(key->get(), &pad, in(digest.data()), ulong(digest.size()),
                                                      in(signature.data()), ulong(signature.size()), BCRYPT_PAD_PSS);
            // Otherwise this CNG refused the hash (wine 8: SHA-1): the shared path.
            if (ok(st) || st == STATUS_INVALID_SIGNATURE) return status_of(st, status::bad_signature);
        }
        bytes m;
        const status st = core_->public_raw(signature, m);
        if (st == status::invalid_input) return status::bad_signature;  // s >= n
        if (st != status::ok) return st;
        const std::size_t extra = m.size() - em_len(*core_);
        if (extra != 0 && m[0] != 0) return status::bad_signature;
        return emsa_pss_verify(digest, bytes_view(m).subspan(extra), em_bits(*core_), p);
    }

    status encrypt_pkcs1(bytes_view data, bytes& out) const override {
        const std::size_t k = core_->size();
        if (k < 11 || data.size() > k - 11) return status::invalid_input;
        auto key = core_->lend();
        if (!key) return status::internal;
        bytes result(k);
        ULONG done = 0;
        const NTSTATUS st = BCryptEncrypt(key->get(), in(data.data()), ulong(data.size()), nullptr, nullptr, 0,
                                          result.data(), ulong(k), &done, BCRYPT_PAD_PKCS1);
        if (!ok(st)) return status_of(st, status::invalid_input);
        out = std::move(result);
        return status::ok;
    }

    status encrypt_oaep(bytes_view data, const oaep_params& p, bytes& out) const override {
        secure_bytes em(core_->size());
        const status st = eme_oaep_encode(data, p, em);
        if (st != status::ok) return st;
        return core_->public_raw(em, out);
    }

    status public_raw(bytes_view block, bytes& out) const override { return core_->public_raw(block, out); }

    // EMSA-PKCS1-v1_5 block type 1: 00 01 FF.. (at least eight) 00 T.
    // Public data: plain checks.
    status recover_pkcs1(bytes_view signature, bytes& data) const override {
        if (signature.size() != core_->size()) return status::bad_signature;
        bytes m;
        const status st = core_->public_raw(signature, m);
        if (st == status::invalid_input) return status::bad_signature;
        if (st != status::ok) return st;
        if (m.size() < 11 || m[0] != 0x00 || m[1] != 0x01) return status::bad_signature;
        std::size_t i = 2;
        while (i < m.size() && m[i] == 0xff) ++i;
        if (i == m.size() || m[i] != 0x00 || i < 10) return status::bad_signature;
        data.assign(m.begin() + static_cast<std::ptrdiff_t>(i + 1), m.end());
        return status::ok;
    }

private:
    std::shared_ptr<const rsa_core> core_;
};

class private_key final : public rsa_private_key {
public:
    explicit private_key(std::shared_ptr<const rsa_core> core) : core_(std::move(core)) {}

    std::size_t modulus_bits() const override { return core_->bits(); }
    rsa_private_components components() const override { return core_->components(); }
    std::unique_ptr<rsa_public_key> public_key() const override { return make_public_key(core_); }

    status sign_pkcs1(bytes_view digest_info, bytes& out) const override {
        const std::size_t k = core_->size();
        if (k < 11 || digest_info.size() > k - 11) return status::invalid_input;
        const v15_payload pl = v15(digest_info);
        BCRYPT_PKCS1_PADDING_INFO pad{pl.alg};
        if (sign(&pad, pl.data, BCRYPT_PAD_PKCS1, out) == status::ok) return status::ok;
        // CNG refused the payload (pszAlgId = NULL is not in every CNG) or
        // the hash: EMSA-PKCS1-v1_5 (RFC 8017 9.2 step 5) on the raw primitive.
        secure_bytes block(k, 0xff);
        block[0] = 0x00;
        block[1] = 0x01;
        block[k - digest_info.size() - 1] = 0x00;
        std::ranges::copy(digest_info, block.end() - static_cast<std::ptrdiff_t>(digest_info.size()));
        return private_raw_out(block, out);
    }

    status sign_pss(bytes_view digest, const pss_params& p, bytes& out) const override {
        if (digest.size() != digest_size(p.hash)) return status::invalid_input;
        const std::size_t em = em_len(*core_);
        if (em < digest.size() + 2 || p.salt_length > em - digest.size() - 2) return status::unsupported;
        if (pss_in_cng(p)) {
            BCRYPT_PSS_PADDING_INFO pad{hash_name(p.hash), ulong(p.salt_length)};
            // A refusal is this CNG lacking the hash (wine 8: SHA-1): the shared path.
            if (sign(&pad, digest, BCRYPT_PAD_PSS, out, true) == status::ok) return status::ok;
        }
        secure_bytes block(core_->size(), 0);
        const std::size_t extra = block.size() - em;
        const status st = emsa_pss_encode(digest, em_bits(*core_), p, std::span<byte>(block).subspan(extra));
        if (st != status::ok) return st;
        return private_raw_out(block, out);
    }

    status decrypt_pkcs1(bytes_view ciphertext, secure_bytes& out) const override {
        if (ciphertext.size() != core_->size()) return status::invalid_input;
        secure_bytes em;
        const status st = core_->private_raw(ciphertext, em);
        if (st == status::ok) return eme_pkcs1_v15_decode(em, out);
        if (st == status::invalid_input) return status::decrypt_failed;  // c >= n
        if (st != status::unsupported) return st;
        // No raw RSA in this CNG (wine 8): its own v1.5 decryption.
        auto key = core_->lend();
        if (!key) return status::internal;
        secure_bytes result(core_->size());
        ULONG done = 0;
        const NTSTATUS nt = BCryptDecrypt(key->get(), in(ciphertext.data()), ulong(ciphertext.size()), nullptr,
                                          nullptr, 0, result.data(), ulong(result.size()), &done, BCRYPT_PAD_PKCS1);
        if (!ok(nt)) return status_of(nt, status::decrypt_failed);
        result.resize(done);
        out = std::move(result);
        return status::ok;
    }

    status decrypt_oaep(bytes_view ciphertext, const oaep_params& p, secure_bytes& out) const override {
        if (ciphertext.size() != core_->size()) return status::invalid_input;
        secure_bytes em;
        const status st = core_->private_raw(ciphertext, em);
        if (st == status::invalid_input) return status::decrypt_failed;  // c >= n
        if (st != status::ok) return st;
        return eme_oaep_decode(em, p, out);
    }

    status private_raw(bytes_view block, secure_bytes& out) const override { return core_->private_raw(block, out); }

private:
    status private_raw_out(const secure_bytes& block, bytes& out) const {
        secure_bytes s;
        const status st = core_->private_raw(block, s);
        if (st != status::ok) return st;
        out.assign(s.begin(), s.end());
        return status::ok;
    }

    status sign(void* padding, bytes_view data, ULONG flags, bytes& out, bool pss = false) const {
        auto key = core_->lend(pss);
        if (!key) return status::internal;
        bytes result(core_->size());
        ULONG done = 0;
        const NTSTATUS st = BCryptSignHash(key->get(), padding, in(data.data()), ulong(data.size()), result.data(),
                                           ulong(result.size()), &done, flags);
        if (!ok(st)) return status_of(st, status::invalid_input);
        result.resize(done);
        out = std::move(result);
        return status::ok;
    }

    std::shared_ptr<const rsa_core> core_;
};

} // namespace

std::unique_ptr<rsa_private_key> make_private_key(std::shared_ptr<const rsa_core> core) {
    return std::make_unique<private_key>(std::move(core));
}

std::unique_ptr<rsa_public_key> make_public_key(std::shared_ptr<const rsa_core> core) {
    return std::make_unique<public_key>(std::move(core));
}

} // namespace p11::crypto::cng
