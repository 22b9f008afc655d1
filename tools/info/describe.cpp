// p11forge-info NAME, FAMILY VALUE and --list FAMILY: what the constant
// tables know about one constant or one family.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "p11/constants.hpp"
#include "version_text.hpp"

namespace p11forge_info {
using namespace p11;
namespace {

// Every named profile the constant is in, "(admitted)" where it is newer
// than the reported version and the profile takes it all the same.
template <class Enum>
void print_profiles(const constant_row& row) {
    std::printf("  in profiles: ");
    bool any = false;
    for (const auto& n : profiles::named) {
        if (!row_in<Enum>(row, n.value)) continue;
        std::printf(" %.*s%s", static_cast<int>(n.name.size()), n.name.data(),
                    n.value.includes(row.since) ? "" : " (admitted)");
        any = true;
    }
    std::printf("%s\n", any ? "" : " (none)");
}

// Family-specific columns.
void print_extra(const constant_row&) {}

void print_extra(const rv_row& r) {
    const auto d = description(static_cast<rv>(r.value));
    std::printf("  description:  %.*s\n", static_cast<int>(d.size()), d.data());
    for (auto [label, p] : {std::pair{"2.11", profiles::v2_11}, std::pair{"2.20", profiles::v2_20}}) {
        const auto d = downgrade(static_cast<rv>(r.value), p);
        if (d != static_cast<rv>(r.value))
            std::printf("  a %s module returns %s instead\n", label, to_string(d).data());
    }
}

void print_extra(const attribute_row& r) {
    std::printf("  value kind:   %.*s\n", static_cast<int>(name(r.kind).size()), name(r.kind).data());
    std::printf("  policy:       ");
    bool any = false;
    for (const auto& p : attribute_rule_table) {
        if (has_all(r.rules, p.bit)) {
            std::printf("%s%.*s", any ? ", " : "", static_cast<int>(p.name.size()), p.name.data());
            any = true;
        }
    }
    std::printf("%s\n", any ? "" : "none");
}

void print_extra(const mechanism_row& r) {
    std::printf("  capabilities: %s\n", to_string(r.capabilities).data());
    std::printf("  key type:     %s\n", r.key == no_key ? "none" : to_string(r.key).data());
    const auto& param = info(r.parameter);
    std::printf("  parameter:    %s\n", param.check == parameter_check::none       ? "none"
                                        : param.check == parameter_check::variable ? "byte string"
                                        : param.check == parameter_check::optional ? (std::string(param.struct_name) + " or none").c_str()
                                                                                   : param.struct_name);
    std::printf("  key sizes in: %s\n", r.unit == key_size_unit::bits    ? "bits"
                                        : r.unit == key_size_unit::bytes ? "bytes"
                                                                         : "-");
}

template <class Enum>
void describe(Enum e) {
    const auto* row = find(e);
    const auto text = to_string(e);
    name_string hex;
    hex.append_hex(to_ulong(e), 8);
    std::printf("%s = %s\n", text.data(), hex.data());
    if (row == nullptr) {
        std::printf("  %s\n", is_vendor_defined(e) ? "vendor-defined value" : "not defined by any Cryptoki version we know");
        return;
    }
    std::printf("  since:        %s\n", version_text(row->since).c_str());
    if (row->deprecated.is_set()) std::printf("  deprecated:   %s\n", version_text(row->deprecated).c_str());
    print_profiles<Enum>(*row);
    print_extra(*row);
}

template <class Enum>
bool describe_by_name(std::string_view n) {
    if (auto e = from_name<Enum>(n)) {
        if (name(*e) != n)
            std::printf("%.*s is an alias of %s\n", static_cast<int>(n.size()), n.data(), to_string(*e).data());
        describe(*e);
        return true;
    }
    return false;
}

template <class Enum>
bool describe_value_in(std::string_view family, std::string_view text) {
    if (constant_family<Enum>::prefix.rfind(family, 0) != 0 || family.size() < 3) return false;
    if (auto e = parse<Enum>(text)) {
        describe(*e);
        return true;
    }
    return false;
}

template <class Enum>
bool list_one_family(std::string_view family) {
    if (constant_family<Enum>::prefix.rfind(family, 0) != 0 || family.size() < 3) return false;
    for (const auto& r : constant_family<Enum>::rows) {
        name_string hex;
        hex.append_hex(r.value, 8);
        std::printf("%-48.*s %s  %s\n", static_cast<int>(r.name.size()), r.name.data(), hex.data(),
                    version_text(r.since).c_str());
    }
    return true;
}

template <class... F>
bool any_by_name(family_list<F...>, std::string_view n) {
    return (describe_by_name<F>(n) || ...);
}
template <class... F>
bool any_value(family_list<F...>, std::string_view family, std::string_view text) {
    return (describe_value_in<F>(family, text) || ...);
}
template <class... F>
bool any_list(family_list<F...>, std::string_view family) {
    return (list_one_family<F>(family) || ...);
}

} // namespace

bool describe_name(std::string_view constant_name) { return any_by_name(all_families{}, constant_name); }
bool describe_value(std::string_view family, std::string_view value_text) {
    return any_value(all_families{}, family, value_text);
}
bool list_family(std::string_view family) { return any_list(all_families{}, family); }

} // namespace p11forge_info
