// C_DeriveKey with CKM_HKDF_DERIVE and CKM_HKDF_DATA (PKCS #11 3.0
// mechanisms §2.43): HKDF (RFC 5869) with HMAC over the parameter's hash,
// extract, expand or both.  The fields were checked at Init
// (provider/parameter_checks.hpp); a salt given as a key (CKF_HKDF_SALT_KEY)
// reaches here as data, resolved by the framework (functions/keys.hpp).
// The spec asks for a base key one hash long; RFC 5869 takes input keying
// material of any length (its test cases have 11..80 bytes) and so do we
// for keys.  A data object as the base (the spec's exception) must be one
// hash long.
#include <algorithm>

#include "crypto/hash.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "p11/constants/flags.hpp"
#include "mech/hashes.hpp"
#include "mech/key_material.hpp"
#include "mech/keys.hpp"

namespace p11::mech {

namespace {

secure_bytes hmac(crypto::hash_alg h, bytes_view key, std::initializer_list<bytes_view> parts) {
    auto mac = crypto::make_hmac(h, key);
    for (const auto part : parts) mac->update(part);
    secure_bytes out(mac->size());
    mac->finish(out.data());
    return out;
}

// RFC 5869 §2.2: PRK = HMAC-Hash(salt, IKM); no salt is HashLen zeros.
secure_bytes extract(crypto::hash_alg h, bytes_view salt, bytes_view ikm) {
    const secure_bytes zeros(crypto::digest_size(h), 0);
    return hmac(h, salt.empty() ? bytes_view{zeros} : salt, {ikm});
}

// RFC 5869 §2.3: T(i) = HMAC-Hash(PRK, T(i-1) | info | i), the first L bytes of T(1) | T(2) | ...
secure_bytes expand(crypto::hash_alg h, bytes_view prk, bytes_view info, std::size_t length) {
    secure_bytes out, t;
    for (std::uint8_t i = 1; out.size() < length; ++i) {
        const byte counter[1] = {i};
        t = hmac(h, prk, {t, info, counter});
        out.insert(out.end(), t.begin(), t.begin() + static_cast<std::ptrdiff_t>(std::min(t.size(), length - out.size())));
    }
    return out;
}

} // namespace

result<attribute_set> hkdf_key(const mechanism_view& m, const object& base_key, attribute_set key) {
    const auto* p = m.param<abi::CK_HKDF_PARAMS>();
    if (p == nullptr) return rv::mechanism_param_invalid;
    const auto h = hash_of_digest(static_cast<mechanism_type>(p->prfHashMechanism));
    if (!h) return rv::mechanism_param_invalid;  // a digest this token does not compute (SHA-3 ...)
    const auto ikm = secret_value_of(base_key);
    if (base_key.cls() == object_class::data) {
        // A data object as input keying material "has the same size as the
        // underlying hash function ... In this case bExtract should be true
        // and non-null salt should be supplied" (3.0 mechanisms, HKDF derive):
        // its value is no key, so it is always extracted, with a salt.
        if (!p->bExtract || p->ulSaltType == to_ulong(hkdf_salt_flags::hkdf_salt_null))
            return rv::mechanism_param_invalid;
        if (ikm.size() != crypto::digest_size(*h)) return rv::key_size_range;
    } else if (ikm.empty()) {
        return rv::user_not_logged_in;  // a sensitive value still encrypted at rest
    }

    const bool data = m.type == mechanism_type::hkdf_data;
    const std::size_t hash_len = crypto::digest_size(*h);
    // Extracting only makes the PRK, one hash long; expanding makes what the
    // template asks (a data object's CKA_VALUE_LEN comes from the framework).
    std::size_t length = hash_len;
    if (p->bExpand || key.has(attribute_type::value_len)) {
        auto wanted = kdf_key_length(key);
        if (!wanted) return wanted.error_value();
        length = *wanted;
    }
    if (!p->bExpand && length != hash_len) return rv::template_inconsistent;
    if (length > 255 * hash_len) return rv::template_inconsistent;  // RFC 5869: L <= 255 HashLen

    secure_bytes prk(ikm.begin(), ikm.end());
    if (p->bExtract) {
        const bool salted = p->ulSaltType == to_ulong(hkdf_salt_flags::hkdf_salt_data);
        prk = extract(*h, salted ? bytes_view{p->pSalt, p->ulSaltLen} : bytes_view{}, ikm);
    }
    const secure_bytes value =
        p->bExpand ? expand(*h, prk, bytes_view{p->pInfo, p->pInfo ? p->ulInfoLen : 0}, length) : std::move(prk);
    key.set(attribute_type::value, value);
    key.erase(attribute_type::value_len);
    if (data) return key;
    if (auto r = finish_secret_key(key); !r) return r.error_value();
    return key;
}

} // namespace p11::mech
