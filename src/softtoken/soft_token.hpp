// The software token: persistent objects in an encrypted store, cryptography
// by the crypto layer.  The framework has checked every call before it gets
// here; this class maps calls onto the store and the operation factories.
#pragma once

#include <map>
#include <memory>

#include "p11/provider/platform.hpp"
#include "p11/provider/token.hpp"
#include "softtoken/iv_counters.hpp"
#include "store/token_store.hpp"

namespace p11::soft {

class soft_token final : public provider::token {
public:
    explicit soft_token(std::unique_ptr<store::token_store> store);

    provider::token_description describe() override;
    std::span<const provider::mechanism_entry> mechanisms() override;

    result<void> login(user_type who, bytes_view pin) override;
    void logout() override;
    result<void> init_token(bytes_view so_pin, std::string_view label) override;
    result<void> init_pin(bytes_view pin) override;
    result<void> set_pin(user_type who, bytes_view old_pin, bytes_view new_pin) override;

    void refresh() override;
    std::vector<provider::token_object> find(const template_view& criteria, bool logged_in) override;
    provider::object_ptr load(std::span<const std::uint8_t> key) override;
    result<provider::token_object> create(provider::attribute_set attributes) override;
    result<provider::object_ptr> update(std::span<const std::uint8_t> key, const change_function& apply) override;
    result<void> destroy(std::span<const std::uint8_t> key) override;

    result<std::unique_ptr<provider::cipher_operation>> begin_encrypt(const provider::mechanism_view&, const provider::object&) override;
    result<std::unique_ptr<provider::cipher_operation>> begin_decrypt(const provider::mechanism_view&, const provider::object&) override;
    result<std::unique_ptr<provider::sign_operation>> begin_sign(const provider::mechanism_view&, const provider::object&) override;
    result<std::unique_ptr<provider::verify_operation>> begin_verify(const provider::mechanism_view&, const provider::object&) override;
    result<std::unique_ptr<provider::digest_operation>> begin_digest(const provider::mechanism_view&) override;
    result<std::unique_ptr<provider::message_cipher_operation>> begin_message_encrypt(const provider::mechanism_view&,
                                                                                      const provider::object&) override;
    result<std::unique_ptr<provider::message_cipher_operation>> begin_message_decrypt(const provider::mechanism_view&,
                                                                                      const provider::object&) override;

    result<provider::attribute_set> generate_key(const provider::mechanism_view&, provider::attribute_set key) override;
    result<provider::key_pair_attributes> generate_key_pair(const provider::mechanism_view&, provider::attribute_set pub,
                                                            provider::attribute_set priv) override;
    result<std::vector<std::uint8_t>> wrap_key(const provider::mechanism_view&, const provider::object& wrapping_key,
                                               const provider::object& key) override;
    result<provider::attribute_set> unwrap_key(const provider::mechanism_view&, const provider::object& unwrapping_key,
                                               bytes_view wrapped, provider::attribute_set key) override;
    result<provider::attribute_set> derive_key(const provider::mechanism_view&, const provider::object& base_key,
                                               provider::attribute_set key) override;
    result<provider::attribute_set> complete_import(provider::attribute_set attributes) override;

    result<void> generate_random(std::span<std::uint8_t> out) override;
    result<void> seed_random(bytes_view seed) override;

private:
    // The framework's object for a stored one, rebuilt only when its version changes.
    provider::object_ptr snapshot_of(const store::stored_object& stored);
    // Re-authenticates the user for CKA_ALWAYS_AUTHENTICATE keys.
    result<void> verify_user_pin(bytes_view pin);

    std::unique_ptr<store::token_store> store_;
    iv_counters counters_{*store_};
    provider::mutex cache_mutex_;  // platform.hpp: also where mingw has no std::mutex
    struct cached {
        std::uint64_t version;
        bool complete;
        provider::object_ptr snapshot;
    };
    std::map<store::object_id, cached> cache_;
};

} // namespace p11::soft
