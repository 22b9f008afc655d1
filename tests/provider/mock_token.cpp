// The mock token (see mock_token.hpp): fake transforms, real conventions.
#include "mock_token.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <vector>

#include "mock_module.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "p11/provider/token.hpp"

#define P11MOCK_EXPORT extern "C" __attribute__((visibility("default")))

namespace p11mock {

using namespace p11;
using namespace p11::provider;
namespace abi = p11::abi;
using A = attribute_type;
using M = mechanism_type;

namespace {

class mock_token;

// --- the world -----------------------------------------------------------------

struct slot_store {
    std::mutex m;
    std::shared_ptr<mock_token> token;
    bool present = true;
    std::uint64_t generation = 1;
};

struct world_t {
    std::array<std::atomic<unsigned long>, c_count> counters{};
    std::array<std::atomic<int>, fault_sites> faults{};
    slot_store fixed, removable;

    std::mutex event_mutex;
    std::condition_variable event_cv;
    std::deque<abi::CK_SLOT_ID> events;
    int blocked = 0;

    std::mutex barrier_mutex;
    std::condition_variable barrier_cv;
    int barrier_parties = 0;
    int barrier_arrived = 0;
    bool barrier_released = false;
    std::atomic<unsigned long> barrier_timeouts{0};

    world_t();
    void reset();
};

// Never destroyed, for the reason the framework's runtime is not (see
// current_runtime()): the exit-time test calls in after static destructors.
world_t& world() {
    static auto* w = new world_t;
    return *w;
}

void bump(counter c) { world().counters[c]++; }

void maybe_throw(fault_site site) {
    switch (world().faults[site].exchange(no_fault)) {
    case throw_bad_alloc: throw std::bad_alloc();
    case throw_runtime_error: throw std::runtime_error("p11mock: injected fault");
    default: break;
    }
}

// True when `parties` threads met here (or no barrier is armed).
bool barrier() {
    auto& w = world();
    std::unique_lock lock(w.barrier_mutex);
    if (w.barrier_parties == 0) return true;
    if (++w.barrier_arrived >= w.barrier_parties) {
        w.barrier_released = true;
        w.barrier_cv.notify_all();
    }
    // Generous: it only expires when the framework serialised the callers.
    if (!w.barrier_cv.wait_for(lock, std::chrono::seconds(20), [&] { return w.barrier_released; })) {
        w.barrier_timeouts++;
        return false;
    }
    return true;
}

// --- helpers -------------------------------------------------------------------

using bytes = secure_bytes;

bytes to_bytes(bytes_view v) { return bytes(v.begin(), v.end()); }
bytes to_bytes(std::string_view s) { return bytes(s.begin(), s.end()); }
bytes_view view_of(std::string_view s) { return {reinterpret_cast<const byte*>(s.data()), s.size()}; }

bytes attr_bytes(const object& o, attribute_type t) {
    auto v = o.attributes().get(t);
    return v ? to_bytes(*v) : bytes{};
}

// `n` bytes of fake "MAC" over key and data.
bytes fake_mac(bytes_view key, bytes_view data, std::size_t n, std::uint8_t domain) {
    bytes input(key.begin(), key.end());
    input.push_back(0xff);
    input.insert(input.end(), data.begin(), data.end());
    bytes out;
    for (std::uint8_t block = 0; out.size() < n; ++block) {
        const auto d = fake_digest<32>(input, static_cast<std::uint8_t>(domain * 16 + block));
        out.insert(out.end(), d.begin(), d.end());
    }
    out.resize(n);
    return out;
}

void fake_fill(std::span<byte> out, std::uint32_t seed) {
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<byte>((seed * 131u + i * 29u + 17u) ^ (seed >> 3));
}

result<std::size_t> write_out(bytes_view data, out_span out) {
    // The framework guarantees the buffer holds at least the bound.
    if (out.size() < data.size()) return rv::general_error;
    std::copy(data.begin(), data.end(), out.begin());
    return data.size();
}

// --- operations ------------------------------------------------------------------

// CKM_AES_CBC_PAD, faked: XOR with a key/IV/position keystream, PKCS#7-style
// padding to 16-byte blocks.  Multi-part; decryption output lengths depend on
// the data (the padding), and Update holds back the last block.
class cbc_pad_op final : public cipher_operation {
public:
    static constexpr std::size_t block = 16;
    cbc_pad_op(bytes key, bytes iv, bool encrypt) : key_(std::move(key)), iv_(std::move(iv)), encrypt_(encrypt) {}

