// p11forge-spy: a pass-through Cryptoki module that logs every call.
//
//   P11FORGE_SPY_MODULE=/path/to/real/module.so   the module to forward to (required)
//   P11FORGE_SPY_OUTPUT=/path/to/log              where to log (default: standard error)
//
// Each call is logged with its arguments decoded through the constant tables,
// its return value by name and its duration; the entry points are expanded
// from the one list of functions, like any module made with the framework.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "log.hpp"
#include "p11/client/library.hpp"

namespace p11::spy {

namespace {

struct real_module {
    client::shared_object so;
    client::dispatch_table fn;
    bool has_3_0 = false;
};

std::mutex& log_mutex() {
    static auto* m = new std::mutex;  // immortal: calls may arrive during exit
    return *m;
}

std::FILE* log_file() {
    static std::FILE* f = [] {
        const char* path = std::getenv("P11FORGE_SPY_OUTPUT");
        std::FILE* out = path && *path ? std::fopen(path, "a") : nullptr;
        return out ? out : stderr;
    }();
    return f;
}

void write(const std::string& text) {
    std::lock_guard lock(log_mutex());
    std::fputs(text.c_str(), log_file());
    std::fflush(log_file());
}

// The real module, loaded on first use and never unloaded (an application
// may call into it until the very end of the process).
const real_module* real() {
    static const real_module* m = []() -> const real_module* {
        const char* path = std::getenv("P11FORGE_SPY_MODULE");
        if (path == nullptr || *path == '\0') {
            write("p11forge-spy: P11FORGE_SPY_MODULE is not set\n");
            return nullptr;
        }
        std::string why;
        auto so = client::shared_object::open(path, &why);
        if (!so) {
            write("p11forge-spy: cannot load " + std::string(path) + ": " + why + "\n");
            return nullptr;
        }
        auto fn = client::resolve_functions(*so);
        if (!fn) {
            write("p11forge-spy: no function list in " + std::string(path) + "\n");
            return nullptr;
        }
        auto* r = new real_module{std::move(*so), *fn, fn->claimed_version().major >= 3};
        write("p11forge-spy: forwarding to " + std::string(path) + "\n");
        return r;
    }();
    return m;
}

std::string thread_tag() {
    const auto id = std::hash<std::thread::id>{}(std::this_thread::get_id());
    char b[24];
    std::snprintf(b, sizeof b, "%04zx", id & 0xffff);
    return b;
}

} // namespace

template <class Tuple>
CK_RV forward(function_id fn, const char* arg_list, const Tuple& args, auto&& call) {
    const auto names = split_names(arg_list);
    const std::string head = "[" + thread_tag() + "] " + std::string(name(fn));
    write(head + argument_printer(names, fn, false, true).print(args) + "\n");
    const auto* r = real();
    static const CK_FUNCTION_LIST_3_0 none{};
    const auto start = std::chrono::steady_clock::now();
    const CK_RV rv = call(r ? r->fn.functions() : none);
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
    std::string tail = argument_printer(names, fn, true, rv == 0).print(args);
    write(head + " -> " + std::string(to_string(static_cast<p11::rv>(rv)).view()) + " (" + std::to_string(us) + " us)" +
          tail + "\n");
    return rv;
}

// The spy's own function lists: pointers to the entry points below.
CK_FUNCTION_LIST& list_2x() {
    static CK_FUNCTION_LIST l{};
    return l;
}
CK_FUNCTION_LIST_3_0& list_3_0() {
    static CK_FUNCTION_LIST_3_0 l{};
    return l;
}
// The one interface the spy offers: "PKCS 11" with its 3.0 list when the
// module behind it has 3.0, else with its 2.x list.  Offering the 2.x list
// through C_GetInterface is allowed (the list's version tells which it is)
// and spares 3.0-aware applications a failed C_GetInterface and a retry.
CK_INTERFACE& interface_for(const real_module& r) {
    static CK_CHAR name[] = "PKCS 11";
    static CK_INTERFACE i{name, nullptr, 0};
    if (r.has_3_0) {
        list_3_0().version = r.fn.claimed_version();
        i.pFunctionList = &list_3_0();
    } else {
        list_2x().version = r.fn.claimed_version();
        i.pFunctionList = &list_2x();
    }
    return i;
}

} // namespace p11::spy

