// p11forge-spy: a pass-through Cryptoki module that logs every call.
//
//   P11FORGE_SPY_MODULE=/path/to/real/module.so   the module to forward to (required)
//   P11FORGE_SPY_OUTPUT=/path/to/log              where to log (default: standard error)
//
// Each call is logged with its arguments decoded through the constant tables,
// its return value by name and its duration; the entry points and the
// function lists are expanded from the one list of functions, and the calls
// go through the exception boundary, like any module made with the framework.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#if !defined(_WIN32)
#include <thread>
#endif

#include "log.hpp"
#include "p11/client/library.hpp"
#include "p11/provider/boundary.hpp"
#include "p11/provider/interfaces.hpp"
#include "p11/provider/platform.hpp"

namespace p11::spy {

namespace {

struct real_module {
    client::shared_object so;
    client::dispatch_table fn;
    bool has_3_0 = false;
};

// The framework's mutex: mingw's win32 thread model has no std::mutex.
provider::mutex& log_mutex() {
    static auto* m = new provider::mutex;  // immortal: calls may arrive during exit
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

// The spy's lists tell the version of the module behind it (a 2.x list at
// most 2.40).  Its interfaces are those a module made with the framework
// offers: "PKCS 11" with the 3.0 list when the module behind it has 3.0,
// and with the 2.x list.
void publish_lists(const real_module& r) {
    auto& lists = provider::exported_lists();
    lists.v2.version = r.has_3_0 ? CK_VERSION{2, 40} : r.fn.claimed_version();
    lists.v3.version = r.fn.claimed_version();
    provider::detail::publish_interfaces(0, r.has_3_0);
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
        publish_lists(*r);
        write("p11forge-spy: forwarding to " + std::string(path) + "\n");
        return r;
    }();
    return m;
}

std::string thread_tag() {
#if defined(_WIN32)
    const std::size_t id = ::GetCurrentThreadId();  // <windows.h>, through client/library.hpp
#else
    const auto id = std::hash<std::thread::id>{}(std::this_thread::get_id());
#endif
    char b[24];
    std::snprintf(b, sizeof b, "%04zx", id & 0xffff);
    return b;
}

} // namespace

// The log is best-effort.  A line that cannot be made (out of memory while
// formatting) is replaced by a fixed note, and the call is forwarded and its
// answer returned all the same: an application behind the spy must see what
// it would see without it.  Answering CKR_HOST_MEMORY for a C_OpenSession the
// real module carried out would leak the session the application never got.
template <class Step>
void log_quietly(Step&& step) noexcept {
    try {
        step();
    } catch (...) {
        try {
            std::lock_guard lock(log_mutex());
            std::fputs("p11forge-spy: a log line was lost (out of memory)\n", log_file());
            std::fflush(log_file());
        } catch (...) {  // the mutex itself failed: there is nowhere left to say it
        }
    }
}

template <class Tuple>
rv forward(function_id fn, const char* arg_list, const Tuple& args, auto&& call) {
    const auto head = [&] { return "[" + thread_tag() + "] " + std::string(name(fn)); };
    log_quietly([&] { write(head() + argument_printer(split_names(arg_list), fn, false, true).print(args) + "\n"); });
    const auto* r = real();
    static const CK_FUNCTION_LIST_3_0 none{};
    const auto start = std::chrono::steady_clock::now();
    const CK_RV code = call(r ? r->fn.functions() : none);
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count();
    log_quietly([&] {
        const std::string tail = argument_printer(split_names(arg_list), fn, true, code == 0).print(args);
        write(head() + " -> " + std::string(to_string(static_cast<rv>(code)).view()) + " (" + std::to_string(us) +
              " us)" + tail + "\n");
    });
    return static_cast<rv>(code);
}

} // namespace p11::spy

namespace p11::spy {

// Calls the spy answers itself: the function lists are its own, so that
// every call an application makes comes back through the spy.
template <function_id F, class... A>
std::optional<CK_RV> own(std::integral_constant<function_id, F>, A...) {
    return std::nullopt;
}

// Answered from the spy's lists once the module behind it is known.
template <class Answer>
std::optional<CK_RV> from_own_lists(Answer&& answer) {
    if (real() == nullptr) return static_cast<CK_RV>(rv::general_error);
    return static_cast<CK_RV>(answer());
}

inline std::optional<CK_RV> own(std::integral_constant<function_id, function_id::C_GetFunctionList>,
                                CK_FUNCTION_LIST_PTR_PTR out) {
    return from_own_lists([&] { return provider::api::C_GetFunctionList(out); });
}

inline std::optional<CK_RV> own(std::integral_constant<function_id, function_id::C_GetInterfaceList>,
                                CK_INTERFACE_PTR list, CK_ULONG_PTR count) {
    return from_own_lists([&] { return provider::api::C_GetInterfaceList(list, count); });
}

inline std::optional<CK_RV> own(std::integral_constant<function_id, function_id::C_GetInterface>,
                                CK_UTF8CHAR_PTR name, CK_VERSION_PTR version, CK_INTERFACE_PTR_PTR out, CK_FLAGS flags) {
    return from_own_lists([&] { return provider::api::C_GetInterface(name, version, out, flags); });
}

} // namespace p11::spy

#define P11_SPY_UNPAREN(...) __VA_ARGS__
#define P11_SPY_ENTRY(name, major, minor, params, args)                                                          \
    extern "C" __attribute__((visibility("default"))) CK_RV name params {                                       \
        return static_cast<CK_RV>(p11::provider::catch_at_boundary([&] {                                        \
            return p11::spy::forward(p11::function_id::name, #args, std::make_tuple args,                        \
                                     [&](const CK_FUNCTION_LIST_3_0& real) -> CK_RV {                           \
                                         constexpr std::integral_constant<p11::function_id, p11::function_id::name> id{}; \
                                         if (auto mine = p11::spy::own(id, P11_SPY_UNPAREN args)) return *mine; \
                                         if (!real.name) return static_cast<CK_RV>(p11::rv::function_not_supported); \
                                         return real.name args;                                                 \
                                     });                                                                        \
        }));                                                                                                    \
    }

namespace p11_spy_entries {
using namespace p11::abi;
P11_FUNCTIONS(P11_SPY_ENTRY)

[[maybe_unused]] const bool lists_filled = [] {
    auto& lists = p11::provider::exported_lists();
    P11_FUNCTIONS_2X(P11_PROVIDER_LIST_SLOT_2X)
    P11_FUNCTIONS(P11_PROVIDER_LIST_SLOT_3_0)
    return true;
}();
} // namespace p11_spy_entries
