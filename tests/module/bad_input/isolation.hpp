// Runs cases in crash-isolated children: one child per function's cases, this
// test program started again in the "bad-input-cases" role
// (tests/common/child_process.hpp), on Linux and on Windows alike.  Each
// child copies the prepared token and makes its own keys; a child that dies
// or hangs fails the case it was running, named, and a new child takes the
// function's remaining cases.
//
// The child reports through a file (Windows has no fork() and its pipe
// would need inheriting handles), one line per event, flushed as it happens
// so that a crash leaves every line before it:
//   "B <index>"            case <index> begins
//   "E <index> <why>"      it ended; <why> empty when it passed
//   "S <why>"              the child's setup failed
#pragma once

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

inline constexpr std::string_view child_role_name = "bad-input-cases";

namespace detail {

// As before with fork() and alarm(): a hang fails the case in progress, not the whole test.
inline constexpr std::chrono::seconds child_limit{60};

inline void send(std::FILE* report, const std::string& line) {
    std::string l = line;
    for (auto& ch : l)
        if (ch == '\n') ch = ' ';
    std::fprintf(report, "%s\n", l.c_str());
    std::fflush(report);
}

} // namespace detail

// The child: its own copy of the token in `prepared_dir`, then cases
// [first, last) until the end or a crash, each reported to `report_path`.
inline int run_child(const std::filesystem::path& prepared_dir, const std::vector<bad_case>& cases,
                     std::size_t first, std::size_t last, const std::filesystem::path& report_path) {
    test::crash_ends_child();
    std::FILE* report = std::fopen(report_path.string().c_str(), "w");
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
    for (std::size_t i = first; i < last && i < cases.size(); ++i) {
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
    }
    // Not the destructors: only the token directory, without calling the
    // module, as the fork()ed children ended (under wine, finalising after the
    // directory went hung the child); the process ends at once.
    std::error_code ec;
    std::filesystem::remove_all(c->fixture.env.root(), ec);
    (void)c.release();
    std::fclose(report);
    return 0;
}

namespace detail {

// A crashed child left its token directory behind (token_env names it by pid).
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

// Runs cases [first, last), restarting after each crash; returns the failures.
inline std::vector<case_failure> run_isolated(const prepared_token& token, const std::vector<bad_case>& cases,
                                              std::size_t first, std::size_t last) {
    std::vector<case_failure> failures;
    const auto report_path = token.env.root() / "child-report";
    while (first < last) {
        std::error_code ec;
        std::filesystem::remove(report_path, ec);
        std::fflush(nullptr);
        test::child_process child(child_role_name, {token.env.token_dir().string(), std::to_string(first),
                                                    std::to_string(last), report_path.string()});
        const long pid = child.process_id();
        const auto end = child.wait_for(detail::child_limit);
        const std::string text = detail::read_all(report_path);

        std::size_t in_progress = last;  // the case that began and did not end
        bool setup_failed = false;
        std::istringstream lines(text);
        for (std::string line; std::getline(lines, line);) {
            if (line.starts_with("S ")) {
                // A setup that fails once fails again: these cases are lost.
                failures.push_back({std::string(name(cases[first].function)) + " (setup)", line.substr(2)});
                setup_failed = true;
                break;
            }
            const auto space = line.find(' ', 2);
            const auto index = static_cast<std::size_t>(std::stoul(line.substr(2, space - 2)));
            if (line[0] == 'B') in_progress = index;
            if (line[0] == 'E') {
                in_progress = last;
                if (space != std::string::npos && space + 1 < line.size())
                    failures.push_back({cases[index].title(), line.substr(space + 1)});
            }
        }
        if (!end.ok()) detail::remove_token_dirs_of(pid);
        const std::string death =
            end.described() + (end.how == test::child_end::kind::exited ? " (a sanitizer report?)" : "");
        if (setup_failed) break;
        if (in_progress < last) {
            failures.push_back({cases[in_progress].title(), death});
            first = in_progress + 1;
        } else {
            if (!end.ok())
                failures.push_back({std::string(name(cases[first].function)) + " (its child, outside the cases)", death});
            break;
        }
    }
    return failures;
}

} // namespace mt::bad_input
