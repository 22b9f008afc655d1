// What a module author implements: tokens and the slots that hold them.  The
// framework (runtime.hpp, functions/) turns them into a conforming Cryptoki
// module: it checks every argument, session and login rule, object
// visibility and attribute rules before a token sees a call, so a token
// method is only ever called with valid, authorised input.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "p11/abi/types.hpp"
#include "p11/attributes/parser.hpp"
#include "p11/constants/flags.hpp"
#include "p11/constants/mechanism.hpp"
#include "p11/constants/user_type.hpp"
#include "p11/provider/attribute_set.hpp"
#include "p11/provider/object.hpp"
#include "p11/provider/operations.hpp"
#include "p11/result.hpp"

namespace p11::provider {

// A mechanism as a call passed it: its type and its (length-checked) parameter.
struct mechanism_view {
    mechanism_type type{};
    bytes_view parameter{};

    // The parameter as its struct; nullptr if absent or of another size
    // (the framework already rejected wrong sizes for `exact` kinds).
    template <class Param>
    [[nodiscard]] const Param* param() const {
        if (parameter.size() != sizeof(Param) || parameter.data() == nullptr) return nullptr;
        return reinterpret_cast<const Param*>(parameter.data());
    }
};

// One row of C_GetMechanismList / C_GetMechanismInfo.  `flags` must be a
// subset of what the CKM_ table allows (the framework masks the rest).
struct mechanism_entry {
    mechanism_type type;
    ck_ulong min_key_size;
    ck_ulong max_key_size;
    mechanism_flags flags;
};

struct version_pair {
    std::uint8_t major = 0;
    std::uint8_t minor = 0;
};

// CK_TOKEN_INFO as a token describes itself.  Session counts are filled in by
// the framework; strings are padded or cut to their field sizes.
struct token_description {
    std::string label;
    std::string manufacturer;
    std::string model;
    std::string serial;
    token_flags flags{};  // RNG, LOGIN_REQUIRED, USER_PIN_INITIALIZED, TOKEN_INITIALIZED, PIN counters ...
    ck_ulong max_pin_length = 0;
    ck_ulong min_pin_length = 0;
    ck_ulong max_sessions = 0;     // CK_EFFECTIVELY_INFINITE by default
    ck_ulong max_rw_sessions = 0;  // CK_EFFECTIVELY_INFINITE by default
    ck_ulong total_public_memory = ~ck_ulong{0};
    ck_ulong free_public_memory = ~ck_ulong{0};
    ck_ulong total_private_memory = ~ck_ulong{0};
    ck_ulong free_private_memory = ~ck_ulong{0};
    version_pair hardware_version;
    version_pair firmware_version;
    bool write_protected = false;
};

// A token object as the token identifies it: a stable key (its identity for
// the whole process run, e.g. a file name or a card key reference) and the
// current snapshot of its attributes.
struct token_object {
    std::vector<std::uint8_t> key;
    object_ptr snapshot;
};

// The key pair C_GenerateKeyPair produces (attributes complete).
struct key_pair_attributes {
    attribute_set public_key;
    attribute_set private_key;
};

class token {
public:
    virtual ~token() = default;

    // --- description -----------------------------------------------------
    [[nodiscard]] virtual token_description describe() = 0;
    [[nodiscard]] virtual std::span<const mechanism_entry> mechanisms() = 0;

    // --- authentication (the framework enforces the session rules) --------
    virtual result<void> login(user_type who, bytes_view pin) = 0;
    virtual void logout() = 0;
    virtual result<void> init_token(bytes_view so_pin, std::string_view label) = 0;
    virtual result<void> init_pin(bytes_view pin) = 0;
    virtual result<void> set_pin(user_type who, bytes_view old_pin, bytes_view new_pin) = 0;
    // Whether the SO may create private objects (PKCS #11 gives that to the
    // user only).  A PIV card's keys are generated with the management key,
    // its SO, as ykcs11 does: the user's PIN cannot do it on the card.
    [[nodiscard]] virtual bool so_creates_private_objects() const { return false; }

    // --- token objects -----------------------------------------------------
    // Sees what other processes changed (called before every search).  A
    // token shared with other processes should also see their changes in
    // load() (it is called on every use of a handle), cheaply: a revoked key
    // or a changed value must not outlive the other process's CKR_OK.
    virtual void refresh() {}
    // Candidates for a search; the framework applies the full template match
    // and visibility.  `logged_in` says whether private objects may be returned.
    [[nodiscard]] virtual std::vector<token_object> find(const template_view& criteria, bool logged_in) = 0;
    // The current snapshot of one object (nullptr if it is gone).
    [[nodiscard]] virtual object_ptr load(std::span<const std::uint8_t> key) = 0;
    virtual result<token_object> create(attribute_set attributes) = 0;
    // C_SetAttributeValue as a read-modify-write: `apply` gets the newest
    // version of the object (not the caller's possibly stale snapshot) and
    // returns the complete new attribute set or the CKR that refuses the
    // change.  A token shared with other processes calls it while it holds
    // whatever keeps them from writing the object in between (the store's
    // exclusive lock), so concurrent changes of different attributes all
    // survive.  `apply` must not call back into the token.  Returns the new
    // snapshot; CKR_OBJECT_HANDLE_INVALID when the object is gone.
    using change_function = std::function<result<attribute_set>(const object& newest)>;
    virtual result<object_ptr> update(std::span<const std::uint8_t> key, const change_function& apply) = 0;
    virtual result<void> destroy(std::span<const std::uint8_t> key) = 0;

