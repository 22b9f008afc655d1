// The module_config of a module with one slot that always holds one token:
// what most software modules are.  The token is made anew at every
// C_Initialize (by `make_token`), so a module that reads files sees them as
// they are then.
#pragma once

#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "p11/provider/runtime.hpp"
#include "p11/provider/token.hpp"

namespace p11::provider {

namespace detail {

class fixed_slot final : public slot {
public:
    fixed_slot(slot_description d, std::shared_ptr<token> t) : description_(std::move(d)), token_(std::move(t)) {}
    slot_description describe() override { return description_; }
    std::shared_ptr<token> current_token() override { return token_; }

private:
    slot_description description_;
    std::shared_ptr<token> token_;
};

class one_slot final : public slot_manager {
public:
    explicit one_slot(std::shared_ptr<slot> s) : slot_(std::move(s)) {}
    std::vector<abi::CK_SLOT_ID> slot_ids() override { return {0}; }
    std::shared_ptr<slot> find_slot(abi::CK_SLOT_ID id) override { return id == 0 ? slot_ : nullptr; }
    // One fixed slot: no reference counting on every call (slot_manager says why).
    bool holds_token(abi::CK_SLOT_ID id, std::uint64_t generation) override { return id == 0 && generation == 0; }

private:
    std::shared_ptr<slot> slot_;
};

} // namespace detail

// The slot is described by the module's manufacturer and description unless
// `slot` names its own.
inline module_config single_token_module(module_description description,
                                         std::function<std::shared_ptr<token>()> make_token,
                                         profile level = profiles::v2_40, slot_description slot = {}) {
    if (slot.description.empty()) slot.description = description.library_description;
    if (slot.manufacturer.empty()) slot.manufacturer = description.manufacturer;
    module_config config;
    config.description = std::move(description);
    config.level = level;
    config.make_slots = [make = std::move(make_token), slot = std::move(slot)] {
        return std::unique_ptr<slot_manager>(
            std::make_unique<detail::one_slot>(std::make_shared<detail::fixed_slot>(slot, make())));
    };
    return config;
}

// The same for a token type made with no arguments.
template <class Token>
module_config single_token_module(module_description description, profile level = profiles::v2_40) {
    return single_token_module(std::move(description), [] { return std::make_shared<Token>(); }, level);
}

} // namespace p11::provider
