// How p11forge-info spells a version: "2.01", "3.0", as the specifications do.
#pragma once

#include <string>

#include "p11/version.hpp"

namespace p11forge_info {

inline std::string version_text(p11::version v) {
    if (v == p11::versions::vendor) return "vendor extension";
    if (v == p11::versions::none) return "-";
    // 2.x minors are two digits in the documents' names (2.01, 2.10); 1.0 and 3.x are not.
    const bool two_digit_minor = v.major == 2 && v.minor < 10;
    return std::to_string(v.major) + "." + (two_digit_minor ? "0" : "") + std::to_string(v.minor);
}

} // namespace p11forge_info
