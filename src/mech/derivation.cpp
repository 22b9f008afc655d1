// C_DeriveKey (HKDF: hkdf.cpp) with CKM_ECDH1_DERIVE / CKM_ECDH1_COFACTOR_DERIVE
// (prime curves have cofactor 1, so both are the same; X25519/X448 clear the
// cofactor in their scalars): the shared x coordinate (the u coordinate on
// Montgomery curves), optionally through the ANSI X9.63 KDF (CKD_SHA*_KDF,
// CKD_SHA3_*_KDF) or SP 800-56A's single-step KDF (CKD_*_KDF_SP800, 3.0).
#include <algorithm>
#include <cstring>

#include "crypto/capabilities.hpp"
#include "crypto/ec.hpp"
#include "crypto/hash.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "p11/constants/key_type.hpp"
#include "mech/crypto_errors.hpp"
#include "mech/hashes.hpp"
#include "mech/key_material.hpp"
#include "mech/keys.hpp"

namespace p11::mech {

namespace {

// ANSI X9.63 KDF: Hash(Z || counter || SharedInfo) for counter = 1, 2, ...;
// SP 800-56A's single-step KDF: Hash(counter || Z || OtherInfo).
secure_bytes hash_kdf(const kdf_hash& kdf, bytes_view z, bytes_view shared_info, std::size_t length) {
    const auto h = *kdf.hash;
    secure_bytes out;
    const std::size_t block = crypto::digest_size(h);
    secure_bytes digest(block);
    for (std::uint32_t counter = 1; out.size() < length; ++counter) {
        auto hash = crypto::make_hash(h);
        const std::uint8_t c[4] = {static_cast<std::uint8_t>(counter >> 24), static_cast<std::uint8_t>(counter >> 16),
                                   static_cast<std::uint8_t>(counter >> 8), static_cast<std::uint8_t>(counter)};
        if (kdf.counter_first) hash->update(c);
        hash->update(z);
        if (!kdf.counter_first) hash->update(c);
        hash->update(shared_info);
        hash->finish(digest.data());
        out.insert(out.end(), digest.begin(), digest.begin() + static_cast<std::ptrdiff_t>(std::min(block, length - out.size())));
    }
    return out;
}

// The length a derived key gets when the template does not say.
std::optional<std::size_t> default_length(key_type kt, std::size_t natural) {
    if (kt == key_type::aes) return std::nullopt;  // AES needs CKA_VALUE_LEN to choose 16/24/32
    return natural;
}

// Z of ECDH: the x coordinate for EC keys, X25519/X448's output for
// Montgomery keys (3.0: the same mechanisms, RFC 7748 section 6).
result<void> shared_secret(const object& base_key, bytes_view peer, secure_bytes& z) {
    auto s = crypto::status::invalid_key;
    if (base_key.key_type() == static_cast<ck_ulong>(key_type::ec_montgomery)) {
        auto priv = ecx_private_of(base_key);
        if (!priv) return base_key.attributes().has(attribute_type::value) ? rv::key_type_inconsistent : rv::user_not_logged_in;
        s = priv->derive(peer, z);
    } else {
        auto priv = ec_private_of(base_key);
        if (!priv) return base_key.attributes().has(attribute_type::value) ? rv::key_type_inconsistent : rv::user_not_logged_in;
        s = priv->derive(peer, z);
    }
    if (s == crypto::status::ok) return {};
    return s == crypto::status::invalid_input || s == crypto::status::invalid_key ? rv::mechanism_param_invalid
                                                                                  : to_rv(s, failing::key_handling);
}

} // namespace

result<attribute_set> derive_key(const mechanism_view& m, const object& base_key, attribute_set key) {
    if (m.type == mechanism_type::hkdf_derive || m.type == mechanism_type::hkdf_data)
        return hkdf_key(m, base_key, std::move(key));
    if (m.type != mechanism_type::ecdh1_derive && m.type != mechanism_type::ecdh1_cofactor_derive) return rv::mechanism_invalid;
    const auto* p = m.param<abi::CK_ECDH1_DERIVE_PARAMS>();
    if (p == nullptr || p->pPublicData == nullptr || p->ulPublicDataLen == 0 ||
        (p->pSharedData == nullptr && p->ulSharedDataLen != 0))
        return rv::mechanism_param_invalid;
    const auto kdf = hash_of_kdf(static_cast<ec_kdf>(p->kdf));
    // The SHA-3 KDFs only where the backend has SHA-3 (not mbedTLS 2.28).
    if (!kdf.known || (kdf.hash && crypto::is_sha3(*kdf.hash) && !crypto::backend_capabilities().sha3))
        return rv::mechanism_param_invalid;
    if (!kdf.hash && p->ulSharedDataLen != 0) return rv::mechanism_param_invalid;  // CKD_NULL takes no shared data

    secure_bytes z;
    const bytes_view peer{p->pPublicData, p->ulPublicDataLen};
    if (auto r = shared_secret(base_key, peer, z); !r) return r.error_value();

    const auto kt = static_cast<key_type>(key.ulong(attribute_type::key_type).value_or(static_cast<ck_ulong>(key_type::generic_secret)));
    const std::size_t natural = kdf.hash ? crypto::digest_size(*kdf.hash) : z.size();
    const auto wanted = key.ulong(attribute_type::value_len);
    const auto length = wanted ? std::optional<std::size_t>(*wanted) : default_length(kt, natural);
    if (!length) return rv::template_incomplete;
    if (*length == 0 || (!kdf.hash && *length > z.size())) return rv::template_inconsistent;
    // Before the KDF sizes its output by it: the caller's CKA_VALUE_LEN is
    // only a number (2^40 would be allocated).
    if (*length > max_secret_key_bytes) return rv::attribute_value_invalid;

    secure_bytes value;
    if (kdf.hash) {
        value = hash_kdf(kdf, z, bytes_view{p->pSharedData, p->pSharedData ? p->ulSharedDataLen : 0}, *length);
    } else {
        // "The truncation removes bytes from the leading end of the secret value"
        // (PKCS #11 2.40 mechanisms, ECDH key derivation): keep the trailing bytes.
        value.assign(z.end() - static_cast<std::ptrdiff_t>(*length), z.end());
    }
    key.erase(attribute_type::value_len);
    key.set(attribute_type::value, value);
    if (auto r = finish_secret_key(key); !r) return r.error_value();
    return key;
}

} // namespace p11::mech
