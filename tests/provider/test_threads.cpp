// Concurrency and processes: parallel operations in two sessions (proved
// structurally: the mock's signature transform only returns once both threads
// are inside it), C_WaitForSlotEvent woken by an event and by C_Finalize, a
// mixed stress run (for the thread sanitizer), and fork().
//
// [threads] tests run as their own meson test (provider-threads) so that they
// can be run alone under -Db_sanitize=thread.
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "harness.hpp"

using namespace pt;

namespace {

// Polls until `done()` or a generous deadline; false on timeout.  Used only
// to wait for the mock to report a state, never to measure anything.
template <class Done>
bool eventually(Done done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

CK_OBJECT_HANDLE mac_key(const env& e, CK_SESSION_HANDLE s) {
    tmpl t;
    t.flag(A::private_, false);
    return generate_secret(e, s, std::move(t), M::generic_secret_key_gen, 32);
}

} // namespace

TEST_CASE("Two sessions sign in parallel", "[threads]") {
    env e;
    const auto s1 = e.open();
    const auto s2 = e.open();
    const auto key = mac_key(e, s1);
    e.m.arm_barrier(2);
    std::atomic<CK_RV> r1{~0ul}, r2{~0ul};
    auto work = [&](CK_SESSION_HANDLE s, std::atomic<CK_RV>& out) {
        auto m = mech(M::sha256_hmac);
        CK_BYTE data[] = "sign me";
        CK_BYTE sig[32];
        CK_ULONG len = sizeof sig;
        CK_RV r = e.f->C_SignInit(s, &m, key);
        if (r == 0) r = e.f->C_Sign(s, data, sizeof data, sig, &len);
        out = r;
    };
    std::thread a(work, s1, std::ref(r1));
    std::thread b(work, s2, std::ref(r2));
    a.join();
    b.join();
    e.m.arm_barrier(0);
    // Both were inside the token's transform at the same time: had the
    // framework serialised them, the first would have met nobody (timeout).
    CHECK(R(r1) == rv::ok);
    CHECK(R(r2) == rv::ok);
    CHECK(e.m.barrier_timeouts() == 0);
    CHECK(e.m.count(p11mock::c_sign) == 2);
}

TEST_CASE("A blocking C_WaitForSlotEvent is woken by an event", "[threads][events]") {
    env e;
    std::atomic<CK_RV> result{~0ul};
    CK_SLOT_ID slot = 0;
    std::thread waiter([&] { result = e.f->C_WaitForSlotEvent(0, &slot, nullptr); });
    REQUIRE(eventually([&] { return e.m.blocked_waiters() == 1; }));
    CHECK(result == ~0ul);  // really blocked
    e.m.post_event(fixed);
    waiter.join();
    CHECK(R(result) == rv::ok);
    CHECK(slot == fixed);
}

TEST_CASE("A blocked C_WaitForSlotEvent is woken by C_Finalize", "[threads][events]") {
    env e;
    std::atomic<CK_RV> result{~0ul};
    CK_SLOT_ID slot = 0;
    std::thread waiter([&] { result = e.f->C_WaitForSlotEvent(0, &slot, nullptr); });
    REQUIRE(eventually([&] { return e.m.blocked_waiters() == 1; }));
    REQUIRE(R(e.f->C_Finalize(nullptr)) == rv::ok);
    waiter.join();
    CHECK(R(result) == rv::cryptoki_not_initialized);
    CHECK(e.m.blocked_waiters() == 0);
}

// The spec leaves C_Finalize during other calls undefined, but a module
// should not crash for it: calls in progress finish on the old runtime
// (under ASan, a use after free would show), later ones are answered
// CKR_CRYPTOKI_NOT_INITIALIZED, and C_Initialize works again afterwards.
TEST_CASE("C_Finalize while other threads are inside calls", "[threads][finalize]") {
    env e;
    const auto s = e.open();
    std::atomic<bool> stop{false};
    std::atomic<int> unexpected{0};
    std::atomic<long> calls{0};
    auto worker = [&] {
        while (!stop.load()) {
            CK_INFO info{};
            const auto a = R(e.f->C_GetInfo(&info));
            if (a != rv::ok && a != rv::cryptoki_not_initialized) ++unexpected;
            CK_SESSION_INFO si{};
            const auto b = R(e.f->C_GetSessionInfo(s, &si));
            if (b != rv::ok && b != rv::cryptoki_not_initialized && b != rv::session_handle_invalid) ++unexpected;
            ++calls;
        }
    };
    std::thread one(worker), two(worker);
    REQUIRE(eventually([&] { return calls.load() > 1000; }));
    REQUIRE(R(e.f->C_Finalize(nullptr)) == rv::ok);
    const long after = calls.load();
    REQUIRE(eventually([&] { return calls.load() > after + 1000; }));
    CK_INFO info{};
    CHECK(R(e.f->C_GetInfo(&info)) == rv::cryptoki_not_initialized);
    stop = true;
    one.join();
    two.join();
    CHECK(unexpected == 0);
    REQUIRE(R(e.f->C_Initialize(nullptr)) == rv::ok);
    CHECK(R(e.f->C_GetInfo(&info)) == rv::ok);
}

TEST_CASE("Mixed concurrent use", "[threads][stress]") {
    env e;
    const auto setup = e.open();
    REQUIRE(e.login(setup) == rv::ok);  // shared by all sessions, kept while `setup` is open
    const auto key = open_aes_key(e, setup);
    std::atomic<int> failures{0};
    auto fail = [&](const char* what, CK_RV r) {
        if (r != 0) {
            ++failures;
            UNSCOPED_INFO(what << " -> " << p11::to_string(R(r)).view());
        }
    };
    auto worker = [&](int id) {
        for (int i = 0; i < 40; ++i) {
            CK_SESSION_HANDLE s = 0;
            CK_RV r = e.f->C_OpenSession(fixed, serial | rw, nullptr, nullptr, &s);
            fail("open", r);
            if (r != 0) continue;
            tmpl t = data_object("stress", i % 3 == 0, i % 2 == 0);
            CK_OBJECT_HANDLE h = 0;
            fail("create", e.f->C_CreateObject(s, t.data(), t.size(), &h));
            CK_BYTE label[16];
            CK_ATTRIBUTE a{ck(A::label), label, sizeof label};
            fail("get", e.f->C_GetAttributeValue(s, h, &a, 1));
            cbc_pad p;
            fail("encrypt init", e.f->C_EncryptInit(s, p.ptr(), key));
            CK_BYTE in[40] = {static_cast<CK_BYTE>(id)}, out[48];
            CK_ULONG len = sizeof out;
            fail("encrypt", e.f->C_Encrypt(s, in, sizeof in, out, &len));
            tmpl q;
            q.str(A::label, "stress");
            fail("find init", e.f->C_FindObjectsInit(s, q.data(), q.size()));
            CK_OBJECT_HANDLE found[8];
            CK_ULONG n = 0;
            fail("find", e.f->C_FindObjects(s, found, 8, &n));
            fail("find final", e.f->C_FindObjectsFinal(s));
            fail("destroy", e.f->C_DestroyObject(s, h));
            fail("close", e.f->C_CloseSession(s));
        }
    };
    // The reader comes and goes meanwhile; its sessions may fail, but only in the ways removal allows.
    std::atomic<bool> stop{false};
    std::thread card([&] {
        while (!stop) {
            CK_SESSION_HANDLE s = 0;
            const auto r = R(e.f->C_OpenSession(reader, serial, nullptr, nullptr, &s));
            if (r != rv::ok && r != rv::token_not_present) fail("reader open", ck(r));
            e.m.remove_token();
            CK_SESSION_INFO info{};
            if (r == rv::ok) {
                const auto r2 = R(e.f->C_GetSessionInfo(s, &info));
                if (r2 != rv::session_handle_invalid) fail("removed session", ck(r2) ? ck(r2) : ~0ul);
            }
            e.m.insert_token();
        }
    });
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i) threads.emplace_back(worker, i);
    for (auto& t : threads) t.join();
    stop = true;
    card.join();
    CHECK(failures == 0);
    CHECK(e.state(setup) == ck(p11::session_state::rw_user_functions));
}

