#include "module/config.hpp"

#include <cstdlib>
#include <fstream>
#include <string>

#if defined(_WIN32)
#include <cwchar>
#endif

namespace p11::module {

namespace {

// An environment variable as a path: on Windows through the wide-character
// environment (_wgetenv), so a user name outside the ANSI code page (the
// usual part of %LOCALAPPDATA%) reaches std::filesystem::path intact.
std::optional<std::filesystem::path> env_path(const char* name) {
#if defined(_WIN32)
    const std::wstring wide(name, name + std::char_traits<char>::length(name));  // our names are ASCII
    const wchar_t* v = ::_wgetenv(wide.c_str());
    if (v == nullptr || *v == L'\0') return std::nullopt;
    return std::filesystem::path(v);
#else
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::filesystem::path(v);
#endif
}

#if defined(_WIN32)
// %APPDATA% (roaming: settings follow the user) and %LOCALAPPDATA% (local:
// key material stays on this machine), else under %USERPROFILE%.
std::filesystem::path profile() { return env_path("USERPROFILE").value_or(std::filesystem::temp_directory_path()); }

std::filesystem::path config_file() {
    if (auto p = env_path("P11FORGE_CONF")) return *p;
    return env_path("APPDATA").value_or(profile() / "AppData" / "Roaming") / "p11forge" / "p11forge.conf";
}

std::filesystem::path default_token_dir() {
    return env_path("LOCALAPPDATA").value_or(profile() / "AppData" / "Local") / "p11forge" / "token";
}
#else
std::filesystem::path home() { return env_path("HOME").value_or("/tmp"); }

std::filesystem::path config_file() {
    if (auto p = env_path("P11FORGE_CONF")) return *p;
    if (auto x = env_path("XDG_CONFIG_HOME")) return *x / "p11forge" / "p11forge.conf";
    return home() / ".config" / "p11forge" / "p11forge.conf";
}

std::filesystem::path default_token_dir() {
    return env_path("XDG_DATA_HOME").value_or(home() / ".local" / "share") / "p11forge" / "token";
}
#endif

std::string trim(std::string s) {
    const auto first = s.find_first_not_of(" \t\r");
    const auto last = s.find_last_not_of(" \t\r");
    return first == std::string::npos ? std::string{} : s.substr(first, last - first + 1);
}

// `key = value` lines; `#` starts a comment.  Unknown keys are ignored so an
// older module reads a newer file.  The file is UTF-8: a token_dir with
// characters outside ASCII means the same directory on every platform.
void read_file(const std::filesystem::path& file, settings& out) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        const auto key = trim(line.substr(0, eq));
        const auto value = trim(line.substr(eq + 1));
        if (key == "token_dir" && !value.empty())
            out.token_dir = std::filesystem::path(std::u8string(value.begin(), value.end()));
        else if (key == "kdf_iterations") out.kdf_iterations = static_cast<unsigned>(std::strtoul(value.c_str(), nullptr, 10));
        else if (key == "pcsc") out.pcsc = value == "yes" || value == "true" || value == "1";
    }
}

} // namespace

settings load_settings() {
    settings s;
    read_file(config_file(), s);
    if (auto dir = env_path("P11FORGE_TOKEN_DIR")) s.token_dir = *dir;
    if (s.token_dir.empty()) s.token_dir = default_token_dir();
    if (const char* pcsc = std::getenv("P11FORGE_PCSC")) s.pcsc = std::string(pcsc) != "0" && std::string(pcsc) != "no";
    return s;
}

} // namespace p11::module
