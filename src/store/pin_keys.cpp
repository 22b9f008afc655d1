#include "store/pin_keys.hpp"

#include <array>

#include "crypto/aes.hpp"
#include "crypto/hash.hpp"
#include "store/sealing.hpp"

namespace p11::store::detail {

namespace {

// Wipes itself: KEKs never outlive the call that derived them.
struct kek {
    std::array<std::uint8_t, 32> bytes{};
    kek() = default;
    kek(const kek&) = delete;
    kek& operator=(const kek&) = delete;
    ~kek() { secure_zero(bytes.data(), bytes.size()); }
};

result<void> derive(user who, std::span<const std::uint8_t> pin, const pin_wrap& w, kek& out) {
    std::array<std::uint8_t, salt_bytes + 1> salt{};
    std::copy(w.salt.begin(), w.salt.end(), salt.begin());
    salt.back() = who == user::so ? 0x53 : 0x55;  // 'S' / 'U'
    if (crypto::pbkdf2(crypto::hash_alg::sha256, pin, salt, w.iterations, out.bytes) != crypto::status::ok)
        return rv::function_failed;
    return {};
}

} // namespace

result<pin_wrap> wrap_token_key(user who, std::span<const std::uint8_t> pin, std::span<const std::uint8_t> token_key,
                                std::uint32_t iterations) {
    if (iterations == 0) return rv::arguments_bad;
    pin_wrap w;
    w.iterations = iterations;
    P11_TRY(random_fill(w.salt));
    kek k;
    P11_TRY(derive(who, pin, w, k));
    if (crypto::aes_key_wrap_pad(k.bytes, token_key, {}, w.wrapped) != crypto::status::ok || w.wrapped.empty())
        return rv::function_failed;
    return w;
}

result<bool> unwrap_token_key(user who, std::span<const std::uint8_t> pin, const pin_wrap& w, secure_bytes& token_key) {
    kek k;
    P11_TRY(derive(who, pin, w, k));
    secure_bytes out;
    const auto st = crypto::aes_key_unwrap_pad(k.bytes, w.wrapped, {}, out);
    if (st == crypto::status::decrypt_failed || st == crypto::status::invalid_input) return false;
    if (st != crypto::status::ok) return rv::function_failed;
    // A well-formed unwrap of the wrong length cannot come from our wrap.
    if (out.size() != token_key_bytes) return false;
    token_key = std::move(out);
    return true;
}

pin_state describe_pin(bool initialized, std::uint32_t failures, unsigned max_tries) {
    pin_state s;
    s.initialized = initialized;
    s.tries_left = failures >= max_tries ? 0 : max_tries - failures;
    s.count_low = initialized && failures > 0;
    s.locked = initialized && s.tries_left == 0;
    s.final_try = initialized && s.tries_left == 1;
    return s;
}

} // namespace p11::store::detail
