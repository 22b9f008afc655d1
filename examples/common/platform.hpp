// The few things the examples ask of the operating system beyond standard
// C++: is stdin a terminal, typing without echo, setting an environment
// variable for the module we load, our process id, the broken-down UTC time.
// POSIX and Windows.
#pragma once

#include <ctime>
#include <string>

#ifdef _WIN32
// <windows.h> without min/max macros and its rarely used parts.
#if !defined(NOMINMAX)
#define NOMINMAX
#endif
#if !defined(WIN32_LEAN_AND_MEAN)
#define WIN32_LEAN_AND_MEAN
#endif
#include <cstdio>
#include <cstdlib>
#include <io.h>
#include <windows.h>
#else
#include <cstdlib>
#include <termios.h>
#include <unistd.h>
#endif

namespace example::platform {

inline bool stdin_is_terminal() {
#ifdef _WIN32
    // _isatty is true for any character device, NUL among them: a console answers GetConsoleMode.
    DWORD mode = 0;
    return ::_isatty(::_fileno(stdin)) != 0 && ::GetConsoleMode(::GetStdHandle(STD_INPUT_HANDLE), &mode) != 0;
#else
    return ::isatty(STDIN_FILENO) != 0;
#endif
}

// While it lives, what is typed on the terminal (if stdin is one) is not
// echoed.  Applied at once (TCSANOW, not TCSAFLUSH, which would discard what
// was typed ahead); restored by restore() or at the end of its scope.
class no_echo {
public:
    no_echo() {
#ifdef _WIN32
        input_ = ::GetStdHandle(STD_INPUT_HANDLE);
        active_ = ::GetConsoleMode(input_, &before_) != 0;
        if (active_) ::SetConsoleMode(input_, before_ & ~static_cast<DWORD>(ENABLE_ECHO_INPUT));
#else
        active_ = ::tcgetattr(STDIN_FILENO, &before_) == 0;
        if (active_) {
            termios quiet = before_;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        }
#endif
    }
    void restore() {
        if (!active_) return;
        active_ = false;
#ifdef _WIN32
        ::SetConsoleMode(input_, before_);
#else
        ::tcsetattr(STDIN_FILENO, TCSANOW, &before_);
#endif
    }
    ~no_echo() { restore(); }
    no_echo(const no_echo&) = delete;
    no_echo& operator=(const no_echo&) = delete;

private:
    bool active_ = false;
#ifdef _WIN32
    HANDLE input_ = nullptr;
    DWORD before_ = 0;
#else
    termios before_{};
#endif
};

// For the module this process loads next (it reads its settings from the environment).
inline void set_environment(const char* name, const std::string& value) {
#ifdef _WIN32
    ::_putenv_s(name, value.c_str());
#else
    ::setenv(name, value.c_str(), 1);
#endif
}

inline std::tm utc(std::time_t t) {
    std::tm u{};
#ifdef _WIN32
    ::gmtime_s(&u, &t);
#else
    ::gmtime_r(&t, &u);
#endif
    return u;
}

inline unsigned long process_id() {
#ifdef _WIN32
    return ::GetCurrentProcessId();
#else
    return static_cast<unsigned long>(::getpid());
#endif
}

} // namespace example::platform
