// The DRBG: output, large requests, caller entropy, and fork separation.
#include <catch2/catch.hpp>

#include <array>
#include <set>

#ifndef _WIN32
#include <csignal>

#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "crypto/internal/fork_guard.hpp"
#endif
#include "crypto/random.hpp"
#include "hex.hpp"

using namespace p11::crypto;

TEST_CASE("random bytes are produced in any amount and do not repeat", "[random]") {
    std::set<bytes> seen;
    for (int i = 0; i < 64; ++i) {
        bytes b(32);
        REQUIRE(random_bytes(b) == status::ok);
        CHECK(seen.insert(b).second);
    }
    // Larger than one DRBG request (1024 bytes in mbedTLS): every part is filled.
    bytes big(5000, 0);
    REQUIRE(random_bytes(big) == status::ok);
    for (std::size_t off = 0; off + 64 <= big.size(); off += 1000)
        CHECK(bytes(big.begin() + off, big.begin() + off + 64) != bytes(64, 0));
    bytes none;
    CHECK(random_bytes(none) == status::ok);
}

TEST_CASE("caller entropy is mixed in, never substituted", "[random]") {
    const auto seed = test::str("the same seed twice");
    REQUIRE(add_entropy(seed) == status::ok);
    bytes a(32);
    REQUIRE(random_bytes(a) == status::ok);
    REQUIRE(add_entropy(seed) == status::ok);
    bytes b(32);
    REQUIRE(random_bytes(b) == status::ok);
    CHECK(a != b);
    CHECK(add_entropy({}) == status::ok);
    CHECK(add_entropy(bytes(100000, 7)) == status::ok);
}

// Windows has no fork(): no process starts with a copy of the generator.
#ifndef _WIN32
TEST_CASE("a forked child does not continue the parent's stream", "[random]") {
    bytes warm(16);
    REQUIRE(random_bytes(warm) == status::ok);  // the generator exists before fork()

    for (bool explicit_reseed : {false, true}) {
        int fds[2];
        REQUIRE(pipe(fds) == 0);
        const pid_t pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            if (explicit_reseed) reseed_after_fork();
            std::array<byte, 32> child{};
            const bool ok = random_bytes(child) == status::ok;
            const auto written = write(fds[1], child.data(), child.size());
            _exit(ok && written == static_cast<ssize_t>(child.size()) ? 0 : 1);
        }
        close(fds[1]);
        bytes parent(32);
        REQUIRE(random_bytes(parent) == status::ok);
        bytes child(32);
        std::size_t got = 0;
        while (got < child.size()) {
            const auto n = read(fds[0], child.data() + got, child.size() - got);
            if (n <= 0) break;
            got += static_cast<std::size_t>(n);
        }
        close(fds[0]);
        int wstatus = 0;
        REQUIRE(waitpid(pid, &wstatus, 0) == pid);
        REQUIRE(WIFEXITED(wstatus));
        REQUIRE(WEXITSTATUS(wstatus) == 0);
        REQUIRE(got == child.size());
        CHECK(child != parent);
    }
}

namespace {

// A child made by the clone system call itself: no pthread_atfork handler
// runs, as with a runtime that forks without glibc.  Runs `child` there and
// returns its exit status.
template <class F>
int in_raw_clone(F child) {
    const long pid = syscall(SYS_clone, SIGCHLD, nullptr, nullptr, nullptr, 0);
    if (pid == 0) _exit(child());
    int wstatus = 0;
    if (pid < 0 || waitpid(static_cast<pid_t>(pid), &wstatus, 0) != pid || !WIFEXITED(wstatus)) return -1;
    return WEXITSTATUS(wstatus);
}

} // namespace

TEST_CASE("fork_guard notices a child that ran no fork handlers", "[random]") {
    p11::crypto::internal::fork_guard guard;
    guard.arm();
    CHECK_FALSE(guard.moved());
    CHECK(in_raw_clone([&] { return guard.moved() ? 0 : 1; }) == 0);
    CHECK_FALSE(guard.moved());  // the parent is still the armed process
    CHECK(in_raw_clone([&] {
              guard.arm();
              return guard.moved() ? 1 : 0;
          }) == 0);
}

TEST_CASE("a raw clone() child does not continue the parent's stream", "[random]") {
    bytes warm(16);
    REQUIRE(random_bytes(warm) == status::ok);
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    const int status_of_child = in_raw_clone([&] {
        std::array<byte, 32> child{};
        const bool ok = random_bytes(child) == status::ok;
        return ok && write(fds[1], child.data(), child.size()) == static_cast<ssize_t>(child.size()) ? 0 : 1;
    });
    close(fds[1]);
    REQUIRE(status_of_child == 0);
    bytes parent(32);
    REQUIRE(random_bytes(parent) == status::ok);
    bytes child(32);
    REQUIRE(read(fds[0], child.data(), child.size()) == static_cast<ssize_t>(child.size()));
    close(fds[0]);
    CHECK(child != parent);
}

#endif // _WIN32
