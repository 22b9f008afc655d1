// The machinery every constant family shares.
//
// A family (CKR, CKA, CKM, ...) is written once, as an X-macro list of rows
// in constants/<family>_rows.hpp.  Its header expands those rows into
//   - an open `enum class` (any CK_ULONG converts to it and back),
//   - a constexpr std::array of rows sorted by value (checked at compile time),
//   - alias rows for names that share a value (CKK_ECDSA = CKK_EC),
//   - a constant_family<Enum> specialisation that ties them together.
// Everything below (lookups both ways, names of vendor and unknown values,
// profile membership) is generic over that specialisation, so no table is
// ever typed twice.  No heap, no exceptions, no iostream: usable in firmware.
//
// P11_NO_NAMES (define it before including any p11 header, in every
// translation unit) keeps the names out of the image for flash-tight
// firmware: constant evaluation still sees them (the checks below, admissions,
// static_asserts), but the tables the program reads at run time hold empty
// names, so no name or CKR description is linked.  At run time name() and
// description() then return an empty view, to_string() the number
// ("0x00000013", a bit mask "0x6"), and from_name() nothing (parse() still
// reads numbers).  See docs/firmware.md.
#pragma once

#include <algorithm>
#include <array>
#include <concepts>
#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>

#include "p11/abi/types.hpp"
#include "p11/version.hpp"

namespace p11 {

using ck_ulong = abi::CK_ULONG;

// Every row starts with these four columns.
struct constant_row {
    ck_ulong value;
    std::string_view name;  // canonical spelling, prefix included ("CKM_AES_GCM")
    version since;          // the Cryptoki version that introduced it
    version deprecated;     // versions::none while current
};

// A second name for a value that has a canonical row.
struct alias_row {
    std::string_view name;
    ck_ulong value;
    version since;
    version deprecated;
};

// Specialised by each family header.  Required members:
//   using row_type = ...;               // constant_row or a struct deriving from it
//   static constexpr std::string_view prefix;   // "CKM_"
//   static constexpr const auto& rows;          // std::array<row_type, N>, sorted by value
//   static constexpr const auto& named_rows;    // the same rows with their names (P11_NO_NAMES:
//                                               // read only by constant evaluation)
//   static constexpr const auto& aliases;       // std::array<alias_row, M>
//   static constexpr bool is_bitmask;           // CKF_ sets: printed as A|B|0x..
template <class Enum>
struct constant_family;

template <class Enum>
concept constant_enum = std::is_enum_v<Enum> && requires {
    constant_family<Enum>::prefix;
    constant_family<Enum>::rows;
    constant_family<Enum>::aliases;
};

// Whether the tables read at run time carry their names (P11_NO_NAMES).
#if defined(P11_NO_NAMES)
inline constexpr bool names_in_image = false;
#else
inline constexpr bool names_in_image = true;
#endif

// A fixed-capacity string for names that have to be composed
// ("CKM_VENDOR_DEFINED+0x12", "CKF_RW_SESSION|CKF_SERIAL_SESSION").
template <std::size_t Capacity>
class fixed_string {
public:
    constexpr fixed_string() = default;
    constexpr explicit fixed_string(std::string_view s) { append(s); }

    constexpr fixed_string& append(std::string_view s) {
        for (char c : s) push_back(c);
        return *this;
    }
    constexpr fixed_string& push_back(char c) {
        if (size_ < Capacity) data_[size_++] = c;
        else truncated_ = true;
        return *this;
    }
    constexpr fixed_string& append_hex(ck_ulong v, int min_digits = 1) {
        append("0x");
        char digits[2 * sizeof(ck_ulong)]{};
        int n = 0;
        do {
            digits[n++] = "0123456789abcdef"[v & 0xf];
            v >>= 4;
        } while (v != 0);
        for (int i = n; i < min_digits; ++i) push_back('0');
        while (n > 0) push_back(digits[--n]);
        return *this;
    }

