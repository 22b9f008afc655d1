#include "crypto/cng/bignum.hpp"

#include <algorithm>

#include "p11/secure.hpp"

namespace p11::crypto::cng {

namespace {

using limb = std::uint32_t;
using wide = std::uint64_t;

} // namespace

bignum::~bignum() {
    if (!limbs_.empty()) secure_zero(limbs_.data(), limbs_.size() * sizeof(limb));
}

void bignum::trim() noexcept {
    while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
}

bignum bignum::from_bytes(bytes_view be) {
    bignum r;
    r.limbs_.assign((be.size() + 3) / 4, 0);
    for (std::size_t i = 0; i < be.size(); ++i) {
        const std::size_t pos = be.size() - 1 - i;  // byte i from the little end
        r.limbs_[i / 4] |= static_cast<limb>(be[pos]) << (8 * (i % 4));
    }
    r.trim();
    return r;
}

secure_bytes bignum::to_bytes(std::size_t length) const {
    secure_bytes out(length, 0);
    for (std::size_t i = 0; i < length && i / 4 < limbs_.size(); ++i)
        out[length - 1 - i] = static_cast<byte>(limbs_[i / 4] >> (8 * (i % 4)));
    return out;
}

std::size_t bignum::bits() const noexcept {
    if (limbs_.empty()) return 0;
    std::size_t n = 32 * limbs_.size();
    for (limb top = limbs_.back(); (top & 0x80000000u) == 0; top <<= 1) --n;
    return n;
}

bool bignum::bit(std::size_t i) const noexcept {
    return i / 32 < limbs_.size() && ((limbs_[i / 32] >> (i % 32)) & 1u) != 0;
}

int compare(const bignum& a, const bignum& b) noexcept {
    if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() < b.limbs_.size() ? -1 : 1;
    for (std::size_t i = a.limbs_.size(); i-- > 0;)
        if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
    return 0;
}

bignum operator+(const bignum& a, const bignum& b) {
    bignum r;
    const std::size_t n = std::max(a.limbs_.size(), b.limbs_.size());
    r.limbs_.assign(n + 1, 0);
    wide carry = 0;
    for (std::size_t i = 0; i < n; ++i) {
        carry += static_cast<wide>(i < a.limbs_.size() ? a.limbs_[i] : 0) + (i < b.limbs_.size() ? b.limbs_[i] : 0);
        r.limbs_[i] = static_cast<limb>(carry);
        carry >>= 32;
    }
    r.limbs_[n] = static_cast<limb>(carry);
    r.trim();
    return r;
}

bignum operator-(const bignum& a, const bignum& b) {
    bignum r = a;
    wide borrow = 0;
    for (std::size_t i = 0; i < r.limbs_.size(); ++i) {
        const wide sub = static_cast<wide>(i < b.limbs_.size() ? b.limbs_[i] : 0) + borrow;
        const wide cur = r.limbs_[i];
        r.limbs_[i] = static_cast<limb>(cur - sub);
        borrow = cur < sub ? 1 : 0;
    }
    r.trim();
    return r;
}

bignum operator*(const bignum& a, const bignum& b) {
    bignum r;
    if (a.is_zero() || b.is_zero()) return r;
    r.limbs_.assign(a.limbs_.size() + b.limbs_.size(), 0);
    for (std::size_t i = 0; i < a.limbs_.size(); ++i) {
        wide carry = 0;
        for (std::size_t j = 0; j < b.limbs_.size(); ++j) {
            carry += static_cast<wide>(a.limbs_[i]) * b.limbs_[j] + r.limbs_[i + j];
            r.limbs_[i + j] = static_cast<limb>(carry);
            carry >>= 32;
        }
        r.limbs_[i + b.limbs_.size()] = static_cast<limb>(carry);
    }
    r.trim();
    return r;
}

// Binary long division: one shift and at most one subtraction per bit of a.
bignum operator%(const bignum& a, const bignum& m) {
    bignum r;
    for (std::size_t i = a.bits(); i-- > 0;) {
        r = r + r;
        if (a.bit(i)) r = r + bignum(1);
        if (compare(r, m) >= 0) r = r - m;
    }
    return r;
}

bignum bignum::shifted_right(std::size_t n) const {
    bignum r;
    const std::size_t whole = n / 32, part = n % 32;
    if (whole >= limbs_.size()) return r;
    r.limbs_.assign(limbs_.size() - whole, 0);
    for (std::size_t i = 0; i < r.limbs_.size(); ++i) {
        wide v = limbs_[i + whole];
        if (i + whole + 1 < limbs_.size()) v |= static_cast<wide>(limbs_[i + whole + 1]) << 32;
        r.limbs_[i] = static_cast<limb>(v >> part);
    }
    r.trim();
    return r;
}

bignum bignum::divided_by(std::uint32_t divisor, std::uint32_t& remainder) const {
    bignum q;
    q.limbs_.assign(limbs_.size(), 0);
    wide r = 0;
    for (std::size_t i = limbs_.size(); i-- > 0;) {
        const wide cur = (r << 32) | limbs_[i];
        q.limbs_[i] = static_cast<limb>(cur / divisor);
        r = cur % divisor;
    }
    remainder = static_cast<std::uint32_t>(r);
    q.trim();
    return q;
}

bignum bignum::gcd(bignum a, bignum b) {
    // Euclid on public values (the recovered prime is revealed by it anyway).
    while (!b.is_zero()) {
        bignum t = a % b;
        a = std::move(b);
        b = std::move(t);
    }
    return a;
}

namespace {

// Montgomery arithmetic modulo an odd m of `n` limbs, values kept at n limbs.
class montgomery {
public:
    explicit montgomery(const std::vector<limb>& m) : m_(m), n_(m.size()) {
        // m' = -m^-1 mod 2^32 by Newton's iteration.
        limb inv = 1;
        for (int i = 0; i < 5; ++i) inv *= 2 - m_[0] * inv;
        m_prime_ = 0u - inv;
    }
    // a * b * R^-1 mod m (CIOS), the final subtraction by mask.
    std::vector<limb> mul(const std::vector<limb>& a, const std::vector<limb>& b) const {
        std::vector<limb> t(n_ + 2, 0);
        for (std::size_t i = 0; i < n_; ++i) {
            wide carry = 0;
            for (std::size_t j = 0; j < n_; ++j) {
                carry += static_cast<wide>(a[j]) * b[i] + t[j];
                t[j] = static_cast<limb>(carry);
                carry >>= 32;
            }
            carry += t[n_];
            t[n_] = static_cast<limb>(carry);
            t[n_ + 1] = static_cast<limb>(carry >> 32);
            const limb u = t[0] * m_prime_;
            carry = (static_cast<wide>(u) * m_[0] + t[0]) >> 32;
            for (std::size_t j = 1; j < n_; ++j) {
                carry += static_cast<wide>(u) * m_[j] + t[j];
                t[j - 1] = static_cast<limb>(carry);
                carry >>= 32;
            }
            carry += t[n_];
            t[n_ - 1] = static_cast<limb>(carry);
            t[n_] = t[n_ + 1] + static_cast<limb>(carry >> 32);
            t[n_ + 1] = 0;
        }
        // t < 2m: subtract m, keep the difference unless it borrowed.
        std::vector<limb> d(n_);
        wide borrow = 0;
        for (std::size_t j = 0; j < n_; ++j) {
            const wide sub = static_cast<wide>(m_[j]) + borrow;
            d[j] = static_cast<limb>(t[j] - sub);
            borrow = static_cast<wide>(t[j]) < sub ? 1 : 0;
        }
        const limb keep_t = 0u - static_cast<limb>(borrow > t[n_]);  // all ones when t < m
        for (std::size_t j = 0; j < n_; ++j) d[j] = (t[j] & keep_t) | (d[j] & ~keep_t);
        secure_zero(t.data(), t.size() * sizeof(limb));
        return d;
    }

private:
    std::vector<limb> m_;
    std::size_t n_;
    limb m_prime_ = 0;
};

} // namespace

bignum bignum::mod_exp(const bignum& base, const bignum& exponent, const bignum& m) {
    const std::size_t n = m.limbs_.size();
    const montgomery mont(m.limbs_);
    // R mod m and base * R mod m, with R = 2^(32 n).
    bignum r_big;
    r_big.limbs_.assign(n + 1, 0);
    r_big.limbs_[n] = 1;
    const bignum r_mod = r_big % m;
    const bignum base_r = (base % m) * r_mod % m;
    auto widen = [n](const bignum& v) {
        std::vector<limb> out(n, 0);
        std::copy(v.limbs_.begin(), v.limbs_.end(), out.begin());
        return out;
    };
    const auto wipe = [](std::vector<limb>& v) { secure_zero(v.data(), v.size() * sizeof(limb)); };
    std::vector<limb> acc = widen(r_mod);
    std::vector<limb> b = widen(base_r);
    // Square, multiply, select by mask: the same work for every bit.
    for (std::size_t i = exponent.limbs_.size() * 32; i-- > 0;) {
        std::vector<limb> square = mont.mul(acc, acc);
        wipe(acc);
        acc = std::move(square);
        std::vector<limb> product = mont.mul(acc, b);
        const limb take = 0u - static_cast<limb>(exponent.bit(i));
        for (std::size_t j = 0; j < n; ++j) acc[j] = (product[j] & take) | (acc[j] & ~take);
        wipe(product);
    }
    std::vector<limb> one(n, 0);
    one[0] = 1;
    bignum result;
    result.limbs_ = mont.mul(acc, one);  // out of Montgomery form
    result.trim();
    wipe(acc);
    wipe(b);
    return result;
}

class mont_context::impl {
public:
    explicit impl(const std::vector<limb>& m) : mont(m), n(m.size()) {}
    std::vector<limb> widen(const bignum& v) const {
        std::vector<limb> out(n, 0);
        std::copy(v.limbs_.begin(), v.limbs_.end(), out.begin());
        return out;
    }
    bignum narrow(std::vector<limb> v) const {
        bignum r;
        r.limbs_ = std::move(v);
        r.trim();
        return r;
    }
    montgomery mont;
    std::size_t n;
};

mont_context::mont_context(const bignum& m) : m_(m), impl_(std::make_unique<impl>(m.limbs_)) {
    bignum r;
    r.limbs_.assign(2 * m.limbs_.size() + 1, 0);
    r.limbs_.back() = 1;  // R^2 = 2^(64 n)
    r2_ = r % m;
}

mont_context::~mont_context() = default;

bignum mont_context::mul(const bignum& a, const bignum& b) const {
    return impl_->narrow(impl_->mont.mul(impl_->widen(a), impl_->widen(b)));
}

bignum mont_context::to(const bignum& a) const { return mul(a % m_, r2_); }

bignum mont_context::from(const bignum& a) const { return mul(a, bignum(1)); }

bignum mont_context::add(const bignum& a, const bignum& b) const {
    bignum sum = a + b;
    return compare(sum, m_) >= 0 ? sum - m_ : sum;
}

bignum mont_context::sub(const bignum& a, const bignum& b) const {
    return compare(a, b) >= 0 ? a - b : (a + m_) - b;
}

} // namespace p11::crypto::cng
