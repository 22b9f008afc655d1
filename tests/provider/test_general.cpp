// General-purpose functions: C_GetFunctionList, C_Initialize, C_Finalize,
// C_GetInfo, the 3.0 interfaces, the exception boundary, and several modules
// built on the framework living in one process.
#include <atomic>
#include <mutex>
#include <new>

#include "harness.hpp"

using namespace pt;

namespace {

// --- application mutex callbacks that count their calls -------------------------
std::atomic<int> created{0}, destroyed{0}, locked{0}, unlocked{0};
std::atomic<int> held{0};  // how many of our mutexes are locked right now

CK_RV create_mutex(CK_VOID_PTR_PTR out) {
    if (out == nullptr) return ck(rv::arguments_bad);
    *out = new std::mutex;
    ++created;
    return ck(rv::ok);
}
CK_RV destroy_mutex(CK_VOID_PTR m) {
    delete static_cast<std::mutex*>(m);
    ++destroyed;
    return ck(rv::ok);
}
CK_RV lock_mutex(CK_VOID_PTR m) {
    static_cast<std::mutex*>(m)->lock();
    ++locked;
    ++held;
    return ck(rv::ok);
}
CK_RV unlock_mutex(CK_VOID_PTR m) {
    --held;
    ++unlocked;
    static_cast<std::mutex*>(m)->unlock();
    return ck(rv::ok);
}
void reset_mutex_counters() { created = destroyed = locked = unlocked = held = 0; }

CK_C_INITIALIZE_ARGS callbacks(CK_FLAGS flags = 0) {
    return CK_C_INITIALIZE_ARGS{create_mutex, destroy_mutex, lock_mutex, unlock_mutex, flags, nullptr};
}

std::string field(const CK_UTF8CHAR* p, std::size_t n) { return std::string(reinterpret_cast<const char*>(p), n); }
std::string padded(std::string_view s, std::size_t n) { return std::string(s) + std::string(n - s.size(), ' '); }

} // namespace

