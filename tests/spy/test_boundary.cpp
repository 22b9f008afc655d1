// p11forge-spy as a module, in process: its exception boundary and the
// function lists and interfaces it answers itself.  It forwards to the
// provider tests' mock 3.0 module (P11FORGE_SPY_MODULE, set by meson).
//
// The boundary is shown with allocations that fail for the length of one
// call: the spy's logging then throws bad_alloc, which must neither reach the
// application nor change the answer of the module behind the spy (the log
// is best-effort; the call is not).
#include <dlfcn.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>
#include <cstdio>
#include <new>
#include <string>

#include "p11/abi.hpp"
#include "p11/constants/rv.hpp"

using namespace p11::abi;
using p11::rv;

namespace {

std::atomic<bool> allocations_fail{false};

// For the scope of one call into the spy; cleared however the call ends.
struct failing_allocations {
    failing_allocations() { allocations_fail = true; }
    ~failing_allocations() { allocations_fail = false; }
    failing_allocations(const failing_allocations&) = delete;
    failing_allocations& operator=(const failing_allocations&) = delete;
};

rv code(CK_RV r) { return static_cast<rv>(r); }

// The spy's own entry points, by name.
template <class F>
F entry(const char* name) {
    static void* spy = [] {
        void* so = ::dlopen(P11FORGE_SPY_PATH, RTLD_NOW | RTLD_LOCAL);
        REQUIRE(so != nullptr);
        return so;
    }();
    auto* f = reinterpret_cast<F>(::dlsym(spy, name));
    REQUIRE(f != nullptr);
    return f;
}

} // namespace

// Replaced for the whole process, the spy's allocations included.  Every
// form is replaced, so that whatever one allocates the matching delete frees
// (ASan reports a nothrow new of its own freed by ours as a mismatch).
void* operator new(std::size_t n) {
    if (allocations_fail) throw std::bad_alloc();
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t n) { return operator new(n); }
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    if (allocations_fail) return nullptr;
    return std::malloc(n == 0 ? 1 : n);
}
void* operator new[](std::size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }

TEST_CASE("the spy hands out its own lists, with the version of the module behind it", "[spy]") {
    CK_FUNCTION_LIST_PTR list = nullptr;
    REQUIRE(code(entry<CK_C_GetFunctionList>("C_GetFunctionList")(&list)) == rv::ok);
    CHECK(list->version.major == 2);
    CHECK(list->version.minor == 40);
    CHECK(reinterpret_cast<void*>(list->C_Sign) == reinterpret_cast<void*>(entry<CK_C_Sign>("C_Sign")));

    // As a framework module: "PKCS 11" with the 3.0 list first, then the 2.x list.
    CK_ULONG count = 0;
    REQUIRE(code(entry<CK_C_GetInterfaceList>("C_GetInterfaceList")(nullptr, &count)) == rv::ok);
    CHECK(count == 2);
    CK_INTERFACE_PTR offered = nullptr;
    const auto get_interface = entry<CK_C_GetInterface>("C_GetInterface");
    REQUIRE(code(get_interface(nullptr, nullptr, &offered, 0)) == rv::ok);
    const auto* v3 = static_cast<const CK_FUNCTION_LIST_3_0*>(offered->pFunctionList);
    CHECK(v3->version.major == 3);
    CHECK(reinterpret_cast<void*>(v3->C_LoginUser) == reinterpret_cast<void*>(entry<CK_C_LoginUser>("C_LoginUser")));
    CK_VERSION v2_40{2, 40};
    REQUIRE(code(get_interface(nullptr, &v2_40, &offered, 0)) == rv::ok);
    CHECK(offered->pFunctionList == list);
}

TEST_CASE("an exception while the spy logs neither crosses the C boundary nor changes the answer", "[spy]") {
    const auto get_function_list = entry<CK_C_GetFunctionList>("C_GetFunctionList");
    const auto get_info = entry<CK_C_GetInfo>("C_GetInfo");
    CK_FUNCTION_LIST_PTR list = nullptr;
    REQUIRE(code(get_function_list(&list)) == rv::ok);  // the module behind it is loaded
    const char* log_path = std::getenv("P11FORGE_SPY_OUTPUT");
    REQUIRE(log_path != nullptr);
    std::fclose(std::fopen(log_path, "w"));  // the spy appends: only this test's lines from here on
    CK_INFO info{};
    const CK_RV unhindered = get_info(&info);
    REQUIRE(code(unhindered) == rv::cryptoki_not_initialized);  // what the mock answers before C_Initialize

    CK_RV answered = 0;
    {
        const failing_allocations failing;
        answered = get_info(&info);
    }
    CHECK(answered == unhindered);
    {
        const failing_allocations failing;
        answered = get_function_list(&list);
    }
    CHECK(code(answered) == rv::ok);

    // The lost lines are noted in the log, and the next calls are logged again.
    CHECK(code(get_info(&info)) == rv::cryptoki_not_initialized);
    std::FILE* log = std::fopen(log_path, "r");
    REQUIRE(log != nullptr);
    std::string text;
    for (int c; (c = std::fgetc(log)) != EOF;) text += static_cast<char>(c);
    std::fclose(log);
    CHECK(text.find("p11forge-spy: a log line was lost (out of memory)") != std::string::npos);
    CHECK(text.rfind("C_GetInfo -> CKR_CRYPTOKI_NOT_INITIALIZED") > text.rfind("a log line was lost"));
}
