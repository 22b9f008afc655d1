// The checks every cryptographic Init and key-management call makes before a
// token sees it, in the order the spec's error codes suggest:
//   mechanism (NULL, unknown to the token, not allowed for this function,
//   parameter of the wrong size, a field out of range: parameter_checks.hpp)
//   -> key (handle, class, type, usage flag, CKA_ALLOWED_MECHANISMS).
#pragma once

#include <algorithm>

#include "p11/constants/mechanism_recipe.hpp"
#include "p11/provider/call.hpp"
#include "p11/provider/object_schema.hpp"
#include "p11/provider/parameter_checks.hpp"
#include "p11/provider/functions/slots.hpp"

namespace p11::provider::api::detail {

// The hash and MGF named inside an OAEP or PSS parameter (and the PRF inside
// a PBKDF2 one, the KDF inside an ECDH one) exist in the profile, as the mechanism itself must: a module reporting 2.11 knows no
// CKM_SHA256 (2.20), whether it is asked for directly or inside a parameter.
inline bool parameter_in_profile(parameter_kind kind, bytes_view given, profile level) {
    const auto known = [&](abi::CK_MECHANISM_TYPE hash, abi::CK_RSA_PKCS_MGF_TYPE generator) {
        return exists_in(static_cast<mechanism_type>(hash), level) && exists_in(static_cast<mgf>(generator), level);
    };
    if (kind == parameter_kind::rsa_pkcs_oaep) {
        const auto p = parameter_checks::read<abi::CK_RSA_PKCS_OAEP_PARAMS>(given);
        return known(p.hashAlg, p.mgf);
    }
    if (kind == parameter_kind::rsa_pkcs_pss) {
        const auto p = parameter_checks::read<abi::CK_RSA_PKCS_PSS_PARAMS>(given);
        return known(p.hashAlg, p.mgf);
    }
    if (kind == parameter_kind::ecdh1_derive) {  // the SHA-2 KDFs are 2.30's, SHA-3 2.40's, SP 800-56's 3.0's
        const auto p = parameter_checks::read<abi::CK_ECDH1_DERIVE_PARAMS>(given);
        return exists_in(static_cast<ec_kdf>(p.kdf), level);
    }
    if (kind == parameter_kind::pkcs5_pbkd2) {  // the SHA-2 PRFs are 2.40's
        const auto p = parameter_checks::read_pbkd2(given);
        return p && exists_in(static_cast<pbkdf2_prf>(p->prf), level);
    }
    return true;
}

// The mechanism's table row, if the profile and the token offer it for `needed`.
inline const mechanism_row* offered_row(runtime& rt, session& s, const abi::CK_MECHANISM& m,
                                                       mechanism_flags needed) {
    const auto type = static_cast<mechanism_type>(m.mechanism);
    // What visible_mechanisms() would show for this one operation, with one
    // table lookup and no list: every cryptographic Init comes through here.
    const auto* row = find(type);
    if (row == nullptr || !row_in<mechanism_type>(*row, rt.level()) || !has(row->capabilities, needed) ||
        visible_flags(needed, rt.level()) != needed)
        return nullptr;
    const auto token_mechanisms = s.tok->mechanisms();
    const auto offered = std::find_if(token_mechanisms.begin(), token_mechanisms.end(),
                                      [&](const mechanism_entry& e) { return e.type == type; });
    if (offered == token_mechanisms.end() || !has(offered->flags, needed)) return nullptr;
    return row;
}

inline result<mechanism_view> check_mechanism(runtime& rt, session& s, const abi::CK_MECHANISM* m,
                                              mechanism_flags needed) {
    if (m == nullptr) return rv::arguments_bad;
    const auto type = static_cast<mechanism_type>(m->mechanism);
    const auto* row = offered_row(rt, s, *m, needed);
    if (row == nullptr) return rv::mechanism_invalid;

    const auto& param = info(row->parameter);
    const bytes_view given{static_cast<const byte*>(m->pParameter), m->pParameter ? m->ulParameterLen : 0};
    switch (param.check) {
    case parameter_check::none:
        // Some applications pass a pointer with length 0: harmless.
        if (m->ulParameterLen != 0) return rv::mechanism_param_invalid;
        break;
    case parameter_check::exact:
        if (m->pParameter == nullptr || !parameter_size_ok(row->parameter, m->ulParameterLen))
            return rv::mechanism_param_invalid;
        break;
    case parameter_check::variable:
        if (m->pParameter == nullptr && m->ulParameterLen != 0) return rv::mechanism_param_invalid;
        break;
    case parameter_check::optional:
        if (m->ulParameterLen != 0 && (m->pParameter == nullptr || m->ulParameterLen != param.size))
            return rv::mechanism_param_invalid;
        break;
    }
    if (const rv r = check_parameter_fields(type, row->parameter, given); r != rv::ok) return r;
    if (!parameter_in_profile(row->parameter, given, rt.level())) return rv::mechanism_param_invalid;
    return mechanism_view{type, given};
}

// Which key classes an operation takes.
inline bool class_fits(object_class cls, mechanism_flags use) {
    const bool secret = cls == object_class::secret_key;
    const bool pub = cls == object_class::public_key;
    const bool priv = cls == object_class::private_key;
    if (use == mechanism_flags::encrypt || use == mechanism_flags::verify || use == mechanism_flags::wrap)
        return secret || pub;
    if (use == mechanism_flags::decrypt || use == mechanism_flags::sign || use == mechanism_flags::unwrap ||
        use == mechanism_flags::derive)
        return secret || priv;
    if (use == mechanism_flags::sign_recover) return priv || secret;
    if (use == mechanism_flags::verify_recover) return pub || secret;
    return false;
}

inline attribute_type usage_attribute(mechanism_flags use) {
    if (use == mechanism_flags::encrypt) return attribute_type::encrypt;
    if (use == mechanism_flags::decrypt) return attribute_type::decrypt;
    if (use == mechanism_flags::sign) return attribute_type::sign;
    if (use == mechanism_flags::verify) return attribute_type::verify;
    if (use == mechanism_flags::sign_recover) return attribute_type::sign_recover;
    if (use == mechanism_flags::verify_recover) return attribute_type::verify_recover;
    if (use == mechanism_flags::wrap) return attribute_type::wrap;
    if (use == mechanism_flags::unwrap) return attribute_type::unwrap;
    return attribute_type::derive;
}

// The key type the mechanism table names, with HMAC keys of the specific
// CKK_SHA*_HMAC types accepted where a generic secret is named, the
// double-length CKK_DES2 keys where CKK_DES3 is (the Triple-DES mechanisms
// take both: PKCS #11 2.40 mechanisms §2.x "Triple-key DES"), generic
// secrets where CKK_HKDF is, and Montgomery keys where ECDH names EC keys
// (3.0 runs CKM_ECDH1_DERIVE on X25519/X448 keys: mechanisms §2.3.7).
inline bool key_type_fits(mechanism_type m, const object& key) {
    const auto* row = find(m);
    if (row == nullptr || row->key == no_key) return true;
    const auto kt = static_cast<key_type>(key.key_type());
    if (kt == row->key) return true;
    if (row->key == key_type::ec && kt == key_type::ec_montgomery && has(row->capabilities, mechanism_flags::derive))
        return true;
    if (row->key == key_type::des3) return kt == key_type::des2;
    // HKDF derives from CKK_HKDF and CKK_GENERIC_SECRET keys (3.0 mechanisms §2.43).
    if (row->key == key_type::hkdf) return kt == key_type::generic_secret;
    // An HMAC takes generic secrets and the key type of its own hash, not
    // another hash's (3.0 mechanisms, general-length SHA-256-HMAC: "The keys
    // it uses are generic secret keys and CKK_SHA256_HMAC"; SHA3-256 alike).
    // 2.40's text names only generic secrets, yet defines CKK_SHA256_HMAC and
    // the like for no other use: their own HMAC takes them in every profile.
    if (const auto own = hmac_key_type(m)) return kt == key_type::generic_secret || kt == *own;
    return row->key == key_type::generic_secret && object_schema::is_hmac_key(kt);
}

inline bool mechanism_allowed(mechanism_type m, const object& key) {
    auto list = key.attributes().get(attribute_type::allowed_mechanisms);
    if (!list) return true;
    for (std::size_t i = 0; i + sizeof(ck_ulong) <= list->size(); i += sizeof(ck_ulong))
        if (decode_ulong(list->data() + i) == static_cast<ck_ulong>(m)) return true;
    return false;
}

// HKDF also takes a data object as its input keying material, its
// CKA_VALUE (3.0 mechanisms, HKDF derive: "The exception is a data object
// ... which may be supplied as an input key"); a data object has no
// CKA_DERIVE or CKA_ALLOWED_MECHANISMS to ask.
inline bool hkdf_data_input(mechanism_type m, const object& o, mechanism_flags use) {
    return use == mechanism_flags::derive && o.cls() == object_class::data &&
           (m == mechanism_type::hkdf_derive || m == mechanism_type::hkdf_data);
}

// The key behind a handle, fit for `use` with `mechanism`.
inline result<object_ptr> check_key(runtime& rt, session& s, abi::CK_OBJECT_HANDLE h, mechanism_type mechanism,
                                    mechanism_flags use, rv invalid_handle = rv::key_handle_invalid) {
    auto found = rt.visible_snapshot(s, h, invalid_handle);
    if (!found) return found.error_value();
    auto key = std::move(*found);
    if (hkdf_data_input(mechanism, *key, use)) return key;
    if (!class_fits(key->cls(), use) || !key_type_fits(mechanism, *key)) return rv::key_type_inconsistent;
    if (!key->flag(usage_attribute(use))) return rv::key_function_not_permitted;
    if (!mechanism_allowed(mechanism, *key)) return rv::mechanism_invalid;
    return key;
}


} // namespace p11::provider::api::detail
