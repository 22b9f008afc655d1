// Key management: C_GenerateKey, C_GenerateKeyPair, C_WrapKey, C_UnwrapKey,
// C_DeriveKey.
#pragma once

#include <cstring>
#include <vector>

#include "p11/provider/caller_input.hpp"
#include "p11/provider/functions/checks.hpp"
#include "p11/provider/functions/objects.hpp"
#include "p11/provider/output.hpp"

namespace p11::provider::api {

namespace detail {

// The class a key template may name for a call, and the key type the
// mechanism makes: a template that says otherwise is inconsistent.
inline rv template_agrees(const template_view& t, object_class cls, std::optional<key_type> kt) {
    if (auto c = t.get(attr::cls); c && *c != cls) return rv::template_inconsistent;
    if (auto k = t.get(attr::key_type); k && kt && *k != *kt) return rv::template_inconsistent;
    return rv::ok;
}

inline std::optional<key_type> made_key_type(mechanism_type m) {
    // PBKDF2 makes a key of the type its template names (generic secret
    // when it names none: the token's default), as a password-based KDF
    // serves any key type; the CKM_ table's CKK_GENERIC_SECRET is only that default.
    if (m == mechanism_type::pkcs5_pbkd2) return std::nullopt;
    const auto* row = find(m);
    if (row == nullptr || row->key == no_key) return std::nullopt;
    return row->key;
}

// A wrapping key's CKA_WRAP_TEMPLATE / an unwrapping key's CKA_UNWRAP_TEMPLATE:
// every attribute in it must hold for the key being (un)wrapped.
inline bool satisfies(const attribute_set& key, const object& policy_key, attribute_type which) {
    auto packed = policy_key.attributes().get(which);
    if (!packed) return true;
    auto required = attribute_set::deserialize(*packed);
    if (!required) return false;
    for (const auto& e : required->entries()) {
        auto mine = key.get(e.type);
        if (!mine || mine->size() != e.value.size() || !std::equal(e.value.begin(), e.value.end(), mine->begin()))
            return false;
    }
    return true;
}

// CKF_HKDF_SALT_KEY names a second key whose value is the salt.  A token
// sees one key per derivation, so the framework resolves this one and hands
// the token the parameter as CKF_HKDF_SALT_DATA over that value, which
// `held` keeps alive for the call.  The salt key is a secret key of the
// types HKDF takes (CKK_HKDF, CKK_GENERIC_SECRET); any other is an invalid
// parameter, a handle that names no object the session sees an invalid key handle.
struct hkdf_salt_held {
    abi::CK_HKDF_PARAMS params{};
    object_ptr salt_key;
};
inline rv resolve_hkdf_salt_key(runtime& rt, session& s, mechanism_view& m, hkdf_salt_held& held) {
    const auto* row = find(m.type);
    if (row == nullptr || row->parameter != parameter_kind::hkdf) return rv::ok;
    const auto* p = m.param<abi::CK_HKDF_PARAMS>();
    if (p == nullptr || !p->bExtract || p->ulSaltType != to_ulong(hkdf_salt_flags::hkdf_salt_key)) return rv::ok;
    auto key = rt.visible_snapshot(s, p->hSaltKey, rv::key_handle_invalid);
    if (!key) return key.code();
    const auto kt = static_cast<key_type>((*key)->key_type());
    if ((*key)->cls() != object_class::secret_key || (kt != key_type::hkdf && kt != key_type::generic_secret))
        return rv::mechanism_param_invalid;
    const auto value = (*key)->attributes().get(attribute_type::value);
    if (!value || value->empty()) return rv::user_not_logged_in;  // a sensitive value still encrypted at rest
    held.params = *p;
    held.params.ulSaltType = to_ulong(hkdf_salt_flags::hkdf_salt_data);
    held.params.pSalt = const_cast<abi::CK_BYTE_PTR>(value->data());
    held.params.ulSaltLen = static_cast<abi::CK_ULONG>(value->size());
    held.salt_key = std::move(*key);
    m.parameter = bytes_view{reinterpret_cast<const byte*>(&held.params), sizeof held.params};
    return rv::ok;
}

inline rv store_or_fail(runtime& rt, session& s, attribute_set attrs, abi::CK_OBJECT_HANDLE_PTR out) {
    auto handle = store_object(rt, s, std::move(attrs));
    if (!handle) return handle.code();
    *out = *handle;
    return rv::ok;
}

} // namespace detail

inline rv C_GenerateKey(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_ATTRIBUTE_PTR tmpl,
                       abi::CK_ULONG count, abi::CK_OBJECT_HANDLE_PTR out) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto mech = detail::check_mechanism(rt, s, m, mechanism_flags::generate);
        if (!mech) return mech.code();
        if (out == nullptr) return rv::arguments_bad;
        auto view = parse_template(tmpl, count, detail::rules_for(rt));
        if (!view) return view.code();
        const auto kt = detail::made_key_type(mech->type);
        if (const rv r = detail::template_agrees(*view, object_class::secret_key, kt); r != rv::ok) return r;
        const auto named = kt ? kt : view->get(attr::key_type);
        auto attrs = build_object(*view, origin::generate, object_class::secret_key,
                                  named ? std::optional<ck_ulong>(static_cast<ck_ulong>(*named)) : std::nullopt,
                                  rt.login_of(s.slot_id) == login_state::so);
        if (!attrs) return attrs.code();
        if (const rv r = detail::may_write(rt, s, attrs->flag(attribute_type::token), attrs->flag(attribute_type::private_));
            r != rv::ok)
            return r;
        auto key = s.tok->generate_key(*mech, std::move(*attrs));
        if (!key) return key.code();
        set_key_origin(*key, origin::generate, mech->type);
        return detail::store_or_fail(rt, s, std::move(*key), out);
    });
}