TEST_CASE("fork(): the child starts uninitialised; the parent is unaffected", "[fork]") {
    env e;
    const auto s = e.open();
    REQUIRE(e.login(s) == rv::ok);
    const auto key = mac_key(e, s);
    auto m = mech(M::sha256_hmac);
    CK_BYTE data[] = "data";
    CK_BYTE sig[32];
    CK_ULONG len = sizeof sig;

    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // No Catch2 in here: the exit status is the number of the first failed step.
        int step = 0, failed = 0;
        auto expect = [&](bool ok) {
            ++step;
            if (!ok && failed == 0) failed = step;
        };
        auto* f = e.f;
        CK_INFO info{};
        CK_SESSION_INFO si{};
        expect(f->C_GetInfo(&info) == ck(rv::cryptoki_not_initialized));
        expect(f->C_GetSessionInfo(s, &si) == ck(rv::cryptoki_not_initialized));
        expect(f->C_Finalize(nullptr) == ck(rv::cryptoki_not_initialized));
        expect(f->C_Initialize(nullptr) == ck(rv::ok));
        expect(f->C_GetSessionInfo(s, &si) == ck(rv::session_handle_invalid));  // the parent's session
        CK_SESSION_HANDLE cs = 0;
        expect(f->C_OpenSession(fixed, serial, nullptr, nullptr, &cs) == ck(rv::ok));
        // The parent's login is not the child's.
        expect(f->C_GetSessionInfo(cs, &si) == ck(rv::ok) && si.state == ck(p11::session_state::ro_public_session));
        tmpl t;
        t.flag(A::private_, false).ulong(A::value_len, 32);
        auto gen = mech(M::generic_secret_key_gen);
        CK_OBJECT_HANDLE child_key = 0;
        expect(f->C_GenerateKey(cs, &gen, t.data(), t.size(), &child_key) == ck(rv::ok));
        expect(f->C_SignInit(cs, &m, child_key) == ck(rv::ok));
        CK_ULONG l = sizeof sig;
        expect(f->C_Sign(cs, data, sizeof data, sig, &l) == ck(rv::ok));
        expect(f->C_Finalize(nullptr) == ck(rv::ok));
        ::_exit(failed);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    INFO("first failed step in the child: " << WEXITSTATUS(status));
    CHECK(WEXITSTATUS(status) == 0);
    // The parent goes on as before.
    CHECK(e.state(s) == ck(p11::session_state::rw_user_functions));
    REQUIRE(R(e.f->C_SignInit(s, &m, key)) == rv::ok);
    CHECK(R(e.f->C_Sign(s, data, sizeof data, sig, &len)) == rv::ok);
}

