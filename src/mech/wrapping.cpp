// C_WrapKey / C_UnwrapKey of secret keys: AES key wrap (RFC 3394, RFC 5649),
// AES-CBC-PAD, Triple-DES ECB/CBC/CBC-PAD, and RSA (PKCS #1 v1.5, OAEP).
// Private keys (RSA, EC, Edwards, Montgomery) travel as PKCS #8
// PrivateKeyInfo (private_key_info.hpp) under the padding mechanisms only.
#include <algorithm>
#include <cstring>

#include "mech/crypto_errors.hpp"
#include "mech/key_material.hpp"
#include "mech/keys.hpp"
#include "mech/ops.hpp"
#include "mech/private_key_info.hpp"

namespace p11::mech {

namespace {

// Wrapping is encryption of the key value with the wrapping mechanism; the
// same operations that serve C_Encrypt/C_Decrypt do it.
result<std::unique_ptr<provider::cipher_operation>> cipher_for(const mechanism_view& m, const object& key,
                                                               crypto::direction d) {
    switch (m.type) {
    case mechanism_type::aes_key_wrap:
    case mechanism_type::aes_key_wrap_pad:
    case mechanism_type::aes_key_wrap_kwp:
    case mechanism_type::aes_cbc_pad:
    case mechanism_type::aes_ecb:
    case mechanism_type::aes_cbc: return ops::aes_cipher(m, key, d);
    case mechanism_type::des3_ecb:
    case mechanism_type::des3_cbc:
    case mechanism_type::des3_cbc_pad: return ops::des3_cipher(m, key, d);
    case mechanism_type::rsa_pkcs:
    case mechanism_type::rsa_pkcs_oaep: return ops::rsa_cipher(m, key, d, nullptr);
    default: return rv::mechanism_invalid;
    }
}

// The mechanisms that wrap private keys: those that take any length, as a
// PrivateKeyInfo has (PKCS #11 3.0 mechanisms §2.15.6 for AES-CBC-PAD and
// §2.21 for DES3-CBC-PAD name private keys; RFC 5649's KWP is made for any
// length).  The others stay secret-key only: RFC 3394 and the unpadded
// modes need whole blocks, and RSA is far too short.
constexpr mechanism_type private_key_wrappers[] = {mechanism_type::aes_key_wrap_pad, mechanism_type::aes_key_wrap_kwp,
                                                   mechanism_type::aes_cbc_pad, mechanism_type::des3_cbc_pad};
bool wraps_private_keys(mechanism_type t) {
    return std::find(std::begin(private_key_wrappers), std::end(private_key_wrappers), t) != std::end(private_key_wrappers);
}

rv as_wrap_error(rv r, bool wrapping) {
    if (r == rv::key_type_inconsistent) return wrapping ? rv::wrapping_key_type_inconsistent : rv::unwrapping_key_type_inconsistent;
    if (r == rv::key_size_range) return wrapping ? rv::wrapping_key_size_range : rv::unwrapping_key_size_range;
    if (!wrapping && (r == rv::encrypted_data_invalid)) return rv::wrapped_key_invalid;
    if (!wrapping && (r == rv::encrypted_data_len_range)) return rv::wrapped_key_len_range;
    if (wrapping && (r == rv::data_len_range)) return rv::key_size_range;
    return r;
}

result<std::vector<std::uint8_t>> encrypt_key(const mechanism_view& m, const object& wrapping_key, bytes_view value) {
    auto op = cipher_for(m, wrapping_key, crypto::direction::encrypt);
    if (!op) return as_wrap_error(op.code(), true);
    std::vector<std::uint8_t> out((*op)->single_bound(value.size()));
    auto n = (*op)->single(value, out);
    if (!n) return as_wrap_error(n.code(), true);
    out.resize(*n);
    return out;
}

} // namespace

result<std::vector<std::uint8_t>> wrap_key(const mechanism_view& m, const object& wrapping_key, const object& key) {
    if (key.cls() == object_class::private_key) {
        if (!wraps_private_keys(m.type)) return rv::key_not_wrappable;
        auto der = private_key_info_of(key);
        if (!der) return der.code();
        return encrypt_key(m, wrapping_key, *der);
    }
    if (key.cls() != object_class::secret_key) return rv::key_not_wrappable;
    const auto value = secret_value_of(key);
    if (value.empty()) return rv::user_not_logged_in;  // a sensitive value still encrypted at rest
    return encrypt_key(m, wrapping_key, value);
}

result<attribute_set> unwrap_key(const mechanism_view& m, const object& unwrapping_key, bytes_view wrapped,
                                 attribute_set key) {
    const auto cls = key.ulong(attribute_type::cls);
    const bool private_key = cls == static_cast<ck_ulong>(object_class::private_key);
    if (!private_key && cls != static_cast<ck_ulong>(object_class::secret_key)) return rv::template_inconsistent;
    // C_UnwrapKey's list has no "key not wrappable": a mechanism that never
    // carries private keys is the wrong one for this call.
    if (private_key && !wraps_private_keys(m.type)) return rv::mechanism_invalid;
    auto op = cipher_for(m, unwrapping_key, crypto::direction::decrypt);
    if (!op) return as_wrap_error(op.code(), false);
    secure_bytes value((*op)->single_bound(wrapped.size()));
    auto n = (*op)->single(wrapped, value);
    if (!n) return as_wrap_error(n.code(), false);
    value.resize(*n);
    if (private_key) return private_key_from_info(value, std::move(key));
    // A CKA_VALUE_LEN in the template cuts padding off (e.g. AES-ECB of a short key).
    if (auto len = key.ulong(attribute_type::value_len)) {
        if (*len > value.size()) return rv::template_inconsistent;
        value.resize(*len);
    }
    key.set(attribute_type::value, value);
    if (auto r = finish_secret_key(key); !r) return r.code() == rv::attribute_value_invalid ? rv::wrapped_key_invalid : r.code();
    return key;
}

} // namespace p11::mech