    std::size_t single_bound(std::size_t n) const override { return encrypt_ ? (n / block + 1) * block : n; }
    result<std::size_t> single(bytes_view in, out_span out) override {
        bump(c_cipher_single);
        auto r = transform_all(in);
        if (!r) return r.error_value();
        return write_out(*r, out);
    }
    std::size_t update_bound(std::size_t n) const override {
        // Decryption: a loose bound (the held-back block is counted), so that
        // callers' buffers can be "smaller than the bound but big enough".
        return encrypt_ ? ((buffered_.size() + n) / block) * block : buffered_.size() + n;
    }
    result<std::size_t> update(bytes_view in, out_span out) override {
        bump(c_cipher_update);
        buffered_.insert(buffered_.end(), in.begin(), in.end());
        std::size_t emit = 0;
        if (encrypt_) emit = (buffered_.size() / block) * block;
        else if (buffered_.size() > block) emit = ((buffered_.size() - 1) / block) * block;
        bytes chunk(buffered_.begin(), buffered_.begin() + static_cast<std::ptrdiff_t>(emit));
        buffered_.erase(buffered_.begin(), buffered_.begin() + static_cast<std::ptrdiff_t>(emit));
        xor_stream(chunk);
        return write_out(chunk, out);
    }
    std::size_t final_bound() const override { return block; }
    result<std::size_t> final(out_span out) override {
        bump(c_cipher_final);
        auto r = finish(buffered_);
        if (!r) return r.error_value();
        return write_out(*r, out);
    }

    // Whole-message transform (single-part, wrap/unwrap).
    result<bytes> transform_all(bytes_view in) {
        bytes data(in.begin(), in.end());
        if (encrypt_) {
            const std::size_t full = (data.size() / block) * block;
            bytes head(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(full));
            xor_stream(head);
            auto tail = finish(bytes(data.begin() + static_cast<std::ptrdiff_t>(full), data.end()));
            if (!tail) return tail.error_value();
            head.insert(head.end(), tail->begin(), tail->end());
            return head;
        }
        if (data.empty() || data.size() % block != 0) return rv::encrypted_data_len_range;
        bytes head(data.begin(), data.end() - block);
        xor_stream(head);
        auto tail = finish(bytes(data.end() - block, data.end()));
        if (!tail) return tail.error_value();
        head.insert(head.end(), tail->begin(), tail->end());
        return head;
    }

private:
    void xor_stream(bytes& b) {
        for (auto& x : b) x = static_cast<byte>(x ^ fake_keystream(key_, iv_, pos_++));
    }
    result<bytes> finish(bytes last) {
        if (encrypt_) {
            const auto pad = static_cast<byte>(block - last.size());
            last.resize(block, pad);
            xor_stream(last);
            return last;
        }
        if (last.size() != block) return rv::encrypted_data_len_range;
        xor_stream(last);
        const byte pad = last.back();
        if (pad == 0 || pad > block) return rv::encrypted_data_invalid;
        for (std::size_t i = block - pad; i < block; ++i)
            if (last[i] != pad) return rv::encrypted_data_invalid;
        last.resize(block - pad);
        return last;
    }

    bytes key_, iv_;
    bool encrypt_;
    std::size_t pos_ = 0;
    bytes buffered_;
};

// CKM_RSA_PKCS, faked: a k-byte block [00 02 A5.. 00 data] XORed with a
// stream from the modulus.  Single-part only, like the real one; decryption
// output length depends on the data.
class rsa_cipher_op final : public cipher_operation {
public:
    rsa_cipher_op(bytes modulus, bool encrypt, bool pin_always, mock_token* tok)
        : modulus_(std::move(modulus)), encrypt_(encrypt), pin_always_(pin_always), tok_(tok) {}
    bool needs_context_login() const override { return pin_always_ && !encrypt_; }
    result<void> context_login(bytes_view pin) override;
    std::size_t single_bound(std::size_t) const override { return modulus_.size(); }
    result<std::size_t> single(bytes_view in, out_span out) override {
        bump(c_cipher_single);
        auto r = encrypt_ ? seal(modulus_, in) : open(modulus_, in);
        if (!r) return r.error_value();
        return write_out(*r, out);
    }
    std::size_t update_bound(std::size_t) const override { return 0; }
    result<std::size_t> update(bytes_view, out_span) override { return rv::function_not_supported; }
    std::size_t final_bound() const override { return 0; }
    result<std::size_t> final(out_span) override { return rv::function_not_supported; }
    bool multi_part() const override { return false; }

