#include "piv/piv_cert_cache.hpp"

#include <cstdlib>
#include <string>

#include "store/file_io.hpp"

#if defined(_WIN32)
#include <cwchar>
#endif

namespace p11::piv::cert_cache {

namespace {

namespace fs = std::filesystem;
namespace io = store::detail;

// An environment variable, unset or empty: nullopt.  Windows reads the wide
// environment so that a profile path outside the ANSI code page survives.
std::optional<fs::path> env(const char* name) {
#if defined(_WIN32)
    std::wstring wide(name, name + std::char_traits<char>::length(name));
    if (const wchar_t* v = ::_wgetenv(wide.c_str()); v != nullptr && *v != L'\0') return fs::path(v);
#else
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') return fs::path(v);
#endif
    return std::nullopt;
}

std::optional<io::unique_fd> open_dir(bool create) {
    auto dir = directory();
    if (!dir) return std::nullopt;
    auto fd = io::open_directory(*dir, create);
    if (!fd) return std::nullopt;
    return std::move(*fd);
}

} // namespace

std::optional<fs::path> directory() {
    if (auto off = env("P11FORGE_CARD_CACHE"); off && (off->string() == "0" || off->string() == "no")) return std::nullopt;
    if (auto d = env("P11FORGE_CACHE_DIR")) return d;
#if defined(_WIN32)
    auto base = env("LOCALAPPDATA");
    if (!base) return std::nullopt;
    return *base / "p11forge" / "cache";
#else
    if (auto x = env("XDG_CACHE_HOME")) return *x / "p11forge";
    auto home = env("HOME");
    if (!home) return std::nullopt;  // nowhere per user: no cache
    return *home / ".cache" / "p11forge";
#endif
}

std::optional<card_snapshot> load(bytes_view chuid) {
    auto name = snapshot_name(chuid);
    if (!name) return std::nullopt;
    auto dir = open_dir(false);
    if (!dir) return std::nullopt;
    auto file = io::read_file(dir->get(), *name, max_snapshot_size);
    if (!file || !*file) return std::nullopt;
    auto s = parse_snapshot((*file)->bytes);
    if (!s || !std::equal(s->chuid.begin(), s->chuid.end(), chuid.begin(), chuid.end())) return std::nullopt;
    return s;
}

void store(const card_snapshot& s) {
    auto name = snapshot_name(s.chuid);
    if (!name) return;
    auto dir = open_dir(true);
    if (!dir) return;
    (void)io::replace_file(dir->get(), *name, serialise_snapshot(s));
}

void forget(bytes_view chuid) {
    auto name = snapshot_name(chuid);
    if (!name) return;
    if (auto dir = open_dir(false)) (void)io::remove_file(dir->get(), *name);
}

} // namespace p11::piv::cert_cache
