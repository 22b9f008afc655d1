// Object management: C_CreateObject, C_CopyObject, C_DestroyObject,
// C_GetObjectSize, C_GetAttributeValue, C_SetAttributeValue, and the search
// C_FindObjectsInit / C_FindObjects / C_FindObjectsFinal.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "p11/attributes/output.hpp"
#include "p11/attributes/parser.hpp"
#include "p11/provider/call.hpp"
#include "p11/provider/caller_input.hpp"
#include "p11/provider/object_rules.hpp"
#include "p11/provider/output.hpp"

namespace p11::provider::api {

namespace detail {

inline template_rules rules_for(const runtime& rt) {
    template_rules r;
    r.visible = rt.level();
    return r;
}

// Whether this session may bring an object with these properties into being
// (or change one): R/O sessions make session objects only, private objects
// need the user's login, a write-protected token takes nothing.
inline rv may_write(runtime& rt, const session& s, bool on_token, bool is_private) {
    if (on_token && !s.read_write) return rv::session_read_only;
    const auto login = rt.login_of(s.slot_id);
    if (is_private && login != login_state::user && !(login == login_state::so && s.tok->so_creates_private_objects()))
        return rv::user_not_logged_in;
    if (on_token && s.tok->describe().write_protected) return rv::token_write_protected;
    return rv::ok;
}

// Puts a finished attribute set on the token or in the session; returns its handle.
inline result<abi::CK_OBJECT_HANDLE> store_object(runtime& rt, session& s, attribute_set attrs) {
    if (attrs.flag(attribute_type::token)) {
        auto created = s.tok->create(std::move(attrs));
        if (!created) return created.error_value();
        return rt.handle_for(s.slot_id, s.token_generation, *created);
    }
    return rt.add_session_object(s, std::make_shared<const object>(std::move(attrs)));
}

// The class and type a template names (CKA_CLASS, CKA_KEY_TYPE / CKA_CERTIFICATE_TYPE).
inline std::optional<ck_ulong> subtype_of(const template_view& t, object_class cls) {
    const auto type_attr = cls == object_class::certificate ? attribute_type::certificate_type : attribute_type::key_type;
    const auto* a = t.find(type_attr);
    if (a == nullptr) return std::nullopt;
    return decode_ulong(static_cast<const byte*>(a->pValue));
}

// A key type the profile's version does not have is one the caller's
// Cryptoki does not know (CKK_EC_EDWARDS asked of a 2.40 build): a bad
// CKA_KEY_TYPE value, as the schema answers for a type the token has no
// schema for.  Key types the table does not know are the schema's to judge.
inline bool key_type_in_profile(object_class cls, std::optional<ck_ulong> subtype, profile level) {
    if (!subtype || cls == object_class::certificate) return true;
    const auto kt = static_cast<key_type>(*subtype);
    return index_of(kt) == npos || exists_in(kt, level);
}

// Builds the answer for one attribute of an object; `nested` keeps nested
// arrays alive while the caller's template is filled.
class attribute_reader {
public:
    attribute_reader(const object& obj, profile level) : obj_(obj), level_(level) {}
    attribute_answer operator()(attribute_type t) {
        if (!exists_in(t, level_) && !is_vendor_defined(t)) return attribute_answer::absent();
        auto v = obj_.attributes().get(t);
        if (!v) return attribute_answer::absent();
        if (is_hidden(obj_, t)) return attribute_answer::sensitive();
        if (kind_of(t) != value_kind::attribute_array) return attribute_answer::of(*v);
        auto inner = attribute_set::deserialize(*v);
        if (!inner) return attribute_answer::absent();
        auto& keep = sets_.emplace_back(std::make_unique<attribute_set>(std::move(*inner)));
        auto& arr = arrays_.emplace_back();
        for (const auto& e : keep->entries())
            arr.push_back({static_cast<abi::CK_ATTRIBUTE_TYPE>(e.type), const_cast<byte*>(e.value.data()),
                           static_cast<abi::CK_ULONG>(e.value.size())});
        return attribute_answer::of_array(arr);
    }

private:
    const object& obj_;
    profile level_;
    std::vector<std::unique_ptr<attribute_set>> sets_;
    std::vector<std::vector<abi::CK_ATTRIBUTE>> arrays_;
};

} // namespace detail

inline rv C_CreateObject(abi::CK_SESSION_HANDLE h, abi::CK_ATTRIBUTE_PTR tmpl, abi::CK_ULONG count,
                        abi::CK_OBJECT_HANDLE_PTR out) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        if (out == nullptr) return rv::arguments_bad;
        auto view = parse_template(tmpl, count, detail::rules_for(rt));
        if (!view) return view.code();
        const auto cls = view->get(attr::cls);
        if (!cls) return rv::template_incomplete;
        if (!detail::key_type_in_profile(*cls, detail::subtype_of(*view, *cls), rt.level()))
            return rv::attribute_value_invalid;
        auto attrs = build_object(*view, origin::create, *cls, detail::subtype_of(*view, *cls),
                                  rt.login_of(s.slot_id) == login_state::so);
        if (!attrs) return attrs.code();
        if (const rv r = detail::may_write(rt, s, attrs->flag(attribute_type::token), attrs->flag(attribute_type::private_));
            r != rv::ok)
            return r;
        set_import_origin(*attrs);
        auto completed = s.tok->complete_import(std::move(*attrs));
        if (!completed) return completed.code();
        auto handle = detail::store_object(rt, s, std::move(*completed));
        if (!handle) return handle.code();
        *out = *handle;
        return rv::ok;
    });
}