TEST_CASE("C_GetFunctionList hands out a complete list with the profile's version", "[general]") {
    struct expectation {
        variant v;
        CK_BYTE major, minor;
    };
    for (auto [v, major, minor] : {expectation{variant::v2_40, 2, 40}, expectation{variant::v2_11, 2, 11},
                                   expectation{variant::v3_0, 2, 40}}) {
        auto& m = load(v);
        auto get = m.sym<CK_C_GetFunctionList>("C_GetFunctionList");
        CHECK(R(get(nullptr)) == rv::arguments_bad);
        CK_FUNCTION_LIST* list = nullptr;
        REQUIRE(R(get(&list)) == rv::ok);
        CHECK(list == m.f);  // the same list every time
        CHECK(list->version.major == major);
        CHECK(list->version.minor == minor);
#define PT_CHECK_SLOT(name, maj, min, params, args)                           \
    CHECK(list->name != nullptr);                                             \
    CHECK(reinterpret_cast<void*>(list->name) == m.sym<void*>(#name));
        P11_FUNCTIONS_2X(PT_CHECK_SLOT)
#undef PT_CHECK_SLOT
        // Works before C_Initialize, and through the list too.
        CK_FUNCTION_LIST* again = nullptr;
        CHECK(R(list->C_GetFunctionList(&again)) == rv::ok);
        CHECK(again == list);
    }
}

TEST_CASE("C_Initialize checks its argument", "[general]") {
    auto& m = load();
    auto* f = m.f;
    f->C_Finalize(nullptr);
    m.reset();
    CK_INFO info{};

    SECTION("pReserved must be NULL") {
        CK_C_INITIALIZE_ARGS args{};
        int dummy = 0;
        args.pReserved = &dummy;
        CHECK(R(f->C_Initialize(&args)) == rv::arguments_bad);
        CHECK(R(f->C_GetInfo(&info)) == rv::cryptoki_not_initialized);
    }
    SECTION("some but not all mutex callbacks") {
        for (int mask = 1; mask < 15; ++mask) {
            CK_C_INITIALIZE_ARGS args = callbacks();
            if (!(mask & 1)) args.CreateMutex = nullptr;
            if (!(mask & 2)) args.DestroyMutex = nullptr;
            if (!(mask & 4)) args.LockMutex = nullptr;
            if (!(mask & 8)) args.UnlockMutex = nullptr;
            INFO("callbacks given: mask " << mask);
            CHECK(R(f->C_Initialize(&args)) == rv::arguments_bad);
            CHECK(R(f->C_GetInfo(&info)) == rv::cryptoki_not_initialized);
        }
    }
    SECTION("no callbacks, with or without CKF_OS_LOCKING_OK") {
        for (CK_FLAGS flags : {CK_FLAGS{0}, ck(p11::init_flags::os_locking_ok)}) {
            CK_C_INITIALIZE_ARGS args{};
            args.flags = flags;
            REQUIRE(R(f->C_Initialize(&args)) == rv::ok);
            CHECK(R(f->C_GetInfo(&info)) == rv::ok);
            REQUIRE(R(f->C_Finalize(nullptr)) == rv::ok);
        }
    }
    SECTION("a second C_Initialize") {
        REQUIRE(R(f->C_Initialize(nullptr)) == rv::ok);
        CHECK(R(f->C_Initialize(nullptr)) == rv::cryptoki_already_initialized);
        CK_C_INITIALIZE_ARGS args{};
        CHECK(R(f->C_Initialize(&args)) == rv::cryptoki_already_initialized);
        CHECK(R(f->C_GetInfo(&info)) == rv::ok);  // still the first one
        REQUIRE(R(f->C_Finalize(nullptr)) == rv::ok);
    }
    SECTION("C_Finalize: pReserved, and twice") {
        REQUIRE(R(f->C_Initialize(nullptr)) == rv::ok);
        int dummy = 0;
        CHECK(R(f->C_Finalize(&dummy)) == rv::arguments_bad);
        CHECK(R(f->C_GetInfo(&info)) == rv::ok);  // not finalised by the bad call
        CHECK(R(f->C_Finalize(nullptr)) == rv::ok);
        CHECK(R(f->C_Finalize(nullptr)) == rv::cryptoki_not_initialized);
        CHECK(R(f->C_GetInfo(&info)) == rv::cryptoki_not_initialized);
    }
}

TEST_CASE("Application mutex callbacks without CKF_OS_LOCKING_OK are used", "[general]") {
    auto& m = load();
    m.f->C_Finalize(nullptr);
    reset_mutex_counters();
    {
        auto args = callbacks();
        env e(variant::v2_40, &args);
        CHECK(created >= 1);
        const int before = locked;
        CK_INFO info{};
        REQUIRE(R(e.f->C_GetInfo(&info)) == rv::ok);
        CHECK(locked > before);  // the call took the application's mutex
        CHECK(locked == unlocked);
        CHECK(held == 0);

        // Every kind of call, including failing ones and nested (dual) ones.
        const auto s = e.open();
        CHECK(e.login(s) == rv::ok);
        const auto key = open_aes_key(e, s);
        cbc_pad p;
        REQUIRE(R(e.f->C_EncryptInit(s, p.ptr(), key)) == rv::ok);
        auto digest = mech(M::sha_1);
        REQUIRE(R(e.f->C_DigestInit(s, &digest)) == rv::ok);
        CK_BYTE in[32] = {}, out[64];
        CK_ULONG out_len = sizeof out;
        const int before_dual = locked;
        CHECK(R(e.f->C_DigestEncryptUpdate(s, in, sizeof in, out, &out_len)) == rv::ok);
        CHECK(locked > before_dual);
        CHECK(R(e.f->C_GetSessionInfo(0xdead, nullptr)) == rv::session_handle_invalid);
        CHECK(locked == unlocked);
        CHECK(held == 0);
        CHECK(destroyed == 0);
    }
    // C_Finalize (by env) destroys what C_Initialize created.
    CHECK(destroyed == created);
    CHECK(locked == unlocked);
}

TEST_CASE("With CKF_OS_LOCKING_OK the native primitives are used", "[general]") {
    reset_mutex_counters();
    {
        auto args = callbacks(ck(p11::init_flags::os_locking_ok));
        env e(variant::v2_40, &args);
        CK_INFO info{};
        REQUIRE(R(e.f->C_GetInfo(&info)) == rv::ok);
        const auto s = e.open();
        CHECK(R(e.f->C_CloseSession(s)) == rv::ok);
    }
    // Either is allowed by the spec; the framework documents the native choice.
    CHECK(created == 0);
    CHECK(locked == 0);
}

TEST_CASE("C_GetInfo reports the module and the profile's version", "[general]") {
    struct expectation {
        variant v;
        CK_BYTE major, minor;
    };
    for (auto [v, major, minor] : {expectation{variant::v2_40, 2, 40}, expectation{variant::v2_11, 2, 11},
                                   expectation{variant::v3_0, 3, 0}}) {
        env e(v);
        CK_INFO info{};
        CHECK(R(e.f->C_GetInfo(nullptr)) == rv::arguments_bad);
        REQUIRE(R(e.f->C_GetInfo(&info)) == rv::ok);
        CHECK(info.cryptokiVersion.major == major);
        CHECK(info.cryptokiVersion.minor == minor);
        CHECK(field(info.manufacturerID, 32) == padded("p11forge tests", 32));
        CHECK(field(info.libraryDescription, 32) == padded("mock token module", 32));
        CHECK(info.flags == 0);
        CHECK(info.libraryVersion.major == 1);
        CHECK(info.libraryVersion.minor == 2);
    }
}

TEST_CASE("C_Finalize invalidates sessions and handles; handles are never reused", "[general]") {
    auto& m = load();
    m.f->C_Finalize(nullptr);
    m.reset();
    auto* f = m.f;
    REQUIRE(R(f->C_Initialize(nullptr)) == rv::ok);
    CK_SESSION_HANDLE s1 = 0;
    REQUIRE(R(f->C_OpenSession(fixed, serial | rw, nullptr, nullptr, &s1)) == rv::ok);
    tmpl t = data_object("kept", true);
    CK_OBJECT_HANDLE token_obj = 0, session_obj = 0;
    REQUIRE(R(f->C_CreateObject(s1, t.data(), t.size(), &token_obj)) == rv::ok);
    tmpl t2 = data_object("transient", false);
    REQUIRE(R(f->C_CreateObject(s1, t2.data(), t2.size(), &session_obj)) == rv::ok);
    REQUIRE(R(f->C_Login(s1, cku_user, env::pin_ptr(p11mock::user_pin), p11mock::user_pin.size())) == rv::ok);
    REQUIRE(R(f->C_Finalize(nullptr)) == rv::ok);

    CK_SESSION_INFO info{};
    CHECK(R(f->C_GetSessionInfo(s1, &info)) == rv::cryptoki_not_initialized);
    REQUIRE(R(f->C_Initialize(nullptr)) == rv::ok);
    CHECK(R(f->C_GetSessionInfo(s1, &info)) == rv::session_handle_invalid);

    CK_SESSION_HANDLE s2 = 0;
    REQUIRE(R(f->C_OpenSession(fixed, serial | rw, nullptr, nullptr, &s2)) == rv::ok);
    CHECK(s2 != s1);
    // The login did not survive either.
    REQUIRE(R(f->C_GetSessionInfo(s2, &info)) == rv::ok);
    CHECK(info.state == ck(p11::session_state::rw_public_session));

    CK_ULONG size = 0;
    CHECK(R(f->C_GetObjectSize(s2, token_obj, &size)) == rv::object_handle_invalid);
    CHECK(R(f->C_GetObjectSize(s2, session_obj, &size)) == rv::object_handle_invalid);
    // The token object is still there, under a new handle.
    tmpl q;
    q.str(A::label, "kept");
    REQUIRE(R(f->C_FindObjectsInit(s2, q.data(), q.size())) == rv::ok);
    CK_OBJECT_HANDLE found[2];
    CK_ULONG n = 0;
    REQUIRE(R(f->C_FindObjects(s2, found, 2, &n)) == rv::ok);
    REQUIRE(n == 1);
    CHECK(found[0] != token_obj);
    CHECK(found[0] != session_obj);
    REQUIRE(R(f->C_FindObjectsFinal(s2)) == rv::ok);
    // The transient session object is gone for good.
    tmpl q2;
    q2.str(A::label, "transient");
    REQUIRE(R(f->C_FindObjectsInit(s2, q2.data(), q2.size())) == rv::ok);
    REQUIRE(R(f->C_FindObjects(s2, found, 2, &n)) == rv::ok);
    CHECK(n == 0);
    REQUIRE(R(f->C_FindObjectsFinal(s2)) == rv::ok);
    REQUIRE(R(f->C_Finalize(nullptr)) == rv::ok);
}

TEST_CASE("3.0 interfaces: C_GetInterfaceList and C_GetInterface", "[general][interfaces]") {
    for (auto v : {variant::v3_0, variant::v3_0_fork_safe}) {
        const bool fork_safe = v == variant::v3_0_fork_safe;
        auto& m = load(v);
        m.f->C_Finalize(nullptr);
        auto list_fn = m.sym<CK_C_GetInterfaceList>("C_GetInterfaceList");
        auto get_fn = m.sym<CK_C_GetInterface>("C_GetInterface");
        REQUIRE(list_fn != nullptr);
        REQUIRE(get_fn != nullptr);
        const CK_FLAGS fork_flag = fork_safe ? ck(p11::interface_flags::interface_fork_safe) : 0;

        // Two-call convention, before C_Initialize.
        CK_ULONG count = 0;
        CHECK(R(list_fn(nullptr, nullptr)) == rv::arguments_bad);
        REQUIRE(R(list_fn(nullptr, &count)) == rv::ok);
        REQUIRE(count == 2);
        CK_INTERFACE one[1]{};
        CK_ULONG small = 1;
        CHECK(R(list_fn(one, &small)) == rv::buffer_too_small);
        CHECK(small == 2);
        CK_INTERFACE all[2]{};
        REQUIRE(R(list_fn(all, &count)) == rv::ok);
        CK_FUNCTION_LIST_3_0* v3 = nullptr;
        CK_FUNCTION_LIST* v2 = nullptr;
        for (auto& i : all) {
            CHECK(std::string(reinterpret_cast<const char*>(i.pInterfaceName)) == "PKCS 11");
            CHECK(i.flags == fork_flag);
            const auto* version = static_cast<const CK_VERSION*>(i.pFunctionList);
            if (version->major == 3) v3 = static_cast<CK_FUNCTION_LIST_3_0*>(i.pFunctionList);
            else v2 = static_cast<CK_FUNCTION_LIST*>(i.pFunctionList);
        }
        REQUIRE(v3 != nullptr);
        REQUIRE(v2 != nullptr);
        CHECK(v3->version.minor == 0);
        CHECK(v2->version.major == 2);
        CHECK(v2->version.minor == 40);
        CHECK(v2 == m.f);

        // The 3.0 list: every member set, the 2.x part identical to the 2.x list.
#define PT_SAME_AS_V2(name, maj, min, params, args) CHECK(v3->name == v2->name);
        P11_FUNCTIONS_2X(PT_SAME_AS_V2)
#undef PT_SAME_AS_V2
#define PT_SET(name, maj, min, params, args)                     \
    CHECK(v3->name != nullptr);                                  \
    CHECK(reinterpret_cast<void*>(v3->name) == m.sym<void*>(#name));
        P11_FUNCTIONS_3_0(PT_SET)
#undef PT_SET

        // C_GetInterface: default, by name, by version, by flags.
        CK_INTERFACE* got = nullptr;
        CHECK(R(get_fn(nullptr, nullptr, nullptr, 0)) == rv::arguments_bad);
        REQUIRE(R(get_fn(nullptr, nullptr, &got, 0)) == rv::ok);
        CHECK(got->pFunctionList == v3);  // the default is the newest
        CK_UTF8CHAR name[] = "PKCS 11";
        REQUIRE(R(get_fn(name, nullptr, &got, 0)) == rv::ok);
        CHECK(got->pFunctionList == v3);
        CK_VERSION v240{2, 40}, v30{3, 0}, v31{3, 1};
        REQUIRE(R(get_fn(name, &v240, &got, 0)) == rv::ok);
        CHECK(got->pFunctionList == v2);
        REQUIRE(R(get_fn(nullptr, &v30, &got, 0)) == rv::ok);
        CHECK(got->pFunctionList == v3);
        got = nullptr;
        CHECK(R(get_fn(nullptr, &v31, &got, 0)) != rv::ok);
        CHECK(got == nullptr);
        CK_UTF8CHAR other[] = "Vendor 11";
        CHECK(R(get_fn(other, nullptr, &got, 0)) != rv::ok);
        CHECK(got == nullptr);
        const auto fork_rv = R(get_fn(name, nullptr, &got, ck(p11::interface_flags::interface_fork_safe)));
        if (fork_safe) {
            CHECK(fork_rv == rv::ok);
            CHECK(got != nullptr);
        } else {
            CHECK(fork_rv != rv::ok);
            CHECK(got == nullptr);
        }

        // And the 3.0 list works like the 2.x one.
        m.reset();
        REQUIRE(R(v3->C_Initialize(nullptr)) == rv::ok);
        CK_INFO info{};
        REQUIRE(R(v3->C_GetInfo(&info)) == rv::ok);
        CHECK(info.cryptokiVersion.major == 3);
        CK_SESSION_HANDLE s = 0;
        REQUIRE(R(v3->C_OpenSession(fixed, serial | rw, nullptr, nullptr, &s)) == rv::ok);
        CHECK(R(v3->C_LoginUser(s, cku_user, env::pin_ptr(p11mock::user_pin), p11mock::user_pin.size(), nullptr,
                                0)) == rv::ok);
        // The message-based functions are the framework's (the mock lists
        // AES-GCM for them): its argument checks answer.
        CHECK(R(v3->C_MessageEncryptInit(s, nullptr, 0)) == rv::arguments_bad);
        CHECK(R(v3->C_MessageEncryptFinal(s)) == rv::operation_not_initialized);
        REQUIRE(R(v3->C_Finalize(nullptr)) == rv::ok);
    }
}

TEST_CASE("2.x modules have no 3.0 entry points", "[general][interfaces]") {
    for (auto v : {variant::v2_40, variant::v2_11}) {
        auto& m = load(v);
        CHECK(m.sym<void*>("C_GetInterfaceList") == nullptr);
        CHECK(m.sym<void*>("C_GetInterface") == nullptr);
        CHECK(m.sym<void*>("C_LoginUser") == nullptr);
        CHECK(m.sym<void*>("C_MessageEncryptInit") == nullptr);
    }
}

TEST_CASE("Two modules built on the framework keep their own state in one process", "[general]") {
    // Both are built with default symbol visibility (see meson.build).
    auto& a = load(variant::v2_40);
    auto& b = load(variant::v2_11);
    a.f->C_Finalize(nullptr);
    b.f->C_Finalize(nullptr);
    CHECK(a.f != b.f);
    CHECK(a.f->version.minor == 40);
    CHECK(b.f->version.minor == 11);
    a.reset();
    b.reset();
    REQUIRE(R(a.f->C_Initialize(nullptr)) == rv::ok);
    CK_INFO info{};
    CHECK(R(b.f->C_GetInfo(&info)) == rv::cryptoki_not_initialized);
    REQUIRE(R(b.f->C_Initialize(nullptr)) == rv::ok);
    REQUIRE(R(b.f->C_GetInfo(&info)) == rv::ok);
    CHECK(info.cryptokiVersion.minor == 11);
    REQUIRE(R(a.f->C_GetInfo(&info)) == rv::ok);
    CHECK(info.cryptokiVersion.minor == 40);
    // Sessions of one are unknown to the other.
    CK_SESSION_HANDLE s = 0;
    REQUIRE(R(a.f->C_OpenSession(fixed, serial, nullptr, nullptr, &s)) == rv::ok);
    CK_SESSION_INFO si{};
    CHECK(R(b.f->C_GetSessionInfo(s, &si)) == rv::session_handle_invalid);
    REQUIRE(R(a.f->C_Finalize(nullptr)) == rv::ok);
    CHECK(R(b.f->C_GetInfo(&info)) == rv::ok);
    REQUIRE(R(b.f->C_Finalize(nullptr)) == rv::ok);
}

TEST_CASE("The exception boundary turns exceptions into return codes", "[general]") {
    env e;
    const auto s = e.open();
    CK_BYTE buf[16];
    e.m.throw_next(p11mock::at_random, p11mock::throw_bad_alloc);
    CHECK(R(e.f->C_GenerateRandom(s, buf, sizeof buf)) == rv::host_memory);
    e.m.throw_next(p11mock::at_random, p11mock::throw_runtime_error);
    CHECK(R(e.f->C_GenerateRandom(s, buf, sizeof buf)) == rv::general_error);
    CHECK(R(e.f->C_GenerateRandom(s, buf, sizeof buf)) == rv::ok);  // the module lives on
    e.m.throw_next(p11mock::at_describe, p11mock::throw_bad_alloc);
    CK_TOKEN_INFO ti{};
    CHECK(R(e.f->C_GetTokenInfo(fixed, &ti)) == rv::host_memory);
    CHECK(R(e.f->C_GetTokenInfo(fixed, &ti)) == rv::ok);
    CK_SESSION_INFO si{};
    CHECK(R(e.f->C_GetSessionInfo(s, &si)) == rv::ok);
}
