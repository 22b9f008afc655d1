// An object as the framework holds it: an immutable snapshot of attributes
// plus the token's prepared key material, built once per key version and
// shared by every operation and thread that uses it.
#pragma once

#include <memory>
#include <utility>

#include "p11/constants/object_class.hpp"
#include "p11/provider/attribute_set.hpp"
#include "p11/provider/platform.hpp"

namespace p11::provider {

class object {
public:
    explicit object(attribute_set attrs) : attrs_(std::move(attrs)) {}

    [[nodiscard]] const attribute_set& attributes() const { return attrs_; }
    [[nodiscard]] object_class cls() const {
        return static_cast<object_class>(attrs_.ulong(attribute_type::cls).value_or(~ck_ulong{0}));
    }
    [[nodiscard]] ck_ulong key_type() const { return attrs_.ulong(attribute_type::key_type).value_or(~ck_ulong{0}); }
    [[nodiscard]] bool is_token() const { return attrs_.flag(attribute_type::token); }
    [[nodiscard]] bool is_private() const { return attrs_.flag(attribute_type::private_); }
    [[nodiscard]] bool flag(attribute_type t, bool fallback = false) const { return attrs_.flag(t, fallback); }

    // The token's parsed form of this key (an RSA context, a card key
    // reference ...), made by `make()` on first use.  Two threads racing on
    // first use may both build it; one result wins and both are valid.
    template <class T, class Make>
    std::shared_ptr<const T> prepared(Make&& make) const {
        {
            std::lock_guard lock(prepared_mutex_);
            if (prepared_) return std::static_pointer_cast<const T>(prepared_);
        }
        std::shared_ptr<const T> built = make();
        if (!built) return nullptr;
        std::lock_guard lock(prepared_mutex_);
        if (!prepared_) prepared_ = built;
        return std::static_pointer_cast<const T>(prepared_);
    }

private:
    attribute_set attrs_;
    mutable provider::mutex prepared_mutex_;
    mutable std::shared_ptr<const void> prepared_;
};

using object_ptr = std::shared_ptr<const object>;

} // namespace p11::provider
