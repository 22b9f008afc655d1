// Runs cases in crash-isolated children: one child per function's cases
// (each copies the prepared token and makes its keys: a runtime does not
// survive fork());
// a child that dies or hangs fails the case it was running, named, and a new
// child takes the function's remaining cases.
//
// The child reports over a pipe, one line per event:
//   "B <index>"            case <index> begins
//   "E <index> <why>"      it ended; <why> empty when it passed
//   "S <why>"              the child's setup failed
#pragma once

#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cases.hpp"

namespace mt::bad_input {

struct case_failure {
    std::string case_title, why;
};

namespace detail {

inline void send(int fd, const std::string& line) {
    std::string l = line;
    for (auto& ch : l)
        if (ch == '\n') ch = ' ';
    l += '\n';
    for (std::size_t done = 0; done < l.size();) {
        const auto n = ::write(fd, l.data() + done, l.size() - done);
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

// The child: its own token, then cases [first, last) until the end or a crash.
[[noreturn]] inline void run_child(const prepared_token& token, const std::vector<bad_case>& cases, std::size_t first,
                                   std::size_t last, int fd) {
    // The test framework's handlers would report the crash from the child
    // as a failure of its own; the parent names the case instead.
    for (int sig : {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL}) std::signal(sig, SIG_DFL);
    ::alarm(60);  // a hang is a case_failure of the case in progress, not of the whole test
    std::unique_ptr<context> c;
    try {
        c = std::make_unique<context>(token);
    } catch (const std::exception& e) {
        send(fd, std::string("S ") + e.what());
        ::_exit(0);
    } catch (...) {
        send(fd, "S setup failed (a check in the test support)");
        ::_exit(0);
    }
    for (std::size_t i = first; i < last; ++i) {
        send(fd, "B " + std::to_string(i));
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
        send(fd, "E " + std::to_string(i) + " " + why);
    }
    // Not the destructors: only the token directory, without calling the module.
    std::error_code ec;
    std::filesystem::remove_all(c->fixture.env.root(), ec);
    ::_exit(0);
}

inline std::string death(int status) {
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        return sig == SIGALRM ? std::string("hung (no answer within 60 s)")
                              : std::string("crashed: signal ") + std::to_string(sig) + " (" + ::strsignal(sig) + ")";
    }
    return "the child exited with status " + std::to_string(WEXITSTATUS(status)) + " (a sanitizer report?)";
}

// A crashed child left its token directory behind (token_env names it by pid).
inline void remove_token_dirs_of(::pid_t pid) {
    const auto prefix = "p11forge-module-test-" + std::to_string(pid) + "-";
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(std::filesystem::temp_directory_path(), ec))
        if (e.path().filename().string().starts_with(prefix)) std::filesystem::remove_all(e.path(), ec);
}

} // namespace detail

// Runs cases [first, last), restarting after each crash; returns the failures.
inline std::vector<case_failure> run_isolated(const prepared_token& token, const std::vector<bad_case>& cases,
                                              std::size_t first, std::size_t last) {
    std::vector<case_failure> failures;
    while (first < last) {
        int fds[2];
        if (::pipe(fds) != 0) return {{"pipe", std::strerror(errno)}};
        std::fflush(nullptr);
        const ::pid_t pid = ::fork();
        if (pid < 0) return {{"fork", std::strerror(errno)}};
        if (pid == 0) {
            ::close(fds[0]);
            detail::run_child(token, cases, first, last, fds[1]);
        }
        ::close(fds[1]);
        std::string text;
        char buf[4096];
        for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
        ::close(fds[0]);
        int status = 0;
        ::waitpid(pid, &status, 0);

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
        const bool died = !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        if (died) detail::remove_token_dirs_of(pid);
        if (setup_failed) break;
        if (in_progress < last) {
            failures.push_back({cases[in_progress].title(), detail::death(status)});
            first = in_progress + 1;
        } else {
            if (died) failures.push_back({std::string(name(cases[first].function)) + " (its child, outside the cases)",
                                          detail::death(status)});
            break;
        }
    }
    return failures;
}

} // namespace mt::bad_input