inline rv C_GenerateKeyPair(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_ATTRIBUTE_PTR pub_tmpl,
                            abi::CK_ULONG pub_count, abi::CK_ATTRIBUTE_PTR priv_tmpl, abi::CK_ULONG priv_count,
                            abi::CK_OBJECT_HANDLE_PTR pub_out, abi::CK_OBJECT_HANDLE_PTR priv_out) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto mech = detail::check_mechanism(rt, s, m, mechanism_flags::generate_key_pair);
        if (!mech) return mech.code();
        if (pub_out == nullptr || priv_out == nullptr) return rv::arguments_bad;
        auto pub_view = parse_template(pub_tmpl, pub_count, detail::rules_for(rt));
        if (!pub_view) return pub_view.code();
        auto priv_view = parse_template(priv_tmpl, priv_count, detail::rules_for(rt));
        if (!priv_view) return priv_view.code();
        const auto kt = detail::made_key_type(mech->type);
        if (const rv r = detail::template_agrees(*pub_view, object_class::public_key, kt); r != rv::ok) return r;
        if (const rv r = detail::template_agrees(*priv_view, object_class::private_key, kt); r != rv::ok) return r;
        const auto type = kt ? std::optional<ck_ulong>(static_cast<ck_ulong>(*kt)) : std::nullopt;
        const bool so = rt.login_of(s.slot_id) == login_state::so;
        auto pub = build_object(*pub_view, origin::generate, object_class::public_key, type, so);
        if (!pub) return pub.code();
        auto priv = build_object(*priv_view, origin::generate, object_class::private_key, type, so);
        if (!priv) return priv.code();
        for (const auto* a : {&*pub, &*priv})
            if (const rv r = detail::may_write(rt, s, a->flag(attribute_type::token), a->flag(attribute_type::private_));
                r != rv::ok)
                return r;
        auto pair = s.tok->generate_key_pair(*mech, std::move(*pub), std::move(*priv));
        if (!pair) return pair.code();
        set_key_origin(pair->public_key, origin::generate, mech->type);
        set_key_origin(pair->private_key, origin::generate, mech->type);
        abi::CK_OBJECT_HANDLE pub_handle = 0;
        if (const rv r = detail::store_or_fail(rt, s, std::move(pair->public_key), &pub_handle); r != rv::ok) return r;
        if (const rv r = detail::store_or_fail(rt, s, std::move(pair->private_key), priv_out); r != rv::ok) {
            // Never leave half a pair behind.
            if (auto e = rt.object_of(s, pub_handle); e && (*e)->on_token) (void)s.tok->destroy((*e)->token_key);
            rt.remove_object(pub_handle);
            return r;
        }
        *pub_out = pub_handle;
        return rv::ok;
    });
}