    [[nodiscard]] constexpr std::string_view view() const { return {data_, size_}; }
    [[nodiscard]] constexpr const char* data() const { return data_; }
    [[nodiscard]] constexpr std::size_t size() const { return size_; }
    [[nodiscard]] constexpr bool truncated() const { return truncated_; }
    constexpr operator std::string_view() const { return view(); }  // NOLINT: intended implicit view
    friend constexpr bool operator==(const fixed_string& a, std::string_view b) { return a.view() == b; }

private:
    char data_[Capacity + 1]{};  // kept NUL-terminated for C callers
    std::size_t size_ = 0;
    bool truncated_ = false;
};

using name_string = fixed_string<96>;
using flags_string = fixed_string<640>;

namespace detail {

template <class Row, std::size_t N>
constexpr std::array<Row, N> without_names(std::array<Row, N> rows) {
    for (auto& r : rows) r.name = {};
    return rows;
}

// The run-time copy of a family's rows under P11_NO_NAMES: only the copy is
// odr-used by code, so only the copy, without a pointer to any name, is linked.
template <const auto& NamedRows>
inline constexpr auto unnamed_rows = without_names(NamedRows);

template <class Row, std::size_t N>
constexpr bool strictly_increasing(const std::array<Row, N>& rows) {
    for (std::size_t i = 1; i < N; ++i)
        if (!(rows[i - 1].value < rows[i].value)) return false;
    return true;
}

struct name_entry {
    std::string_view name;
    ck_ulong value;
};

template <class Enum>
constexpr auto make_name_index() {
    using fam = constant_family<Enum>;
    constexpr std::size_t n = fam::rows.size() + fam::aliases.size();
    std::array<name_entry, n> out{};
    std::size_t i = 0;
    for (const auto& r : fam::named_rows) out[i++] = {r.name, r.value};
    for (const auto& a : fam::aliases) out[i++] = {a.name, a.value};
    std::sort(out.begin(), out.end(), [](const name_entry& a, const name_entry& b) { return a.name < b.name; });
    return out;
}

template <std::size_t N>
constexpr bool names_unique(const std::array<name_entry, N>& index) {
    for (std::size_t i = 1; i < N; ++i)
        if (index[i - 1].name == index[i].name) return false;
    return true;
}

template <class Enum>
constexpr bool names_have_prefix() {
    using fam = constant_family<Enum>;
    for (const auto& r : fam::named_rows)
        if (!r.name.starts_with(fam::prefix)) return false;
    for (const auto& a : fam::aliases)
        if (!a.name.starts_with(fam::prefix)) return false;
    return true;
}

// Every alias must point at a canonical row.
template <class Enum>
constexpr bool aliases_resolve();

constexpr std::optional<ck_ulong> parse_unsigned(std::string_view s) {
    if (s.empty()) return std::nullopt;
    unsigned base = 10;
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        s.remove_prefix(2);
    }
    ck_ulong v = 0;
    for (char c : s) {
        unsigned d;
        if (c >= '0' && c <= '9') d = static_cast<unsigned>(c - '0');
        else if (base == 16 && c >= 'a' && c <= 'f') d = static_cast<unsigned>(c - 'a' + 10);
        else if (base == 16 && c >= 'A' && c <= 'F') d = static_cast<unsigned>(c - 'A' + 10);
        else return std::nullopt;
        if (d >= base) return std::nullopt;
        if (v > (static_cast<ck_ulong>(-1) - d) / base) return std::nullopt;  // overflow
        v = v * base + d;
    }
    return v;
}

} // namespace detail

// The name index of a family: canonical and alias names sorted for binary search.
template <constant_enum Enum>
inline constexpr auto name_index = detail::make_name_index<Enum>();

template <constant_enum Enum>
using row_type_of = typename constant_family<Enum>::row_type;

// Sentinel index for "not in the table".
inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

// value -> index of its row, or npos.  Constant-evaluated code works with
// indices, not row pointers: GCC's UBSan instrumentation makes a pointer's
// comparison with null non-constant, and the suite runs under UBSan.
template <constant_enum Enum>
[[nodiscard]] constexpr std::size_t index_of(Enum e) {
    const auto& rows = constant_family<Enum>::rows;
    const auto v = static_cast<ck_ulong>(e);
    std::size_t lo = 0, hi = rows.size();
    while (lo < hi) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (rows[mid].value < v) lo = mid + 1;
        else hi = mid;
    }
    return (lo < rows.size() && rows[lo].value == v) ? lo : npos;
}

// value -> row (nullptr when the value is not in the table), for run-time use.
template <constant_enum Enum>
[[nodiscard]] constexpr const row_type_of<Enum>* find(Enum e) {
    const auto i = index_of(e);
    return i == npos ? nullptr : &constant_family<Enum>::rows[i];
}