    static result<bytes> seal(const bytes& modulus, bytes_view data) {
        const std::size_t k = modulus.size();
        if (data.size() + 11 > k) return rv::data_len_range;
        bytes block(k, 0xA5);
        block[0] = 0x00;
        block[1] = 0x02;
        block[k - data.size() - 1] = 0x00;
        std::copy(data.begin(), data.end(), block.end() - static_cast<std::ptrdiff_t>(data.size()));
        for (std::size_t i = 0; i < k; ++i) block[i] = static_cast<byte>(block[i] ^ fake_keystream(modulus, {}, i));
        return block;
    }
    static result<bytes> open(const bytes& modulus, bytes_view in) {
        const std::size_t k = modulus.size();
        if (in.size() != k) return rv::encrypted_data_len_range;
        bytes block(in.begin(), in.end());
        for (std::size_t i = 0; i < k; ++i) block[i] = static_cast<byte>(block[i] ^ fake_keystream(modulus, {}, i));
        if (block[0] != 0x00 || block[1] != 0x02) return rv::encrypted_data_invalid;
        auto sep = std::find(block.begin() + 2, block.end(), byte{0});
        if (sep == block.end()) return rv::encrypted_data_invalid;
        return bytes(sep + 1, block.end());
    }

private:
    bytes modulus_;
    bool encrypt_;
    bool pin_always_;
    mock_token* tok_;
};

// Signatures: a fake MAC of the data under the key material (the modulus for
// the RSA-like keys, so the public key can "verify"; CKA_VALUE for HMAC).
struct signature_kind {
    bytes material;
    std::size_t size;
    std::uint8_t domain;
    bool multi;
};

class mock_sign_op final : public sign_operation {
public:
    mock_sign_op(signature_kind k, bool pin_always, mock_token* tok) : k_(std::move(k)), pin_always_(pin_always), tok_(tok) {}
    bool needs_context_login() const override { return pin_always_; }
    result<void> context_login(bytes_view pin) override;
    std::size_t signature_size() const override { return k_.size; }
    result<std::size_t> sign(bytes_view data, out_span out) override {
        bump(c_sign);
        maybe_throw(at_sign);
        if (!barrier()) return rv::function_failed;
        return write_out(fake_mac(k_.material, data, k_.size, k_.domain), out);
    }
    result<void> update(bytes_view part) override {
        bump(c_sign_update);
        buffer_.insert(buffer_.end(), part.begin(), part.end());
        return {};
    }
    result<std::size_t> final(out_span out) override {
        bump(c_sign_final);
        return write_out(fake_mac(k_.material, buffer_, k_.size, k_.domain), out);
    }
    bool multi_part() const override { return k_.multi; }
    result<std::size_t> sign_recover(bytes_view data, out_span out) override {
        bump(c_sign);
        auto r = rsa_cipher_op::seal(k_.material, data);
        if (!r) return r.error_value();
        return write_out(*r, out);
    }

private:
    signature_kind k_;
    bool pin_always_;
    mock_token* tok_;
    bytes buffer_;
};

class mock_verify_op final : public verify_operation {
public:
    explicit mock_verify_op(signature_kind k) : k_(std::move(k)) {}
    result<void> verify(bytes_view data, bytes_view sig) override {
        bump(c_verify);
        return check(data, sig);
    }
    result<void> update(bytes_view part) override {
        bump(c_verify_update);
        buffer_.insert(buffer_.end(), part.begin(), part.end());
        return {};
    }
    result<void> final(bytes_view sig) override {
        bump(c_verify);
        return check(buffer_, sig);
    }
    bool multi_part() const override { return k_.multi; }
    std::size_t recover_bound(std::size_t) const override { return k_.material.size(); }
    result<std::size_t> verify_recover(bytes_view sig, out_span out) override {
        bump(c_verify);
        auto r = rsa_cipher_op::open(k_.material, sig);
        if (!r) return r.code() == rv::encrypted_data_len_range ? rv::signature_len_range : rv::signature_invalid;
        return write_out(*r, out);
    }

private:
    result<void> check(bytes_view data, bytes_view sig) const {
        if (sig.size() != k_.size) return rv::signature_len_range;
        const auto expected = fake_mac(k_.material, data, k_.size, k_.domain);
        if (!constant_time_equal(expected, sig)) return rv::signature_invalid;
        return {};
    }
    signature_kind k_;
    bytes buffer_;
};

class mock_digest_op final : public digest_operation {
public:
    mock_digest_op(std::size_t size, std::uint8_t domain) : size_(size), domain_(domain) {}
    std::size_t digest_size() const override { return size_; }
    result<void> update(bytes_view part) override {
        bump(c_digest_update);
        buffer_.insert(buffer_.end(), part.begin(), part.end());
        return {};
    }
    result<std::size_t> final(out_span out) override {
        bump(c_digest_final);
        const auto d = fake_digest<32>(buffer_, domain_);
        return write_out(bytes_view{d.data(), size_}, out);
    }

private:
    std::size_t size_;
    std::uint8_t domain_;
    bytes buffer_;
};

// --- the token -------------------------------------------------------------------

const auto mechanism_table = [] {
    using enum mechanism_flags;
    return std::array{
        mechanism_entry{M::rsa_pkcs_key_pair_gen, 512, 4096, generate_key_pair | hw},
        // CKF_ENCAPSULATE is a 3.2 flag: no profile of ours may show it.
        mechanism_entry{M::rsa_pkcs, 512, 4096, encrypt | decrypt | sign | verify | sign_recover | verify_recover | encapsulate},
        mechanism_entry{M::sha1_rsa_pkcs, 512, 4096, sign | verify},
        // CKF_SIGN is not something a digest can do: the framework must mask it.
        mechanism_entry{M::sha_1, 0, 0, digest | sign},
        mechanism_entry{M::sha256, 0, 0, digest},
        mechanism_entry{M::sha256_hmac, 16, 64, sign | verify},
        mechanism_entry{M::generic_secret_key_gen, 1, 64, generate},
        mechanism_entry{M::xor_base_and_data, 0, 0, derive},
        mechanism_entry{M::ec_key_pair_gen, 256, 384, generate_key_pair | ec_f_p | ec_oid | ec_uncompress | ec_curvename},
        mechanism_entry{M::aes_key_gen, 16, 32, generate},
        mechanism_entry{M::aes_cbc_pad, 16, 32, encrypt | decrypt | wrap | unwrap},
        mechanism_entry{M::aes_gcm, 16, 32, encrypt | decrypt | message_encrypt | message_decrypt},
    };
}();

class mock_token final : public token {
public:
    explicit mock_token(std::string serial) : serial_(std::move(serial)) { provision(); }

