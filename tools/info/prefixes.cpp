// --prefixes: what each naming prefix means, as the seed page lists them, and
// for the constant prefixes which of our tables hold them and how many rows.
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>

#include "commands.hpp"
#include "p11/constants/version_history.hpp"

namespace p11forge_info {
using namespace p11;
namespace {

template <class Enum>
void add_family(std::string& text, std::size_t& total, std::string_view prefix) {
    if (naming_prefix_of(constant_family<Enum>::prefix)->prefix != prefix) return;
    total += constant_family<Enum>::rows.size();
    if (constant_family<Enum>::prefix != prefix) {
        // A sub-family (CKG_MGF1_, CK_OTP_ ...) is named so the reader can look it up.
        text += text.empty() ? " incl. " : ", ";
        text += constant_family<Enum>::prefix;
    }
}

template <class... F>
std::string holdings(family_list<F...>, std::string_view prefix) {
    if (prefix == "C_") return std::to_string(function_count) + " functions";
    std::string families;
    std::size_t total = 0;
    (add_family<F>(families, total, prefix), ...);
    if (total == 0) return "-";
    return std::to_string(total) + " constants" + families;
}

} // namespace

void print_prefixes() {
    std::printf("%-6s | %-32s | %s\n", "Prefix", "Description", "in the tables");
    for (const auto& p : naming_prefixes) {
        if (p.kind != prefix_kind::identifier) continue;
        std::printf("%-6.*s | %-32.*s | %s\n", static_cast<int>(p.prefix.size()), p.prefix.data(),
                    static_cast<int>(p.meaning.size()), p.meaning.data(), holdings(all_families{}, p.prefix).c_str());
    }
    std::printf("\nArgument and field names (pulCount, hSession):\n");
    for (const auto& p : naming_prefixes) {
        if (p.kind != prefix_kind::argument) continue;
        std::printf("%-6.*s | %.*s\n", static_cast<int>(p.prefix.size()), p.prefix.data(),
                    static_cast<int>(p.meaning.size()), p.meaning.data());
    }
}

} // namespace p11forge_info