template <constant_enum Enum>
[[nodiscard]] constexpr bool is_known(Enum e) {
    return index_of(e) != npos;
}

// Whether this evaluation may read names: always, except at run time under
// P11_NO_NAMES (the table lookup is then skipped too, so a program that only
// prints names links no row at all).
[[nodiscard]] constexpr bool names_available() {
    return names_in_image || std::is_constant_evaluated();
}

// Canonical name, or an empty view for values the table does not know (and
// for every value at run time under P11_NO_NAMES).
template <constant_enum Enum>
[[nodiscard]] constexpr std::string_view name(Enum e) {
    if (!names_available()) return {};
    const auto i = index_of(e);
    return i == npos ? std::string_view{} : constant_family<Enum>::named_rows[i].name;
}

// Exact canonical or alias name -> value.
template <constant_enum Enum>
[[nodiscard]] constexpr std::optional<Enum> from_name(std::string_view n) {
    if (!names_available()) return std::nullopt;
    const auto& index = name_index<Enum>;
    const auto* it = std::lower_bound(index.begin(), index.end(), n,
                                      [](const detail::name_entry& e, std::string_view k) { return e.name < k; });
    if (it != index.end() && it->name == n) return static_cast<Enum>(it->value);
    return std::nullopt;
}

// The version that introduced a value (versions::none when unknown).
template <constant_enum Enum>
[[nodiscard]] constexpr version since(Enum e) {
    const auto i = index_of(e);
    return i == npos ? versions::none : constant_family<Enum>::rows[i].since;
}

// The identity a profile's admissions name a family by: the name of its
// first row.  Flag families share the CKF_ prefix, but no two families share
// a name (a static_assert of constants.hpp).
// A variable, so that run-time callers read one constant name and never the
// named rows (P11_NO_NAMES).
template <constant_enum Enum>
inline constexpr std::string_view family_id_name = constant_family<Enum>::named_rows[0].name;

template <constant_enum Enum>
[[nodiscard]] constexpr std::string_view family_id() {
    return family_id_name<Enum>;
}

// An entry of a profile's admitted list (constants/profiles.hpp).
template <constant_enum Enum>
[[nodiscard]] constexpr admission admit(Enum e) {
    return {family_id<Enum>(), static_cast<ck_ulong>(e)};
}

// Whether a row of Enum's table is visible in the profile: by its version or
// because the profile admits it.
template <constant_enum Enum>
[[nodiscard]] constexpr bool row_in(const constant_row& row, profile p) {
    return p.includes(family_id<Enum>(), row.value, row.since);
}

template <constant_enum Enum>
[[nodiscard]] constexpr bool exists_in(Enum e, profile p) {
    const auto i = index_of(e);
    return i != npos && row_in<Enum>(constant_family<Enum>::rows[i], p);
}

// Index of the family's VENDOR_DEFINED row (CKM_VENDOR_DEFINED ...), or npos.
template <constant_enum Enum>
[[nodiscard]] constexpr std::size_t vendor_base_index() {
    const auto& rows = constant_family<Enum>::named_rows;
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].name.ends_with("_VENDOR_DEFINED")) return i;
    return npos;
}

template <constant_enum Enum>
[[nodiscard]] constexpr bool is_vendor_defined(Enum e) {
    constexpr auto base = vendor_base_index<Enum>();
    return base != npos && static_cast<ck_ulong>(e) >= constant_family<Enum>::rows[base].value;
}

// A printable name for any value: the canonical name, "CKM_VENDOR_DEFINED+0x12"
// for unnamed vendor values, "0x00001234" for anything else.
template <constant_enum Enum>
[[nodiscard]] constexpr name_string to_string(Enum e) {
    const auto& rows = constant_family<Enum>::named_rows;
    name_string out;
    if (!names_available()) return out.append_hex(static_cast<ck_ulong>(e), 8), out;
    if (const auto i = index_of(e); i != npos) return out.append(rows[i].name), out;
    const auto v = static_cast<ck_ulong>(e);
    if (constexpr auto base = vendor_base_index<Enum>(); base != npos && v > rows[base].value)
        return out.append(rows[base].name).push_back('+').append_hex(v - rows[base].value), out;
    return out.append_hex(v, 8), out;
}

