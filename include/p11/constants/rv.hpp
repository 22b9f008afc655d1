// p11::rv (CKR_): return values, each with a description and, for codes newer
// than 2.01, the older code a module built for an older profile returns instead.
#pragma once

#include "p11/constants/rv_rows.hpp"
#include "p11/constants/table.hpp"

namespace p11 {

struct rv_row : constant_row {
    ck_ulong fallback;  // closest code of an older version
};

enum class rv : ck_ulong { P11_RV_ROWS(P11_CONSTANT_ENUMERATOR) P11_RV_ALIASES(P11_ALIAS_ENUMERATOR) };

namespace detail::rows_of_rv {
#define P11_RV_ROW(id, NAME, value, since, deprecated, fallback, description) \
    rv_row{P11_CONSTANT_BASE(#NAME, value, since, deprecated), static_cast<ck_ulong>(rv::fallback)},
inline constexpr std::array<rv_row, 0 P11_RV_ROWS(P11_COUNT_ROW)> rows{{P11_RV_ROWS(P11_RV_ROW)}};
#undef P11_RV_ROW
// Index for index with the rows, but apart from them: only a program that
// prints descriptions links them (6 KB on a 32-bit target; docs/firmware.md).
#define P11_RV_DESCRIPTION(id, NAME, value, since, deprecated, fallback, description) std::string_view{description},
inline constexpr std::array<std::string_view, rows.size()> descriptions{{P11_RV_ROWS(P11_RV_DESCRIPTION)}};
#undef P11_RV_DESCRIPTION
inline constexpr auto aliases = P11_ALIAS_ARRAY(rv, P11_RV_ALIASES);
} // namespace detail::rows_of_rv

template <>
struct constant_family<rv> {
    using row_type = rv_row;
    static constexpr std::string_view prefix = "CKR_";
    static constexpr const auto& rows = P11_RUNTIME_ROWS(detail::rows_of_rv::rows);
    static constexpr const auto& named_rows = detail::rows_of_rv::rows;
    static constexpr const auto& aliases = detail::rows_of_rv::aliases;
    static constexpr bool is_bitmask = false;
};

namespace detail {
// Following fallbacks must reach a code that existed in 2.01, without cycles.
constexpr bool fallbacks_terminate() {
    for (const auto& r : constant_family<rv>::rows) {
        const auto& rows = constant_family<rv>::rows;
        ck_ulong v = r.value;
        for (int step = 0;; ++step) {
            const auto i = index_of(static_cast<rv>(v));
            if (i == npos || step > 8) return false;
            const auto& row = rows[i];
            if (row.since <= versions::v2_01) break;
            const auto next = index_of(static_cast<rv>(row.fallback));
            if (next == npos || !(rows[next].since < row.since)) return false;  // must be strictly older
            v = row.fallback;
        }
    }
    return true;
}
} // namespace detail

static_assert(family_is_well_formed<rv>(), "CKR_ table is unsorted or has duplicate names");
static_assert(detail::fallbacks_terminate(), "every CKR_ fallback chain must end at a 2.01 code");

[[nodiscard]] constexpr std::string_view description(rv code) {
    if (!names_available()) return {};
    const auto i = index_of(code);
    return i == npos ? std::string_view{} : detail::rows_of_rv::descriptions[i];
}

// The code a caller of `target` may receive for `code`: the code itself when
// that version defines it or the profile admits it, else its fallback
// chain's first member that is visible.
// Vendor-defined codes pass through unchanged (the application opted in).
[[nodiscard]] constexpr rv downgrade(rv code, profile target) {
    if (is_vendor_defined(code)) return code;
    for (int guard = 0; guard < 8; ++guard) {
        const auto i = index_of(code);
        if (i == npos) return rv::general_error;
        const auto& row = constant_family<rv>::rows[i];
        if (row_in<rv>(row, target)) return code;
        code = static_cast<rv>(row.fallback);
    }
    return rv::general_error;
}

} // namespace p11
