#include "store/sealing.hpp"

#include "crypto/aes.hpp"
#include "crypto/hash.hpp"
#include "crypto/random.hpp"
#include "store/instrumentation.hpp"

namespace p11::store::detail {

result<void> random_fill(std::span<std::uint8_t> out) {
    if (crypto::random_bytes(out) != crypto::status::ok) return rv::function_failed;
    return {};
}

digest sha256(std::span<const std::uint8_t> data) {
    digest d{};
    crypto::digest(crypto::hash_alg::sha256, data, d.data());
    return d;
}

result<void> seal(std::span<const std::uint8_t> key, std::span<const std::uint8_t> aad,
                  std::span<const std::uint8_t> plaintext, std::vector<std::uint8_t>& out) {
    std::array<std::uint8_t, nonce_bytes> nonce{};
    P11_TRY(random_fill(nonce));
    auto c = crypto::make_aes_gcm(key, nonce, aad, tag_bytes, crypto::direction::encrypt);
    if (!c) return rv::function_failed;
    const auto start = out.size();
    out.insert(out.end(), nonce.begin(), nonce.end());
    out.resize(start + nonce_bytes + c->max_update_output(plaintext.size()) + c->max_finish_output());
    std::size_t a = 0;
    std::size_t b = 0;
    if (c->update(plaintext, out.data() + start + nonce_bytes, a) != crypto::status::ok ||
        c->finish(out.data() + start + nonce_bytes + a, b) != crypto::status::ok ||
        a + b != plaintext.size() + tag_bytes) {
        out.resize(start);
        return rv::function_failed;
    }
    out.resize(start + nonce_bytes + a + b);
    return {};
}

std::optional<secure_bytes> unseal(std::span<const std::uint8_t> key, std::span<const std::uint8_t> aad,
                                   std::span<const std::uint8_t> sealed) {
    if (sealed.size() < nonce_bytes + tag_bytes) return std::nullopt;
    count(counters().decryptions);
    auto c = crypto::make_aes_gcm(key, sealed.first(nonce_bytes), aad, tag_bytes, crypto::direction::decrypt);
    if (!c) return std::nullopt;
    const auto body = sealed.subspan(nonce_bytes);
    secure_bytes out(c->max_update_output(body.size()) + c->max_finish_output());
    std::size_t a = 0;
    std::size_t b = 0;
    if (c->update(body, out.data(), a) != crypto::status::ok || c->finish(out.data() + a, b) != crypto::status::ok)
        return std::nullopt;
    if (a + b != body.size() - tag_bytes) return std::nullopt;
    out.resize(a + b);
    return out;
}

} // namespace p11::store::detail
