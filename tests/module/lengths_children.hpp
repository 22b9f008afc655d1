// The children of test_lengths.cpp: calls that claim more bytes than their
// buffer holds run in another process, this program started again in a named
// role (tests/common/child_process.hpp), so that a regression fails one check
// instead of the suite, on Linux and under wine alike.  A role is one call
// with its lengths as numbers on the command line; it loads the module afresh
// (a new process starts uninitialised, on the parent's token: the
// environment is inherited) and writes the code it got to a file.
#pragma once

#include <chrono>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "../common/child_process.hpp"
#include "support.hpp"

namespace mt::lengths {

using numbers = std::vector<abi::CK_ULONG>;
using module_call = std::function<rv(const client::module&, const numbers&)>;
using session_call = std::function<rv(const client::session&, const numbers&)>;

// A length huge for this platform's CK_ULONG, yet far from its top:
// 2^40 where it has 64 bits, 2^30 where it has 32 (Windows).
inline constexpr auto huge =
    static_cast<abi::CK_ULONG>(sizeof(abi::CK_ULONG) >= 8 ? std::uint64_t{1} << 40 : std::uint64_t{1} << 30);

// The role's body: REPORT_FILE NUMBER...; exit status 0 once the code is written.
inline test::child_body role_body(module_call call) {
    return [call = std::move(call)](const std::vector<std::string>& args) -> int {
        test::crash_ends_child();
        if (args.empty()) return 2;
        numbers n;
        for (std::size_t i = 1; i < args.size(); ++i) n.push_back(static_cast<abi::CK_ULONG>(std::stoull(args[i])));
        try {
            auto m = load();
            const auto r = static_cast<abi::CK_RV>(call(m, n));
            std::ofstream(args[0]) << r << "\n";
            return 0;
        } catch (...) {
            return 3;  // setting up failed
        }
    };
}

// `static const lengths::role r("name", module_call);`: one call the parent can make in a child.
struct role : test::child_role {
    role(std::string name, module_call call) : test::child_role(std::move(name), role_body(std::move(call))) {}
};

// The same, given a user session of the module loaded afresh.
struct session_role : role {
    session_role(std::string name, session_call call)
        : role(std::move(name), [call = std::move(call)](const client::module& m, const numbers& n) {
              auto s = must(m.open_session(soft_slot, true), "C_OpenSession");
              must(s.login(user_type::user, user_pin), "C_Login").release();
              return call(s, n);
          }) {}
};

// Runs role `name` with `n` in a child and returns the code it gave, or
// nothing when the child crashed, hung, or failed to set up.
inline std::optional<rv> in_child(const std::string& name, const numbers& n = {}) {
    const auto report = fs::temp_directory_path() /
                        ("p11forge-lengths-" + std::to_string(process_id()) + "-" + name + ".txt");
    std::error_code ec;
    fs::remove(report, ec);
    std::vector<std::string> args{report.string()};
    for (auto v : n) args.push_back(std::to_string(v));
    test::child_process child(name, args);
    REQUIRE(child.process_id() > 0);
    const auto end = child.wait_for(std::chrono::seconds(60));
    std::ifstream in(report);
    abi::CK_RV r = 0;
    const bool read = static_cast<bool>(in >> r);
    in.close();
    fs::remove(report, ec);
    // Names what became of a child that crashed, hung or failed to set up
    // (exit status 3); the caller's check of the code fails as well.
    INFO("child " << name << ": " << end.described());
    CHECK(end.ok());
    if (!end.ok() || !read) return std::nullopt;
    return static_cast<rv>(r);
}

} // namespace mt::lengths
