// --errors: every CKR_ code with its hexadecimal and decimal value, laid out
// like the error-code table of the seed page (Name | HEX | DEC), plus the
// version that introduced it.  tests/info/seed_errors.py reads this output.
#include <cstdio>

#include "commands.hpp"
#include "p11/constants.hpp"
#include "version_text.hpp"

namespace p11forge_info {
using namespace p11;

void print_errors() {
    std::printf("%-40s | %-10s | %10s | %s\n", "Name", "HEX", "DEC", "since");
    for (const auto& r : constant_family<rv>::rows) {
        // %lX/%lu: CK_ULONG is unsigned long on every platform the tool builds for.
        std::printf("%-40.*s | 0x%08lX | %10lu | %s\n", static_cast<int>(r.name.size()), r.name.data(),
                    static_cast<unsigned long>(r.value), static_cast<unsigned long>(r.value),
                    version_text(r.since).c_str());
    }
}

} // namespace p11forge_info
