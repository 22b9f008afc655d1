// Catch2's main, plus what skipped.hpp recorded.  A run without failures in
// which something was skipped exits with 77, meson's SKIP, after naming each
// thing the platform lacks (tests/crypto, tests/module).  A run started as
// a child process (child_roles.hpp) plays its role instead.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>

#include "child_roles.hpp"
#include "skipped.hpp"

int main(int argc, char* argv[]) {
    if (const auto status = test::run_child_role(argc, argv)) {
        // A child ends as fork()ed children did, without exit handlers: what
        // the module keeps past C_Finalize once unloaded (tests/module/support.hpp,
        // keep_mapped) is no leak for LeakSanitizer to report from a child.
        std::fflush(nullptr);
        std::_Exit(*status);
    }
    const int failed = Catch::Session().run(argc, argv);
    if (test::skipped().empty()) return failed;
    std::printf("Skipped, because this platform lacks them:\n");
    for (const auto& [what, times] : test::skipped()) std::printf("  %s (%d times)\n", what.c_str(), times);
    return failed != 0 ? failed : 77;
}
