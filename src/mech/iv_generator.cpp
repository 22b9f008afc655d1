#include "mech/iv_generator.hpp"

#include <vector>

#include "crypto/random.hpp"
#include "p11/secure.hpp"

namespace p11::mech {

namespace {

// Writes `value` into the free bits (the last `free_bits` of the IV), big-endian.
void write_counter(std::span<std::uint8_t> iv, std::size_t free_bits, std::uint64_t value) {
    for (std::size_t bit = 0; bit < free_bits; bit += 8) {
        const std::size_t at = iv.size() - 1 - bit / 8;
        const std::size_t width = free_bits - bit < 8 ? free_bits - bit : 8;
        const auto mask = static_cast<std::uint8_t>((1u << width) - 1);
        const auto part = static_cast<std::uint8_t>(bit < 64 ? value >> bit : 0);
        iv[at] = static_cast<std::uint8_t>((iv[at] & ~mask) | (part & mask));
    }
}

result<void> randomise(std::span<std::uint8_t> iv, std::size_t free_bits) {
    std::vector<std::uint8_t> noise((free_bits + 7) / 8);
    if (crypto::random_bytes(noise) != crypto::status::ok) return rv::function_failed;
    for (std::size_t bit = 0; bit < free_bits; bit += 8) {
        const std::size_t at = iv.size() - 1 - bit / 8;
        const std::size_t width = free_bits - bit < 8 ? free_bits - bit : 8;
        const auto mask = static_cast<std::uint8_t>((1u << width) - 1);
        iv[at] = static_cast<std::uint8_t>((iv[at] & ~mask) | (noise[bit / 8] & mask));
    }
    secure_zero(noise.data(), noise.size());
    return {};
}

} // namespace

result<void> generate_iv(std::span<std::uint8_t> iv, std::size_t fixed_bits, generator_function generator,
                         const counter_source& counter) {
    if (generator == generator_function::no_generate) return {};
    const std::size_t total_bits = iv.size() * 8;
    if (fixed_bits >= total_bits) return rv::mechanism_param_invalid;
    const std::size_t free_bits = total_bits - fixed_bits;
    if (generator == generator_function::generate_random) return randomise(iv, free_bits);
    auto value = counter();
    if (!value) return value.code();
    if (free_bits < 64 && *value >> free_bits != 0) return rv::function_failed;
    write_counter(iv, free_bits, *value);
    return {};
}

} // namespace p11::mech
