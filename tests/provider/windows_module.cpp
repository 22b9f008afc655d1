// The smallest module a Windows author would write on the provider
// framework: one slot, one token with a PIN and no mechanisms, its token
// objects in memory.  Compiled and linked into a DLL by mingw-w64 with both of
// Debian's thread models (win32: no std::mutex; posix: winpthreads, whose
// pthread_atfork is a macro) by the test 'provider-windows-module'; never run.
#include "p11/provider/export.hpp"

#ifndef _WIN32
#error "this translation unit checks the Windows branches: build it with a Windows compiler"
#endif

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace {

using namespace p11;
using namespace p11::provider;

class tiny_token final : public token {
public:
    token_description describe() override {
        token_description d;
        d.label = "tiny";
        d.manufacturer = "p11forge tests";
        d.model = "windows";
        d.serial = "1";
        d.flags = token_flags::login_required | token_flags::user_pin_initialized | token_flags::token_initialized;
        d.min_pin_length = 4;
        d.max_pin_length = 8;
        return d;
    }
    std::span<const mechanism_entry> mechanisms() override { return {}; }

    result<void> login(user_type, bytes_view pin) override {
        const std::lock_guard lock(mutex_);
        if (std::string(pin.begin(), pin.end()) != pin_) return failure(rv::pin_incorrect);
        return {};
    }
    void logout() override {}
    result<void> init_token(bytes_view, std::string_view) override { return failure(rv::function_not_supported); }
    result<void> init_pin(bytes_view pin) override { return set(pin); }
    result<void> set_pin(user_type, bytes_view, bytes_view new_pin) override { return set(new_pin); }

    std::vector<token_object> find(const template_view&, bool logged_in) override {
        const std::lock_guard lock(mutex_);
        std::vector<token_object> out;
        for (const auto& [key, o] : objects_)
            if (logged_in || !o->is_private()) out.push_back({key, o});
        return out;
    }
    object_ptr load(std::span<const std::uint8_t> key) override {
        const std::lock_guard lock(mutex_);
        auto it = objects_.find(std::vector<std::uint8_t>(key.begin(), key.end()));
        return it == objects_.end() ? nullptr : it->second;
    }
    result<token_object> create(attribute_set attributes) override {
        const std::lock_guard lock(mutex_);
        std::vector<std::uint8_t> key{static_cast<std::uint8_t>(++next_)};
        auto o = std::make_shared<const object>(std::move(attributes));
        objects_[key] = o;
        return token_object{key, o};
    }
    result<object_ptr> update(std::span<const std::uint8_t> key, const change_function& apply) override {
        const std::lock_guard lock(mutex_);
        auto it = objects_.find(std::vector<std::uint8_t>(key.begin(), key.end()));
        if (it == objects_.end()) return failure(rv::object_handle_invalid);
        auto changed = apply(*it->second);
        if (!changed) return changed.error_value();
        it->second = std::make_shared<const object>(std::move(*changed));
        return it->second;
    }
    result<void> destroy(std::span<const std::uint8_t> key) override {
        const std::lock_guard lock(mutex_);
        objects_.erase(std::vector<std::uint8_t>(key.begin(), key.end()));
        return {};
    }

    result<std::unique_ptr<cipher_operation>> begin_encrypt(const mechanism_view&, const object&) override { return none(); }
    result<std::unique_ptr<cipher_operation>> begin_decrypt(const mechanism_view&, const object&) override { return none(); }
    result<std::unique_ptr<sign_operation>> begin_sign(const mechanism_view&, const object&) override { return none(); }
    result<std::unique_ptr<verify_operation>> begin_verify(const mechanism_view&, const object&) override { return none(); }
    result<std::unique_ptr<digest_operation>> begin_digest(const mechanism_view&) override { return none(); }
    result<attribute_set> generate_key(const mechanism_view&, attribute_set) override { return none(); }
    result<key_pair_attributes> generate_key_pair(const mechanism_view&, attribute_set, attribute_set) override {
        return none();
    }
    result<std::vector<std::uint8_t>> wrap_key(const mechanism_view&, const object&, const object&) override {
        return none();
    }
    result<attribute_set> unwrap_key(const mechanism_view&, const object&, bytes_view, attribute_set) override {
        return none();
    }
    result<attribute_set> derive_key(const mechanism_view&, const object&, attribute_set) override { return none(); }
    result<void> generate_random(std::span<std::uint8_t>) override { return none(); }

private:
    static failure_t none() { return failure(rv::mechanism_invalid); }
    result<void> set(bytes_view pin) {
        const std::lock_guard lock(mutex_);
        pin_.assign(pin.begin(), pin.end());
        return {};
    }
    provider::mutex mutex_;
    std::string pin_ = "1234";
    unsigned next_ = 0;
    std::map<std::vector<std::uint8_t>, object_ptr> objects_;
};

class tiny_slot final : public slot {
public:
    slot_description describe() override { return {"tiny slot", "p11forge tests", {}, {}, {}}; }
    std::shared_ptr<token> current_token() override { return token_; }

private:
    std::shared_ptr<token> token_ = std::make_shared<tiny_token>();
};

class tiny_slots final : public slot_manager {
public:
    std::vector<abi::CK_SLOT_ID> slot_ids() override { return {0}; }
    std::shared_ptr<slot> find_slot(abi::CK_SLOT_ID id) override { return id == 0 ? slot_ : nullptr; }

private:
    std::shared_ptr<slot> slot_ = std::make_shared<tiny_slot>();
};

module_config tiny_module() {
    module_config c;
    c.description.manufacturer = "p11forge tests";
    c.description.library_description = "tiny Windows module";
    c.description.library_version = {0, 1};
    c.level = profiles::v3_0;
    c.make_slots = [] { return std::unique_ptr<slot_manager>(std::make_unique<tiny_slots>()); };
    return c;
}

} // namespace

P11_PROVIDER_EXPORT(tiny_module())
P11_PROVIDER_EXPORT_INTERFACES()