    token_description describe() override {
        maybe_throw(at_describe);
        std::lock_guard lock(m_);
        token_description d;
        d.label = label_;
        d.manufacturer = "p11forge tests";
        d.model = "mock";
        d.serial = serial_;
        d.flags = token_flags::rng | token_flags::login_required | token_flags::token_initialized;
        if (user_pin_set_) d.flags |= token_flags::user_pin_initialized;
        d.flags |= pin_flags(user_tries_, token_flags::user_pin_count_low, token_flags::user_pin_final_try,
                             token_flags::user_pin_locked);
        d.flags |= pin_flags(so_tries_, token_flags::so_pin_count_low, token_flags::so_pin_final_try,
                             token_flags::so_pin_locked);
        d.max_pin_length = 32;
        d.min_pin_length = 4;
        d.hardware_version = {1, 0};
        d.firmware_version = {2, 5};
        return d;
    }
    std::span<const mechanism_entry> mechanisms() override { return mechanism_table; }

    result<void> login(user_type who, bytes_view pin) override {
        bump(c_login);
        std::lock_guard lock(m_);
        if (who == user_type::user && !user_pin_set_) return rv::user_pin_not_initialized;
        return check_pin_locked(who, pin);
    }
    void logout() override { bump(c_logout); }
    result<void> init_token(bytes_view so, std::string_view label) override {
        std::lock_guard lock(m_);
        if (auto r = check_pin_locked(user_type::so, so); !r) return r;
        objects_.clear();
        label_ = std::string(label);
        user_pin_set_ = false;
        user_tries_ = pin_tries;
        return {};
    }
    result<void> init_pin(bytes_view pin) override {
        std::lock_guard lock(m_);
        if (pin.size() < 4 || pin.size() > 32) return rv::pin_len_range;
        user_pin_ = to_bytes(pin);
        user_pin_set_ = true;
        user_tries_ = pin_tries;
        return {};
    }
    result<void> set_pin(user_type who, bytes_view old_pin, bytes_view new_pin) override {
        std::lock_guard lock(m_);
        if (who == user_type::user && !user_pin_set_) return rv::user_pin_not_initialized;
        if (auto r = check_pin_locked(who, old_pin); !r) return r;
        if (new_pin.size() < 4 || new_pin.size() > 32) return rv::pin_len_range;
        (who == user_type::so ? so_pin_ : user_pin_) = to_bytes(new_pin);
        return {};
    }
    // A context-specific login: the user's PIN, once more (counts as a try).
    result<void> check_user_pin(bytes_view pin) {
        std::lock_guard lock(m_);
        return check_pin_locked(user_type::user, pin);
    }