// C_SetAttributeValue is a read-modify-write of the object's current
// version for session objects too: two threads changing different
// attributes of one object must both keep every change.
TEST_CASE("Two threads changing different attributes of one session object lose no change", "[threads][set]") {
    env e;
    const auto s1 = e.open();
    const auto s2 = e.open();
    const auto h = create_data(e, s1, "start");
    constexpr int changes = 2000;
    // Each writer reads its attribute back before its next change: the
    // other thread's change must never have put an older value back.
    auto writer = [&](CK_SESSION_HANDLE s, A which) {
        for (int i = 0; i < changes; ++i) {
            tmpl t;
            t.str(which, std::to_string(i));
            if (R(e.f->C_SetAttributeValue(s, h, t.data(), t.size())) != rv::ok) return false;
            if (get_string(e, s, h, which) != std::to_string(i)) return false;
        }
        return true;
    };
    bool ok1 = false, ok2 = false;
    std::thread t1([&] { ok1 = writer(s1, A::label); });
    std::thread t2([&] { ok2 = writer(s2, A::application); });
    t1.join();
    t2.join();
    CHECK(ok1);
    CHECK(ok2);
    CHECK(get_string(e, s1, h, A::label) == std::to_string(changes - 1));
    CHECK(get_string(e, s1, h, A::application) == std::to_string(changes - 1));
}

