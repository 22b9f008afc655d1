// The commands of p11forge-info, one file each; main.cpp picks one by its arguments.
#pragma once

#include <string_view>

namespace p11forge_info {

// One constant: value, version, profiles and the family's own columns.
bool describe_name(std::string_view constant_name);
bool describe_value(std::string_view family, std::string_view value_text);
bool list_family(std::string_view family);

// The seed page's tables, from the constexpr tables.
void print_errors();
void print_versions();
void print_prefixes();
// The build profiles, with what each admits beyond its reported version.
void print_profiles();

} // namespace p11forge_info
