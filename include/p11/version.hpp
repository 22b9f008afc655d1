// Cryptoki versions and the named profiles a module or consumer can target.
//
// A version answers "did this exist yet?": every row of the constant tables
// carries the version that introduced it, so a build for an older profile
// can refuse (or translate) anything its callers could not know about.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace p11 {

struct version {
    std::uint8_t major = 0;
    std::uint8_t minor = 0;

    friend constexpr auto operator<=>(const version&, const version&) = default;

    // A zero version marks "never" in the deprecation column of the tables.
    [[nodiscard]] constexpr bool is_set() const { return major != 0 || minor != 0; }
};

namespace versions {
inline constexpr version none{0, 0};
inline constexpr version v1_0{1, 0};
inline constexpr version v2_01{2, 1};
inline constexpr version v2_10{2, 10};
inline constexpr version v2_11{2, 11};
inline constexpr version v2_20{2, 20};
inline constexpr version v2_30{2, 30};
inline constexpr version v2_40{2, 40};
inline constexpr version v3_0{3, 0};
inline constexpr version v3_1{3, 1};
inline constexpr version v3_2{3, 2};
// Vendor extensions that some headers define (p11-kit, NSS) but no OASIS text does.
// They sort after every real version so that no profile claims them by accident.
inline constexpr version vendor{0xff, 0xff};
} // namespace versions

// One constant a profile admits although its version is older than the
// constant's: the family is named by the name of its first row (names are
// unique across families; see constants/table.hpp family_id), the value is
// the constant's CK_ULONG, widened so that this header needs no ABI types.
// Names rather than addresses: GCC 12 under -fsanitize=undefined refuses to
// compare addresses of different objects in a constant expression.
struct admission {
    std::string_view family;
    unsigned long long value = 0;
};

// A profile is what a build presents to its callers: the version it reports
// and, for vendor-like profiles, the later additions it admits anyway.  Only
// what existed at that version (and was not removed before it), or what is
// admitted by family and value, is visible in the profile.
struct profile {
    version level;
    // A constexpr list (constants/profiles.hpp); pointer and count rather
    // than a span so that the profile stays comparable and trivially copied.
    const admission* admitted = nullptr;
    std::size_t admitted_count = 0;

    [[nodiscard]] constexpr bool includes(version since, version removed = versions::none) const {
        if (since > level) return false;
        return !removed.is_set() || removed > level;
    }
    [[nodiscard]] constexpr bool admits(std::string_view family, unsigned long long value) const {
        for (std::size_t i = 0; i < admitted_count; ++i)
            if (admitted[i].family == family && admitted[i].value == value) return true;
        return false;
    }
    // By family and value: the reported version's constants plus the admitted ones.
    [[nodiscard]] constexpr bool includes(std::string_view family, unsigned long long value, version since,
                                          version removed = versions::none) const {
        return includes(since, removed) || admits(family, value);
    }
    // By content, not by the list's address (see admission).
    friend constexpr bool operator==(const profile& a, const profile& b) {
        if (!(a.level == b.level) || a.admitted_count != b.admitted_count) return false;
        for (std::size_t i = 0; i < a.admitted_count; ++i)
            if (a.admitted[i].family != b.admitted[i].family || a.admitted[i].value != b.admitted[i].value)
                return false;
        return true;
    }
};

namespace profiles {
inline constexpr profile v2_11{versions::v2_11};
inline constexpr profile v2_20{versions::v2_20};
inline constexpr profile v2_40{versions::v2_40};
inline constexpr profile v3_0{versions::v3_0};
// Everything we know about, vendor rows included: for tools that decode, not for modules.
inline constexpr profile everything{versions::vendor};
} // namespace profiles

} // namespace p11