    std::vector<token_object> find(const template_view&, bool logged_in) override {
        std::lock_guard lock(m_);
        std::vector<token_object> out;
        // Everything visible: the framework applies the template itself.
        for (const auto& [key, obj] : objects_)
            if (logged_in || !obj->is_private()) out.push_back({key, obj});
        return out;
    }
    object_ptr load(std::span<const std::uint8_t> key) override {
        bump(c_load);
        std::lock_guard lock(m_);
        auto it = objects_.find(std::vector<std::uint8_t>(key.begin(), key.end()));
        return it == objects_.end() ? nullptr : it->second;
    }
    result<token_object> create(attribute_set attributes) override {
        std::lock_guard lock(m_);
        return store(std::move(attributes));
    }
    result<object_ptr> update(std::span<const std::uint8_t> key, const change_function& apply) override {
        std::lock_guard lock(m_);
        auto it = objects_.find(std::vector<std::uint8_t>(key.begin(), key.end()));
        if (it == objects_.end()) return rv::object_handle_invalid;
        auto attributes = apply(*it->second);
        if (!attributes) return attributes.error_value();
        it->second = std::make_shared<const object>(std::move(*attributes));
        return it->second;
    }
    result<void> destroy(std::span<const std::uint8_t> key) override {
        std::lock_guard lock(m_);
        if (objects_.erase(std::vector<std::uint8_t>(key.begin(), key.end())) == 0) return rv::object_handle_invalid;
        return {};
    }

    // --- cryptography ---
    result<std::unique_ptr<cipher_operation>> begin_encrypt(const mechanism_view& m, const object& key) override {
        return begin_cipher(m, key, true);
    }
    result<std::unique_ptr<cipher_operation>> begin_decrypt(const mechanism_view& m, const object& key) override {
        return begin_cipher(m, key, false);
    }
    result<std::unique_ptr<sign_operation>> begin_sign(const mechanism_view& m, const object& key) override {
        auto k = signature_of(m, key);
        if (!k) return k.error_value();
        return std::unique_ptr<sign_operation>(
            std::make_unique<mock_sign_op>(std::move(*k), key.flag(A::always_authenticate), this));
    }
    result<std::unique_ptr<verify_operation>> begin_verify(const mechanism_view& m, const object& key) override {
        auto k = signature_of(m, key);
        if (!k) return k.error_value();
        return std::unique_ptr<verify_operation>(std::make_unique<mock_verify_op>(std::move(*k)));
    }
    result<std::unique_ptr<digest_operation>> begin_digest(const mechanism_view& m) override {
        if (m.type == M::sha_1) return std::unique_ptr<digest_operation>(std::make_unique<mock_digest_op>(20, 1));
        if (m.type == M::sha256) return std::unique_ptr<digest_operation>(std::make_unique<mock_digest_op>(32, 2));
        return rv::mechanism_invalid;
    }

    result<attribute_set> generate_key(const mechanism_view& m, attribute_set key) override {
        bump(c_generate);
        const auto len = key.ulong(A::value_len);
        if (!len) return rv::template_incomplete;
        if (m.type == M::aes_key_gen && *len != 16 && *len != 24 && *len != 32) return rv::attribute_value_invalid;
        if (m.type == M::generic_secret_key_gen && (*len == 0 || *len > 64)) return rv::attribute_value_invalid;
        bytes value(*len);
        fake_fill(value, next_material());
        key.set(A::value, value);
        return key;
    }
    result<key_pair_attributes> generate_key_pair(const mechanism_view& m, attribute_set pub,
                                                  attribute_set priv) override {
        bump(c_generate_pair);
        const auto seed = next_material();
        if (m.type == M::rsa_pkcs_key_pair_gen) {
            const auto bits = pub.ulong(A::modulus_bits);
            if (!bits) return rv::template_incomplete;
            if (*bits < 512 || *bits > 4096 || *bits % 8 != 0) return rv::key_size_range;
            bytes modulus(*bits / 8);
            fake_fill(modulus, seed);
            modulus[0] |= 0x80;
            const byte f4[] = {0x01, 0x00, 0x01};
            const bytes exponent = pub.has(A::public_exponent) ? to_bytes(*pub.get(A::public_exponent)) : to_bytes(f4);
            bytes private_exponent = modulus;
            for (auto& b : private_exponent) b ^= 0x5a;
            pub.set(A::modulus, modulus);
            pub.set(A::public_exponent, exponent);
            priv.set(A::modulus, modulus);
            priv.set(A::public_exponent, exponent);
            priv.set(A::private_exponent, private_exponent);
            return key_pair_attributes{std::move(pub), std::move(priv)};
        }
        if (m.type == M::ec_key_pair_gen) {
            const auto params = pub.get(A::ec_params);
            if (!params || params->empty()) return rv::template_incomplete;
            bytes point(65);
            fake_fill(point, seed);
            point[0] = 0x04;
            bytes value(32);
            fake_fill(value, seed + 1);
            priv.set(A::ec_params, *params);
            priv.set(A::value, value);
            pub.set(A::ec_point, point);
            return key_pair_attributes{std::move(pub), std::move(priv)};
        }
        return rv::mechanism_invalid;
    }
    result<std::vector<std::uint8_t>> wrap_key(const mechanism_view& m, const object& wrapping,
                                               const object& key) override {
        bump(c_wrap);
        if (m.type != M::aes_cbc_pad) return rv::mechanism_invalid;
        if (m.parameter.size() != cbc_pad_op::block) return rv::mechanism_param_invalid;
        const auto value = key.attributes().get(A::value);
        if (key.cls() != object_class::secret_key || !value) return rv::key_not_wrappable;
        cbc_pad_op op(attr_bytes(wrapping, A::value), to_bytes(m.parameter), true);
        auto r = op.transform_all(*value);
        if (!r) return r.error_value();
        return std::vector<std::uint8_t>(r->begin(), r->end());
    }
    result<attribute_set> unwrap_key(const mechanism_view& m, const object& unwrapping, bytes_view wrapped,
                                     attribute_set key) override {
        bump(c_unwrap);
        if (m.type != M::aes_cbc_pad) return rv::mechanism_invalid;
        if (m.parameter.size() != cbc_pad_op::block) return rv::mechanism_param_invalid;
        if (static_cast<object_class>(key.ulong(A::cls).value_or(0)) != object_class::secret_key)
            return rv::template_inconsistent;
        cbc_pad_op op(attr_bytes(unwrapping, A::value), to_bytes(m.parameter), false);
        auto r = op.transform_all(wrapped);
        if (!r) return r.code() == rv::encrypted_data_len_range ? rv::wrapped_key_len_range : rv::wrapped_key_invalid;
        if (r->empty()) return rv::wrapped_key_invalid;
        key.set(A::value, *r);
        key.set_ulong(A::value_len, r->size());
        return key;
    }
    result<attribute_set> derive_key(const mechanism_view& m, const object& base, attribute_set key) override {
        bump(c_derive);
        if (m.type != M::xor_base_and_data) return rv::mechanism_invalid;
        const auto* p = m.param<abi::CK_KEY_DERIVATION_STRING_DATA>();
        if (p == nullptr || p->pData == nullptr || p->ulLen == 0) return rv::mechanism_param_invalid;
        bytes value = attr_bytes(base, A::value);
        if (value.empty()) return rv::key_type_inconsistent;
        if (auto len = key.ulong(A::value_len)) {
            if (*len == 0 || *len > value.size()) return rv::template_inconsistent;
            value.resize(*len);
        }
        for (std::size_t i = 0; i < value.size(); ++i) value[i] ^= p->pData[i % p->ulLen];
        key.set(A::value, value);
        key.set_ulong(A::value_len, value.size());
        return key;
    }

