#include "piv/padding.hpp"

#include <cstdint>

#include "crypto/hash.hpp"
#include "crypto/internal/der.hpp"
#include "crypto/internal/pss.hpp"

namespace p11::piv {

namespace {

// Branch-free helpers on 0/1 values and all-ones masks.
constexpr std::uint32_t is_zero(std::uint32_t x) { return ((x | (0u - x)) >> 31) ^ 1u; }
constexpr std::uint32_t equal(std::uint32_t a, std::uint32_t b) { return is_zero(a ^ b); }
constexpr std::uint32_t mask_of(std::uint32_t bit) { return 0u - bit; }
// 1 when a < b, for values below 2^31.
constexpr std::uint32_t less(std::uint32_t a, std::uint32_t b) { return (a - b) >> 31; }

// block[from..], where `from` is secret: the block is shifted left by `from`
// in log2(k) passes of masked moves over every byte, so the memory accesses
// do not depend on `from` (only the final length does).
secure_bytes extract_tail(bytes_view block, std::uint32_t from) {
    const std::size_t k = block.size();
    secure_bytes buf(block.begin(), block.end());
    // After the passes, buf[i] = block[i + from] for i < k - from.
    for (std::size_t step = 1; step < k; step <<= 1) {
        const std::uint32_t take = mask_of(static_cast<std::uint32_t>((from & step) / step));
        for (std::size_t i = 0; i < k; ++i) {
            const std::uint8_t moved = i + step < k ? buf[i + step] : 0;
            buf[i] = static_cast<std::uint8_t>((moved & take) | (buf[i] & ~take));
        }
    }
    buf.resize(k - from);
    return buf;
}

} // namespace

std::optional<secure_bytes> pkcs1_signature_block(bytes_view t, std::size_t k) {
    if (k < 11 || t.size() > k - 11) return std::nullopt;
    secure_bytes block(k, 0xFF);
    block[0] = 0x00;
    block[1] = 0x01;
    block[k - t.size() - 1] = 0x00;
    std::copy(t.begin(), t.end(), block.end() - static_cast<std::ptrdiff_t>(t.size()));
    return block;
}

bool pkcs1_decrypt_unpad(bytes_view block, secure_bytes& out) {
    const std::size_t k = block.size();
    if (k < 11) return false;  // public: the modulus size
    std::uint32_t good = equal(block[0], 0x00) & equal(block[1], 0x02);
    // The first zero byte after the padding string: found without branching on data.
    std::uint32_t found = 0, zero_at = 0;
    for (std::size_t i = 2; i < k; ++i) {
        const std::uint32_t z = is_zero(block[i]) & (found ^ 1u);
        zero_at |= mask_of(z) & static_cast<std::uint32_t>(i);
        found |= z;
    }
    good &= found;
    good &= less(9, zero_at);  // at least 8 padding bytes: zero_at >= 10
    // The one data-dependent step, after the decision: a failure and a
    // success differ only in the result, as for every RSA decryption.
    const std::uint32_t from = (zero_at + 1) & mask_of(good);
    secure_bytes message = extract_tail(block, from);
    if (!good) return false;
    out = std::move(message);
    return true;
}

bool oaep_decrypt_unpad(bytes_view block, const crypto::oaep_params& p, secure_bytes& out) {
    const std::size_t k = block.size();
    const std::size_t h = crypto::digest_size(p.hash);
    if (k < 2 * h + 2) return false;  // public
    secure_bytes em(block.begin(), block.end());
    std::span<std::uint8_t> seed(em.data() + 1, h);
    std::span<std::uint8_t> db(em.data() + 1 + h, k - 1 - h);
    crypto::internal::mgf1_xor(p.mgf_hash, db, seed);
    crypto::internal::mgf1_xor(p.mgf_hash, seed, db);
    secure_bytes lhash(h);
    crypto::digest(p.hash, p.label, lhash.data());

    std::uint32_t good = equal(em[0], 0x00);
    std::uint32_t diff = 0;
    for (std::size_t i = 0; i < h; ++i) diff |= static_cast<std::uint32_t>(db[i] ^ lhash[i]);
    good &= is_zero(diff);
    // After lHash: zeros, then 01, then the message.
    std::uint32_t found = 0, one_at = 0, bad_padding = 0;
    for (std::size_t i = h; i < db.size(); ++i) {
        const std::uint32_t still = found ^ 1u;
        const std::uint32_t is_one = equal(db[i], 0x01) & still;
        bad_padding |= still & (is_zero(db[i]) ^ 1u) & (is_one ^ 1u);
        one_at |= mask_of(is_one) & static_cast<std::uint32_t>(i);
        found |= is_one;
    }
    good &= found & (bad_padding ^ 1u);
    const std::uint32_t from = (one_at + 1) & mask_of(good);
    secure_bytes message = extract_tail(bytes_view{db.data(), db.size()}, from);
    if (!good) return false;
    out = std::move(message);
    return true;
}

std::optional<bytes> ecdsa_der_to_raw(bytes_view der, std::size_t field) {
    auto seq = crypto::der::read_exact(der, crypto::der::tag_sequence);
    if (!seq) return std::nullopt;
    bytes out(2 * field, 0);
    bytes_view rest = *seq;
    for (int i = 0; i < 2; ++i) {
        auto e = crypto::der::read(rest);
        if (!e || e->tag != crypto::der::tag_integer || e->content.empty()) return std::nullopt;
        bytes_view v = e->content;
        if ((v[0] & 0x80) != 0) return std::nullopt;  // negative
        while (v.size() > 1 && v[0] == 0) v = v.subspan(1);
        if (v.size() > field) return std::nullopt;
        std::copy(v.begin(), v.end(), out.begin() + static_cast<std::ptrdiff_t>((i + 1) * field - v.size()));
        rest = rest.subspan(e->encoded_size);
    }
    if (!rest.empty()) return std::nullopt;
    return out;
}

bytes ecdsa_challenge(bytes_view digest, std::size_t field) {
    if (digest.size() >= field) return bytes(digest.begin(), digest.begin() + static_cast<std::ptrdiff_t>(field));
    bytes out(field - digest.size(), 0);
    out.insert(out.end(), digest.begin(), digest.end());
    return out;
}

} // namespace p11::piv
