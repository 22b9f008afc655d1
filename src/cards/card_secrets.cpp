#include "cards/card_secrets.hpp"

#include "mech/key_material.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "p11/constants/ec_kdf.hpp"

namespace p11::cards {

result<provider::attribute_set> unwrapped_secret(provider::cipher_operation& op, bytes_view wrapped,
                                                 provider::attribute_set key) {
    if (op.needs_context_login()) return rv::user_not_logged_in;  // no context login in C_UnwrapKey
    secure_bytes value(op.single_bound(wrapped.size()));
    auto n = op.single(wrapped, value);
    if (!n) {
        if (n.code() == rv::encrypted_data_invalid) return rv::wrapped_key_invalid;
        if (n.code() == rv::encrypted_data_len_range) return rv::wrapped_key_len_range;
        return n.error_value();
    }
    value.resize(*n);
    key.set(attribute_type::value, value);
    if (auto r = mech::finish_secret_key(key); !r) return r.error_value();
    return key;
}

result<bytes_view> ecdh_peer_data(const provider::mechanism_view& m) {
    if (m.type != mechanism_type::ecdh1_derive) return rv::mechanism_invalid;
    const auto* p = m.param<abi::CK_ECDH1_DERIVE_PARAMS>();
    if (p == nullptr || p->pPublicData == nullptr || p->ulPublicDataLen == 0 ||
        p->kdf != static_cast<ck_ulong>(ec_kdf::null) || p->ulSharedDataLen != 0)
        return rv::mechanism_param_invalid;
    return bytes_view{p->pPublicData, p->ulPublicDataLen};
}

result<provider::attribute_set> derived_secret(bytes_view z, provider::attribute_set key) {
    const auto wanted = key.ulong(attribute_type::value_len);
    const std::size_t length = wanted ? *wanted : z.size();
    if (length == 0 || length > z.size()) return rv::template_inconsistent;
    // Truncation keeps the trailing bytes (PKCS #11 mechanisms, ECDH).
    key.erase(attribute_type::value_len);
    key.set(attribute_type::value, z.subspan(z.size() - length));
    if (auto r = mech::finish_secret_key(key); !r) return r.error_value();
    return key;
}

} // namespace p11::cards