    result<void> generate_random(std::span<std::uint8_t> out) override {
        bump(c_random);
        maybe_throw(at_random);
        fake_fill(out, next_material());
        return {};
    }
    result<void> seed_random(bytes_view) override {
        bump(c_seed);
        return {};
    }

    // --- what another process does to the token (control API) ---
    bool external_relabel(std::string_view label, std::string_view new_label) {
        std::lock_guard lock(m_);
        for (auto& [key, obj] : objects_) {
            if (!has_label(*obj, label)) continue;
            attribute_set changed = obj->attributes();
            changed.set(A::label, view_of(new_label));
            obj = std::make_shared<const object>(std::move(changed));
            return true;
        }
        return false;
    }
    bool external_delete(std::string_view label) {
        std::lock_guard lock(m_);
        for (auto it = objects_.begin(); it != objects_.end(); ++it) {
            if (!has_label(*it->second, label)) continue;
            objects_.erase(it);
            return true;
        }
        return false;
    }

private:
    static token_flags pin_flags(int tries, token_flags low, token_flags final_try, token_flags locked) {
        if (tries <= 0) return locked;
        if (tries == 1) return low | final_try;
        if (tries < pin_tries) return low;
        return token_flags{};
    }
    static bool has_label(const object& o, std::string_view label) {
        auto v = o.attributes().get(A::label);
        return v && std::string_view(reinterpret_cast<const char*>(v->data()), v->size()) == label;
    }

    // With m_ held.
    result<void> check_pin_locked(user_type who, bytes_view pin) {
        int& tries = who == user_type::so ? so_tries_ : user_tries_;
        const bytes& expected = who == user_type::so ? so_pin_ : user_pin_;
        if (tries <= 0) return rv::pin_locked;
        if (!constant_time_equal(expected, pin)) {
            --tries;
            return tries <= 0 ? rv::pin_locked : rv::pin_incorrect;
        }
        tries = pin_tries;
        return {};
    }

    // With m_ held.
    token_object store(attribute_set attributes) {
        std::vector<std::uint8_t> key(8);
        for (std::size_t i = 0; i < 8; ++i) key[i] = static_cast<std::uint8_t>(next_key_ >> (8 * (7 - i)));
        ++next_key_;
        auto obj = std::make_shared<const object>(std::move(attributes));
        objects_[key] = obj;
        return {key, obj};
    }

    std::uint32_t next_material() { return material_counter_.fetch_add(1) + 1; }

