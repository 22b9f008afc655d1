// The published Cryptoki versions, oldest first, with the document that defines each.
//
// version.hpp names them; this list is what a tool walks to say which version
// introduced what.  The static_assert in version_history.hpp keeps it complete:
// a table row dated by a version missing here fails the build.
#pragma once

#include <array>
#include <string_view>

#include "p11/version.hpp"

namespace p11 {

struct cryptoki_version {
    version number;
    std::string_view document;
};

inline constexpr std::array cryptoki_versions{
    cryptoki_version{versions::v1_0, "RSA Laboratories PKCS #11 v1.0"},
    cryptoki_version{versions::v2_01, "RSA Laboratories PKCS #11 v2.01"},
    cryptoki_version{versions::v2_10, "RSA Laboratories PKCS #11 v2.10"},
    cryptoki_version{versions::v2_11, "RSA Laboratories PKCS #11 v2.11"},
    cryptoki_version{versions::v2_20, "RSA Laboratories PKCS #11 v2.20"},
    cryptoki_version{versions::v2_30, "RSA Laboratories PKCS #11 v2.30 (drafts only)"},
    cryptoki_version{versions::v2_40, "OASIS PKCS #11 v2.40"},
    cryptoki_version{versions::v3_0, "OASIS PKCS #11 v3.0"},
    cryptoki_version{versions::v3_1, "OASIS PKCS #11 v3.1"},
    cryptoki_version{versions::v3_2, "OASIS PKCS #11 v3.2"},
};

[[nodiscard]] constexpr bool is_published(version v) {
    for (const auto& c : cryptoki_versions)
        if (c.number == v) return true;
    return false;
}

} // namespace p11
