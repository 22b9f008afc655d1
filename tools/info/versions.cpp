// --versions: the Cryptoki versions with their CK_VERSION bytes, as the seed
// page's table shows them, and what each one introduced, counted per naming
// prefix from the constant tables and the function list.
#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "p11/constants/version_history.hpp"
#include "version_text.hpp"

namespace p11forge_info {
using namespace p11;
namespace {

// Prefix and count, in the order of prefixes.hpp; several families (the CKF_
// sets, CKG_ and CKG_MGF1_) add up under one prefix.
using prefix_counts = std::vector<std::pair<std::string_view, std::size_t>>;

void add(prefix_counts& counts, std::string_view prefix, std::size_t n) {
    if (n == 0) return;
    for (auto& [p, c] : counts)
        if (p == prefix) {
            c += n;
            return;
        }
    counts.emplace_back(prefix, n);
}

template <class... F>
prefix_counts introduced(family_list<F...>, version v) {
    prefix_counts counts;
    for (const auto& p : naming_prefixes)
        if (p.kind == prefix_kind::identifier) counts.emplace_back(p.prefix, 0);
    add(counts, "C_", functions_introduced_in(v));
    (add(counts, naming_prefix_of(constant_family<F>::prefix)->prefix, introduced_in<F>(v)), ...);
    return counts;
}

std::string summary(const prefix_counts& counts) {
    std::string text;
    for (const auto& [prefix, n] : counts) {
        if (n == 0) continue;
        if (!text.empty()) text += ", ";
        text += std::to_string(n) + " " + std::string(prefix);
    }
    return text.empty() ? "-" : text;
}

} // namespace

void print_versions() {
    std::printf("%-7s | %-5s | %-5s | %-45s | %s\n", "Version", "major", "minor", "document", "introduced");
    for (const auto& c : cryptoki_versions) {
        std::printf("%-7s | 0x%02x  | 0x%02x  | %-45.*s | %s\n", version_text(c.number).c_str(), c.number.major,
                    c.number.minor, static_cast<int>(c.document.size()), c.document.data(),
                    summary(introduced(all_families{}, c.number)).c_str());
    }
    // Without this a reader would take 1.0's empty row for "1.0 defined nothing".
    std::printf("\nThe tables start at 2.01: what 1.0 already defined is counted under 2.01.\n");
}

} // namespace p11forge_info
