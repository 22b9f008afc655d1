// The smallest module a Windows author would write on the provider
// framework: one slot, one token with a PIN and no mechanisms, its token
// objects in memory.  Compiled and linked into a DLL by mingw-w64 with both of
// Debian's thread models (win32: no std::mutex; posix: winpthreads, whose
// pthread_atfork is a macro) by the test 'provider-windows-module'; never run.
#include "p11/provider/export.hpp"
#include "p11/provider/read_only_token.hpp"
#include "p11/provider/single_token_module.hpp"

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

// On read_only_token, as an author would start: it answers what this token
// has no use for (mechanisms, key management), and the token makes itself
// writable by clearing write_protected and keeping its objects itself.
class tiny_token final : public read_only_token {
public:
    tiny_token() : read_only_token("tiny") {
        info_.manufacturer = "p11forge tests";
        info_.model = "windows";
        info_.serial = "1";
        info_.flags = token_flags::login_required | token_flags::user_pin_initialized | token_flags::token_initialized;
        info_.min_pin_length = 4;
        info_.max_pin_length = 8;
        info_.write_protected = false;
    }

    result<void> login(user_type, bytes_view pin) override {
        const std::lock_guard lock(mutex_);
        if (std::string(pin.begin(), pin.end()) != pin_) return failure(rv::pin_incorrect);
        return {};
    }
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

private:
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

module_config tiny_module() {
    return single_token_module<tiny_token>(
        {.manufacturer = "p11forge tests", .library_description = "tiny Windows module", .library_version = {0, 1}},
        profiles::v3_0);
}

} // namespace

P11_PROVIDER_EXPORT(tiny_module())
P11_PROVIDER_EXPORT_INTERFACES()