    void provision() {
        auto data = [](std::string_view label, bool is_private, std::string_view value) {
            attribute_set a;
            a.set_ulong(A::cls, static_cast<ck_ulong>(object_class::data));
            a.set_bool(A::token, true);
            a.set_bool(A::private_, is_private);
            a.set_bool(A::modifiable, true);
            a.set_bool(A::copyable, true);
            a.set_bool(A::destroyable, true);
            a.set(A::label, view_of(label));
            a.set(A::application, view_of("p11mock"));
            a.set(A::object_id, bytes_view{});
            a.set(A::value, view_of(value));
            return a;
        };
        store(data("provisioned-public", false, "public data"));
        store(data("provisioned-private", true, "private data"));
    }

    result<std::unique_ptr<cipher_operation>> begin_cipher(const mechanism_view& m, const object& key, bool encrypt) {
        if (m.type == M::aes_cbc_pad) {
            if (m.parameter.size() != cbc_pad_op::block) return rv::mechanism_param_invalid;
            return std::unique_ptr<cipher_operation>(
                std::make_unique<cbc_pad_op>(attr_bytes(key, A::value), to_bytes(m.parameter), encrypt));
        }
        if (m.type == M::rsa_pkcs)
            return std::unique_ptr<cipher_operation>(std::make_unique<rsa_cipher_op>(
                attr_bytes(key, A::modulus), encrypt, key.flag(A::always_authenticate), this));
        return rv::mechanism_invalid;
    }
    static result<signature_kind> signature_of(const mechanism_view& m, const object& key) {
        if (m.type == M::rsa_pkcs || m.type == M::sha1_rsa_pkcs) {
            auto modulus = attr_bytes(key, A::modulus);
            if (modulus.empty()) return rv::key_type_inconsistent;
            const auto size = modulus.size();
            return signature_kind{std::move(modulus), size, static_cast<std::uint8_t>(m.type == M::rsa_pkcs ? 3 : 4),
                                  m.type == M::sha1_rsa_pkcs};
        }
        if (m.type == M::sha256_hmac) {
            auto value = attr_bytes(key, A::value);
            if (value.empty()) return rv::key_type_inconsistent;
            return signature_kind{std::move(value), 32, 5, true};
        }
        return rv::mechanism_invalid;
    }

    std::mutex m_;
    std::map<std::vector<std::uint8_t>, object_ptr> objects_;
    std::uint64_t next_key_ = 1;
    std::atomic<std::uint32_t> material_counter_{0};
    std::string label_{token_label};
    std::string serial_;
    bytes user_pin_ = to_bytes(p11mock::user_pin);
    bytes so_pin_ = to_bytes(p11mock::so_pin);
    bool user_pin_set_ = true;
    int user_tries_ = pin_tries;
    int so_tries_ = pin_tries;
};

result<void> mock_sign_op::context_login(bytes_view pin) {
    bump(c_context_login);
    return tok_->check_user_pin(pin);
}
result<void> rsa_cipher_op::context_login(bytes_view pin) {
    bump(c_context_login);
    return tok_->check_user_pin(pin);
}

// --- slots -------------------------------------------------------------------------

class mock_slot final : public slot {
public:
    mock_slot(slot_store& store, bool removable) : store_(store), removable_(removable) {}
    slot_description describe() override {
        slot_description d;
        d.description = removable_ ? "mock reader" : "mock built-in slot";
        d.manufacturer = "p11forge tests";
        d.flags = removable_ ? slot_flags::removable_device | slot_flags::hw_slot : slot_flags::hw_slot;
        // A token the slot does not have: the framework decides CKF_TOKEN_PRESENT.
        d.flags |= slot_flags::token_present;
        d.hardware_version = {3, 1};
        return d;
    }
    std::shared_ptr<token> current_token() override {
        std::lock_guard lock(store_.m);
        return store_.present ? store_.token : nullptr;
    }
    std::uint64_t token_generation() override {
        std::lock_guard lock(store_.m);
        return store_.generation;
    }

private:
    slot_store& store_;
    bool removable_;
};

class mock_slot_manager final : public slot_manager {
public:
    mock_slot_manager()
        : fixed_(std::make_shared<mock_slot>(world().fixed, false)),
          removable_(std::make_shared<mock_slot>(world().removable, true)) {}
    std::vector<abi::CK_SLOT_ID> slot_ids() override { return {fixed_slot, removable_slot}; }
    std::shared_ptr<slot> find_slot(abi::CK_SLOT_ID id) override {
        if (id == fixed_slot) return fixed_;
        if (id == removable_slot) return removable_;
        return nullptr;
    }
    result<abi::CK_SLOT_ID> wait_for_event(bool block) override {
        auto& w = world();
        std::unique_lock lock(w.event_mutex);
        auto ready = [&] { return cancelled_ || !w.events.empty(); };
        if (!ready()) {
            if (!block) return rv::no_event;
            ++w.blocked;
            w.event_cv.wait(lock, ready);
            --w.blocked;
        }
        if (cancelled_) return rv::cryptoki_not_initialized;
        const auto id = w.events.front();
        w.events.pop_front();
        return id;
    }
    void cancel_wait() override {
        auto& w = world();
        std::lock_guard lock(w.event_mutex);
        cancelled_ = true;  // for good: this manager's module is being finalised
        w.event_cv.notify_all();
    }

private:
    std::shared_ptr<mock_slot> fixed_, removable_;
    bool cancelled_ = false;  // guarded by world().event_mutex
};

world_t::world_t() { reset(); }

void world_t::reset() {
    for (auto& c : counters) c = 0;
    for (auto& f : faults) f = no_fault;
    for (auto* s : {&fixed, &removable}) {
        std::lock_guard lock(s->m);
        s->token = std::make_shared<mock_token>(s == &fixed ? "fixed-0003" : "reader-0007");
        s->present = true;
        ++s->generation;
    }
    {
        std::lock_guard lock(event_mutex);
        events.clear();
    }
    std::lock_guard lock(barrier_mutex);
    barrier_parties = 0;
    barrier_arrived = 0;
    barrier_released = false;
    barrier_timeouts = 0;
}

void post_event(abi::CK_SLOT_ID id) {
    auto& w = world();
    std::lock_guard lock(w.event_mutex);
    w.events.push_back(id);
    w.event_cv.notify_all();
}

slot_store* store_of(abi::CK_SLOT_ID id) {
    if (id == fixed_slot) return &world().fixed;
    if (id == removable_slot) return &world().removable;
    return nullptr;
}

std::shared_ptr<mock_token> token_in(abi::CK_SLOT_ID id) {
    auto* s = store_of(id);
    if (!s) return nullptr;
    std::lock_guard lock(s->m);
    return s->token;
}

} // namespace

module_config module_config_for(profile level, bool fork_safe) {
    module_config c;
    c.description.manufacturer = "p11forge tests";
    c.description.library_description = "mock token module";
    c.description.library_version = {1, 2};
    c.description.fork_safe = fork_safe;
    c.level = level;
    c.make_slots = [] { return std::unique_ptr<slot_manager>(std::make_unique<mock_slot_manager>()); };
    return c;
}

} // namespace p11mock