namespace p11::spy {

// Calls the spy answers itself: the function lists are its own, so that
// every call an application makes comes back through the spy.
template <function_id F, class... A>
std::optional<CK_RV> own(std::integral_constant<function_id, F>, A...) {
    return std::nullopt;
}

inline std::optional<CK_RV> own(std::integral_constant<function_id, function_id::C_GetFunctionList>,
                                CK_FUNCTION_LIST_PTR_PTR out) {
    const auto* r = real();
    if (out == nullptr) return static_cast<CK_RV>(rv::arguments_bad);
    if (r == nullptr) return static_cast<CK_RV>(rv::general_error);
    list_2x().version = r->has_3_0 ? CK_VERSION{2, 40} : r->fn.claimed_version();
    *out = &list_2x();
    return CK_RV{0};
}

inline std::optional<CK_RV> own(std::integral_constant<function_id, function_id::C_GetInterfaceList>,
                                CK_INTERFACE_PTR list, CK_ULONG_PTR count) {
    const auto* r = real();
    if (count == nullptr) return static_cast<CK_RV>(rv::arguments_bad);
    if (r == nullptr) return static_cast<CK_RV>(rv::general_error);
    if (list == nullptr) return *count = 1, CK_RV{0};
    if (*count < 1) return *count = 1, static_cast<CK_RV>(rv::buffer_too_small);
    list[0] = interface_for(*r);
    *count = 1;
    return CK_RV{0};
}

inline std::optional<CK_RV> own(std::integral_constant<function_id, function_id::C_GetInterface>,
                                CK_UTF8CHAR_PTR name, CK_VERSION_PTR version, CK_INTERFACE_PTR_PTR out, CK_FLAGS flags) {
    const auto* r = real();
    if (out == nullptr) return static_cast<CK_RV>(rv::arguments_bad);
    if (r == nullptr) return static_cast<CK_RV>(rv::general_error);
    auto& offered = interface_for(*r);
    const auto* offered_version = static_cast<const CK_VERSION*>(offered.pFunctionList);  // every list starts with it
    const bool name_matches =
        name == nullptr || std::string_view(reinterpret_cast<const char*>(name)) == "PKCS 11";
    const bool version_matches =
        version == nullptr || (version->major == offered_version->major && version->minor == offered_version->minor);
    if (!name_matches || !version_matches || (flags & ~offered.flags) != 0)
        return static_cast<CK_RV>(rv::arguments_bad);
    *out = &offered;
    return CK_RV{0};
}

} // namespace p11::spy

#define P11_SPY_UNPAREN(...) __VA_ARGS__
#define P11_SPY_ENTRY(name, major, minor, params, args)                                                          \
    extern "C" __attribute__((visibility("default"))) CK_RV name params {                                       \
        return p11::spy::forward(p11::function_id::name, #args, std::make_tuple args,                            \
                                 [&](const CK_FUNCTION_LIST_3_0& real) -> CK_RV {                               \
                                     constexpr std::integral_constant<p11::function_id, p11::function_id::name> id{}; \
                                     if (auto mine = p11::spy::own(id, P11_SPY_UNPAREN args)) return *mine;     \
                                     if (!real.name) return static_cast<CK_RV>(p11::rv::function_not_supported); \
                                     return real.name args;                                                     \
                                 });                                                                            \
    }
#define P11_SPY_LIST_2X(name, major, minor, params, args) p11::spy::list_2x().name = &name;
#define P11_SPY_LIST_3_0(name, major, minor, params, args) p11::spy::list_3_0().name = &name;

namespace p11_spy_entries {
using namespace p11::abi;
P11_FUNCTIONS(P11_SPY_ENTRY)

[[maybe_unused]] const bool lists_filled = [] {
    P11_FUNCTIONS_2X(P11_SPY_LIST_2X)
    P11_FUNCTIONS(P11_SPY_LIST_3_0)
    return true;
}();
} // namespace p11_spy_entries
