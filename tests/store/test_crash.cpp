// Crash safety: a writer killed with SIGKILL at random moments never leaves
// a committed object damaged or lost, nor the token unopenable.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <poll.h>
#include <csignal>
#include <map>
#include <random>
#include <sstream>

#include "store/object_names.hpp"
#include "support.hpp"

using namespace store_test;

namespace {

store_options crash_options() {
    // Logins killed half-way are counted as attempts (by design), so the
    // limit is out of the way here.
    return quick(100000);
}

void say(int fd, const std::string& line) {
    // Shorter than PIPE_BUF: each line arrives whole or not at all.
    (void)!::write(fd, line.data(), line.size());
}

// The writer: creates, updates and destroys, announcing each change before
// ("I ...") and after ("C/U/D ...") it is made.
[[noreturn]] void writer(const fs::path& token, int fd, unsigned seed) {
    auto opened = open_store(token, crash_options());
    if (!opened) ::_exit(3);
    auto& s = *opened;
    if (!s->login(user::normal, pin("1234"))) ::_exit(4);
    say(fd, "R\n");
    std::mt19937 rng(seed);
    std::vector<object_id> mine;
    for (unsigned k = 0;; ++k) {
        const auto value = "v" + std::to_string(seed) + "-" + std::to_string(k);
        const unsigned what = rng() % 10;
        if (what < 2 && !mine.empty()) {
            const auto id = mine[rng() % mine.size()];
            say(fd, "I U " + detail::hex(id.bytes) + " " + value + "\n");
            if (!s->update(id, data_object("crash", value, k % 2 == 0))) ::_exit(5);
            say(fd, "U " + detail::hex(id.bytes) + " " + value + "\n");
        } else if (what < 3 && !mine.empty()) {
            const auto at = rng() % mine.size();
            const auto id = mine[at];
            say(fd, "I D " + detail::hex(id.bytes) + "\n");
            if (!s->destroy(id)) ::_exit(6);
            say(fd, "D " + detail::hex(id.bytes) + "\n");
            mine.erase(mine.begin() + static_cast<long>(at));
        } else {
            auto id = s->create(data_object("crash", value, k % 3 != 0));
            if (!id) ::_exit(7);
            say(fd, "C " + detail::hex(id->bytes) + " " + value + "\n");
            mine.push_back(*id);
        }
    }
}

struct expectation {
    std::string value;        // committed
    std::string pending;      // announced, maybe committed
    bool pending_destroy = false;
    bool destroyed = false;
};

std::string drain(int fd) {
    std::string out;
    char buf[4096];
    for (;;) {
        const auto n = ::read(fd, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

} // namespace

TEST_CASE("objects committed before a SIGKILL are intact after it", "[store][crash]") {
    scratch_dir d;
    {
        auto s = open_or_die(d.token(), crash_options());
        REQUIRE(s->initialize(pin("so-pin"), "crash"));
        REQUIRE(s->login(user::so, pin("so-pin")));
        REQUIRE(s->init_user_pin(pin("1234")));
    }
    std::map<std::string, expectation> expected;
    std::mt19937 rng(Catch::rngSeed() + 12345);
    const int rounds = 40;
    std::size_t commits = 0;
    for (int round = 0; round < rounds; ++round) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            ::close(fds[0]);
            p11::crypto::reseed_after_fork();
            writer(d.token(), fds[1], static_cast<unsigned>(round));
        }
        ::close(fds[1]);
        // A quarter of the kills land anywhere from the start (in open() or
        // login(), i.e. metadata writes); the rest after a random number of
        // commits, at a random point of the next write.
        std::string log;
        if (round % 4 != 0) {
            const int wanted = std::uniform_int_distribution<int>(1, 8)(rng);
            int seen = 0;
            while (seen < wanted) {
                pollfd p{fds[0], POLLIN, 0};
                REQUIRE(::poll(&p, 1, 20000) == 1);
                char buf[512];
                const auto n = ::read(fds[0], buf, sizeof buf);
                REQUIRE(n > 0);
                log.append(buf, static_cast<std::size_t>(n));
                seen = 0;
                for (std::size_t at = 0, end; (end = log.find('\n', at)) != std::string::npos; at = end + 1)
                    if (log[at] == 'C' || log[at] == 'U' || log[at] == 'D') ++seen;
            }
        }
        const int max_delay_us = round % 4 == 0 ? 20000 : 3000;
        ::usleep(static_cast<useconds_t>(std::uniform_int_distribution<int>(0, max_delay_us)(rng)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        REQUIRE(WIFSIGNALED(status));  // the writer never stops on its own
        log += drain(fds[0]);
        std::istringstream lines(log);
        ::close(fds[0]);

        std::string line;
        while (std::getline(lines, line)) {
            if (lines.eof()) break;  // a torn last line cannot happen, but be strict
            std::istringstream f(line);
            std::string tag, id, value;
            f >> tag;
            if (tag == "R") continue;
            if (tag == "I") {
                f >> tag >> id >> value;
                auto& e = expected[id];
                if (tag == "U") e.pending = value;
                else e.pending_destroy = true;
                continue;
            }
            f >> id >> value;
            auto& e = expected[id];
            ++commits;
            if (tag == "C" || tag == "U") {
                e.value = value;
                e.pending.clear();
            } else {
                e.destroyed = true;
                e.pending_destroy = false;
            }
        }

        // The token opens, nothing is damaged, and every committed change is there.
        auto opened = open_store(d.token(), crash_options());
        REQUIRE(opened);
        auto& s = *opened;
        REQUIRE(s->login(user::normal, pin("1234")));
        CHECK(s->damaged_records() == 0);
        for (auto& [hex_id, e] : expected) {
            auto id = detail::id_from_file_name(hex_id + ".obj");
            REQUIRE(id);
            auto o = s->load(*id);
            CAPTURE(round, hex_id, e.value, e.pending);
            if (e.destroyed) {
                CHECK(o == nullptr);
                continue;
            }
            if (e.pending_destroy && o == nullptr) {
                e.destroyed = true;  // the destroy made it
                continue;
            }
            REQUIRE(o != nullptr);
            REQUIRE(o->complete);
            const auto got = text(o->attributes, attribute_type::value);
            if (!e.pending.empty() && got == e.pending) e.value = got;  // the update made it
            CHECK(got == e.value);
            e.pending.clear();
            e.pending_destroy = false;
        }
        // No debris of the killed writer survives an open.
        for (const auto& entry : fs::directory_iterator(d.token() / "objects"))
            CHECK(entry.path().extension() == ".obj");
    }
    // The test only means something if the kills hit a busy writer.
    CHECK(commits >= static_cast<std::size_t>(3 * rounds / 4));
}
