// Another process running this same test program in a named role
// (child_roles.hpp): CreateProcessW on Windows, posix_spawn elsewhere.  One
// way on both platforms, so that the Linux runs exercise the same role
// dispatch the Windows runs depend on.  The child inherits the environment
// (the token directory a token_env named) and reports through its exit status.
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#if defined(_WIN32)
#include <windows.h>
#else
#include <signal.h>
#include <spawn.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
extern char** environ;
#endif

#include "child_roles.hpp"

namespace test {

// How a child that was waited for with a time limit ended: a crash is a
// signal on Linux and an NTSTATUS exit code (0xC0000005, an access
// violation) on Windows, where a process has no other way to say it.
struct child_end {
    enum class kind { exited, crashed, timed_out, not_started } how = kind::not_started;
    unsigned long code = 0;  // the exit status, the signal or the NTSTATUS

    [[nodiscard]] bool ok() const { return how == kind::exited && code == 0; }
    [[nodiscard]] std::string described() const {
        switch (how) {
        case kind::exited: return "the child exited with status " + std::to_string(code);
        case kind::timed_out: return "hung (killed after " + std::to_string(code) + " s)";
        case kind::not_started: return "the child did not start";
        case kind::crashed: break;
        }
#if defined(_WIN32)
        char hex[16];
        std::snprintf(hex, sizeof hex, "0x%08lX", code);
        return std::string("crashed: exception ") + hex + (code == 0xC0000005 ? " (access violation)" : "");
#else
        return "crashed: signal " + std::to_string(code) + " (" + ::strsignal(static_cast<int>(code)) + ")";
#endif
    }
};

#if defined(_WIN32)
namespace detail {
inline LONG WINAPI end_with_exception_code(EXCEPTION_POINTERS* e) {
    ::TerminateProcess(::GetCurrentProcess(), e->ExceptionRecord->ExceptionCode);
    return EXCEPTION_EXECUTE_HANDLER;
}
} // namespace detail
#endif

// In a child whose crash its parent reads (child_end): an unhandled exception
// ends it at once with the exception's code, 0xC0000005, say; wine would
// otherwise start its debugger on it.  Nothing to do on Linux, where the
// signal ends the child and waitpid tells it.
inline void crash_ends_child() {
#if defined(_WIN32)
    ::SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX);
    ::SetUnhandledExceptionFilter(detail::end_with_exception_code);
#endif
}

class child_process {
public:
    // Starts `role` with `args`; a start that failed shows as wait() == -1.
    child_process(std::string_view role, const std::vector<std::string>& args = {}) {
        std::vector<std::string> all{std::string(child_flag), std::string(role)};
        all.insert(all.end(), args.begin(), args.end());
        start(all);
    }
    child_process(child_process&& other) noexcept : id_(std::exchange(other.id_, none)) {}
    child_process& operator=(child_process&&) = delete;
    child_process(const child_process&) = delete;
    child_process& operator=(const child_process&) = delete;
    // A child still running when the test ended early (a failed REQUIRE) must not outlive it.
    ~child_process() {
        if (id_ != none) kill();
    }

    // The child's exit status; -1 when it did not start, or ended by a signal or kill().
    int wait() {
        if (id_ == none) return -1;
        const int status = reap();
        id_ = none;
        return status;
    }

    // Waits at most `limit`; a child still running then is killed.
    child_end wait_for(std::chrono::seconds limit) {
        return wait_while_progressing(limit, [] { return false; });
    }

    // Waits as long as the child shows progress: it is killed once `limit`
    // passes without `progressed()` answering true.  For a child that runs
    // many short steps, any of which may hang, reporting each as it goes.
    child_end wait_while_progressing(std::chrono::seconds limit, const std::function<bool()>& progressed) {
        if (id_ == none) return {};
        auto deadline = std::chrono::steady_clock::now() + limit;
        for (;;) {
            if (const auto end = ended_after(poll_interval)) {
                id_ = none;
                return *end;
            }
            if (progressed()) {
                deadline = std::chrono::steady_clock::now() + limit;
            } else if (std::chrono::steady_clock::now() > deadline) {
                kill();
                return {child_end::kind::timed_out, static_cast<unsigned long>(limit.count())};
            }
        }
    }

    // The child's process id (a token_env it made is named by it).
    [[nodiscard]] long process_id() const {
#if defined(_WIN32)
        return id_ == none ? -1 : static_cast<long>(::GetProcessId(id_));
#else
        return id_;
#endif
    }

