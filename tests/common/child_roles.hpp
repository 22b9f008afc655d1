// What a test program does when started again as a child (child_process.hpp):
// the role named on its command line, in place of Catch2.  A test file
// registers its roles by name at static initialisation; the child gets the
// rest of the command line and reports through its exit status (or a file it
// is told of); it runs no test case of its own, only the hidden one that gives
// the role a Catch context (skipped_main.cpp).  Windows has no fork(), so a child cannot simply continue the
// parent's lambda: it can only be this program again, told what to do.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace test {

using child_body = std::function<int(const std::vector<std::string>& args)>;

// The flag that makes a run a child: `program --child-role NAME ARGS...`.
inline constexpr std::string_view child_flag = "--child-role";

// Exit statuses a role gives besides its own: no such role, or a role that threw.
inline constexpr int child_unknown_role = 120, child_threw = 121;

inline std::map<std::string, child_body, std::less<>>& child_roles() {
    static std::map<std::string, child_body, std::less<>> roles;
    return roles;
}

// `static const test::child_role r("name", body);` at namespace scope registers a role.
struct child_role {
    child_role(std::string name, child_body body) { child_roles().emplace(std::move(name), std::move(body)); }
};

inline bool is_child_run(int argc, char** argv) { return argc >= 3 && argv[1] == child_flag; }

// The role's exit status when this run is a child; nothing when it is the test run.
inline std::optional<int> run_child_role(int argc, char** argv) {
    if (!is_child_run(argc, argv)) return std::nullopt;
    const auto role = child_roles().find(std::string_view(argv[2]));
    if (role == child_roles().end()) return child_unknown_role;
    try {
        return role->second(std::vector<std::string>(argv + 3, argv + argc));
    } catch (...) {
        return child_threw;
    }
}

} // namespace test