inline rv C_CopyObject(abi::CK_SESSION_HANDLE h, abi::CK_OBJECT_HANDLE source, abi::CK_ATTRIBUTE_PTR tmpl,
                      abi::CK_ULONG count, abi::CK_OBJECT_HANDLE_PTR out) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto entry = rt.object_of(s, source);
        if (!entry) return entry.code();
        if (out == nullptr) return rv::arguments_bad;
        auto view = parse_template(tmpl, count, detail::rules_for(rt));
        if (!view) return view.code();
        const auto obj = rt.snapshot_of(**entry);
        if (!obj->flag(attribute_type::copyable, true)) return rv::action_prohibited;
        auto attrs = apply_changes(*obj, *view, change::copy, rt.login_of(s.slot_id) == login_state::so);
        if (!attrs) return attrs.code();
        if (const rv r = detail::may_write(rt, s, attrs->flag(attribute_type::token), attrs->flag(attribute_type::private_));
            r != rv::ok)
            return r;
        attrs->erase(attribute_type::unique_id);
        auto handle = detail::store_object(rt, s, std::move(*attrs));
        if (!handle) return handle.code();
        *out = *handle;
        return rv::ok;
    });
}

inline rv C_DestroyObject(abi::CK_SESSION_HANDLE h, abi::CK_OBJECT_HANDLE handle) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto entry = rt.object_of(s, handle);
        if (!entry) return entry.code();
        const auto obj = rt.snapshot_of(**entry);
        if (!obj->flag(attribute_type::destroyable, true)) return rv::action_prohibited;
        if ((*entry)->on_token) {
            if (const rv r = detail::may_write(rt, s, true, obj->is_private()); r != rv::ok) return r;
            if (auto r = s.tok->destroy((*entry)->token_key); !r) return r.code();
        }
        rt.remove_object(handle);
        return rv::ok;
    });
}

inline rv C_GetObjectSize(abi::CK_SESSION_HANDLE h, abi::CK_OBJECT_HANDLE handle, abi::CK_ULONG_PTR size) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto obj = rt.visible_snapshot(s, handle);
        if (!obj) return obj.code();
        if (size == nullptr) return rv::arguments_bad;
        *size = static_cast<abi::CK_ULONG>((*obj)->attributes().value_bytes());
        return rv::ok;
    });
}