// --- control API ---------------------------------------------------------------------

P11MOCK_EXPORT void p11mock_reset() { p11mock::world().reset(); }
P11MOCK_EXPORT unsigned long p11mock_counter(int which) {
    if (which < 0 || which >= p11mock::c_count) return ~0ul;
    return p11mock::world().counters[static_cast<std::size_t>(which)];
}
P11MOCK_EXPORT void p11mock_throw_next(int site, int kind) {
    if (site >= 0 && site < p11mock::fault_sites) p11mock::world().faults[static_cast<std::size_t>(site)] = kind;
}
P11MOCK_EXPORT void p11mock_arm_barrier(int parties) {
    auto& w = p11mock::world();
    std::lock_guard lock(w.barrier_mutex);
    w.barrier_parties = parties;
    w.barrier_arrived = 0;
    w.barrier_released = false;
}
P11MOCK_EXPORT unsigned long p11mock_barrier_timeouts() { return p11mock::world().barrier_timeouts; }
P11MOCK_EXPORT void p11mock_remove_token() {
    auto& s = p11mock::world().removable;
    {
        std::lock_guard lock(s.m);
        s.present = false;
    }
    p11mock::post_event(p11mock::removable_slot);
}
P11MOCK_EXPORT void p11mock_insert_token() {
    auto& s = p11mock::world().removable;
    {
        std::lock_guard lock(s.m);
        s.present = true;
        ++s.generation;
    }
    p11mock::post_event(p11mock::removable_slot);
}
P11MOCK_EXPORT void p11mock_post_event(p11::abi::CK_SLOT_ID slot) { p11mock::post_event(slot); }
P11MOCK_EXPORT int p11mock_blocked_waiters() {
    auto& w = p11mock::world();
    std::lock_guard lock(w.event_mutex);
    return w.blocked;
}
P11MOCK_EXPORT int p11mock_external_relabel(p11::abi::CK_SLOT_ID slot, const char* label, const char* new_label) {
    auto t = p11mock::token_in(slot);
    return t && t->external_relabel(label, new_label) ? 1 : 0;
}
P11MOCK_EXPORT int p11mock_external_delete(p11::abi::CK_SLOT_ID slot, const char* label) {
    auto t = p11mock::token_in(slot);
    return t && t->external_delete(label) ? 1 : 0;
}
