// Slot and token management: C_GetSlotList, C_GetSlotInfo, C_GetTokenInfo,
// C_GetMechanismList, C_GetMechanismInfo, C_InitToken, C_InitPIN, C_SetPIN,
// C_WaitForSlotEvent.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "p11/constants/flags.hpp"
#include "p11/constants/user_type.hpp"
#include "p11/provider/call.hpp"
#include "p11/provider/caller_input.hpp"
#include "p11/provider/output.hpp"

namespace p11::provider::api {

namespace detail {
// Flags a caller of this profile knows: the rest are masked out.
template <class Flags>
Flags visible_flags(Flags flags, profile p) {
    ck_ulong out = 0;
    for (const auto& r : constant_family<Flags>::rows)
        if ((static_cast<ck_ulong>(flags) & r.value) && row_in<Flags>(r, p)) out |= r.value;
    return static_cast<Flags>(out);
}

inline constexpr mechanism_flags operation_flags =
    mechanism_flags::encrypt | mechanism_flags::decrypt | mechanism_flags::digest | mechanism_flags::sign |
    mechanism_flags::sign_recover | mechanism_flags::verify | mechanism_flags::verify_recover |
    mechanism_flags::generate | mechanism_flags::generate_key_pair | mechanism_flags::wrap | mechanism_flags::unwrap |
    mechanism_flags::derive | mechanism_flags::message_encrypt | mechanism_flags::message_decrypt |
    mechanism_flags::message_sign | mechanism_flags::message_verify;

// One mechanism entry with only the operations the CKM_ table allows and
// the flags the profile defines.
inline mechanism_entry as_visible(const mechanism_entry& m, profile p) {
    auto e = m;
    const auto allowed = capabilities(m.type) | ~operation_flags;
    e.flags = visible_flags(e.flags & allowed, p);
    return e;
}
// A token's mechanisms as this profile shows them: mechanisms the profile
// defines, operations the CKM_ table allows.
inline std::vector<mechanism_entry> visible_mechanisms(token& tok, profile p) {
    std::vector<mechanism_entry> out;
    for (const auto& m : tok.mechanisms())
        if (exists_in(m.type, p)) out.push_back(as_visible(m, p));
    return out;
}

inline std::string_view label_of(const abi::CK_UTF8CHAR* label) {
    std::string_view v(reinterpret_cast<const char*>(label), 32);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\0')) v.remove_suffix(1);
    return v;
}
} // namespace detail

inline rv C_GetSlotList(abi::CK_BBOOL token_present, abi::CK_SLOT_ID_PTR list, abi::CK_ULONG_PTR count) {
    return with_runtime([&](runtime& rt) -> rv {
        if (count == nullptr) return rv::arguments_bad;
        std::vector<abi::CK_SLOT_ID> ids;
        for (auto id : rt.slots().slot_ids()) {
            if (token_present) {
                auto s = rt.slots().find_slot(id);
                if (!s || !s->current_token()) continue;
            }
            ids.push_back(id);
        }
        return copy_list<abi::CK_SLOT_ID>(ids, list, count);
    });
}

inline rv C_GetSlotInfo(abi::CK_SLOT_ID id, abi::CK_SLOT_INFO_PTR info) {
    return with_runtime([&](runtime& rt) -> rv {
        auto s = rt.slots().find_slot(id);
        if (!s) return rv::slot_id_invalid;
        if (info == nullptr) return rv::arguments_bad;
        const auto d = s->describe();
        pad_field(info->slotDescription, sizeof info->slotDescription, d.description);
        pad_field(info->manufacturerID, sizeof info->manufacturerID, d.manufacturer);
        auto flags = d.flags & ~slot_flags::token_present;
        if (s->current_token()) flags |= slot_flags::token_present;
        info->flags = static_cast<abi::CK_FLAGS>(detail::visible_flags(flags, rt.level()));
        info->hardwareVersion = to_ck(d.hardware_version);
        info->firmwareVersion = to_ck(d.firmware_version);
        return rv::ok;
    });
}

inline rv C_GetTokenInfo(abi::CK_SLOT_ID id, abi::CK_TOKEN_INFO_PTR info) {
    return with_runtime([&](runtime& rt) -> rv {
        auto t = rt.token_of(id);
        if (!t) return t.code();
        if (info == nullptr) return rv::arguments_bad;
        const auto d = t->first->describe();
        pad_field(info->label, sizeof info->label, d.label);
        pad_field(info->manufacturerID, sizeof info->manufacturerID, d.manufacturer);
        pad_field(info->model, sizeof info->model, d.model);
        pad_field(info->serialNumber, sizeof info->serialNumber, d.serial);
        auto flags = d.flags;
        if (d.write_protected) flags |= token_flags::write_protected;
        info->flags = static_cast<abi::CK_FLAGS>(detail::visible_flags(flags, rt.level()));
        const auto [sessions, rw_sessions] = rt.session_counts(id);
        info->ulMaxSessionCount = d.max_sessions;
        info->ulSessionCount = sessions;
        info->ulMaxRwSessionCount = d.max_rw_sessions;
        info->ulRwSessionCount = rw_sessions;
        info->ulMaxPinLen = d.max_pin_length;
        info->ulMinPinLen = d.min_pin_length;
        info->ulTotalPublicMemory = d.total_public_memory;
        info->ulFreePublicMemory = d.free_public_memory;
        info->ulTotalPrivateMemory = d.total_private_memory;
        info->ulFreePrivateMemory = d.free_private_memory;
        info->hardwareVersion = to_ck(d.hardware_version);
        info->firmwareVersion = to_ck(d.firmware_version);
        pad_field(info->utcTime, sizeof info->utcTime, "");
        return rv::ok;
    });
}

inline rv C_GetMechanismList(abi::CK_SLOT_ID id, abi::CK_MECHANISM_TYPE_PTR list, abi::CK_ULONG_PTR count) {
    return with_runtime([&](runtime& rt) -> rv {
        auto t = rt.token_of(id);
        if (!t) return t.code();
        if (count == nullptr) return rv::arguments_bad;
        std::vector<abi::CK_MECHANISM_TYPE> types;
        for (const auto& m : detail::visible_mechanisms(*t->first, rt.level()))
            types.push_back(static_cast<abi::CK_MECHANISM_TYPE>(m.type));
        return copy_list<abi::CK_MECHANISM_TYPE>(types, list, count);
    });
}

inline rv C_GetMechanismInfo(abi::CK_SLOT_ID id, abi::CK_MECHANISM_TYPE type, abi::CK_MECHANISM_INFO_PTR info) {
    return with_runtime([&](runtime& rt) -> rv {
        auto t = rt.token_of(id);
        if (!t) return t.code();
        for (const auto& m : detail::visible_mechanisms(*t->first, rt.level())) {
            if (static_cast<abi::CK_MECHANISM_TYPE>(m.type) != type) continue;
            if (info == nullptr) return rv::arguments_bad;
            info->ulMinKeySize = m.min_key_size;
            info->ulMaxKeySize = m.max_key_size;
            info->flags = static_cast<abi::CK_FLAGS>(m.flags);
            return rv::ok;
        }
        return rv::mechanism_invalid;
    });
}

inline rv C_InitToken(abi::CK_SLOT_ID id, abi::CK_UTF8CHAR_PTR pin, abi::CK_ULONG pin_len, abi::CK_UTF8CHAR_PTR label) {
    return with_runtime([&](runtime& rt) -> rv {
        auto t = rt.token_of(id);
        if (!t) return t.code();
        auto checked = caller_bytes(pin, pin_len, length_rules::given_pin);
        if (!checked) return checked.code();
        if (label == nullptr) return rv::arguments_bad;
        if (!rt.sessions_of_slot(id).empty()) return rv::session_exists;
        if (t->first->describe().write_protected) return rv::token_write_protected;
        auto guard = rt.auth_mutex(id);
        std::lock_guard lock(*guard);
        if (auto r = t->first->init_token(*checked, detail::label_of(label)); !r)
            return r.code();
        rt.set_login(id, login_state::nobody);
        return rv::ok;
    });
}

inline rv C_InitPIN(abi::CK_SESSION_HANDLE h, abi::CK_UTF8CHAR_PTR pin, abi::CK_ULONG pin_len) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto checked = caller_bytes(pin, pin_len, length_rules::new_pin);
        if (!checked) return checked.code();
        if (rt.login_of(s.slot_id) != login_state::so) return rv::user_not_logged_in;
        if (!s.read_write) return rv::session_read_only;
        auto guard = rt.auth_mutex(s.slot_id);
        std::lock_guard lock(*guard);
        return s.tok->init_pin(*checked).code();
    });
}