inline rv C_GetAttributeValue(abi::CK_SESSION_HANDLE h, abi::CK_OBJECT_HANDLE handle, abi::CK_ATTRIBUTE_PTR tmpl,
                              abi::CK_ULONG count) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto obj = rt.visible_snapshot(s, handle);
        if (!obj) return obj.code();
        auto checked = caller_span(tmpl, count, length_rules::template_count);
        if (!checked) return checked.code();
        detail::attribute_reader reader(**obj, rt.level());
        return fill_attribute_values(checked->data(), checked->size(), reader);
    });
}

inline rv C_SetAttributeValue(abi::CK_SESSION_HANDLE h, abi::CK_OBJECT_HANDLE handle, abi::CK_ATTRIBUTE_PTR tmpl,
                              abi::CK_ULONG count) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto entry = rt.object_of(s, handle);
        if (!entry) return entry.code();
        auto view = parse_template(tmpl, count, detail::rules_for(rt));
        if (!view) return view.code();
        const auto obj = rt.snapshot_of(**entry);
        if (const rv r = detail::may_write(rt, s, (*entry)->on_token, obj->is_private()); r != rv::ok) return r;
        const bool so = rt.login_of(s.slot_id) == login_state::so;
        if ((*entry)->on_token) {
            // The token applies the change to its newest version: another
            // process may have changed the object since `obj` was read, and
            // the attribute policy must judge (and the change keep) that
            // version, not ours.
            auto updated = s.tok->update((*entry)->token_key, [&](const object& newest) -> result<attribute_set> {
                if (newest.is_private() && rt.login_of(s.slot_id) != login_state::user)
                    return rv::user_not_logged_in;
                return apply_changes(newest, *view, change::set, so);
            });
            if (!updated) return updated.code();
            rt.replace_snapshot(**entry, *updated);
            return rv::ok;
        }
        return rt
            .change_session_object(**entry, [&](const object& current) { return apply_changes(current, *view, change::set, so); })
            .code();
    });
}

inline rv C_FindObjectsInit(abi::CK_SESSION_HANDLE h, abi::CK_ATTRIBUTE_PTR tmpl, abi::CK_ULONG count) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        if (s.finding) return rv::operation_active;
        auto rules = detail::rules_for(rt);
        rules.allow_duplicates = true;
        auto view = parse_template(tmpl, count, rules);
        // Too many criteria: C_FindObjectsInit's list has no
        // CKR_TEMPLATE_INCONSISTENT; the template's content is what is wrong.
        if (!view) return view.code() == rv::template_inconsistent ? rv::attribute_value_invalid : view.code();
        const bool user = rt.login_of(s.slot_id) == login_state::user;
        auto visible = [&](const object& o) { return (user || !o.is_private()) && o.attributes().matches(*view); };

        std::vector<abi::CK_OBJECT_HANDLE> found;
        s.tok->refresh();
        for (const auto& candidate : s.tok->find(*view, user))
            if (candidate.snapshot && visible(*candidate.snapshot))
                found.push_back(rt.handle_for(s.slot_id, s.token_generation, candidate));
        for (const auto& [handle, snap] : rt.session_objects(s.slot_id, s.token_generation, narrowing_keys::of(*view)))
            if (snap && visible(*snap)) found.push_back(handle);

        s.found = std::move(found);
        s.found_next = 0;
        s.finding = true;
        return rv::ok;
    });
}

inline rv C_FindObjects(abi::CK_SESSION_HANDLE h, abi::CK_OBJECT_HANDLE_PTR out, abi::CK_ULONG max,
                       abi::CK_ULONG_PTR count) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        if (!s.finding) return rv::operation_not_initialized;
        if (count == nullptr || (out == nullptr && max != 0)) return rv::arguments_bad;
        abi::CK_ULONG n = 0;
        while (n < max && s.found_next < s.found.size()) out[n++] = s.found[s.found_next++];
        *count = n;
        return rv::ok;
    });
}

inline rv C_FindObjectsFinal(abi::CK_SESSION_HANDLE h) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        if (!s.finding) return rv::operation_not_initialized;
        s.finding = false;
        s.found.clear();
        s.found_next = 0;
        return rv::ok;
    });
}

} // namespace p11::provider::api
