// Runs cases in crash-isolated children: this test program started again in
// the "bad-input-cases" role (tests/common/child_process.hpp), on Linux and on
// Windows alike.  A child copies the prepared token, makes its keys, and runs
// the cases it is given one function's after another, as long as each
// function's cases leave the context as fresh as the next function's need it
// (context::unsound()); a child that dies or hangs fails the case it was
// running, named, and a new child takes the remaining cases.  A handful of
// children, then, not one per function: under wine starting one costs most
// of a second.  (A case that spoils the module's memory without crashing may
// make a later one crash instead, and take the blame: the ASan build names
// the first.)
//
// The child reports through a file (Windows has no fork() and its pipe
// would need inheriting handles), one line per event, flushed as it happens
// so that a crash leaves every line before it:
//   "B <index>"            case <index> begins
//   "E <index> <why>"      it ended; <why> empty when it passed
//   "S <why>"              the child's setup failed
//   "R <why>"              the child ends before the next function's cases:
//                          what the last ones left would mislead them
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "../../common/child_process.hpp"
#include "cases.hpp"

namespace mt::bad_input {

struct case_failure {
    std::string case_title, why;
};

// What the children found; how many ran, and why those that ended before the last case did.
struct isolated_run {
    std::vector<case_failure> failures;
    std::size_t children = 0;
    std::vector<std::string> early_ends;
};

inline constexpr std::string_view child_role_name = "bad-input-cases";

namespace detail {

// As before with fork() and alarm(): a case that hangs fails, not the whole
// test.  The limit runs from the child's last report, not from its start.
inline constexpr std::chrono::seconds child_limit{60};

inline void send(std::FILE* report, const std::string& line) {
    std::string l = line;
    for (auto& ch : l)
        if (ch == '\n') ch = ' ';
    std::fprintf(report, "%s\n", l.c_str());
    std::fflush(report);
}

// Case indices on the command line as runs, "FIRST-LAST" for [FIRST, LAST).
inline std::vector<std::string> as_runs(const std::vector<std::size_t>& indices) {
    std::vector<std::string> runs;
    for (std::size_t i = 0; i < indices.size();) {
        std::size_t j = i + 1;
        while (j < indices.size() && indices[j] == indices[j - 1] + 1) ++j;
        runs.push_back(std::to_string(indices[i]) + "-" + std::to_string(indices[j - 1] + 1));
        i = j;
    }
    return runs;
}
inline std::vector<std::size_t> from_runs(const std::vector<std::string>& runs) {
    std::vector<std::size_t> indices;
    for (const auto& r : runs) {
        const auto dash = r.find('-');
        for (auto i = std::stoul(r.substr(0, dash)), last = std::stoul(r.substr(dash + 1)); i < last; ++i)
            indices.push_back(i);
    }
    return indices;
}

} // namespace detail

// The child: its own copy of the token in `prepared_dir`, then the cases
// `todo` (indices into `cases`) until the end, a crash, or a function's
// cases that left the context unsound, each reported to `report_path`.
inline int run_child(const std::filesystem::path& prepared_dir, const std::vector<bad_case>& cases,
                     const std::vector<std::size_t>& todo, const std::filesystem::path& report_path) {
    test::crash_ends_child();
    // Binary: in text mode Windows would end each line with "\r\n", a reason the parent would read.
    std::FILE* report = std::fopen(report_path.string().c_str(), "wb");
    if (report == nullptr) return 2;
    std::unique_ptr<context> c;
    try {
        c = std::make_unique<context>(prepared_dir);
    } catch (const std::exception& e) {
        detail::send(report, std::string("S ") + e.what());
        return 0;
    } catch (...) {
        detail::send(report, "S setup failed (a check in the test support)");
        return 0;
    }
    for (std::size_t n = 0; n < todo.size(); ++n) {
        const auto i = todo[n];
        detail::send(report, "B " + std::to_string(i));
        std::string why;
        try {
            c->open_case_session();
            why = cases[i].run(*c);
        } catch (const std::exception& e) {
            why = std::string("preparation: ") + e.what();
        } catch (...) {
            why = "preparation failed";
        }
        c->close_case_session();
        detail::send(report, "E " + std::to_string(i) + " " + why);
        if (n + 1 < todo.size() && !same_group(cases[i], cases[todo[n + 1]])) {
            if (const auto unsound = c->unsound(); !unsound.empty()) {
                detail::send(report, "R " + unsound);
                break;
            }
        }
    }
    // Neither the destructors nor the token directory: as the fork()ed
    // children ended, the process ends without calling the module again.  The
    // parent removes the directory once the process is gone: Windows keeps
    // the files the module holds open, and removing them from here spun for
    // good under wine (the names stay listed while their deletion is pending).
    (void)c.release();
    std::fclose(report);
    return 0;
}

namespace detail {

// A child's token directory (token_env names it by pid), removed after the child ended.
inline void remove_token_dirs_of(long pid) {
    const auto prefix = "p11forge-module-test-" + std::to_string(pid) + "-";
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::temp_directory_path(), ec))
        if (e.path().filename().string().starts_with(prefix)) std::filesystem::remove_all(e.path(), ec);
}