    // Ends the child at once and reaps it.
    void kill() {
        if (id_ == none) return;
#if defined(_WIN32)
        ::TerminateProcess(id_, killed_status);
#else
        ::kill(id_, SIGKILL);
#endif
        reap();
        id_ = none;
    }

private:
#if defined(_WIN32)
    using id = HANDLE;
    static inline const id none = nullptr;
    static constexpr UINT killed_status = 0xdead;

    // One argument as the C runtime splits a command line: quoted, with
    // backslashes doubled only where a quote follows them.
    static std::wstring quoted(const std::wstring& arg) {
        std::wstring out = L"\"";
        std::size_t backslashes = 0;
        for (wchar_t c : arg) {
            if (c == L'\\') {
                ++backslashes;
                continue;
            }
            out.append(c == L'"' ? 2 * backslashes + 1 : backslashes, L'\\');
            backslashes = 0;
            out += c;
        }
        out.append(2 * backslashes, L'\\');
        return out + L"\"";
    }
    static std::wstring wide(const std::string& s) {
        std::wstring out(s.size() + 1, L'\0');
        const int n = ::MultiByteToWideChar(CP_UTF8, 0, s.c_str(), -1, out.data(), static_cast<int>(out.size()));
        out.resize(n > 0 ? static_cast<std::size_t>(n - 1) : 0);
        return out;
    }
    void start(const std::vector<std::string>& args) {
        std::wstring self(32768, L'\0');
        const DWORD n = ::GetModuleFileNameW(nullptr, self.data(), static_cast<DWORD>(self.size()));
        if (n == 0) return;
        self.resize(n);
        std::wstring line = quoted(self);
        for (const auto& a : args) line += L" " + quoted(wide(a));
        STARTUPINFOW si{};
        si.cb = sizeof si;
        PROCESS_INFORMATION pi{};
        if (!::CreateProcessW(self.c_str(), line.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &si, &pi)) return;
        ::CloseHandle(pi.hThread);
        id_ = pi.hProcess;
    }
    // The wait returns as soon as the child ends: the interval only paces the progress checks.
    static constexpr std::chrono::milliseconds poll_interval{100};

    // How the child ended, once it has within `wait` (its handle closed); nothing while it runs.
    std::optional<child_end> ended_after(std::chrono::milliseconds wait) {
        if (::WaitForSingleObject(id_, static_cast<DWORD>(wait.count())) == WAIT_TIMEOUT) return std::nullopt;
        DWORD code = 0;
        ::GetExitCodeProcess(id_, &code);
        ::CloseHandle(id_);
        // NTSTATUS error codes (severity 3): what an unhandled exception leaves.
        const bool crashed = (code & 0xC0000000u) == 0xC0000000u;
        return child_end{crashed ? child_end::kind::crashed : child_end::kind::exited, code};
    }
    int reap() {
        DWORD code = killed_status;
        ::WaitForSingleObject(id_, INFINITE);
        ::GetExitCodeProcess(id_, &code);
        ::CloseHandle(id_);
        return code == killed_status ? -1 : static_cast<int>(code);
    }
#else
    using id = pid_t;
    static constexpr id none = -1;

    void start(std::vector<std::string> args) {
        // /proc/self/exe: this program, wherever it was started from.
        args.insert(args.begin(), "/proc/self/exe");
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_t pid = none;
        if (::posix_spawn(&pid, "/proc/self/exe", nullptr, nullptr, argv.data(), environ) == 0) id_ = pid;
    }
    // No waitpid with a time limit: poll, every few milliseconds (a child's end is noticed that late).
    static constexpr std::chrono::milliseconds poll_interval{5};

    // How the child ended, once it has within `wait` (reaped); nothing while it runs.
    std::optional<child_end> ended_after(std::chrono::milliseconds wait) {
        int status = 0;
        if (::waitpid(id_, &status, WNOHANG) == 0) {
            std::this_thread::sleep_for(wait);
            if (::waitpid(id_, &status, WNOHANG) == 0) return std::nullopt;
        }
        if (WIFSIGNALED(status)) return child_end{child_end::kind::crashed, static_cast<unsigned long>(WTERMSIG(status))};
        return child_end{child_end::kind::exited, static_cast<unsigned long>(WEXITSTATUS(status))};
    }
    int reap() {
        int status = 0;
        if (::waitpid(id_, &status, 0) != id_ || !WIFEXITED(status)) return -1;
        return WEXITSTATUS(status);
    }
#endif

    id id_ = none;
};

} // namespace test
