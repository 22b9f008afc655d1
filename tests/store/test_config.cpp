// Where the module looks for its config file and token (src/module/config.cpp):
// the environment overrides, and the per-user defaults of the platform
// (Windows: %APPDATA% and %LOCALAPPDATA%, read as UTF-16 so a user name
// outside the ANSI code page works; elsewhere the XDG directories).
#include <catch2/catch.hpp>

#include <cstdlib>

#include "module/config.hpp"
#include "support.hpp"

using namespace store_test;

namespace {

void set_env(const char* name, const fs::path& value) {
#if defined(_WIN32)
    const std::wstring wide(name, name + std::strlen(name));
    ::_wputenv_s(wide.c_str(), value.wstring().c_str());
#else
    ::setenv(name, value.c_str(), 1);
#endif
}

void unset_env(const char* name) {
#if defined(_WIN32)
    const std::wstring wide(name, name + std::strlen(name));
    ::_wputenv_s(wide.c_str(), L"");
#else
    ::unsetenv(name);
#endif
}

#if defined(_WIN32)
constexpr const char* data_variable = "LOCALAPPDATA";
constexpr const char* config_variable = "APPDATA";
#else
constexpr const char* data_variable = "XDG_DATA_HOME";
constexpr const char* config_variable = "XDG_CONFIG_HOME";
#endif

} // namespace

TEST_CASE("the token and the config file default to the user's directories, even with a non-ASCII user name",
          "[store][config]") {
    scratch_dir d;
    // "Jürgen Łukasz 山田" as a user name would put it in the profile's path.
    const auto user = d.path() / fs::path(u8"J\u00fcrgen \u0141ukasz \u5c71\u7530");
    const auto local = user / "AppData" / "Local";
    const auto roaming = user / "AppData" / "Roaming";
    fs::create_directories(local);
    fs::create_directories(roaming);
    set_env(data_variable, local);
    set_env(config_variable, roaming);
    unset_env("P11FORGE_TOKEN_DIR");
    unset_env("P11FORGE_CONF");

    auto s = p11::module::load_settings();
    CHECK(s.token_dir == local / "p11forge" / "token");
    // The store works there: the wide path reaches every file it opens.
    {
        auto t = open_or_die(s.token_dir);
        REQUIRE(t->initialize(pin("so-pin"), "non-ascii"));
    }
    CHECK(open_or_die(s.token_dir)->metadata().label == "non-ascii");
    CHECK(fs::exists(local / "p11forge" / "token" / "token.meta"));

    // The config file in the roaming directory, its token_dir in UTF-8.
    const auto elsewhere = user / fs::path(u8"\u00e9lsewhere");
    fs::create_directories(roaming / "p11forge");
    {
        std::ofstream conf(roaming / "p11forge" / "p11forge.conf");
        const auto utf8 = elsewhere.u8string();
        conf << "token_dir = " << std::string(utf8.begin(), utf8.end()) << "\nkdf_iterations = 1000\n";
    }
    s = p11::module::load_settings();
    CHECK(s.token_dir == elsewhere);
    CHECK(s.kdf_iterations == 1000u);

    // The overrides still win.
    set_env("P11FORGE_TOKEN_DIR", d.path() / "override");
    CHECK(p11::module::load_settings().token_dir == d.path() / "override");
    set_env("P11FORGE_CONF", d.path() / "none.conf");
    unset_env("P11FORGE_TOKEN_DIR");
    CHECK(p11::module::load_settings().token_dir == local / "p11forge" / "token");
    unset_env("P11FORGE_CONF");
}