inline std::string read_all(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace detail

// Runs the cases `todo` (indices into `cases`, a function's together),
// starting a new child after each crash, hang or unsound end.
inline isolated_run run_isolated(const prepared_token& token, const std::vector<bad_case>& cases,
                                 std::vector<std::size_t> todo) {
    isolated_run found;
    auto& failures = found.failures;
    const auto report_path = token.env.root() / "child-report";
    while (!todo.empty()) {
        std::error_code ec;
        std::filesystem::remove(report_path, ec);
        std::fflush(nullptr);
        std::vector<std::string> args{token.env.token_dir().string(), report_path.string()};
        for (auto& r : detail::as_runs(todo)) args.push_back(std::move(r));
        test::child_process child(child_role_name, args);
        ++found.children;
        const long pid = child.process_id();
        std::uintmax_t reported = 0;
        const auto end = child.wait_while_progressing(detail::child_limit, [&] {
            const auto size = std::filesystem::file_size(report_path, ec);
            if (ec || size == reported) return false;
            reported = size;
            return true;
        });
        detail::remove_token_dirs_of(pid);
        const std::string text = detail::read_all(report_path);

        const std::size_t none = cases.size();
        std::size_t in_progress = none;  // the case that began and did not end
        std::size_t last_begun = none;
        bool setup_failed = false;
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);) {
            if (line.starts_with("S ")) {
                // A setup that fails once fails again: these cases are lost.
                failures.push_back({std::string(name(cases[todo.front()].function)) + " (setup)", line.substr(2)});
                setup_failed = true;
                break;
            }
            if (line.starts_with("R ")) {
                if (last_begun != none)
                    found.early_ends.push_back("after " + std::string(name(cases[last_begun].function)) + "'s cases: " +
                                               line.substr(2));
                continue;
            }
            const auto space = line.find(' ', 2);
            const auto index = static_cast<std::size_t>(std::stoul(line.substr(2, space - 2)));
            if (line[0] == 'B') in_progress = last_begun = index;
            if (line[0] == 'E') {
                in_progress = none;
                if (space != std::string::npos && space + 1 < line.size())
                    failures.push_back({cases[index].title(), line.substr(space + 1)});
            }
        }
        if (setup_failed) break;
        const std::string death =
            end.described() + (end.how == test::child_end::kind::exited ? " (a sanitizer report?)" : "");
        if (in_progress != none) {
            failures.push_back({cases[in_progress].title(), death});
            found.early_ends.push_back("in " + cases[in_progress].title() + ": " + death);
        } else if (!end.ok()) {
            const auto& last = cases[last_begun != none ? last_begun : todo.front()];
            failures.push_back({std::string(name(last.function)) + " (its child, outside the cases)", death});
        }
        // A child that began no case would begin none again.
        if (last_begun == none) break;
        todo.erase(todo.begin(), std::find(todo.begin(), todo.end(), last_begun) + 1);
    }
    return found;
}

} // namespace mt::bad_input
