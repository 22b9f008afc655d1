// Another process running this same test program in a named role
// (child_roles.hpp): CreateProcessW on Windows, posix_spawn elsewhere.  One
// way on both platforms, so that the Linux runs exercise the same role
// dispatch the Windows runs depend on.  The child inherits the environment
// (the token directory a token_env named) and reports through its exit status.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#if defined(_WIN32)
#include <windows.h>
#else
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
extern char** environ;
#endif

#include "child_roles.hpp"

namespace test {

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
    int reap() {
        int status = 0;
        if (::waitpid(id_, &status, 0) != id_ || !WIFEXITED(status)) return -1;
        return WEXITSTATUS(status);
    }
#endif

    id id_ = none;
};

} // namespace test