// Calls find a session without the runtime's table lock (runtime::in_session),
// and a closed session's memory stays until no other call is in progress.
// Under the thread sanitizer (and ASan, which runs every suite) a call that
// read a session being closed and freed would be reported here; the answers
// are checked too: a call on a closing session either ran (CKR_OK) or finds
// it gone, never anything else.
TEST_CASE("Calls racing C_CloseSession on their session answer OK or SESSION_HANDLE_INVALID", "[threads][close]") {
    env e;
    std::atomic<CK_SESSION_HANDLE> current{e.open()};
    std::atomic<bool> stop{false};
    std::atomic<int> ok{0}, gone{0}, wrong{0};
    auto caller = [&] {
        while (!stop) {
            CK_SESSION_INFO info{};
            const auto r = R(e.f->C_GetSessionInfo(current.load(), &info));
            if (r == rv::ok)
                ++ok;
            else if (r == rv::session_handle_invalid)
                ++gone;
            else
                ++wrong;
        }
    };
    std::vector<std::thread> callers;
    for (int i = 0; i < 3; ++i) callers.emplace_back(caller);
    for (int i = 0; i < 300; ++i) {
        const auto old = current.load();
        current = e.open();
        // Some calls in between, whatever the scheduler does (a loaded
        // machine may otherwise run this loop before any caller starts).
        const int seen = ok + gone + wrong;
        while (ok + gone + wrong < seen + 3) std::this_thread::yield();
        CHECK(R(e.f->C_CloseSession(old)) == rv::ok);
    }
    stop = true;
    for (auto& t : callers) t.join();
    CHECK(wrong == 0);
    CHECK(ok > 0);
    CK_SESSION_INFO info{};
    CHECK(R(e.f->C_GetSessionInfo(current.load(), &info)) == rv::ok);
    CHECK(R(e.f->C_CloseSession(current.load())) == rv::ok);
    CHECK(R(e.f->C_GetSessionInfo(current.load(), &info)) == rv::session_handle_invalid);
}

// More sessions than the lock-free table has places, so that handles share a
// place and some sessions are only in the locked table: every one answers
// as itself, and every closed one is gone.
TEST_CASE("Hundreds of open sessions each answer as themselves, closed ones as invalid", "[threads][close]") {
    env e;
    std::vector<CK_SESSION_HANDLE> open;
    for (int i = 0; i < 200; ++i) open.push_back(e.open(fixed, i % 2 == 0));
    for (std::size_t i = 0; i < open.size(); ++i) {
        CK_SESSION_INFO info{};
        REQUIRE(R(e.f->C_GetSessionInfo(open[i], &info)) == rv::ok);
        CHECK(((info.flags & rw) != 0) == (i % 2 == 0));
    }
    for (std::size_t i = 0; i < open.size(); i += 3) REQUIRE(R(e.f->C_CloseSession(open[i])) == rv::ok);
    for (std::size_t i = 0; i < open.size(); ++i) {
        CK_SESSION_INFO info{};
        CHECK(R(e.f->C_GetSessionInfo(open[i], &info)) == (i % 3 == 0 ? rv::session_handle_invalid : rv::ok));
    }
    // Closed places are published again for new sessions.
    const auto fresh = e.open();
    CK_SESSION_INFO info{};
    CHECK(R(e.f->C_GetSessionInfo(fresh, &info)) == rv::ok);
    CHECK(R(e.f->C_CloseAllSessions(fixed)) == rv::ok);
    for (auto h : open) CHECK(R(e.f->C_GetSessionInfo(h, &info)) == rv::session_handle_invalid);
}

// Two threads on one session: the session's lock makes them take turns (a
// waiter spins, yields, then naps), and neither loses an answer.
TEST_CASE("Two threads calling on one session take turns", "[threads][close]") {
    env e;
    const auto s = e.open();
    std::atomic<int> wrong{0};
    auto caller = [&] {
        for (int i = 0; i < 2000; ++i) {
            CK_SESSION_INFO info{};
            if (R(e.f->C_GetSessionInfo(s, &info)) != rv::ok) ++wrong;
        }
    };
    std::thread a(caller), b(caller);
    a.join();
    b.join();
    CHECK(wrong == 0);
}