    // --- cryptography ------------------------------------------------------
    // `key` has passed the framework's checks: visible, the right class for
    // the operation, its usage flag set, the mechanism allowed for it.
    virtual result<std::unique_ptr<cipher_operation>> begin_encrypt(const mechanism_view&, const object& key) = 0;
    virtual result<std::unique_ptr<cipher_operation>> begin_decrypt(const mechanism_view&, const object& key) = 0;
    virtual result<std::unique_ptr<sign_operation>> begin_sign(const mechanism_view&, const object& key) = 0;
    virtual result<std::unique_ptr<verify_operation>> begin_verify(const mechanism_view&, const object& key) = 0;
    virtual result<std::unique_ptr<digest_operation>> begin_digest(const mechanism_view&) = 0;
    // The 3.0 message-based processes (C_MessageEncryptInit ...).  Called
    // only for a mechanism the token lists with CKF_MESSAGE_ENCRYPT (...) in
    // a 3.0 module; a token listing none keeps these defaults.
    virtual result<std::unique_ptr<message_cipher_operation>> begin_message_encrypt(const mechanism_view&, const object&) {
        return failure(rv::mechanism_invalid);
    }
    virtual result<std::unique_ptr<message_cipher_operation>> begin_message_decrypt(const mechanism_view&, const object&) {
        return failure(rv::mechanism_invalid);
    }
    virtual result<std::unique_ptr<message_sign_operation>> begin_message_sign(const mechanism_view&, const object&) {
        return failure(rv::mechanism_invalid);
    }
    virtual result<std::unique_ptr<message_verify_operation>> begin_message_verify(const mechanism_view&, const object&) {
        return failure(rv::mechanism_invalid);
    }

    // Key management: the framework has applied the object rules to the
    // templates (defaults filled, forbidden attributes rejected); the token
    // adds the key material and what only it can compute (CKA_CHECK_VALUE,
    // CKA_PUBLIC_KEY_INFO, CKA_MODULUS ...).
    virtual result<attribute_set> generate_key(const mechanism_view&, attribute_set key) = 0;
    virtual result<key_pair_attributes> generate_key_pair(const mechanism_view&, attribute_set public_key,
                                                         attribute_set private_key) = 0;
    virtual result<std::vector<std::uint8_t>> wrap_key(const mechanism_view&, const object& wrapping_key,
                                                       const object& key) = 0;
    virtual result<attribute_set> unwrap_key(const mechanism_view&, const object& unwrapping_key,
                                             bytes_view wrapped, attribute_set key) = 0;
    virtual result<attribute_set> derive_key(const mechanism_view&, const object& base_key, attribute_set key) = 0;
    // Completes an imported object (C_CreateObject): derives CKA_PUBLIC_KEY_INFO,
    // certificate fields, checks key material; CKR_ATTRIBUTE_VALUE_INVALID /
    // CKR_TEMPLATE_INCONSISTENT when it is not a usable key.
    virtual result<attribute_set> complete_import(attribute_set attributes) { return attributes; }

    virtual result<void> generate_random(std::span<std::uint8_t> out) = 0;
    virtual result<void> seed_random(bytes_view) { return failure(rv::random_seed_not_supported); }
};

struct slot_description {
    std::string description;
    std::string manufacturer;
    slot_flags flags{};  // CKF_REMOVABLE_DEVICE, CKF_HW_SLOT (CKF_TOKEN_PRESENT is set by the framework)
    version_pair hardware_version;
    version_pair firmware_version;
};

// One slot.  A slot's token may come and go (a card reader); every time it is
// replaced, `token_generation()` changes, and the framework closes the
// sessions of the old token.
class slot {
public:
    virtual ~slot() = default;
    [[nodiscard]] virtual slot_description describe() = 0;
    // The token now in the slot, or nullptr.
    [[nodiscard]] virtual std::shared_ptr<token> current_token() = 0;
    [[nodiscard]] virtual std::uint64_t token_generation() { return 0; }
};

// What the module consists of, built at C_Initialize and dropped at C_Finalize.
class slot_manager {
public:
    virtual ~slot_manager() = default;
    // Slot ids in a stable order; a slot id is never reused for another slot.
    [[nodiscard]] virtual std::vector<abi::CK_SLOT_ID> slot_ids() = 0;
    [[nodiscard]] virtual std::shared_ptr<slot> find_slot(abi::CK_SLOT_ID id) = 0;
    // Whether slot `id` still holds a token of `generation`: the check every
    // call on a session makes.  A manager whose slots are fixed can answer
    // without find_slot()'s reference counting (measurable on short calls).
    [[nodiscard]] virtual bool holds_token(abi::CK_SLOT_ID id, std::uint64_t generation) {
        auto s = find_slot(id);
        return s && s->token_generation() == generation && s->current_token();
    }
    // C_WaitForSlotEvent: the id of a slot whose state changed, CKR_NO_EVENT
    // when `block` is false and nothing happened, CKR_FUNCTION_NOT_SUPPORTED
    // if the module has no removable slots.  cancel_wait() (C_Finalize) makes
    // a blocked wait return CKR_CRYPTOKI_NOT_INITIALIZED.
    virtual result<abi::CK_SLOT_ID> wait_for_event(bool block) {
        (void)block;
        return failure(rv::function_not_supported);
    }
    virtual void cancel_wait() {}
};

// The module's identity (CK_INFO) and how to build its slots.
struct module_description {
    std::string manufacturer;
    std::string library_description;
    version_pair library_version;
    // Whether the module is fork-safe: reported as CKF_INTERFACE_FORK_SAFE
    // only when true (3.0 interfaces).
    bool fork_safe = false;
};

} // namespace p11::provider
