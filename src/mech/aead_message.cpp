#include "mech/aead_message.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "mech/crypto_errors.hpp"

namespace p11::mech {

namespace {

class aead_message_op final : public provider::message_cipher_operation {
public:
    aead_message_op(aead_mechanism m, crypto::direction d, counter_source counter)
        : mechanism_(std::move(m)), d_(d), counter_(std::move(counter)) {}

    // AEAD ciphertext is as long as the plaintext; the tag travels apart.
    [[nodiscard]] std::size_t message_size(std::size_t input) const override { return input; }

    result<std::size_t> message(bytes_view parameter, bytes_view aad, bytes_view in, provider::out_span out) override {
        P11_TRY(begin(parameter, aad));
        auto n = next(parameter, in, out, true);
        if (!n) abandon();
        return n;
    }

    result<void> begin(bytes_view parameter, bytes_view aad) override {
        auto p = mechanism_.read(parameter);
        if (!p) return p.code();
        if (encrypting()) P11_TRY(generate_iv(p->iv, p->iv_fixed_bits, p->generator, counter_));
        cipher_ = mechanism_.make(p->iv, aad, p->tag_bytes);
        if (!cipher_) return rv::mechanism_param_invalid;
        tag_bytes_ = p->tag_bytes;
        taken_ = given_ = 0;
        return {};
    }

    // Encryption: what the cipher releases of the part (the backends' AEAD
    // encryption writes exactly max_update_output: OpenSSL all of it,
    // mbedTLS whole blocks), and at the end the rest of the plaintext.
    // Decryption releases nothing before the tag is verified, then all.
    [[nodiscard]] std::size_t next_size(std::size_t input, bool last) const override {
        if (!cipher_) return 0;
        if (last) return encrypting() ? taken_ + input - given_ : taken_ + input;
        return encrypting() ? cipher_->max_update_output(input) : 0;
    }

    result<std::size_t> next(bytes_view parameter, bytes_view in, provider::out_span out, bool last) override {
        if (!cipher_) return rv::operation_not_initialized;
        auto p = mechanism_.read(parameter);
        if (!p) return p.code();
        std::size_t written = 0;
        if (auto s = cipher_->update(in, out.data(), written); s != crypto::status::ok) return failed(s);
        taken_ += in.size();
        given_ += written;
        if (!last) return written;
        if (p->tag == nullptr) return rv::mechanism_param_invalid;
        if (encrypting()) {
            auto rest = finish_encryption(out.subspan(written), p->tag);
            if (!rest) return rest.code();
            cipher_.reset();
            return written + *rest;
        }
        std::size_t none = 0;  // decryption holds everything back until the tag
        if (auto s = cipher_->update(bytes_view{p->tag, tag_bytes_}, out.data(), none); s != crypto::status::ok)
            return failed(s);
        std::size_t plain = 0;
        if (auto s = cipher_->finish(out.data(), plain); s != crypto::status::ok) return failed(s);
        cipher_.reset();
        return plain;
    }

    void abandon() override { cipher_.reset(); }

private:
    [[nodiscard]] bool encrypting() const { return d_ == crypto::direction::encrypt; }
    rv failed(crypto::status s) {
        cipher_.reset();
        return to_rv(s, encrypting() ? failing::encrypting : failing::decrypting);
    }

    // The plaintext the cipher still held, into `out`; the tag, to the caller's.
    result<std::size_t> finish_encryption(provider::out_span out, std::uint8_t* tag) {
        std::array<std::uint8_t, 64> tail{};  // at most a block held back + a 16-byte tag
        if (cipher_->max_finish_output() > tail.size()) return failed(crypto::status::internal);
        std::size_t n = 0;
        if (auto s = cipher_->finish(tail.data(), n); s != crypto::status::ok) return failed(s);
        if (n < tag_bytes_ || n - tag_bytes_ > out.size()) return failed(crypto::status::internal);
        const std::size_t data = n - tag_bytes_;
        std::copy_n(tail.begin(), data, out.begin());
        std::memcpy(tag, tail.data() + data, tag_bytes_);
        secure_zero(tail.data(), tail.size());
        return data;
    }

    aead_mechanism mechanism_;
    crypto::direction d_;
    counter_source counter_;
    std::unique_ptr<crypto::cipher> cipher_;
    std::size_t tag_bytes_ = 0;
    std::size_t taken_ = 0;  // input bytes of this message so far
    std::size_t given_ = 0;  // output bytes of this message so far
};

} // namespace

std::unique_ptr<provider::message_cipher_operation> aead_message(aead_mechanism mechanism, crypto::direction d,
                                                                counter_source counter) {
    return std::make_unique<aead_message_op>(std::move(mechanism), d, std::move(counter));
}

} // namespace p11::mech
