#include "mech/aead_message.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "mech/crypto_errors.hpp"

namespace p11::mech {

namespace {

// One cipher serves the whole process: each message restarts it with its IV
// and AAD (crypto::cipher::restart), so a message costs no context borrowed
// from the key's pool and no allocation; a new one is made only for the
// first message, a change of tag length, or a backend that cannot restart.
class aead_message_op final : public provider::message_cipher_operation {
public:
    aead_message_op(aead_mechanism m, crypto::direction d, counter_source counter)
        : mechanism_(std::move(m)), d_(d), counter_(std::move(counter)) {}

    // AEAD ciphertext is as long as the plaintext; the tag travels apart.
    [[nodiscard]] std::size_t message_size(std::size_t input) const override { return input; }

    result<std::size_t> message(bytes_view parameter, bytes_view aad, bytes_view in, provider::out_span out) override {
        crypto::error_batch one_message;
        auto p = mechanism_.read(parameter);
        if (!p) return p.code();
        P11_TRY(start(*p, aad));
        auto n = part(*p, in, out, true);
        if (n && restarted_) one_message.succeeded();
        return n;
    }

    result<void> begin(bytes_view parameter, bytes_view aad) override {
        const crypto::error_batch one_call;
        auto p = mechanism_.read(parameter);
        if (!p) return p.code();
        return start(*p, aad);
    }

    // Encryption: what the cipher releases of the part (the backends' AEAD
    // encryption writes exactly max_update_output: OpenSSL all of it,
    // mbedTLS GCM whole blocks), and at the end the rest of the plaintext.
    // Decryption releases nothing before the tag is verified, then all.
    [[nodiscard]] std::size_t next_size(std::size_t input, bool last) const override {
        if (!open_) return 0;
        if (last) return encrypting() ? taken_ + input - given_ : taken_ + input;
        return encrypting() ? cipher_->max_update_output(input) : 0;
    }

    result<std::size_t> next(bytes_view parameter, bytes_view in, provider::out_span out, bool last) override {
        if (!open_) return rv::operation_not_initialized;
        const crypto::error_batch one_call;
        auto p = mechanism_.read(parameter);
        if (!p) return failed(rv::mechanism_param_invalid);
        return part(*p, in, out, last);
    }

    void abandon() override { open_ = false; }

private:
    [[nodiscard]] bool encrypting() const { return d_ == crypto::direction::encrypt; }

    result<void> start(aead_message_parameter& p, bytes_view aad) {
        open_ = false;
        if (encrypting()) P11_TRY(generate_iv(p.iv, p.iv_fixed_bits, p.generator, counter_));
        restarted_ = cipher_ && tag_bytes_ == p.tag_bytes && cipher_->restart(p.iv, aad);
        if (!restarted_) {
            cipher_ = mechanism_.make(p.iv, aad, p.tag_bytes);
            if (!cipher_) return rv::mechanism_param_invalid;
            tag_bytes_ = p.tag_bytes;
        }
        taken_ = given_ = 0;
        open_ = true;
        return {};
    }

    result<std::size_t> part(const aead_message_parameter& p, bytes_view in, provider::out_span out, bool last) {
        std::size_t written = 0;
        if (auto s = cipher_->update(in, out.data(), written); s != crypto::status::ok) return failed(s);
        taken_ += in.size();
        given_ += written;
        if (!last) return written;
        if (p.tag == nullptr) return failed(rv::mechanism_param_invalid);
        open_ = false;
        if (encrypting()) {
            auto rest = finish_encryption(out.subspan(written), p.tag);
            if (!rest) return rest.code();
            return written + *rest;
        }
        std::size_t none = 0;  // decryption holds everything back until the tag
        if (auto s = cipher_->update(bytes_view{p.tag, tag_bytes_}, out.data(), none); s != crypto::status::ok)
            return failed(s);
        std::size_t plain = 0;
        if (auto s = cipher_->finish(out.data(), plain); s != crypto::status::ok) return failed(s);
        return plain;
    }

    // The ciphertext the cipher still held, into `out`; the tag, to the
    // caller's.  Both are output, nothing secret: the tail is not wiped
    // (a byte-wise wipe of it was 3% of a 1 KiB message).
    result<std::size_t> finish_encryption(provider::out_span out, std::uint8_t* tag) {
        std::array<std::uint8_t, 32> tail;  // at most 15 bytes held back (mbedTLS GCM) + a 16-byte tag
        if (cipher_->max_finish_output() > tail.size()) return failed(crypto::status::internal);
        std::size_t n = 0;
        if (auto s = cipher_->finish(tail.data(), n); s != crypto::status::ok) return failed(s);
        if (n < tag_bytes_ || n - tag_bytes_ > out.size()) return failed(crypto::status::internal);
        const std::size_t data = n - tag_bytes_;
        std::copy_n(tail.begin(), data, out.begin());
        std::memcpy(tag, tail.data() + data, tag_bytes_);
        return data;
    }

    // A failed message leaves the cipher in no state worth restarting.
    rv failed(rv code) {
        open_ = false;
        cipher_.reset();
        return code;
    }
    rv failed(crypto::status s) { return failed(to_rv(s, encrypting() ? failing::encrypting : failing::decrypting)); }

    aead_mechanism mechanism_;
    crypto::direction d_;
    counter_source counter_;
    std::unique_ptr<crypto::cipher> cipher_;
    std::size_t tag_bytes_ = 0;
    bool open_ = false;      // a message begun and not finished
    bool restarted_ = false; // this message runs on the cipher of the one before
    std::size_t taken_ = 0;  // input bytes of this message so far
    std::size_t given_ = 0;  // output bytes of this message so far
};

} // namespace

std::unique_ptr<provider::message_cipher_operation> aead_message(aead_mechanism mechanism, crypto::direction d,
                                                                counter_source counter) {
    return std::make_unique<aead_message_op>(std::move(mechanism), d, std::move(counter));
}

} // namespace p11::mech
