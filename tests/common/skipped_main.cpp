// Catch2's main, plus what skipped.hpp recorded.  A run without failures in
// which something was skipped exits with 77, meson's SKIP, after naming each
// thing the platform lacks (tests/crypto, tests/module).  A run started as
// a child process (child_roles.hpp) plays its role instead.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <optional>

#include "child_roles.hpp"
#include "skipped.hpp"

namespace {

int role_argc = 0;
char** role_argv = nullptr;
std::optional<int> role_status;

} // namespace

// A child plays its role inside this hidden test case, so that the test
// support it shares with the parent (a REQUIRE in a helper that loads the
// module, say) has the Catch context it needs; a failed check ends the role
// as an exception would (child_threw), as a fork()ed child's did.
TEST_CASE("the role of a child run", "[.child-role]") { role_status = test::run_child_role(role_argc, role_argv); }

int main(int argc, char* argv[]) {
    if (test::is_child_run(argc, argv)) {
        role_argc = argc;
        role_argv = argv;
#if defined(_WIN32)
        const char* null_device = "NUL";
#else
        const char* null_device = "/dev/null";
#endif
        // Catch's report of the child's one test case is of no use to the parent.
        const char* args[] = {argv[0], "[.child-role]", "--out", null_device};
        Catch::Session().run(4, args);
        // A child ends as fork()ed children did, without exit handlers: what
        // the module keeps past C_Finalize once unloaded (tests/module/support.hpp,
        // keep_mapped) is no leak for LeakSanitizer to report from a child.
        std::fflush(nullptr);
        std::_Exit(role_status.value_or(test::child_threw));
    }
    const int failed = Catch::Session().run(argc, argv);
    if (test::skipped().empty()) return failed;
    std::printf("Skipped, because this platform lacks them:\n");
    for (const auto& [what, times] : test::skipped()) std::printf("  %s (%d times)\n", what.c_str(), times);
    return failed != 0 ? failed : 77;
}
