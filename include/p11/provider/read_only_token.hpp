// A token whose objects are fixed when it is made: the base class of a
// module that serves what it already has (files, a database, a device's
// certificates).  It answers every method of provider::token that such a
// token has no use for, so a subclass adds its objects in its constructor
// and overrides only what it really does: login() for a PIN, mechanisms()
// and begin_sign() ... for keys it can use.  docs/provider.md walks
// through one.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "p11/error_category.hpp"
#include "p11/provider/object_rules.hpp"
#include "p11/provider/token.hpp"

namespace p11::provider {

class read_only_token : public token {
public:
    explicit read_only_token(std::string label) {
        info_.label = std::move(label);
        info_.manufacturer = "p11forge provider";
        info_.model = "read-only";
        info_.serial = "0";
        info_.flags = token_flags::token_initialized;
        info_.write_protected = true;
    }

    token_description describe() override { return info_; }
    std::span<const mechanism_entry> mechanisms() override { return {}; }

    // No PIN by default: a token that has one sets token_flags::login_required
    // and overrides login().
    result<void> login(user_type, bytes_view) override { return failure(rv::pin_incorrect); }
    void logout() override {}
    result<void> init_token(bytes_view, std::string_view) override { return failure(rv::token_write_protected); }
    result<void> init_pin(bytes_view) override { return failure(rv::token_write_protected); }
    result<void> set_pin(user_type, bytes_view, bytes_view) override { return failure(rv::token_write_protected); }

    // The framework matches the template and hides private objects from
    // sessions that are not logged in; the filter here only saves it work.
    std::vector<token_object> find(const template_view&, bool logged_in) override {
        std::vector<token_object> out;
        for (std::size_t i = 0; i < objects_.size(); ++i)
            if (logged_in || !objects_[i]->is_private()) out.push_back({key_of(i), objects_[i]});
        return out;
    }
    object_ptr load(std::span<const std::uint8_t> key) override {
        const auto i = index_of(key);
        return i < objects_.size() ? objects_[i] : nullptr;
    }

    // The framework refuses these on a write-protected token before they get
    // here; the answers stand for a subclass that clears write_protected.
    result<token_object> create(attribute_set) override { return failure(rv::token_write_protected); }
    result<object_ptr> update(std::span<const std::uint8_t>, const change_function&) override {
        return failure(rv::token_write_protected);
    }
    result<void> destroy(std::span<const std::uint8_t>) override { return failure(rv::token_write_protected); }

    // A token lists the mechanisms it has; one it does not list is refused by
    // the framework, so these only answer a subclass that lists one and
    // forgets its begin_ method.
    result<std::unique_ptr<cipher_operation>> begin_encrypt(const mechanism_view&, const object&) override {
        return no_mechanism();
    }
    result<std::unique_ptr<cipher_operation>> begin_decrypt(const mechanism_view&, const object&) override {
        return no_mechanism();
    }
    result<std::unique_ptr<sign_operation>> begin_sign(const mechanism_view&, const object&) override {
        return no_mechanism();
    }
    result<std::unique_ptr<verify_operation>> begin_verify(const mechanism_view&, const object&) override {
        return no_mechanism();
    }
    result<std::unique_ptr<digest_operation>> begin_digest(const mechanism_view&) override { return no_mechanism(); }
    result<attribute_set> generate_key(const mechanism_view&, attribute_set) override { return no_mechanism(); }
    result<key_pair_attributes> generate_key_pair(const mechanism_view&, attribute_set, attribute_set) override {
        return no_mechanism();
    }
    result<std::vector<std::uint8_t>> wrap_key(const mechanism_view&, const object&, const object&) override {
        return no_mechanism();
    }
    result<attribute_set> unwrap_key(const mechanism_view&, const object&, bytes_view, attribute_set) override {
        return no_mechanism();
    }
    result<attribute_set> derive_key(const mechanism_view&, const object&, attribute_set) override {
        return no_mechanism();
    }
    result<void> generate_random(std::span<std::uint8_t>) override { return failure(rv::random_no_rng); }

protected:
    // Adds a token object.  What C_CreateObject requires is required (CKA_CLASS,
    // a key's CKA_KEY_TYPE and public parts, a certificate's type and value;
    // docs/provider.md has the table) but a key's secret; the rest of the
    // class's attributes get the defaults C_CreateObject would give them
    // (object_schema.hpp).  It is a token object, not modifiable and not
    // destroyable.  Only from the constructor: the list is read without a
    // lock once the token is in use.  An object the schema refuses throws,
    // which fails C_Initialize with that CKR: a module author's mistake shows
    // on the first load, not as a missing object.
    object_ptr add(attribute_set attributes) {
        const auto cls = static_cast<object_class>(attributes.ulong(attribute_type::cls).value_or(~ck_ulong{0}));
        std::optional<ck_ulong> subtype;
        if (cls == object_class::certificate) subtype = attributes.ulong(attribute_type::certificate_type);
        else if (cls != object_class::data) subtype = attributes.ulong(attribute_type::key_type);
        const auto schema = object_schema::of(cls, subtype);
        if (!schema.supported()) throw exception(error(rv::template_incomplete));
        attributes.set_bool(attribute_type::token, true);
        attributes.set_bool(attribute_type::modifiable, false);
        attributes.set_bool(attribute_type::destroyable, false);
        fill_defaults(attributes, schema, cls);
        // A secret the token keeps elsewhere (a card, an encrypted file) is
        // not required: the framework never reveals it anyway.
        const bool holds_secret = cls == object_class::private_key || cls == object_class::secret_key;
        for (const auto& e : schema.entries()) {
            if (!has_any(e.rules, attribute_rule::required_on_create) || attributes.has(e.type)) continue;
            if (holds_secret && has_any(e.rules, attribute_rule::sensitive)) continue;
            throw exception(error(rv::template_incomplete));
        }
        objects_.push_back(std::make_shared<const object>(std::move(attributes)));
        return objects_.back();
    }

    // What describe() answers; a subclass adjusts it in its constructor.
    token_description info_;

private:
    static failure_t no_mechanism() { return failure(rv::mechanism_invalid); }
    static std::vector<std::uint8_t> key_of(std::size_t i) {
        std::vector<std::uint8_t> key(sizeof(std::uint32_t));
        for (std::size_t b = 0; b < key.size(); ++b) key[b] = static_cast<std::uint8_t>(i >> (8 * b));
        return key;
    }
    static std::size_t index_of(std::span<const std::uint8_t> key) {
        if (key.size() != sizeof(std::uint32_t)) return ~std::size_t{0};
        std::size_t i = 0;
        for (std::size_t b = 0; b < key.size(); ++b) i |= std::size_t{key[b]} << (8 * b);
        return i;
    }

    std::vector<object_ptr> objects_;
};

} // namespace p11::provider
