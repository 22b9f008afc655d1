// EME-OAEP encoding and decoding, RFC 8017 sections 7.1.1 and 7.1.2.
#include <array>
#include <cstring>

#include "crypto/hash.hpp"
#include "crypto/internal/ct.hpp"
#include "crypto/internal/oaep.hpp"
#include "crypto/internal/pss.hpp"  // mgf1_xor
#include "crypto/random.hpp"
#include "p11/secure.hpp"

namespace p11::crypto::internal {

namespace {

constexpr std::size_t max_digest = 64;

} // namespace

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
    const std::size_t k = em.size();
    const std::size_t hlen = digest_size(p.hash);
    if (k < 2 * hlen + 2) return status::unsupported;

    secure_bytes work(em.begin(), em.end());
    const std::span<byte> seed(work.data() + 1, hlen);
    const std::span<byte> db(work.data() + 1 + hlen, k - hlen - 1);
    mgf1_xor(p.mgf_hash, db, seed);
    mgf1_xor(p.mgf_hash, seed, db);

    std::array<byte, max_digest> label_hash{};
    digest(p.hash, p.label, label_hash.data());

    // good stays all ones while everything checks out.
    unsigned good = mask_equal(work[0], 0);
    for (std::size_t i = 0; i < hlen; ++i) good &= mask_equal(db[i], label_hash[i]);
    // The first non-zero byte after lHash must be 01; its position is secret.
    unsigned looking = ~0u;  // still in PS
    std::size_t start = 0;
    for (std::size_t i = hlen; i < db.size(); ++i) {
        const unsigned is_zero = mask_equal(db[i], 0);
        const unsigned is_one = mask_equal(db[i], 1);
        start |= static_cast<std::size_t>(looking & is_one) & (i + 1);
        good &= ~(looking & ~is_zero & ~is_one);  // something else before the 01
        looking &= is_zero;
    }
    good &= ~looking;  // no 01 at all
    secure_zero(label_hash.data(), label_hash.size());
    // One branch, on the combined result only.
    if (good == 0) return status::decrypt_failed;
    message.assign(db.begin() + static_cast<std::ptrdiff_t>(start), db.end());
    return status::ok;
}

} // namespace p11::crypto::internal
