// What this CNG can do, found once by trying each thing with keys CNG
// generates itself: a failure means the platform lacks it (wine 8: raw RSA,
// PSS with SHA-1, P-521, P-384 private key import, ECDH's secret).
#include "crypto/capabilities.hpp"

#include <cstring>
#include <exception>

#include "crypto/cng/support.hpp"
#include "crypto/internal/des3_block.hpp"

namespace p11::crypto {

namespace {

using cng::key_handle;
using cng::ok;

key_handle generated(BCRYPT_ALG_HANDLE alg, std::size_t bits) {
    BCRYPT_KEY_HANDLE h = nullptr;
    if (alg == nullptr || !ok(BCryptGenerateKeyPair(alg, &h, cng::ulong(bits), 0))) return nullptr;
    key_handle owned(h);
    if (!ok(BCryptFinalizeKeyPair(h, 0))) return nullptr;
    return owned;
}

BCRYPT_KEY_HANDLE get(const key_handle& k) { return static_cast<BCRYPT_KEY_HANDLE>(k.get()); }

// The key exported as `type` and imported again.
bool reimports(BCRYPT_ALG_HANDLE alg, const key_handle& key, const wchar_t* type) {
    secure_bytes blob;
    NTSTATUS st = 0;
    return key && ok(cng::export_pair(get(key), type, blob)) && cng::import_pair(alg, type, blob, st) != nullptr;
}

void probe_rsa(capabilities& c) {
    const key_handle key = generated(cng::algorithm(cng::provider::rsa), 2048);
    if (!key) {
        c.raw_rsa = false;
        c.native_pss.fill(false);
        return;
    }
    constexpr ULONG k = 256;
    bytes block(k, 0), out(k);
    block.back() = 2;
    ULONG done = 0;
    c.raw_rsa = ok(BCryptEncrypt(get(key), block.data(), k, nullptr, nullptr, 0, out.data(), k, &done, BCRYPT_PAD_NONE));
    for (hash_alg h : {hash_alg::sha1, hash_alg::sha224, hash_alg::sha256, hash_alg::sha384, hash_alg::sha512}) {
        const wchar_t* name = cng::hash_name(h);
        bool works = false;
        if (name != nullptr) {
            BCRYPT_PSS_PADDING_INFO pad{name, cng::ulong(digest_size(h))};
            bytes digest(digest_size(h), 0x5a), sig(k);
            works = ok(BCryptSignHash(get(key), &pad, digest.data(), cng::ulong(digest.size()), sig.data(), k, &done,
                                      BCRYPT_PAD_PSS)) &&
                    ok(BCryptVerifySignature(get(key), &pad, digest.data(), cng::ulong(digest.size()), sig.data(),
                                             done, BCRYPT_PAD_PSS));
        }
        c.native_pss[static_cast<std::size_t>(h)] = works;
    }
}

void probe_curve(capabilities& c, curve cv, cng::provider ecdsa, cng::provider ecdh) {
    const auto i = static_cast<std::size_t>(cv);
    BCRYPT_ALG_HANDLE sign_alg = cng::algorithm(ecdsa);
    const key_handle key = generated(sign_alg, order_bits(cv));
    c.ec_public[i] = reimports(sign_alg, key, BCRYPT_ECCPUBLIC_BLOB);
    c.ec_private[i] = reimports(sign_alg, key, BCRYPT_ECCPRIVATE_BLOB);
    BCRYPT_ALG_HANDLE dh_alg = cng::algorithm(ecdh);
    const key_handle a = generated(dh_alg, order_bits(cv)), b = generated(dh_alg, order_bits(cv));
    bool agrees = false;
    BCRYPT_SECRET_HANDLE raw = nullptr;
    if (c.ec_private[i] && a && b && ok(BCryptSecretAgreement(get(a), get(b), &raw, 0))) {
        const cng::secret_handle secret(raw);
        bytes x(field_bytes(cv));
        ULONG done = 0;
        agrees = ok(BCryptDeriveKey(raw, BCRYPT_KDF_RAW_SECRET, nullptr, x.data(), cng::ulong(x.size()), &done, 0));
    }
    c.ecdh[i] = agrees;
}

// TDEA listed only where it gives SP 800-67 B.1's first block, both ways.
bool probe_des3() {
    const byte key[24] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x23, 0x45, 0x67, 0x89,
                          0xAB, 0xCD, 0xEF, 0x01, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0x01, 0x23};
    const byte plain[8] = {0x54, 0x68, 0x65, 0x20, 0x71, 0x75, 0x66, 0x63};  // "The qufc"
    const byte cipher[8] = {0xA8, 0x26, 0xFD, 0x8C, 0xE5, 0x3B, 0x85, 0x5F};
    const auto k = load_des3_key(bytes_view{key, sizeof key});
    auto e = internal::make_des3_block(k, direction::encrypt), d = internal::make_des3_block(k, direction::decrypt);
    if (!e || !d) return false;
    byte out[8], back[8];
    try {
        e->process(plain, out);
        d->process(out, back);
    } catch (const std::exception&) {
        return false;
    }
    return std::memcmp(out, cipher, 8) == 0 && std::memcmp(back, plain, 8) == 0;
}

} // namespace

const capabilities& backend_capabilities() {
    static const capabilities found = [] {
        capabilities c;
        c.aead_messages = false;  // not yet run through the message-based tests under wine
        c.chacha20_poly1305 = false;
        probe_rsa(c);
        probe_curve(c, curve::p256, cng::provider::ecdsa_p256, cng::provider::ecdh_p256);
        probe_curve(c, curve::p384, cng::provider::ecdsa_p384, cng::provider::ecdh_p384);
        probe_curve(c, curve::p521, cng::provider::ecdsa_p521, cng::provider::ecdh_p521);
        c.sha3 = false;  // the backend names no CNG SHA-3 provider (support.cpp: hash_provider)
        c.ecx.fill(false);  // nor Edwards or Montgomery curves (ecx_keys.cpp)
        c.des3 = probe_des3();
        return c;
    }();
    return found;
}

} // namespace p11::crypto
