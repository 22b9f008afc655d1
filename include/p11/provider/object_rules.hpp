// Applying the object schema to the calls that make and change objects, with
// the CKR codes of PKCS #11 base 2.40 §4.1 (creating, modifying, copying):
//   an attribute the object kind does not have    -> CKR_ATTRIBUTE_TYPE_INVALID
//   one the caller may not set in this call        -> CKR_ATTRIBUTE_READ_ONLY
//   a value the token cannot take (class, type)    -> CKR_ATTRIBUTE_VALUE_INVALID
//   a required attribute missing                   -> CKR_TEMPLATE_INCOMPLETE
//   values that contradict each other or the call  -> CKR_TEMPLATE_INCONSISTENT
//   a change to an unmodifiable object             -> CKR_ACTION_PROHIBITED
#pragma once

#include <optional>
#include <vector>

#include "p11/attributes/output.hpp"
#include "p11/attributes/parser.hpp"
#include "p11/provider/attribute_set.hpp"
#include "p11/provider/object.hpp"
#include "p11/provider/object_schema.hpp"
#include "p11/result.hpp"

namespace p11::provider {

// How a new object comes to be.
enum class origin : std::uint8_t { create, generate, unwrap, derive };

namespace detail {

inline attribute_rule forbidden_rule(origin o) {
    switch (o) {
    case origin::create: return attribute_rule::forbidden_on_create;
    case origin::generate: return attribute_rule::forbidden_on_generate;
    case origin::unwrap: return attribute_rule::forbidden_on_unwrap;
    // Derived keys are made by the token like generated ones.
    case origin::derive: return attribute_rule::forbidden_on_generate;
    }
    return attribute_rule::none;
}
// `none` where nothing is required: has_any then answers false for every entry.
inline attribute_rule required_rule(origin o) {
    switch (o) {
    case origin::create: return attribute_rule::required_on_create;
    case origin::generate: return attribute_rule::required_on_generate;
    case origin::unwrap: return attribute_rule::required_on_unwrap;
    case origin::derive: return attribute_rule::none;
    }
    return attribute_rule::none;
}

// Attribute arrays are kept as serialised nested sets (see attribute_set).
inline void store_attribute(attribute_set& out, const abi::CK_ATTRIBUTE& a) {
    const auto t = static_cast<attribute_type>(a.type);
    if (kind_of(t) == value_kind::attribute_array && a.pValue != nullptr) {
        attribute_set nested;
        const auto* inner = static_cast<const abi::CK_ATTRIBUTE*>(a.pValue);
        for (std::size_t i = 0; i < a.ulValueLen / sizeof(abi::CK_ATTRIBUTE); ++i) store_attribute(nested, inner[i]);
        secure_bytes packed;
        nested.serialize(packed);
        out.set(t, packed);
        return;
    }
    out.set(t, bytes_view{static_cast<const byte*>(a.pValue), a.pValue ? a.ulValueLen : 0});
}

inline bool is_true(bytes_view v) { return v.size() == 1 && v[0] != 0; }

} // namespace detail

// Gives every attribute of `schema` that `out` lacks its default, as for an
// object a caller created: shared with tokens that make their objects
// themselves (read_only_token::add), so theirs answer the same attributes.
inline void fill_defaults(attribute_set& out, const object_schema& schema, object_class cls) {
    for (const auto& e : schema.entries()) {
        if (out.has(e.type)) continue;
        if (e.type == attribute_type::private_) {
            out.set_bool(e.type, object_schema::private_by_default(cls));
            continue;
        }
        switch (e.fallback) {
        case default_value::ck_false: out.set_bool(e.type, false); break;
        case default_value::ck_true: out.set_bool(e.type, true); break;
        case default_value::empty: out.set(e.type, bytes_view{}); break;
        case default_value::none: break;
        }
    }
}

// Builds a new object's attributes from a (parsed) template: checks every
// attribute against the schema for `cls`/`key_type`, fills defaults, and
// checks the required ones.  The token then adds key material and the
// framework the attributes only it may set (CKA_LOCAL ...).
inline result<attribute_set> build_object(const template_view& tmpl, origin how, object_class cls,
                                          std::optional<ck_ulong> key_or_cert_type, bool so_logged_in) {
    const auto schema = object_schema::of(cls, key_or_cert_type);
    if (!schema.supported()) return rv::attribute_value_invalid;

    attribute_set out;
    for (const auto& a : tmpl.attributes()) {
        const auto t = static_cast<attribute_type>(a.type);
        const auto* entry = schema.find(t);
        if (entry == nullptr) return rv::attribute_type_invalid;
        if (has_any(entry->rules, detail::forbidden_rule(how))) return rv::attribute_read_only;
        const bytes_view v{static_cast<const byte*>(a.pValue), a.pValue ? a.ulValueLen : 0};
        if (has_any(entry->rules, attribute_rule::so_sets_true) && detail::is_true(v) && !so_logged_in)
            return rv::attribute_read_only;
        detail::store_attribute(out, a);
    }
    out.set_ulong(attribute_type::cls, static_cast<ck_ulong>(cls));
    if (key_or_cert_type) {
        const auto type_attr = cls == object_class::certificate ? attribute_type::certificate_type : attribute_type::key_type;
        out.set_ulong(type_attr, *key_or_cert_type);
    }

    fill_defaults(out, schema, cls);
    // CKA_CLASS and a type the call named are in `out` already (generation and
    // derivation name the type themselves and do not require it); a type
    // neither the call nor the template gave is missing: CKA_KEY_TYPE is
    // required when creating and unwrapping (footnotes 1 and 5); without this
    // check such a key was stored typeless and then refused by every mechanism.
    for (const auto& e : schema.entries())
        if (has_any(e.rules, detail::required_rule(how)) && !out.has(e.type)) return rv::template_incomplete;
    return out;
}

// The attributes only the framework sets on keys made by the token
// (generated, unwrapped or derived), per the spec's definitions.
inline void set_key_origin(attribute_set& key, origin how, mechanism_type mechanism) {
    const bool sensitive = key.flag(attribute_type::sensitive);
    const bool extractable = key.flag(attribute_type::extractable);
    key.set_bool(attribute_type::local, how == origin::generate);
    key.set_ulong(attribute_type::key_gen_mechanism,
                  how == origin::generate ? static_cast<ck_ulong>(mechanism) : ~ck_ulong{0});
    const auto cls = static_cast<object_class>(key.ulong(attribute_type::cls).value_or(0));
    if (cls == object_class::private_key || cls == object_class::secret_key) {
        // A key that arrived from outside (unwrapped) was exposed once.
        key.set_bool(attribute_type::always_sensitive, how == origin::generate && sensitive);
        key.set_bool(attribute_type::never_extractable, how == origin::generate && !extractable);
    }
}

// For imported keys (C_CreateObject): they were known outside the token.
inline void set_import_origin(attribute_set& obj) {
    const auto cls = static_cast<object_class>(obj.ulong(attribute_type::cls).value_or(0));
    if (cls != object_class::public_key && cls != object_class::private_key && cls != object_class::secret_key) return;
    obj.set_bool(attribute_type::local, false);
    obj.set_ulong(attribute_type::key_gen_mechanism, ~ck_ulong{0});
    if (cls != object_class::public_key) {
        obj.set_bool(attribute_type::always_sensitive, false);
        obj.set_bool(attribute_type::never_extractable, false);
    }
}

// C_SetAttributeValue and the template of C_CopyObject.
enum class change : std::uint8_t { set, copy };

inline result<attribute_set> apply_changes(const object& current, const template_view& tmpl, change how,
                                           bool so_logged_in) {
    const auto& attrs = current.attributes();
    const auto cls = current.cls();
    std::optional<ck_ulong> subtype;
    if (cls == object_class::certificate) subtype = attrs.ulong(attribute_type::certificate_type);
    else if (auto kt = attrs.ulong(attribute_type::key_type)) subtype = kt;
    const auto schema = object_schema::of(cls, subtype);

    if (how == change::set && !current.flag(attribute_type::modifiable, true) && !tmpl.empty())
        return rv::action_prohibited;

    attribute_set out = attrs;
    for (const auto& a : tmpl.attributes()) {
        const auto t = static_cast<attribute_type>(a.type);
        const auto* entry = schema.find(t);
        if (entry == nullptr) return rv::attribute_type_invalid;
        const bytes_view v{static_cast<const byte*>(a.pValue), a.pValue ? a.ulValueLen : 0};
        const auto old = attrs.get(t);
        const bool same = old && old->size() == v.size() && std::equal(v.begin(), v.end(), old->begin());
        if (same) continue;  // restating a value is not a change
        using enum attribute_rule;
        const auto rules = entry->rules;
        const bool may = has_any(rules, modifiable) || (how == change::copy && has_any(rules, copy_settable));
        if (!may) return rv::attribute_read_only;
        if (has_any(rules, lower_only) && detail::is_true(v)) return rv::attribute_read_only;
        if (has_any(rules, so_sets_true) && detail::is_true(v) && !so_logged_in) return rv::attribute_read_only;
        if (has_any(rules, sticky_true) && old && detail::is_true(*old) && !detail::is_true(v))
            return rv::attribute_read_only;
        if (has_any(rules, sticky_false) && old && !detail::is_true(*old) && detail::is_true(v))
            return rv::attribute_read_only;
        detail::store_attribute(out, a);
    }
    // Changes that break the sensitivity history keep it honest.
    if (out.flag(attribute_type::sensitive) == false && attrs.has(attribute_type::always_sensitive))
        out.set_bool(attribute_type::always_sensitive, false);
    return out;
}

// Whether C_GetAttributeValue must refuse to reveal an attribute.
inline bool is_hidden(const object& obj, attribute_type t) {
    const auto cls = obj.cls();
    if (cls != object_class::private_key && cls != object_class::secret_key) return false;
    if (!has_all(rules_of(t), attribute_rule::sensitive)) return false;
    return obj.flag(attribute_type::sensitive) || !obj.flag(attribute_type::extractable, true);
}

} // namespace p11::provider