inline rv C_WrapKey(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE wrapping,
                   abi::CK_OBJECT_HANDLE key_handle, abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto mech = detail::check_mechanism(rt, s, m, mechanism_flags::wrap);
        if (!mech) return mech.code();
        auto wrapper = detail::check_key(rt, s, wrapping, mech->type, mechanism_flags::wrap, rv::wrapping_key_handle_invalid);
        if (!wrapper) {
            if (wrapper.code() == rv::key_type_inconsistent) return rv::wrapping_key_type_inconsistent;
            return wrapper.code();
        }
        auto entry = rt.object_of(s, key_handle, rv::key_handle_invalid);
        if (!entry) return entry.code();
        if (out_len == nullptr) return rv::arguments_bad;
        const auto key = rt.snapshot_of(**entry);
        if (key->cls() != object_class::secret_key && key->cls() != object_class::private_key) return rv::key_not_wrappable;
        if (!key->flag(attribute_type::extractable, true)) return rv::key_unextractable;
        if (key->flag(attribute_type::wrap_with_trusted) && !(*wrapper)->flag(attribute_type::trusted))
            return rv::key_not_wrappable;
        if (!detail::satisfies(key->attributes(), **wrapper, attribute_type::wrap_template)) return rv::key_not_wrappable;
        // The checks above run on every call; the wrapping itself once per
        // two-call pair (see kept_wrap).
        auto& kept = s.wrap_kept;
        if (!kept.matches(mech->type, mech->parameter, wrapping, key_handle)) {
            kept.clear();
            auto wrapped = s.tok->wrap_key(*mech, **wrapper, *key);
            if (!wrapped) return wrapped.code();
            kept.mechanism = mech->type;
            kept.parameter.assign(mech->parameter.begin(), mech->parameter.end());
            kept.wrapping = wrapping;
            kept.key = key_handle;
            kept.wrapped.assign(wrapped->begin(), wrapped->end());
            kept.valid = true;
        }
        const auto n = static_cast<abi::CK_ULONG>(kept.wrapped.size());
        if (out == nullptr) return *out_len = n, rv::ok;
        if (*out_len < n) return *out_len = n, rv::buffer_too_small;
        std::memcpy(out, kept.wrapped.data(), kept.wrapped.size());
        *out_len = n;
        kept.clear();
        return rv::ok;
    });
}

inline rv C_UnwrapKey(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE unwrapping,
                     abi::CK_BYTE_PTR wrapped, abi::CK_ULONG wrapped_len, abi::CK_ATTRIBUTE_PTR tmpl,
                     abi::CK_ULONG count, abi::CK_OBJECT_HANDLE_PTR out) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto mech = detail::check_mechanism(rt, s, m, mechanism_flags::unwrap);
        if (!mech) return mech.code();
        auto unwrapper = detail::check_key(rt, s, unwrapping, mech->type, mechanism_flags::unwrap,
                                           rv::unwrapping_key_handle_invalid);
        if (!unwrapper) {
            if (unwrapper.code() == rv::key_type_inconsistent) return rv::unwrapping_key_type_inconsistent;
            return unwrapper.code();
        }
        if (out == nullptr) return rv::arguments_bad;
        auto checked = caller_bytes(wrapped, wrapped_len, length_rules::wrapped_key);
        if (!checked) return checked.code();
        auto view = parse_template(tmpl, count, detail::rules_for(rt));
        if (!view) return view.code();
        const auto cls = view->get(attr::cls);
        if (!cls) return rv::template_incomplete;
        if (!detail::key_type_in_profile(*cls, detail::subtype_of(*view, *cls), rt.level()))
            return rv::attribute_value_invalid;
        auto attrs = build_object(*view, origin::unwrap, *cls, detail::subtype_of(*view, *cls),
                                  rt.login_of(s.slot_id) == login_state::so);
        if (!attrs) return attrs.code();
        if (!detail::satisfies(*attrs, **unwrapper, attribute_type::unwrap_template)) return rv::template_inconsistent;
        if (const rv r = detail::may_write(rt, s, attrs->flag(attribute_type::token), attrs->flag(attribute_type::private_));
            r != rv::ok)
            return r;
        auto key = s.tok->unwrap_key(*mech, **unwrapper, *checked, std::move(*attrs));
        if (!key) return key.code();
        set_key_origin(*key, origin::unwrap, mech->type);
        return detail::store_or_fail(rt, s, std::move(*key), out);
    });
}

