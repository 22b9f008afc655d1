// Templates for the keys the PKCS#11-level fuzzers import with
// C_CreateObject: the fixed RSA and EC keys, and secret keys with fuzz-chosen
// values.  Every attribute value lives in the template object.
#pragma once

#include <cstdint>
#include <deque>
#include <string_view>
#include <vector>

#include "p11/abi/types.hpp"

namespace p11::fuzzing {

// CKA_, CKO_ and CKK_ values the templates use.
namespace cka {
inline constexpr abi::CK_ULONG cls = 0x000, token = 0x001, value = 0x011, key_type = 0x100, sensitive = 0x103,
                               encrypt = 0x104, decrypt = 0x105, wrap = 0x106, unwrap = 0x107, sign = 0x108,
                               verify = 0x10a, derive = 0x10c, modulus = 0x120, public_exponent = 0x122,
                               private_exponent = 0x123, prime_1 = 0x124, prime_2 = 0x125, exponent_1 = 0x126,
                               exponent_2 = 0x127, coefficient = 0x128, value_len = 0x161, extractable = 0x162,
                               ec_params = 0x180, ec_point = 0x181;
}
inline constexpr abi::CK_ULONG cko_public_key = 2, cko_private_key = 3, cko_secret_key = 4;
inline constexpr abi::CK_ULONG ckk_rsa = 0, ckk_ec = 3, ckk_generic_secret = 0x10, ckk_aes = 0x1f;

inline std::vector<std::uint8_t> unhex(std::string_view hex) {
    std::vector<std::uint8_t> out;
    auto nibble = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(static_cast<std::uint8_t>(nibble(hex[i]) << 4 | nibble(hex[i + 1])));
    return out;
}

class object_template {
public:
    object_template() = default;
    // Moving keeps the values where the attributes point; copying would not.
    object_template(const object_template&) = delete;
    object_template& operator=(const object_template&) = delete;
    object_template(object_template&&) = default;
    object_template& operator=(object_template&&) = default;

    object_template& bytes(abi::CK_ULONG type, std::vector<std::uint8_t> v) {
        auto& stored = values_.emplace_back(std::move(v));
        attributes_.push_back({type, stored.empty() ? nullptr : stored.data(), static_cast<abi::CK_ULONG>(stored.size())});
        return *this;
    }
    object_template& ulong(abi::CK_ULONG type, abi::CK_ULONG v) {
        const auto* p = reinterpret_cast<const std::uint8_t*>(&v);
        return bytes(type, std::vector<std::uint8_t>(p, p + sizeof v));
    }
    object_template& flag(abi::CK_ULONG type, bool v) { return bytes(type, {static_cast<std::uint8_t>(v ? 1 : 0)}); }
    // A session object (not written to the token directory).
    object_template& session_object() { return flag(cka::token, false); }

    [[nodiscard]] abi::CK_ATTRIBUTE* data() { return attributes_.data(); }
    [[nodiscard]] abi::CK_ULONG size() const { return static_cast<abi::CK_ULONG>(attributes_.size()); }

private:
    std::deque<std::vector<std::uint8_t>> values_;
    std::vector<abi::CK_ATTRIBUTE> attributes_;
};

// A secret key (a session object) with this value, allowed every use and
// readable back (not sensitive, extractable).
inline object_template usable_secret_key(abi::CK_ULONG key_type, std::vector<std::uint8_t> value) {
    object_template t;
    t.session_object().ulong(cka::cls, cko_secret_key).ulong(cka::key_type, key_type);
    t.bytes(cka::value, std::move(value));
    for (auto usage : {cka::encrypt, cka::decrypt, cka::sign, cka::verify, cka::wrap, cka::unwrap, cka::derive})
        t.flag(usage, true);
    t.flag(cka::sensitive, false).flag(cka::extractable, true);
    return t;
}

} // namespace p11::fuzzing