// The inverse of to_string: names, aliases, "<PREFIX>VENDOR_DEFINED+0x..",
// hexadecimal "0x.." and decimal numbers.
template <constant_enum Enum>
[[nodiscard]] constexpr std::optional<Enum> parse(std::string_view text) {
    if (auto e = from_name<Enum>(text)) return e;
    // A bit mask prints as "CKF_A|CKF_B|0x100": parse each part and OR them.
    if constexpr (constant_family<Enum>::is_bitmask) {
        if (text.find('|') != std::string_view::npos) {
            ck_ulong bits = 0;
            while (true) {
                const auto bar = text.find('|');
                const auto part = parse<Enum>(text.substr(0, bar));
                if (!part || text.substr(0, bar).empty()) return std::nullopt;
                bits |= static_cast<ck_ulong>(*part);
                if (bar == std::string_view::npos) return static_cast<Enum>(bits);
                text.remove_prefix(bar + 1);
            }
        }
    }
    if (const auto plus = text.find('+'); plus != std::string_view::npos) {
        constexpr auto base_index = vendor_base_index<Enum>();
        if constexpr (base_index == npos) {
            return std::nullopt;
        } else {
            const ck_ulong base_value = constant_family<Enum>::rows[base_index].value;
            const auto base = from_name<Enum>(text.substr(0, plus));
            const auto offset = detail::parse_unsigned(text.substr(plus + 1));
            if (base && static_cast<ck_ulong>(*base) == base_value && offset &&
                *offset <= static_cast<ck_ulong>(-1) - base_value)
                return static_cast<Enum>(base_value + *offset);
            return std::nullopt;
        }
    }
    if (auto v = detail::parse_unsigned(text)) return static_cast<Enum>(*v);
    return std::nullopt;
}

// Bit-mask families (CKF_ sets): "CKF_RW_SESSION|CKF_SERIAL_SESSION|0x100".
template <constant_enum Enum>
    requires(constant_family<Enum>::is_bitmask)
[[nodiscard]] constexpr flags_string to_string(Enum flags) {
    flags_string out;
    auto rest = static_cast<ck_ulong>(flags);
    if (rest == 0) return out.push_back('0'), out;
    if (!names_available()) return out.append_hex(rest), out;
    for (const auto& r : constant_family<Enum>::named_rows) {
        if (r.value != 0 && (rest & r.value) == r.value) {
            if (out.size() != 0) out.push_back('|');
            out.append(r.name);
            rest &= ~r.value;
        }
    }
    if (rest != 0) {
        if (out.size() != 0) out.push_back('|');
        out.append_hex(rest);
    }
    return out;
}

// Operators for the bit-mask families, enabled only for them.
template <constant_enum Enum>
    requires(constant_family<Enum>::is_bitmask)
constexpr Enum operator|(Enum a, Enum b) {
    return static_cast<Enum>(static_cast<ck_ulong>(a) | static_cast<ck_ulong>(b));
}
template <constant_enum Enum>
    requires(constant_family<Enum>::is_bitmask)
constexpr Enum operator&(Enum a, Enum b) {
    return static_cast<Enum>(static_cast<ck_ulong>(a) & static_cast<ck_ulong>(b));
}
template <constant_enum Enum>
    requires(constant_family<Enum>::is_bitmask)
constexpr Enum operator~(Enum a) {
    return static_cast<Enum>(~static_cast<ck_ulong>(a));
}
template <constant_enum Enum>
    requires(constant_family<Enum>::is_bitmask)
constexpr Enum& operator|=(Enum& a, Enum b) {
    return a = a | b;
}
template <constant_enum Enum>
    requires(constant_family<Enum>::is_bitmask)
constexpr Enum& operator&=(Enum& a, Enum b) {
    return a = a & b;
}
// True when every bit of `bits` is set in `flags`.
template <constant_enum Enum>
    requires(constant_family<Enum>::is_bitmask)
[[nodiscard]] constexpr bool has(Enum flags, Enum bits) {
    return (static_cast<ck_ulong>(flags) & static_cast<ck_ulong>(bits)) == static_cast<ck_ulong>(bits);
}

template <constant_enum Enum>
[[nodiscard]] constexpr ck_ulong to_ulong(Enum e) {
    return static_cast<ck_ulong>(e);
}

// Checks every family header runs once its constant_family is complete.
template <constant_enum Enum>
constexpr bool family_is_well_formed() {
    using fam = constant_family<Enum>;
    return detail::strictly_increasing(fam::rows) && detail::names_unique(name_index<Enum>) &&
           detail::names_have_prefix<Enum>() && detail::aliases_resolve<Enum>();
}

