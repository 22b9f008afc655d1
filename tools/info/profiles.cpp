// --profiles: the profiles a module can be built for (-Dcryptoki_version),
// each with the version it reports and the later constants it admits, read
// from constants/profiles.hpp, so that what a vendor-like build serves beyond
// its reported version is written down where a deployer looks.
#include <cstdio>
#include <string>

#include "commands.hpp"
#include "p11/constants.hpp"
#include "version_text.hpp"

namespace p11forge_info {
using namespace p11;
namespace {

// The admitted constant's name and introducing version, from whichever family it belongs to.
template <class Enum>
bool print_admission(const admission& a) {
    if (a.family != family_id<Enum>()) return false;
    const auto e = static_cast<Enum>(a.value);
    const auto* row = find(e);
    std::printf("    %-32s since %s\n", to_string(e).data(), row ? version_text(row->since).c_str() : "?");
    return true;
}
template <class... F>
void print_admission_in(family_list<F...>, const admission& a) {
    if (!(print_admission<F>(a) || ...)) std::printf("    (a constant of no known family)\n");
}

} // namespace

void print_profiles() {
    for (const auto& n : profiles::named) {
        std::printf("%.*s: reports Cryptoki %s", static_cast<int>(n.name.size()), n.name.data(),
                    version_text(n.value.level).c_str());
        if (n.value.admitted_count == 0) {
            std::printf(", everything up to that version and nothing newer\n");
            continue;
        }
        std::printf(", everything up to that version, and admits %zu later constant(s):\n", n.value.admitted_count);
        for (std::size_t i = 0; i < n.value.admitted_count; ++i) print_admission_in(all_families{}, n.value.admitted[i]);
    }
}

} // namespace p11forge_info
