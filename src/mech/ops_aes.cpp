// AES ciphers: CKM_AES_ECB, _CBC, _CBC_PAD, _CTR, _GCM, and the key-wrap
// mechanisms used as plain single-part ciphers (CKM_AES_KEY_WRAP, _PAD, _KWP).
#include <algorithm>
#include <cstring>

#include "crypto/aes.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "mech/crypto_errors.hpp"
#include "mech/cipher_stream.hpp"
#include "mech/keys.hpp"
#include "mech/ops.hpp"

namespace p11::mech::ops {

namespace {

// RFC 3394 / 5649 on caller data: single-part only, as the spec defines them.
class aes_key_wrap_op final : public provider::cipher_operation {
public:
    aes_key_wrap_op(crypto::aes_key_ptr kek, bytes_view iv, bool padded, crypto::direction d)
        : kek_(std::move(kek)), iv_(iv.begin(), iv.end()), padded_(padded), d_(d) {}
    [[nodiscard]] bool multi_part() const override { return false; }
    [[nodiscard]] std::size_t single_bound(std::size_t n) const override {
        if (d_ == crypto::direction::decrypt) return n;
        return (padded_ ? (n + 7) / 8 * 8 : n) + 8;
    }
    result<std::size_t> single(bytes_view in, provider::out_span out) override {
        crypto::status s;
        if (d_ == crypto::direction::encrypt) {
            crypto::bytes r;
            s = padded_ ? crypto::aes_key_wrap_pad(kek_, in, iv_, r) : crypto::aes_key_wrap(kek_, in, iv_, r);
            if (s != crypto::status::ok) return to_rv(s, failing::encrypting);
            std::copy(r.begin(), r.end(), out.begin());
            return r.size();
        }
        secure_bytes r;
        s = padded_ ? crypto::aes_key_unwrap_pad(kek_, in, iv_, r) : crypto::aes_key_unwrap(kek_, in, iv_, r);
        if (s != crypto::status::ok) return to_rv(s, failing::decrypting);
        std::copy(r.begin(), r.end(), out.begin());
        return r.size();
    }
    [[nodiscard]] std::size_t update_bound(std::size_t) const override { return 0; }
    result<std::size_t> update(bytes_view, provider::out_span) override { return rv::function_not_supported; }
    [[nodiscard]] std::size_t final_bound() const override { return 0; }
    result<std::size_t> final(provider::out_span) override { return rv::function_not_supported; }

private:
    crypto::aes_key_ptr kek_;
    crypto::bytes iv_;
    bool padded_;
    crypto::direction d_;
};

bool aes_key_size_ok(std::size_t n) { return n == 16 || n == 24 || n == 32; }

} // namespace

std::unique_ptr<provider::cipher_operation> stream_cipher(std::unique_ptr<crypto::cipher> c, crypto::direction d) {
    return std::make_unique<cipher_stream_op>(std::move(c), d);
}

made<provider::cipher_operation> aes_cipher(const mechanism_view& m, const provider::object& key, crypto::direction d) {
    if (!aes_key_size_ok(secret_value_of(key).size())) return rv::key_size_range;
    auto k = aes_key_of(key);
    if (!k) return rv::key_size_range;
    std::unique_ptr<crypto::cipher> c;
    switch (m.type) {
    case mechanism_type::aes_ecb:
        if (!m.parameter.empty()) return rv::mechanism_param_invalid;
        c = crypto::make_aes_ecb(k, d);
        break;
    case mechanism_type::aes_cbc:
    case mechanism_type::aes_cbc_pad:
        if (m.parameter.size() != 16) return rv::mechanism_param_invalid;
        c = crypto::make_aes_cbc(k, m.parameter, d, m.type == mechanism_type::aes_cbc_pad);
        break;
    case mechanism_type::aes_ctr: {
        // The fields were range-checked at Init (provider/parameter_checks.hpp).
        const auto* p = m.param<abi::CK_AES_CTR_PARAMS>();
        if (p == nullptr) return rv::mechanism_param_invalid;
        c = crypto::make_aes_ctr(k, bytes_view{p->cb, 16}, static_cast<unsigned>(p->ulCounterBits), d);
        break;
    }
    case mechanism_type::aes_gcm: {
        // IV 1..256 bytes, tag 32..128 bits in whole bytes, AAD pointer and
        // length: checked at Init (provider/parameter_checks.hpp).
        const auto* p = m.param<abi::CK_GCM_PARAMS>();
        if (p == nullptr) return rv::mechanism_param_invalid;
        c = crypto::make_aes_gcm(k, bytes_view{p->pIv, p->ulIvLen}, bytes_view{p->pAAD, p->pAAD ? p->ulAADLen : 0},
                                 p->ulTagBits / 8, d);
        break;
    }
    case mechanism_type::aes_key_wrap:
    case mechanism_type::aes_key_wrap_pad:
    case mechanism_type::aes_key_wrap_kwp: {
        const bool padded = m.type != mechanism_type::aes_key_wrap;
        const std::size_t iv_len = padded ? 4 : 8;
        if (!m.parameter.empty() && m.parameter.size() != iv_len) return rv::mechanism_param_invalid;
        return std::unique_ptr<provider::cipher_operation>(
            std::make_unique<aes_key_wrap_op>(std::move(k), m.parameter, padded, d));
    }
    default: return rv::mechanism_invalid;
    }
    if (!c) return rv::mechanism_param_invalid;
    return stream_cipher(std::move(c), d);
}

} // namespace p11::mech::ops