inline rv C_SetPIN(abi::CK_SESSION_HANDLE h, abi::CK_UTF8CHAR_PTR old_pin, abi::CK_ULONG old_len,
                  abi::CK_UTF8CHAR_PTR new_pin, abi::CK_ULONG new_len) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto old_checked = caller_bytes(old_pin, old_len, length_rules::new_pin);
        if (!old_checked) return old_checked.code();
        auto new_checked = caller_bytes(new_pin, new_len, length_rules::new_pin);
        if (!new_checked) return new_checked.code();
        if (!s.read_write) return rv::session_read_only;
        // In an SO session the SO's PIN changes; otherwise (public or user) the user's.
        const auto who = rt.login_of(s.slot_id) == login_state::so ? user_type::so : user_type::user;
        auto guard = rt.auth_mutex(s.slot_id);
        std::lock_guard lock(*guard);
        return s.tok->set_pin(who, *old_checked, *new_checked).code();
    });
}

inline rv C_WaitForSlotEvent(abi::CK_FLAGS flags, abi::CK_SLOT_ID_PTR slot, abi::CK_VOID_PTR reserved) {
    // Not under the application's global mutex: a blocking wait must not stop every other call.
    auto rt = live_runtime();
    if (!rt) return rv::cryptoki_not_initialized;
    if (reserved != nullptr || slot == nullptr) return rv::arguments_bad;
    const bool block = !has(static_cast<wait_flags>(flags), wait_flags::dont_block);
    auto r = rt->slots().wait_for_event(block);
    if (!r) return r.code();
    *slot = *r;
    return rv::ok;
}

} // namespace p11::provider::api
