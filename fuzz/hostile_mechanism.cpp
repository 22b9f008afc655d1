#include "hostile_mechanism.hpp"

#include <cstdio>
#include <cstring>
#include <algorithm>

#include "p11/constants/mechanism.hpp"
#include "p11/constants/named_digest.hpp"

namespace p11::fuzzing {

namespace {

using abi::CK_ULONG;
using M = mechanism_type;

// The longest honest buffer, and the real bytes behind an absurd length.
constexpr std::size_t max_honest_length = 4096;
constexpr std::size_t absurd_backing = 16;
constexpr CK_ULONG ulong_max = ~CK_ULONG{0};
// Scalars at the edges of what arithmetic on them survives.
constexpr CK_ULONG boundaries[] = {0, 1, 7, 8, 0x7fffffff, 0x80000000, 0xffffffff, CK_ULONG{1} << 32, CK_ULONG{1} << 61,
                                   CK_ULONG{1} << 63, ulong_max - 7, ulong_max - 1, ulong_max};
// Buffer lengths worth trying: GCM IVs of 1..256 are valid, 12 is the usual,
// and 0, 257 and 4096 are out of range; OAEP labels and AAD of any length.
constexpr CK_ULONG favoured_lengths[] = {0, 1, 4, 8, 12, 15, 16, 17, 32, 64, 128, 129, 255, 256, 257, 4096};

// The hash mechanisms and MGFs PSS and OAEP parameters name.
constexpr CK_ULONG hashes[] = {0x220 /*SHA_1*/, 0x255 /*SHA224*/, 0x250 /*SHA256*/, 0x260 /*SHA384*/, 0x270 /*SHA512*/,
                               0x210 /*MD5*/, 0x2b0 /*SHA3_256*/};
constexpr CK_ULONG mgfs[] = {1 /*MGF1_SHA1*/, 5 /*MGF1_SHA224*/, 2 /*MGF1_SHA256*/, 3 /*MGF1_SHA384*/, 4 /*MGF1_SHA512*/,
                             0, 6 /*MGF1_SHA3_224*/};
constexpr CK_ULONG ec_kdfs[] = {1 /*NULL*/,         2 /*SHA1_KDF*/,         5 /*SHA224_KDF*/,        6 /*SHA256_KDF*/,
                                7 /*SHA384_KDF*/,   8 /*SHA512_KDF*/,       0,                       0x0a /*SHA3_224_KDF*/,
                                0x10 /*SHA256_KDF_SP800*/, 0x18 /*BLAKE2B_256_KDF*/};

// The digest an MGF or a KDF value names; 0 for none.
template <class Family>
CK_ULONG digest_named(CK_ULONG value) {
    const auto d = digest_of(static_cast<Family>(value));
    return d ? static_cast<CK_ULONG>(*d) : 0;
}

} // namespace

CK_ULONG digest_of_ec_kdf(CK_ULONG value) { return digest_named<ec_kdf>(value); }

namespace {

enum class shape { none, bytes, mac_length, ctr, gcm, pss, oaep, ecdh1 };

shape shape_of(CK_ULONG type) {
    switch (static_cast<M>(type)) {
    case M::aes_cbc:
    case M::aes_cbc_pad:
    case M::aes_key_wrap:
    case M::aes_key_wrap_pad:
    case M::aes_key_wrap_kwp: return shape::bytes;
    case M::sha_1_hmac_general:
    case M::sha224_hmac_general:
    case M::sha256_hmac_general:
    case M::sha384_hmac_general:
    case M::sha512_hmac_general:
    case M::aes_cmac_general: return shape::mac_length;
    case M::aes_ctr: return shape::ctr;
    case M::aes_gcm: return shape::gcm;
    case M::rsa_pkcs_pss:
    case M::sha1_rsa_pkcs_pss:
    case M::sha224_rsa_pkcs_pss:
    case M::sha256_rsa_pkcs_pss:
    case M::sha384_rsa_pkcs_pss:
    case M::sha512_rsa_pkcs_pss: return shape::pss;
    case M::rsa_pkcs_oaep: return shape::oaep;
    case M::ecdh1_derive:
    case M::ecdh1_cofactor_derive: return shape::ecdh1;
    default: return shape::none;
    }
}

} // namespace

// One of `known` (a hash, an MGF, a KDF), or now and then any value.
template <std::size_t N>
CK_ULONG hostile_mechanism::usually(input& in, const CK_ULONG (&known)[N]) {
    return in.byte() % 16 < 14 ? in.pick(known) : scalar(in, {});
}

std::uint8_t* hostile_mechanism::own(std::vector<std::uint8_t> bytes) {
    // A zero-length buffer still gets a real address: NULL is a separate case.
    if (bytes.empty()) bytes.reserve(1);
    return owned_.emplace_back(std::move(bytes)).data();
}

hostile_mechanism::sized hostile_mechanism::buffer(input& in) {
    const auto how = in.byte();
    switch (how % 8) {
    case 5: return {nullptr, 0};
    case 6:
        // NULL with a length: detectable, so a module must not follow it.
        dishonest_ = true;
        return {nullptr, in.pick(favoured_lengths) | 1};
    case 7: {
        dishonest_ = true;
        auto bytes = in.take(absurd_backing);
        bytes.resize(absurd_backing);
        return {own(std::move(bytes)), in.pick(absurd_lengths)};
    }
    default: {
        const CK_ULONG n = (how & 0x80) ? in.byte() : in.pick(favoured_lengths);
        auto bytes = in.take(n);
        bytes.resize(n);
        return {own(std::move(bytes)), n};
    }
    }
}

CK_ULONG hostile_mechanism::scalar(input& in, std::initializer_list<CK_ULONG> typical) {
    const auto how = in.byte() % 8;
    if (how < 4 && typical.size() != 0) return typical.begin()[in.byte() % typical.size()];
    if (how < 6) return in.byte();
    if (how == 6) return in.pick(boundaries);
    return static_cast<CK_ULONG>(in.number(sizeof(CK_ULONG)));
}

// ulParameterLen is usually right; otherwise short, long (the buffer grows
// with it), zero, NULL with the struct's length, or absurd.
template <class Struct>
void hostile_mechanism::set_struct(input& in, const Struct& s) {
    parameter_.assign(reinterpret_cast<const std::uint8_t*>(&s), reinterpret_cast<const std::uint8_t*>(&s) + sizeof s);
    CK_ULONG length = sizeof s;
    switch (in.byte() % 16) {
    case 10: length = sizeof s - 1; break;
    case 11: length = sizeof s + 8; break;
    case 12: length = 0; break;
    case 13:
        mechanism_.pParameter = nullptr;
        mechanism_.ulParameterLen = sizeof s;
        dishonest_ = true;
        return;
    case 14:
        length = in.pick(absurd_lengths);
        dishonest_ = true;
        break;
    default: break;
    }
    if (length <= sizeof s + 8) parameter_.resize(std::max<std::size_t>(parameter_.size(), length));
    mechanism_.pParameter = parameter_.data();
    mechanism_.ulParameterLen = length;
}

void hostile_mechanism::set_bytes(input& in) {
    const auto b = buffer(in);
    const std::size_t real = b.length > max_honest_length ? absurd_backing : b.length;
    if (b.pointer != nullptr) parameter_.assign(b.pointer, b.pointer + real);
    mechanism_.pParameter = b.pointer == nullptr ? nullptr : parameter_.data();
    mechanism_.ulParameterLen = b.length;
}

hostile_mechanism::hostile_mechanism(input& in, CK_ULONG type, const std::vector<std::uint8_t>* peer_point) {
    mechanism_.mechanism = type;
    switch (shape_of(type)) {
    case shape::none:
        // Mostly none, as these mechanisms take; sometimes bytes they must refuse or ignore.
        if (in.byte() % 8 == 0) set_bytes(in);
        break;
    case shape::bytes: set_bytes(in); break;
    case shape::mac_length: {
        abi::CK_MAC_GENERAL_PARAMS length = scalar(in, {16, 20, 28, 32, 48, 64, 1, 0, 65});
        set_struct(in, length);
        break;
    }
    case shape::ctr: {
        abi::CK_AES_CTR_PARAMS p{};
        p.ulCounterBits = scalar(in, {128, 32, 64, 1, 0, 129});
        const auto cb = in.take(sizeof p.cb);
        if (!cb.empty()) std::memcpy(p.cb, cb.data(), cb.size());
        set_struct(in, p);
        break;
    }
    case shape::gcm: {
        abi::CK_GCM_PARAMS p{};
        const auto iv = buffer(in);
        p.pIv = iv.pointer;
        p.ulIvLen = iv.length;
        p.ulIvBits = scalar(in, {iv.length * 8, 0, 96});
        const auto aad = buffer(in);
        p.pAAD = aad.pointer;
        p.ulAADLen = aad.length;
        p.ulTagBits = scalar(in, {128, 96, 64, 32, 120, 104, 112, 0, 129, 8});
        set_struct(in, p);
        break;
    }
    case shape::pss: {
        abi::CK_RSA_PKCS_PSS_PARAMS p{};
        p.hashAlg = usually(in, hashes);
        p.mgf = usually(in, mgfs);
        named_digests_ = {p.hashAlg, digest_named<mgf>(p.mgf)};
        p.sLen = scalar(in, {0, 20, 28, 32, 48, 64, 94, ulong_max});
        set_struct(in, p);
        break;
    }
    case shape::oaep: {
        abi::CK_RSA_PKCS_OAEP_PARAMS p{};
        p.hashAlg = usually(in, hashes);
        p.mgf = usually(in, mgfs);
        named_digests_ = {p.hashAlg, digest_named<mgf>(p.mgf)};
        p.source = scalar(in, {1 /*CKZ_DATA_SPECIFIED*/, 0});
        const auto label = buffer(in);
        p.pSourceData = label.pointer;
        p.ulSourceDataLen = label.length;
        set_struct(in, p);
        break;
    }
    case shape::ecdh1: {
        abi::CK_ECDH1_DERIVE_PARAMS p{};
        p.kdf = usually(in, ec_kdfs);
        named_digests_ = {digest_of_ec_kdf(p.kdf)};
        const auto shared = buffer(in);
        p.pSharedData = shared.pointer;
        p.ulSharedDataLen = shared.length;
        if (peer_point != nullptr && in.byte() % 4 != 0) {
            p.pPublicData = own(*peer_point);
            p.ulPublicDataLen = static_cast<CK_ULONG>(peer_point->size());
        } else {
            const auto pub = buffer(in);
            p.pPublicData = pub.pointer;
            p.ulPublicDataLen = pub.length;
        }
        set_struct(in, p);
        break;
    }
    }
}

std::string hostile_mechanism::describe() const {
    std::string s;
    char head[96];
    std::snprintf(head, sizeof head, "mechanism 0x%lx, ulParameterLen %lu, parameter",
                  static_cast<unsigned long>(mechanism_.mechanism), static_cast<unsigned long>(mechanism_.ulParameterLen));
    s = head;
    if (mechanism_.pParameter == nullptr) return s + " NULL";
    for (std::size_t i = 0; i < parameter_.size() && i < 64; ++i) {
        char hex[4];
        std::snprintf(hex, sizeof hex, " %02x", parameter_[i]);
        s += hex;
    }
    return s;
}

} // namespace p11::fuzzing
