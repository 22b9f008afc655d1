// Checks that apply to every function alike, expanded from the one function
// list (p11/abi/functions.hpp) so that no function can be forgotten:
//  - before C_Initialize and after C_Finalize every function but
//    C_Initialize / C_GetFunctionList / C_GetInterface* answers
//    CKR_CRYPTOKI_NOT_INITIALIZED, even with NULL pointers everywhere;
//  - every function taking a session answers CKR_SESSION_HANDLE_INVALID for
//    a handle never issued and for a closed one.
#include <string_view>
#include <tuple>
#include <type_traits>

#include "harness.hpp"

using namespace pt;

namespace {

// Calls `fn` with every argument value-initialised (NULL pointers, zeros),
// except an integral first argument, which gets `first`.
template <class... Args>
CK_RV call_with(CK_RV (*fn)(Args...), CK_ULONG first) {
    std::tuple<Args...> args{};
    if constexpr (sizeof...(Args) > 0) {
        using first_t = std::tuple_element_t<0, std::tuple<Args...>>;
        if constexpr (std::is_integral_v<first_t>) std::get<0>(args) = static_cast<first_t>(first);
    }
    return std::apply(fn, args);
}

struct entry {
    std::string_view name;
    bool takes_session;
    CK_RV (*call)(const void* list, CK_ULONG first);
};

constexpr bool session_params(std::string_view params) { return params.starts_with("(CK_SESSION_HANDLE hSession"); }

template <class List>
std::vector<entry> entries_2x() {
    std::vector<entry> out;
#define PT_ENTRY(name, maj, min, params, args)                                                                 \
    out.push_back({#name, session_params(#params),                                                             \
                   [](const void* l, CK_ULONG first) { return call_with(static_cast<const List*>(l)->name, first); }});
    P11_FUNCTIONS_2X(PT_ENTRY)
    return out;
}
std::vector<entry> entries_3_0() {
    std::vector<entry> out;
    using List = CK_FUNCTION_LIST_3_0;
    P11_FUNCTIONS_3_0(PT_ENTRY)
#undef PT_ENTRY
    return out;
}

bool needs_no_initialisation(std::string_view name) {
    return name == "C_Initialize" || name == "C_GetFunctionList" || name == "C_GetInterfaceList" ||
           name == "C_GetInterface";
}

CK_FUNCTION_LIST_3_0* v3_list(module& m) {
    CK_INTERFACE* i = nullptr;
    auto get = m.sym<CK_C_GetInterface>("C_GetInterface");
    REQUIRE(get != nullptr);
    REQUIRE(R(get(nullptr, nullptr, &i, 0)) == rv::ok);
    return static_cast<CK_FUNCTION_LIST_3_0*>(i->pFunctionList);
}

void check_not_initialized(const void* list, const std::vector<entry>& entries) {
    for (const auto& e : entries) {
        if (needs_no_initialisation(e.name)) continue;
        INFO(e.name);
        CHECK(R(e.call(list, 1)) == rv::cryptoki_not_initialized);
    }
}

void check_bad_sessions(const void* list, const std::vector<entry>& entries, CK_SESSION_HANDLE closed) {
    int n = 0;
    for (const auto& e : entries) {
        if (!e.takes_session) continue;
        ++n;
        INFO(e.name);
        CHECK(R(e.call(list, 0)) == rv::session_handle_invalid);
        CHECK(R(e.call(list, 0x7fffffff)) == rv::session_handle_invalid);
        CHECK(R(e.call(list, closed)) == rv::session_handle_invalid);
    }
    CHECK(n > 0);
}

} // namespace

TEST_CASE("Every function needs C_Initialize first (2.x list)", "[generated]") {
    for (auto v : {variant::v2_40, variant::v2_11}) {
        auto& m = load(v);
        m.f->C_Finalize(nullptr);
        const auto all = entries_2x<CK_FUNCTION_LIST>();
        CHECK(all.size() == 68);
        check_not_initialized(m.f, all);
        // ... and again after a C_Finalize.
        m.reset();
        REQUIRE(R(m.f->C_Initialize(nullptr)) == rv::ok);
        REQUIRE(R(m.f->C_Finalize(nullptr)) == rv::ok);
        check_not_initialized(m.f, all);
    }
}

TEST_CASE("Every function needs C_Initialize first (3.0 list)", "[generated][interfaces]") {
    auto& m = load(variant::v3_0);
    m.f->C_Finalize(nullptr);
    auto* v3 = v3_list(m);
    const auto all = entries_3_0();
    CHECK(all.size() == 24);
    check_not_initialized(v3, entries_2x<CK_FUNCTION_LIST_3_0>());
    check_not_initialized(v3, all);
}

TEST_CASE("Every session function rejects handles it never issued or closed", "[generated]") {
    SECTION("2.x") {
        env e;
        const auto s = e.open();
        REQUIRE(R(e.f->C_CloseSession(s)) == rv::ok);
        e.open();  // another session exists: the closed handle must still be refused
        check_bad_sessions(e.f, entries_2x<CK_FUNCTION_LIST>(), s);
    }
    SECTION("3.0") {
        env e(variant::v3_0);
        const auto s = e.open();
        REQUIRE(R(e.f->C_CloseSession(s)) == rv::ok);
        auto* v3 = v3_list(e.m);
        check_bad_sessions(v3, entries_3_0(), s);
    }
}
