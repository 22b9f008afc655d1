// What p11forge-fuzz concludes about a module besides crashes: codes outside
// the specification's list, objects left behind by calls that returned no
// handle for them, and (with --check-returns) the per-function report.  The
// summary is printed when the process exits, which both libFuzzer (at
// -max_total_time or -runs) and the corpus replayer reach normally.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <utility>

#include "allowed_returns.hpp"
#include "return_report.hpp"

namespace p11::fuzzing {

struct module_findings {
    bool strict = false;         // any finding stops the run, so libFuzzer keeps the input
    bool check_returns = false;  // collect and print the per-function report
    return_report report;
    std::set<std::pair<function_id, rv>> reported;
    std::map<std::pair<function_id, rv>, unsigned long> left_behind;

    void note(function_id f, rv code) {
        if (check_returns) report.record(f, code);
        if (allowed(f, code)) return;
        if (reported.emplace(f, code).second)
            std::fprintf(stderr, "p11forge-fuzz: %s returned %s, which the specification does not allow for it\n",
                         name(f).data(), to_string(code).data());
        if (strict) __builtin_trap();
    }

    // `count` objects appeared during a call to `f` that answered `code`
    // without returning their handles, or (C_DestroyObject) did not go.
    void leftover(function_id f, rv code, unsigned long count) {
        auto& n = left_behind[{f, code}];
        if (n == 0 && f == function_id::C_DestroyObject)
            std::fprintf(stderr, "p11forge-fuzz: C_DestroyObject answered %s and the object remained\n",
                         to_string(code).data());
        else if (n == 0)
            std::fprintf(stderr, "p11forge-fuzz: %lu object(s) remained after %s answered %s, none of them a handle it returned\n",
                         count, name(f).data(), to_string(code).data());
        n += count;
        if (strict) __builtin_trap();
    }

    // Returns the exit status the run should end with: 1 when --check-returns
    // found a code outside a list, so scripts can fail on it.
    int print_summary(std::FILE* out) const {
        for (const auto& [call, count] : left_behind)
            std::fprintf(out, "p11forge-fuzz: left behind: %lu object(s) by %s answering %s (destroyed by the driver)\n",
                         count, name(call.first).data(), to_string(call.second).data());
        if (!check_returns) return 0;
        report.print(out);
        return report.violating_functions() == 0 ? 0 : 1;
    }
};

} // namespace p11::fuzzing
