// The named profiles a module can be built for (-Dcryptoki_version), among
// them vendor-like ones: a reported version plus the later constants it
// admits, as deployed modules do that report an old version on purpose.
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "p11/constants/attribute.hpp"
#include "p11/constants/mechanism.hpp"
#include "p11/constants/user_type.hpp"
#include "p11/version.hpp"

namespace p11 {

namespace admitted {
// "2.11-extended": what a 2.11 smart-card module serves from later versions
// (the seed's module reports 2.11 yet supports CKA_ALWAYS_AUTHENTICATE).
// A PIN-always key is useless unless the application can read the attribute
// and answer with a context login, so the two come together.  The context
// login's answers (CKR_USER_NOT_LOGGED_IN, CKR_OPERATION_NOT_INITIALIZED,
// CKR_PIN_INCORRECT, CKR_PIN_LOCKED) are all 2.01 codes: no CKR_ row needs
// admitting.  The signature mechanisms are the hash-and-sign ones cards and
// their applications use with SHA-2 (2.20 for RSA, 2.30 for ECDSA); PSS and
// SHA-2 digests stay out, as they bring parameter structures and MGF
// constants a 2.11 caller cannot know.
inline constexpr std::array v2_11_extended{
    admit(attribute_type::always_authenticate),
    admit(user_type::context_specific),
    admit(mechanism_type::sha224_rsa_pkcs),
    admit(mechanism_type::sha256_rsa_pkcs),
    admit(mechanism_type::sha384_rsa_pkcs),
    admit(mechanism_type::sha512_rsa_pkcs),
    admit(mechanism_type::ecdsa_sha224),
    admit(mechanism_type::ecdsa_sha256),
    admit(mechanism_type::ecdsa_sha384),
    admit(mechanism_type::ecdsa_sha512),
};
} // namespace admitted

namespace profiles {
inline constexpr profile v2_11_extended{versions::v2_11, admitted::v2_11_extended.data(),
                                        admitted::v2_11_extended.size()};

struct named_profile {
    std::string_view name;  // as -Dcryptoki_version spells it
    profile value;
};
// The profiles a module may be built for; meson_options.txt lists the same names.
inline constexpr std::array named{
    named_profile{"2.11", v2_11},
    named_profile{"2.11-extended", v2_11_extended},
    named_profile{"2.20", v2_20},
    named_profile{"2.40", v2_40},
    named_profile{"3.0", v3_0},
};

[[nodiscard]] constexpr std::optional<profile> by_name(std::string_view name) {
    for (const auto& n : named)
        if (n.name == name) return n.value;
    return std::nullopt;
}
} // namespace profiles

} // namespace p11
