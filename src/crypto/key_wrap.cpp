// AES key wrap, RFC 3394 (no padding) and RFC 5649 (with padding), written on
// the bare block cipher so that every backend shares it.
#include <array>
#include <cstring>

#include "crypto/aes.hpp"
#include "crypto/internal/aes_block.hpp"

namespace p11::crypto {

namespace {

using internal::aes_block;
using semiblock = std::array<byte, 8>;

constexpr semiblock rfc3394_default_iv{0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6, 0xa6};
constexpr std::array<byte, 4> rfc5649_default_icv{0xa6, 0x59, 0x59, 0xa6};  // RFC 5649 section 3

// Zeroes a stack buffer on every exit path.
template <std::size_t N>
struct scrubbed {
    std::array<byte, N> b{};
    ~scrubbed() { secure_zero(b.data(), b.size()); }
};

void xor_counter(byte* a, std::uint64_t t) noexcept {
    for (int i = 7; i >= 0; --i, t >>= 8) a[i] = static_cast<byte>(a[i] ^ (t & 0xff));
}

// RFC 3394 section 2.2.1 (index form): `a` is the 8-byte integrity register,
// `r` holds n >= 2 semiblocks, transformed in place.
void wrap_core(aes_block& enc, byte* a, byte* r, std::size_t n) {
    scrubbed<16> b;
    for (std::uint64_t j = 0; j <= 5; ++j) {
        for (std::size_t i = 1; i <= n; ++i) {
            std::memcpy(b.b.data(), a, 8);
            std::memcpy(b.b.data() + 8, r + 8 * (i - 1), 8);
            enc.process(b.b.data(), b.b.data());
            std::memcpy(a, b.b.data(), 8);
            xor_counter(a, n * j + i);
            std::memcpy(r + 8 * (i - 1), b.b.data() + 8, 8);
        }
    }
}

// RFC 3394 section 2.2.2 (index form); leaves the recovered register in `a`.
void unwrap_core(aes_block& dec, byte* a, byte* r, std::size_t n) {
    scrubbed<16> b;
    for (std::uint64_t j = 6; j-- > 0;) {
        for (std::size_t i = n; i >= 1; --i) {
            std::memcpy(b.b.data(), a, 8);
            xor_counter(b.b.data(), n * j + i);
            std::memcpy(b.b.data() + 8, r + 8 * (i - 1), 8);
            dec.process(b.b.data(), b.b.data());
            std::memcpy(a, b.b.data(), 8);
            std::memcpy(r + 8 * (i - 1), b.b.data() + 8, 8);
        }
    }
}

// The kek check comes first so that a bad key is reported as such.
std::unique_ptr<aes_block> block_for(const aes_key_ptr& kek, direction d, status& st) {
    auto b = kek ? internal::make_aes_block(kek, d) : nullptr;
    if (!b) st = status::invalid_key;
    return b;
}

} // namespace

status aes_key_wrap(const aes_key_ptr& kek, bytes_view key, bytes_view iv, bytes& out) {
    if (!iv.empty() && iv.size() != 8) return status::unsupported;
    status st = status::ok;
    auto enc = block_for(kek, direction::encrypt, st);
    if (!enc) return st;
    if (key.size() < 16 || key.size() % 8 != 0) return status::invalid_input;

    semiblock a = rfc3394_default_iv;
    if (!iv.empty()) std::memcpy(a.data(), iv.data(), 8);
    out.assign(8 + key.size(), 0);
    std::memcpy(out.data() + 8, key.data(), key.size());
    wrap_core(*enc, a.data(), out.data() + 8, key.size() / 8);
    std::memcpy(out.data(), a.data(), 8);
    return status::ok;
}

status aes_key_unwrap(const aes_key_ptr& kek, bytes_view wrapped, bytes_view iv, secure_bytes& out) {
    if (!iv.empty() && iv.size() != 8) return status::unsupported;
    status st = status::ok;
    auto dec = block_for(kek, direction::decrypt, st);
    if (!dec) return st;
    if (wrapped.size() < 24 || wrapped.size() % 8 != 0) return status::invalid_input;

    const std::size_t n = wrapped.size() / 8 - 1;
    semiblock a;
    std::memcpy(a.data(), wrapped.data(), 8);
    secure_bytes r(wrapped.begin() + 8, wrapped.end());
    unwrap_core(*dec, a.data(), r.data(), n);

    const bytes_view expected = iv.empty() ? bytes_view(rfc3394_default_iv) : iv;
    if (!constant_time_equal(a, expected)) return status::decrypt_failed;  // r is wiped on return
    out = std::move(r);
    return status::ok;
}

status aes_key_wrap_pad(const aes_key_ptr& kek, bytes_view key, bytes_view iv, bytes& out) {
    if (!iv.empty() && iv.size() != 4) return status::unsupported;
    status st = status::ok;
    auto enc = block_for(kek, direction::encrypt, st);
    if (!enc) return st;
    if (key.empty() || key.size() > 0xffffffffu) return status::invalid_input;

    // Alternative Initial Value: ICV2 || 32-bit big-endian message length.
    semiblock aiv{};
    std::memcpy(aiv.data(), iv.empty() ? rfc5649_default_icv.data() : iv.data(), 4);
    const auto mli = static_cast<std::uint32_t>(key.size());
    for (int i = 0; i < 4; ++i) aiv[4 + i] = static_cast<byte>(mli >> (24 - 8 * i));

    const std::size_t padded = (key.size() + 7) / 8 * 8;
    out.assign(8 + padded, 0);
    std::memcpy(out.data() + 8, key.data(), key.size());
    if (padded == 8) {
        // RFC 5649 section 4.1: a single semiblock is one ECB encryption.
        std::memcpy(out.data(), aiv.data(), 8);
        enc->process(out.data(), out.data());
        return status::ok;
    }
    wrap_core(*enc, aiv.data(), out.data() + 8, padded / 8);
    std::memcpy(out.data(), aiv.data(), 8);
    return status::ok;
}

status aes_key_unwrap_pad(const aes_key_ptr& kek, bytes_view wrapped, bytes_view iv, secure_bytes& out) {
    if (!iv.empty() && iv.size() != 4) return status::unsupported;
    status st = status::ok;
    auto dec = block_for(kek, direction::decrypt, st);
    if (!dec) return st;
    if (wrapped.size() < 16 || wrapped.size() % 8 != 0) return status::invalid_input;

    const std::size_t n = wrapped.size() / 8 - 1;
    semiblock a;
    secure_bytes p(8 * n);
    if (n == 1) {
        scrubbed<16> b;
        dec->process(wrapped.data(), b.b.data());
        std::memcpy(a.data(), b.b.data(), 8);
        std::memcpy(p.data(), b.b.data() + 8, 8);
    } else {
        std::memcpy(a.data(), wrapped.data(), 8);
        std::memcpy(p.data(), wrapped.data() + 8, 8 * n);
        unwrap_core(*dec, a.data(), p.data(), n);
    }

    // RFC 5649 section 3 checks, folded into one flag so that which of them
    // failed does not show in the timing or the result.
    const bytes_view icv = iv.empty() ? bytes_view(rfc5649_default_icv) : iv;
    unsigned bad = constant_time_equal(bytes_view(a).first(4), icv) ? 0u : 1u;
    std::uint32_t mli = 0;
    for (int i = 0; i < 4; ++i) mli = (mli << 8) | a[4 + i];
    const std::size_t total = 8 * n;
    // 8 * (n - 1) < MLI <= 8 * n
    bad |= static_cast<unsigned>(mli <= total - 8) | static_cast<unsigned>(mli > total);
    const std::size_t length = bad ? total : mli;
    byte pad = 0;
    for (std::size_t i = total - 8; i < total; ++i) pad = static_cast<byte>(pad | (i >= length ? p[i] : 0));
    bad |= static_cast<unsigned>(pad != 0);
    if (bad) return status::decrypt_failed;

    p.resize(length);
    out = std::move(p);
    return status::ok;
}

status aes_key_wrap(bytes_view kek, bytes_view key, bytes_view iv, bytes& out) {
    return aes_key_wrap(load_aes_key(kek), key, iv, out);
}
status aes_key_unwrap(bytes_view kek, bytes_view wrapped, bytes_view iv, secure_bytes& out) {
    return aes_key_unwrap(load_aes_key(kek), wrapped, iv, out);
}
status aes_key_wrap_pad(bytes_view kek, bytes_view key, bytes_view iv, bytes& out) {
    return aes_key_wrap_pad(load_aes_key(kek), key, iv, out);
}
status aes_key_unwrap_pad(bytes_view kek, bytes_view wrapped, bytes_view iv, secure_bytes& out) {
    return aes_key_unwrap_pad(load_aes_key(kek), wrapped, iv, out);
}

} // namespace p11::crypto
