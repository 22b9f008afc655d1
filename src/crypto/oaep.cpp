// EME-OAEP encoding and decoding, RFC 8017 sections 7.1.1 and 7.1.2.
#include <cstring>

#include "crypto/hash.hpp"
#include "crypto/internal/ct.hpp"
#include "crypto/internal/mgf1.hpp"
#include "crypto/rsa_padding.hpp"
#include "crypto/random.hpp"
#include "p11/secure.hpp"

namespace p11::crypto {

using internal::mgf1_xor;

status eme_oaep_encode(bytes_view message, const oaep_params& p, std::span<byte> em) {
    const std::size_t k = em.size();
    const std::size_t hlen = digest_size(p.hash);
    if (k < 2 * hlen + 2) return status::unsupported;
    if (message.size() > k - 2 * hlen - 2) return status::invalid_input;

    // em = 00 || maskedSeed || maskedDB, DB = lHash || PS (zeros) || 01 || M
    std::memset(em.data(), 0, k);
    const std::span<byte> seed = em.subspan(1, hlen);
    const std::span<byte> db = em.subspan(1 + hlen);
    digest(p.hash, p.label, db.data());
    db[db.size() - message.size() - 1] = 0x01;
    if (!message.empty()) std::memcpy(db.data() + db.size() - message.size(), message.data(), message.size());
    if (random_bytes(seed) != status::ok) return status::internal;
    mgf1_xor(p.mgf_hash, seed, db);
    mgf1_xor(p.mgf_hash, db, seed);
    return status::ok;
}

status eme_oaep_decode(std::span<const byte> em, const oaep_params& p, secure_bytes& message) {
    using namespace internal;
    const std::size_t k = em.size();
    const std::size_t hlen = digest_size(p.hash);
    if (k < 2 * hlen + 2) return status::unsupported;  // public: the modulus size

    secure_bytes work(em.begin(), em.end());
    const std::span<byte> seed(work.data() + 1, hlen);
    const std::span<byte> db(work.data() + 1 + hlen, k - hlen - 1);
    mgf1_xor(p.mgf_hash, db, seed);
    mgf1_xor(p.mgf_hash, seed, db);
    secure_bytes label_hash(hlen);
    digest(p.hash, p.label, label_hash.data());

    std::uint32_t good = equal(work[0], 0x00);
    std::uint32_t diff = 0;
    for (std::size_t i = 0; i < hlen; ++i) diff |= static_cast<std::uint32_t>(db[i] ^ label_hash[i]);
    good &= is_zero(diff);
    // After lHash: zeros, then 01, then the message; the 01's position is secret.
    std::uint32_t found = 0, one_at = 0, bad_padding = 0;
    for (std::size_t i = hlen; i < db.size(); ++i) {
        const std::uint32_t still = found ^ 1u;
        const std::uint32_t is_one = equal(db[i], 0x01) & still;
        bad_padding |= still & (is_zero(db[i]) ^ 1u) & (is_one ^ 1u);
        one_at |= mask_of(is_one) & static_cast<std::uint32_t>(i);
        found |= is_one;
    }
    good &= found & (bad_padding ^ 1u);
    // Moved out whatever the verdict: see eme_pkcs1_v15_decode.
    const std::uint32_t from = (one_at + 1) & mask_of(good);
    secure_bytes tail = tail_from_secret_offset(bytes_view{db.data(), db.size()}, from);
    if (!good) return status::decrypt_failed;
    message = std::move(tail);
    return status::ok;
}

} // namespace p11::crypto
