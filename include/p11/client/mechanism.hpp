// Typed mechanisms for the consumer side: a mechanism owns its parameter and
// everything the parameter points to, is copyable, and yields a CK_MECHANISM
// on demand (pointers refreshed for wherever the object now lives).
//
//   auto m = p11::mech::rsa_pkcs_pss(p11::mechanism_type::sha256, 32);
//   auto g = p11::mech::aes_gcm(iv, aad, 128);
#pragma once

#include <cstring>
#include <optional>
#include <variant>
#include <vector>

#include "p11/abi/mechanism_params.hpp"
#include "p11/constants/ec_kdf.hpp"
#include "p11/constants/mechanism.hpp"
#include "p11/constants/mgf.hpp"
#include "p11/constants/oaep_source.hpp"

namespace p11 {

class mechanism {
public:
    using bytes = std::vector<std::uint8_t>;

    mechanism() = default;
    mechanism(mechanism_type t) : type_(t) {}  // NOLINT: a bare type is a mechanism without parameter

    [[nodiscard]] mechanism_type type() const { return type_; }

    // The C form, valid while this object lives unchanged.  Cryptoki takes the
    // parameter through a non-const pointer and never writes to it.  Not on a
    // temporary: the result would point into a destroyed parameter.
    abi::CK_MECHANISM ck() const&& = delete;
    [[nodiscard]] abi::CK_MECHANISM ck() const& {
        abi::CK_MECHANISM m{static_cast<abi::CK_MECHANISM_TYPE>(type_), nullptr, 0};
        std::visit(
            [&](const auto& p) {
                using P = std::decay_t<decltype(p)>;
                if constexpr (std::is_same_v<P, std::monostate>) {
                } else if constexpr (std::is_same_v<P, bytes>) {
                    m.pParameter = p.empty() ? nullptr : const_cast<std::uint8_t*>(p.data());
                    m.ulParameterLen = static_cast<abi::CK_ULONG>(p.size());
                } else {
                    fixup(const_cast<P&>(p));  // param_ is mutable
                    m.pParameter = const_cast<P*>(&p);
                    m.ulParameterLen = sizeof(P);
                }
            },
            param_);
        return m;
    }

    // Builders, used by the p11::mech functions below.
    static mechanism with_bytes(mechanism_type t, bytes data) {
        mechanism m(t);
        m.param_ = std::move(data);
        return m;
    }
    template <class Param>
    static mechanism with_struct(mechanism_type t, const Param& p, bytes first = {}, bytes second = {}) {
        mechanism m(t);
        m.param_ = p;
        m.first_ = std::move(first);
        m.second_ = std::move(second);
        return m;
    }

private:
    // Points the parameter's pointers at this object's own copies.
    void fixup(abi::CK_RSA_PKCS_OAEP_PARAMS& p) const {
        p.pSourceData = first_.empty() ? nullptr : const_cast<std::uint8_t*>(first_.data());
        p.ulSourceDataLen = static_cast<abi::CK_ULONG>(first_.size());
    }
    void fixup(abi::CK_GCM_PARAMS& p) const {
        p.pIv = const_cast<std::uint8_t*>(first_.data());
        p.ulIvLen = static_cast<abi::CK_ULONG>(first_.size());
        p.ulIvBits = static_cast<abi::CK_ULONG>(first_.size() * 8);
        p.pAAD = second_.empty() ? nullptr : const_cast<std::uint8_t*>(second_.data());
        p.ulAADLen = static_cast<abi::CK_ULONG>(second_.size());
    }
    void fixup(abi::CK_ECDH1_DERIVE_PARAMS& p) const {
        p.pPublicData = const_cast<std::uint8_t*>(first_.data());
        p.ulPublicDataLen = static_cast<abi::CK_ULONG>(first_.size());
        p.pSharedData = second_.empty() ? nullptr : const_cast<std::uint8_t*>(second_.data());
        p.ulSharedDataLen = static_cast<abi::CK_ULONG>(second_.size());
    }
    void fixup(abi::CK_RSA_PKCS_PSS_PARAMS&) const {}
    void fixup(abi::CK_AES_CTR_PARAMS&) const {}
    void fixup(abi::CK_MAC_GENERAL_PARAMS&) const {}

