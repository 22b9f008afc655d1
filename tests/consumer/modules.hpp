// The real modules the client tests run against, each with a throwaway
// token: our libp11forge.so and SoftHSMv2 go through the same test bodies,
// so that the consumer side is not fitted to one module's habits.
//
//   const auto mod = GENERATE(from_range(ct::modules()));
//   if (!ct::present(mod)) return;
//   ct::token t(mod);          // initialised, user PIN set, t.s logged in
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <dlfcn.h>
#include <unistd.h>

#include "p11/client/session.hpp"
#include "../common/catch_printing.hpp"

#ifndef P11FORGE_MODULE_PATH
#error "P11FORGE_MODULE_PATH: the path of libp11forge.so (tests/consumer/meson.build passes it)"
#endif
#ifndef SOFTHSM_MODULE_PATH
#error "SOFTHSM_MODULE_PATH: the path of libsofthsm2.so (tests/consumer/meson.build passes it)"
#endif

namespace ct {

using namespace p11;
namespace fs = std::filesystem;

constexpr std::string_view so_pin = "so-pin-12345";
constexpr std::string_view user_pin = "user-pin-6789";

struct module_under_test {
    std::string name, path;
    bool optional;
};
inline std::vector<module_under_test> modules() {
    return {{"libp11forge", P11FORGE_MODULE_PATH, false}, {"SoftHSMv2", SOFTHSM_MODULE_PATH, true}};
}

// SoftHSM is a package of its own: without it those runs pass with a
// warning.  Ours is built with the tests, so its absence is a failure.
inline bool present(const module_under_test& m) {
    if (fs::exists(m.path)) return true;
    if (!m.optional) FAIL(m.name << " is missing: " << m.path);
    WARN(m.name << " is not installed (" << m.path << "): its part of this test is skipped");
    return false;
}

template <class T>
T must(result<T> r, const char* what) {
    if (!r) FAIL(what << " failed: " << to_string(r.code()).view());
    return std::move(*r);
}
inline void must(result<void> r, const char* what) {
    if (!r) FAIL(what << " failed: " << to_string(r.code()).view());
}

// Keeps a module mapped for the rest of the run: unloading and reloading
// SoftHSM (and its crypto library) in one process is not what these tests
// are about, and LeakSanitizer would report what a module keeps beyond
// C_Finalize once dlclose() took it away.  Initialise and finalise still
// happen as usual.
inline void keep_mapped(const std::string& path) {
    static std::mutex m;
    static std::set<std::string> kept;
    std::lock_guard lock(m);
    if (kept.insert(path).second && ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) == nullptr)
        FAIL("dlopen " << path << ": " << ::dlerror());
}

// A fresh directory for both modules' tokens and configuration, named in
// the environment they read at C_Initialize: never the user's own tokens.
class scratch_dir {
public:
    scratch_dir() {
        std::random_device rd;
        for (int attempt = 0; attempt < 100 && root_.empty(); ++attempt) {
            auto candidate =
                fs::temp_directory_path() / ("p11forge-client-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
            if (fs::create_directory(candidate)) root_ = candidate;
        }
        REQUIRE_FALSE(root_.empty());
        fs::create_directory(root_ / "p11forge");
        fs::create_directory(root_ / "softhsm");
        // A low KDF count: the PIN-derived keys are not what is tested here.
        std::ofstream(root_ / "p11forge.conf") << "kdf_iterations = 1000\npcsc = no\n";
        std::ofstream(root_ / "softhsm2.conf") << "directories.tokendir = " << (root_ / "softhsm").string()
                                               << "\nobjectstore.backend = file\nlog.level = ERROR\n";
        ::setenv("P11FORGE_TOKEN_DIR", (root_ / "p11forge").c_str(), 1);
        ::setenv("P11FORGE_CONF", (root_ / "p11forge.conf").c_str(), 1);
        ::setenv("P11FORGE_PCSC", "0", 1);
        ::setenv("SOFTHSM2_CONF", (root_ / "softhsm2.conf").c_str(), 1);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
    ~scratch_dir() {
        for (const char* name : {"P11FORGE_TOKEN_DIR", "P11FORGE_CONF", "P11FORGE_PCSC", "SOFTHSM2_CONF"})
            ::unsetenv(name);
        std::error_code ec;
        fs::remove_all(root_, ec);
    }

private:
    fs::path root_;
};

inline client::module load(const module_under_test& m) {
    keep_mapped(m.path);
    return must(client::module::load(m.path), "loading the module");
}

// The slot of the initialised token with this label.  Slot ids are not
// stable: SoftHSM gives an initialised token a new one at the next
// C_Initialize.
inline client::slot_id slot_of(const client::module& m, const std::string& label) {
    for (auto id : must(m.slots(true), "C_GetSlotList")) {
        const auto info = must(m.token(id), "C_GetTokenInfo");
        if (info.initialized() && info.label == label) return id;
    }
    FAIL("no initialised token labelled '" << label << "'");
    return 0;
}

// Initialises the first uninitialised token and sets its user PIN; returns
// its slot (valid until the module is next initialised).
inline client::slot_id init_token(const client::module& m, const std::string& label) {
    bool done = false;
    for (auto id : must(m.slots(true), "C_GetSlotList")) {
        if (must(m.token(id), "C_GetTokenInfo").initialized()) continue;
        must(m.init_token(id, so_pin, label), "C_InitToken");
        done = true;
        break;
    }
    REQUIRE(done);
    const auto id = slot_of(m, label);
    auto so = must(m.open_session(id, true), "C_OpenSession");
    auto login = must(so.login(user_type::so, so_pin), "C_Login(SO)");
    must(so.init_pin(user_pin), "C_InitPIN");
    return id;
}

// A module with a fresh token and a R/W session logged in as the user.
struct token {
    scratch_dir dir;
    client::module m;
    client::slot_id slot;
    client::session s;

    explicit token(const module_under_test& mod, const std::string& label = "client tests")
        : m(load(mod)), slot(init_token(m, label)) {
        s = must(m.open_session(slot, true), "C_OpenSession");
        must(s.login(user_type::user, user_pin), "C_Login(USER)").release();
    }
};

} // namespace ct