template <class Enum>
constexpr bool detail::aliases_resolve() {
    for (const auto& a : constant_family<Enum>::aliases) {
        bool found = false;
        for (const auto& r : constant_family<Enum>::rows) found = found || r.value == a.value;
        if (!found) return false;
    }
    return true;
}

} // namespace p11

// --- Helpers for writing family headers -------------------------------------
// Rows are X(identifier, NAME, value, since, deprecated, ...family columns);
// aliases are A(identifier, NAME, canonical_identifier, since, deprecated).
// `since`/`deprecated` are spelled as p11::versions members (v2_01, none).
#define P11_CONSTANT_ENUMERATOR(id, NAME, value, since, deprecated, ...) id = value,
#define P11_ALIAS_ENUMERATOR(id, NAME, canonical, since, deprecated) id = canonical,
// NAME is stringized by the first macro that receives it: passed on as a
// bare token it would be macro-expanded if a C header (p11-kit's pkcs11.h, in
// our ABI test) defines it, and "CKA_LABEL" would become "(3UL)".
#define P11_CONSTANT_BASE(name_text, value, since, deprecated) \
    ::p11::constant_row { value, name_text, ::p11::versions::since, ::p11::versions::deprecated }
#define P11_PLAIN_ROW(id, NAME, value, since, deprecated, ...) P11_CONSTANT_BASE(#NAME, value, since, deprecated),
// Declares a family whose rows have only the four common columns.
//   P11_SIMPLE_FAMILY(object_class, "CKO_", P11_OBJECT_CLASS_ROWS, P11_OBJECT_CLASS_ALIASES, false)
#define P11_SIMPLE_FAMILY(Enum, PREFIX, ROWS, ALIASES, BITMASK)                                         \
    enum class Enum : ::p11::ck_ulong { ROWS(P11_CONSTANT_ENUMERATOR) ALIASES(P11_ALIAS_ENUMERATOR) }; \
    namespace detail::rows_of_##Enum {                                                                \
    inline constexpr std::array<::p11::constant_row, 0 ROWS(P11_COUNT_ROW)> rows{{ROWS(P11_PLAIN_ROW)}}; \
    inline constexpr auto aliases = P11_ALIAS_ARRAY(Enum, ALIASES);                                    \
    }                                                                                                  \
    template <>                                                                                        \
    struct constant_family<Enum> {                                                                     \
        using row_type = ::p11::constant_row;                                                          \
        static constexpr std::string_view prefix = PREFIX;                                             \
        static constexpr const auto& rows = P11_RUNTIME_ROWS(detail::rows_of_##Enum::rows);            \
        static constexpr const auto& named_rows = detail::rows_of_##Enum::rows;                        \
        static constexpr const auto& aliases = detail::rows_of_##Enum::aliases;                        \
        static constexpr bool is_bitmask = BITMASK;                                                    \
    };                                                                                                 \
    static_assert(family_is_well_formed<Enum>(), "constant table " PREFIX " is unsorted or has duplicate names")

// What a family's `rows` refers to: its named rows, or their unnamed copy.
#if defined(P11_NO_NAMES)
#define P11_RUNTIME_ROWS(named) ::p11::detail::unnamed_rows<named>
#else
#define P11_RUNTIME_ROWS(named) named
#endif

#define P11_COUNT_ALIAS(id, NAME, canonical, since, deprecated) +1
// Row arrays are declared with an explicit size: deducing std::array from more
// than 256 initialisers exceeds clang's limit on template arguments.
#define P11_COUNT_ROW(id, ...) +1
#define P11_ALIAS_ROW(id, NAME, canonical, since, deprecated)                                           \
    ::p11::alias_row{#NAME, static_cast<::p11::ck_ulong>(E::canonical), ::p11::versions::since,        \
                     ::p11::versions::deprecated},
#define P11_NO_ALIASES(A)

// The alias rows of a family as a std::array (the lambda gives the rows an
// `E` to name their canonical enumerator with).
#define P11_ALIAS_ARRAY(Enum, ALIASES)                                                           \
    [] {                                                                                         \
        using E [[maybe_unused]] = Enum;                                                         \
        return std::array<::p11::alias_row, 0 ALIASES(P11_COUNT_ALIAS)>{ALIASES(P11_ALIAS_ROW)}; \
    }()