    mechanism_type type_{};
    // mutable: ck() refreshes the pointers inside the parameter for where
    // this object lives now; nothing a caller can observe changes.
    mutable std::variant<std::monostate, bytes, abi::CK_RSA_PKCS_PSS_PARAMS, abi::CK_RSA_PKCS_OAEP_PARAMS, abi::CK_GCM_PARAMS,
                 abi::CK_AES_CTR_PARAMS, abi::CK_ECDH1_DERIVE_PARAMS, abi::CK_MAC_GENERAL_PARAMS>
        param_;
    bytes first_, second_;
};

namespace mech {

using bytes = mechanism::bytes;

// The MGF1 that goes with a hash mechanism (CKM_SHA256 -> CKG_MGF1_SHA256).
[[nodiscard]] constexpr mgf mgf1_for(mechanism_type hash) {
    switch (hash) {
    case mechanism_type::sha224: return mgf::sha224;
    case mechanism_type::sha256: return mgf::sha256;
    case mechanism_type::sha384: return mgf::sha384;
    case mechanism_type::sha512: return mgf::sha512;
    case mechanism_type::sha3_224: return mgf::sha3_224;
    case mechanism_type::sha3_256: return mgf::sha3_256;
    case mechanism_type::sha3_384: return mgf::sha3_384;
    case mechanism_type::sha3_512: return mgf::sha3_512;
    default: return mgf::sha1;
    }
}

inline mechanism rsa_pkcs_pss(mechanism_type hash, ck_ulong salt_length,
                              mechanism_type which = mechanism_type::rsa_pkcs_pss) {
    return mechanism::with_struct(which, abi::CK_RSA_PKCS_PSS_PARAMS{static_cast<abi::CK_MECHANISM_TYPE>(hash),
                                                                     static_cast<abi::CK_ULONG>(mgf1_for(hash)),
                                                                     salt_length});
}

inline mechanism rsa_pkcs_oaep(mechanism_type hash, bytes label = {}) {
    abi::CK_RSA_PKCS_OAEP_PARAMS p{static_cast<abi::CK_MECHANISM_TYPE>(hash), static_cast<abi::CK_ULONG>(mgf1_for(hash)),
                                   static_cast<abi::CK_ULONG>(oaep_source::data_specified), nullptr, 0};
    return mechanism::with_struct(mechanism_type::rsa_pkcs_oaep, p, std::move(label));
}

inline mechanism aes_cbc_pad(bytes iv16) { return mechanism::with_bytes(mechanism_type::aes_cbc_pad, std::move(iv16)); }
inline mechanism aes_cbc(bytes iv16) { return mechanism::with_bytes(mechanism_type::aes_cbc, std::move(iv16)); }

inline mechanism aes_gcm(bytes iv, bytes aad, ck_ulong tag_bits) {
    abi::CK_GCM_PARAMS p{};
    p.ulTagBits = tag_bits;
    return mechanism::with_struct(mechanism_type::aes_gcm, p, std::move(iv), std::move(aad));
}

inline mechanism aes_ctr(const std::uint8_t (&counter_block)[16], ck_ulong counter_bits) {
    abi::CK_AES_CTR_PARAMS p{};
    p.ulCounterBits = counter_bits;
    std::memcpy(p.cb, counter_block, 16);
    return mechanism::with_struct(mechanism_type::aes_ctr, p);
}

inline mechanism ecdh1_derive(bytes peer_point, ec_kdf kdf = ec_kdf::null, bytes shared_data = {}) {
    abi::CK_ECDH1_DERIVE_PARAMS p{};
    p.kdf = static_cast<abi::CK_EC_KDF_TYPE>(kdf);
    return mechanism::with_struct(mechanism_type::ecdh1_derive, p, std::move(peer_point), std::move(shared_data));
}

inline mechanism mac_general(mechanism_type which, ck_ulong length) {
    return mechanism::with_struct(which, abi::CK_MAC_GENERAL_PARAMS{length});
}

} // namespace mech

} // namespace p11
