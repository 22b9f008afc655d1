// A process killed between the two metadata copy writes (meta_copies.hpp):
// the copy written first holds the newer state and wins; nothing is counted
// as damaged; a retry counter charged before a PIN attempt is never given
// back; and the next write makes the copies agree again.
#include <catch2/catch.hpp>

#include <atomic>
#include <csignal>

#include "store/instrumentation.hpp"
#include "store/meta_copies.hpp"
#include "store/token_meta.hpp"
#include "support.hpp"

using namespace store_test;

namespace {

constexpr unsigned tries = 10;

std::atomic<int> writes_before_kill{0};

// Dies between the copies of the n-th metadata write from now.
void kill_between_copies_of_write(int n) {
    writes_before_kill = n;
    detail::set_metadata_copy_hook([] {
        if (--writes_before_kill == 0) ::raise(SIGKILL);
    });
}

// Runs `operation` on the token in a child killed between the copies of its
// n-th metadata write.
template <class F>
void kill_during(const fs::path& token, int n, F&& operation) {
    const int status = in_child([&] {
        auto s = open_store(token, quick(tries));
        if (!s) return 1;
        kill_between_copies_of_write(n);
        (void)operation(**s);
        return 2;  // the n-th write never came
    });
    REQUIRE(status == 128 + SIGKILL);
}

std::unique_ptr<token_store> ready_token(const fs::path& dir) {
    auto s = open_or_die(dir, quick(tries));
    REQUIRE(s->initialize(pin("so-pin"), "before"));
    REQUIRE(s->login(user::so, pin("so-pin")));
    REQUIRE(s->init_user_pin(pin("1234")));
    s->logout();
    return s;
}

std::optional<detail::meta_record> copy_on_disk(const fs::path& token, std::size_t copy) {
    return detail::decode_meta(read_bytes(token / detail::metadata_copy_names[copy]));
}

// Both copies intact, one generation apart: the kill landed between them.
void check_copies_one_write_apart(const fs::path& token) {
    const auto a = copy_on_disk(token, 0);
    const auto b = copy_on_disk(token, 1);
    REQUIRE(a);
    REQUIRE(b);
    CHECK(std::max(a->generation, b->generation) == std::min(a->generation, b->generation) + 1);
}

void check_copies_agree(const fs::path& token) {
    CHECK(read_bytes(token / detail::metadata_copy_names[0]) == read_bytes(token / detail::metadata_copy_names[1]));
}

} // namespace

TEST_CASE("killed between the copies of a PIN change: the newest state wins at every point", "[store][meta][crash]") {
    // set_pin writes three times: the charged counter, the counter given
    // back (the PIN was right), the new wrap.
    for (int n = 1; n <= 3; ++n) {
        CAPTURE(n);
        scratch_dir d;
        { auto s = ready_token(d.token()); }
        kill_during(d.token(), n, [](token_store& s) { return s.set_pin(user::normal, pin("1234"), pin("5678")); });
        check_copies_one_write_apart(d.token());
        auto s = open_or_die(d.token(), quick(tries));
        CHECK(s->damaged_records() == 0);  // an interrupted write is not damage
        CHECK(s->metadata().label == "before");
        CHECK(s->metadata().user_pin.tries_left == (n == 1 ? tries - 1 : tries));
        const char* right = n == 3 ? "5678" : "1234";
        const char* wrong = n == 3 ? "1234" : "5678";
        CHECK(s->login(user::normal, pin(wrong)).code() == p11::rv::pin_incorrect);
        REQUIRE(s->login(user::normal, pin(right)));
        check_copies_agree(d.token());
    }
}

TEST_CASE("killed between the copies of a charged attempt, again and again: no attempt is given back",
          "[store][meta][crash]") {
    scratch_dir d;
    { auto s = ready_token(d.token()); }
    // Whether the PIN is right or not, each attempt dies after its charge
    // reached one copy only.
    for (const char* attempt : {"bad", "1234", "bad"}) {
        CAPTURE(attempt);
        kill_during(d.token(), 1, [&](token_store& s) { return s.login(user::normal, pin(attempt)); });
        check_copies_one_write_apart(d.token());
    }
    auto s = open_or_die(d.token(), quick(tries));
    CHECK(s->metadata().user_pin.tries_left == tries - 3);
    CHECK(s->damaged_records() == 0);
    REQUIRE(s->login(user::normal, pin("1234")));
    CHECK(s->metadata().user_pin.tries_left == tries);
}

TEST_CASE("killed between the copies of a re-initialisation: the new empty token, or the old one whole",
          "[store][meta][crash]") {
    // initialize() of an initialised token writes three times: the SO
    // counter charged, given back, the new token (after its objects went).
    for (int n : {1, 3}) {
        CAPTURE(n);
        scratch_dir d;
        std::string old_serial;
        {
            auto s = ready_token(d.token());
            REQUIRE(s->login(user::normal, pin("1234")));
            REQUIRE(s->create(data_object("old", "object", true)));
            REQUIRE(s->create(data_object("old", "public")));
            old_serial = s->metadata().serial;
        }
        kill_during(d.token(), n, [](token_store& s) { return s.initialize(pin("so-pin"), "after"); });
        check_copies_one_write_apart(d.token());
        auto s = open_or_die(d.token(), quick(tries));
        CHECK(s->damaged_records() == 0);
        if (n == 3) {
            // Never the old token (whose objects are gone by now) from the
            // copy not yet rewritten.
            CHECK(s->metadata().label == "after");
            CHECK(s->metadata().serial != old_serial);
            CHECK_FALSE(s->metadata().user_pin.initialized);
            CHECK(s->object_count() == 0);
            CHECK(s->login(user::normal, pin("1234")).code() == p11::rv::user_pin_not_initialized);
        } else {
            CHECK(s->metadata().label == "before");
            CHECK(s->metadata().serial == old_serial);
            CHECK(s->metadata().so_pin.tries_left == tries - 1);
            CHECK(s->object_count() == 2);
            REQUIRE(s->login(user::normal, pin("1234")));
            CHECK(s->object_count() == 2);
        }
        REQUIRE(s->login(user::so, pin("so-pin")));
        check_copies_agree(d.token());
    }
}

TEST_CASE("killed between the copies of a single-copy token's first write: it still loads, as format 2",
          "[store][meta][crash][migration]") {
    scratch_dir d;
    fs::copy(fs::path(STORE_TEST_DATA) / "format1-token", d.token(), fs::copy_options::recursive);
    fs::remove(d.token() / "README.md");
    kill_during(d.token(), 1, [](token_store& s) { return s.login(user::normal, pin("legacy-user-pin")); });
    // The second copy came first; token.meta is still the old format.
    REQUIRE(copy_on_disk(d.token(), 1));
    CHECK(copy_on_disk(d.token(), 1)->generation == 1);
    CHECK(read_bytes(d.token() / "token.meta").at(4) == 1);
    auto s = open_or_die(d.token(), quick(tries));
    CHECK(s->damaged_records() == 0);
    CHECK(s->metadata().label == "format 1 token");
    CHECK(s->metadata().user_pin.tries_left == tries - 2);  // one wrong in the fixture, one charged here
    REQUIRE(s->login(user::normal, pin("legacy-user-pin")));
    CHECK(s->object_count() == 3);
    check_copies_agree(d.token());
}
