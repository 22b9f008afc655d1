// The little unsigned arithmetic the CNG backend needs beside CNG, which has
// no big-number interface: checking and completing RSA components (n = p q,
// d mod (p - 1), the primes from n, e, d), and the public-point checks and
// recovery of EC keys.  Values are little-endian 32-bit limbs.
//
// Only the modular exponentiation handles secrets (an RSA key's d when its
// primes are recovered): it multiplies for every exponent bit and selects
// the result with masks, and its Montgomery reduction subtracts with masks,
// so neither branches on the exponent.  Everything else runs on public values
// or at key loading, with lengths that depend only on the sizes.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "crypto/types.hpp"

namespace p11::crypto::cng {

class bignum {
public:
    bignum() = default;
    explicit bignum(std::uint32_t v) : limbs_{v} { trim(); }
    [[nodiscard]] static bignum from_bytes(bytes_view big_endian);
    ~bignum();
    bignum(const bignum&) = default;
    bignum(bignum&&) noexcept = default;
    bignum& operator=(const bignum&) = default;
    bignum& operator=(bignum&&) noexcept = default;

    // Big-endian, exactly `length` bytes (the value must fit), or minimal.
    [[nodiscard]] secure_bytes to_bytes(std::size_t length) const;
    [[nodiscard]] secure_bytes to_bytes() const { return to_bytes((bits() + 7) / 8); }

    [[nodiscard]] bool is_zero() const noexcept { return limbs_.empty(); }
    [[nodiscard]] bool is_odd() const noexcept { return !limbs_.empty() && (limbs_[0] & 1u) != 0; }
    [[nodiscard]] std::size_t bits() const noexcept;
    [[nodiscard]] bool bit(std::size_t i) const noexcept;

    friend int compare(const bignum& a, const bignum& b) noexcept;
    friend bool operator==(const bignum& a, const bignum& b) noexcept { return compare(a, b) == 0; }
    friend bignum operator+(const bignum& a, const bignum& b);
    friend bignum operator-(const bignum& a, const bignum& b);  // a >= b
    friend bignum operator*(const bignum& a, const bignum& b);
    friend bignum operator%(const bignum& a, const bignum& m);  // m != 0
    [[nodiscard]] bignum shifted_right(std::size_t n) const;
    // Quotient by a small divisor (not 0); the remainder in `remainder`.
    [[nodiscard]] bignum divided_by(std::uint32_t divisor, std::uint32_t& remainder) const;
    // The value when it fits 32 bits.
    [[nodiscard]] bool fits_u32() const noexcept { return limbs_.size() <= 1; }
    [[nodiscard]] std::uint32_t low_u32() const noexcept { return limbs_.empty() ? 0 : limbs_[0]; }

    // base^exponent mod m for an odd m > 1 (Montgomery).
    [[nodiscard]] static bignum mod_exp(const bignum& base, const bignum& exponent, const bignum& m);
    [[nodiscard]] static bignum gcd(bignum a, bignum b);

private:
    friend class mont_context;
    void trim() noexcept;
    std::vector<std::uint32_t> limbs_;
};

// Many multiplications modulo one odd m > 1 (EC field arithmetic on public
// points), in Montgomery form: to() enters it, from() leaves it; mul, add
// and sub take and give values in it, below m.
class mont_context {
public:
    explicit mont_context(const bignum& m);
    ~mont_context();
    mont_context(const mont_context&) = delete;
    mont_context& operator=(const mont_context&) = delete;

    [[nodiscard]] bignum to(const bignum& a) const;
    [[nodiscard]] bignum from(const bignum& a) const;
    [[nodiscard]] bignum mul(const bignum& a, const bignum& b) const;
    [[nodiscard]] bignum add(const bignum& a, const bignum& b) const;
    [[nodiscard]] bignum sub(const bignum& a, const bignum& b) const;
    [[nodiscard]] const bignum& modulus() const noexcept { return m_; }

private:
    class impl;
    bignum m_;
    bignum r2_;  // R^2 mod m
    std::unique_ptr<impl> impl_;
};

} // namespace p11::crypto::cng