inline rv C_DeriveKey(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m, abi::CK_OBJECT_HANDLE base,
                     abi::CK_ATTRIBUTE_PTR tmpl, abi::CK_ULONG count, abi::CK_OBJECT_HANDLE_PTR out) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto mech = detail::check_mechanism(rt, s, m, mechanism_flags::derive);
        if (!mech) return mech.code();
        auto base_key = detail::check_key(rt, s, base, mech->type, mechanism_flags::derive);
        if (!base_key) return base_key.code();
        if (out == nullptr) return rv::arguments_bad;
        detail::hkdf_salt_held salt;
        if (const rv r = detail::resolve_hkdf_salt_key(rt, s, *mech, salt); r != rv::ok) return r;
        auto view = parse_template(tmpl, count, detail::rules_for(rt));
        if (!view) return view.code();
        // CKM_HKDF_DATA makes a data object (CKO_DATA, its CKA_VALUE the
        // output) rather than a key: no key type, no key attributes below.
        const bool makes_data = mech->type == mechanism_type::hkdf_data;
        const auto made_class = makes_data ? object_class::data : object_class::secret_key;
        const auto cls = view->get(attr::cls).value_or(made_class);
        if (cls != made_class) return rv::template_inconsistent;
        const auto derived_type = view->get(attr::key_type).value_or(key_type::generic_secret);
        // A data object has no CKA_VALUE_LEN, yet CKM_HKDF_DATA is "identical
        // to HKDF Derive" (3.0 mechanisms, HKDF Data), whose expansion takes
        // its length from it: the template keeps it for the token only.
        std::vector<abi::CK_ATTRIBUTE> object_template;
        template_view object_view = *view;
        if (makes_data) {
            for (const auto& a : view->attributes())
                if (a.type != static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::value_len)) object_template.push_back(a);
            object_view = template_view{object_template};
        }
        auto attrs = build_object(object_view, origin::derive, cls,
                                  makes_data ? std::nullopt : std::optional<ck_ulong>(static_cast<ck_ulong>(derived_type)),
                                  rt.login_of(s.slot_id) == login_state::so);
        if (!attrs) return attrs.code();
        if (const auto length = view->get(attr::value_len); makes_data && length)
            attrs->set_ulong(attribute_type::value_len, *length);
        if (!detail::satisfies(*attrs, **base_key, attribute_type::derive_template)) return rv::template_inconsistent;
        if (const rv r = detail::may_write(rt, s, attrs->flag(attribute_type::token), attrs->flag(attribute_type::private_));
            r != rv::ok)
            return r;
        auto key = s.tok->derive_key(*mech, **base_key, std::move(*attrs));
        if (!key) return key.code();
        if (makes_data) return detail::store_or_fail(rt, s, std::move(*key), out);
        set_key_origin(*key, origin::derive, mech->type);
        // A derived key is only as sensitive as its base ever was.
        key->set_bool(attribute_type::always_sensitive,
                      (*base_key)->flag(attribute_type::always_sensitive) && key->flag(attribute_type::sensitive));
        key->set_bool(attribute_type::never_extractable,
                      (*base_key)->flag(attribute_type::never_extractable) && !key->flag(attribute_type::extractable));
        return detail::store_or_fail(rt, s, std::move(*key), out);
    });
}

} // namespace p11::provider::api
