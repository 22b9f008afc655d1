// EMSA-PSS encoding and verification, RFC 8017 sections 9.1.1 and 9.1.2.
// Written here because a backend may tie the MGF1 hash to the message hash
// (mbedTLS 2.28 hashes M' with the MGF1 hash); this keeps them independent.
#include <array>
#include <cstring>

#include "crypto/hash.hpp"
#include "crypto/internal/mgf1.hpp"
#include "crypto/random.hpp"
#include "crypto/rsa_padding.hpp"

namespace p11::crypto {

namespace {

constexpr std::size_t max_digest = 64;

// H = Hash(00 00 00 00 00 00 00 00 || mHash || salt)
void hash_m_prime(hash_alg h, bytes_view digest, bytes_view salt, byte* out) {
    static constexpr std::array<byte, 8> zeros{};
    auto ctx = make_hash(h);
    ctx->update(zeros);
    ctx->update(digest);
    ctx->update(salt);
    ctx->finish(out);
}

} // namespace

namespace internal {

void mgf1_xor(hash_alg h, bytes_view seed, std::span<byte> target) {
    std::array<byte, max_digest> block{};
    const std::size_t hlen = digest_size(h);
    std::uint32_t counter = 0;
    for (std::size_t done = 0; done < target.size(); ++counter) {
        const std::array<byte, 4> c{static_cast<byte>(counter >> 24), static_cast<byte>(counter >> 16),
                                    static_cast<byte>(counter >> 8), static_cast<byte>(counter)};
        auto ctx = make_hash(h);
        ctx->update(seed);
        ctx->update(c);
        ctx->finish(block.data());
        const std::size_t n = std::min(hlen, target.size() - done);
        for (std::size_t i = 0; i < n; ++i) target[done + i] ^= block[i];
        done += n;
    }
    secure_zero(block.data(), block.size());
}

} // namespace internal

using internal::mgf1_xor;

status emsa_pss_encode(bytes_view digest, std::size_t em_bits, const pss_params& p, std::span<byte> em) {
    const std::size_t hlen = digest_size(p.hash);
    const std::size_t em_len = (em_bits + 7) / 8;
    if (digest.size() != hlen) return status::invalid_input;
    if (em.size() != em_len) return status::internal;
    // emLen >= hLen + sLen + 2, as a subtraction: sLen is the caller's.
    if (em_len < hlen + 2 || p.salt_length > em_len - hlen - 2) return status::unsupported;

    // em = maskedDB || H || BC, DB = PS (zeros) || 01 || salt
    const std::size_t db_len = em_len - hlen - 1;
    std::memset(em.data(), 0, em.size());
    byte* db = em.data();
    byte* salt = db + db_len - p.salt_length;
    salt[-1] = 0x01;
    if (random_bytes({salt, p.salt_length}) != status::ok) return status::internal;
    byte* h = em.data() + db_len;
    hash_m_prime(p.hash, digest, {salt, p.salt_length}, h);
    mgf1_xor(p.mgf_hash, {h, hlen}, {db, db_len});
    // Clear the bits above em_bits so that the encoded integer is below 2^em_bits.
    db[0] = static_cast<byte>(db[0] & (0xff >> (8 * em_len - em_bits)));
    em[em_len - 1] = 0xbc;
    return status::ok;
}

status emsa_pss_verify(bytes_view digest, bytes_view em_in, std::size_t em_bits, const pss_params& p) {
    const std::size_t hlen = digest_size(p.hash);
    const std::size_t em_len = (em_bits + 7) / 8;
    if (digest.size() != hlen || em_in.size() != em_len) return status::bad_signature;
    if (em_len < hlen + 2 || p.salt_length > em_len - hlen - 2) return status::bad_signature;
    if (em_in[em_len - 1] != 0xbc) return status::bad_signature;
    const byte top_mask = static_cast<byte>(0xff << (8 - (8 * em_len - em_bits)));
    if (8 * em_len != em_bits && (em_in[0] & top_mask) != 0) return status::bad_signature;

    // Everything here is public (a signature and its message), so early
    // returns leak nothing.
    const std::size_t db_len = em_len - hlen - 1;
    bytes db(em_in.begin(), em_in.begin() + static_cast<std::ptrdiff_t>(db_len));
    const bytes_view h = em_in.subspan(db_len, hlen);
    mgf1_xor(p.mgf_hash, h, db);
    db[0] = static_cast<byte>(db[0] & (0xff >> (8 * em_len - em_bits)));

    const std::size_t ps_len = db_len - p.salt_length - 1;
    for (std::size_t i = 0; i < ps_len; ++i)
        if (db[i] != 0) return status::bad_signature;
    if (db[ps_len] != 0x01) return status::bad_signature;

    std::array<byte, max_digest> expected{};
    hash_m_prime(p.hash, digest, bytes_view(db).subspan(ps_len + 1), expected.data());
    return constant_time_equal(bytes_view(expected).first(hlen), h) ? status::ok : status::bad_signature;
}

} // namespace p11::crypto
