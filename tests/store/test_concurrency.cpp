// Several processes on one token directory, and several threads on one store.
#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <thread>

#include "store/file_io.hpp"
#include "store/instrumentation.hpp"
#include "store/lock_file.hpp"
#include "support.hpp"

using namespace store_test;

namespace {
void init_token(const fs::path& token) {
    auto s = open_or_die(token);
    REQUIRE(s->initialize(pin("so-pin"), "shared"));
    REQUIRE(s->login(user::so, pin("so-pin")));
    REQUIRE(s->init_user_pin(pin("1234")));
}

// fork and pipes: Linux only; test_processes.cpp covers several processes on
// every platform (on Windows, meson runs this file without [multiprocess]).
#if !defined(_WIN32)
// A one-byte pipe handshake between processes.
struct gate {
    int fds[2]{-1, -1};
    gate() {
        if (::pipe(fds) != 0) std::abort();
    }
    ~gate() {
        ::close(fds[0]);
        ::close(fds[1]);
    }
    void open_one() const { (void)!::write(fds[1], "x", 1); }
    void wait() const {
        char c;
        (void)!::read(fds[0], &c, 1);
    }
};
#endif
} // namespace

#if !defined(_WIN32)
TEST_CASE("two processes create objects concurrently; each sees the other's after refresh()", "[store][multiprocess]") {
    scratch_dir d;
    init_token(d.token());
    constexpr int per_process = 60;
    gate go, done_a, done_b;
    auto child = [&](const char* who, const gate& mine, const gate& theirs) {
        return spawn([&]() -> int {
            auto opened = open_store(d.token(), quick());
            if (!opened) return 10;
            auto& s = *opened;
            if (!s->login(user::normal, pin("1234"))) return 11;
            go.wait();
            for (int i = 0; i < per_process; ++i) {
                const auto label = std::string(who) + std::to_string(i);
                if (!s->create(data_object(label, "x", i % 2 == 0))) return 12;
            }
            mine.open_one();
            theirs.wait();
            if (!s->refresh()) return 13;
            // Everything of both, private ones included (this process is
            // logged in: records written by the other are opened on refresh).
            const char* other = who[0] == 'a' ? "b" : "a";
            for (int i = 0; i < per_process; ++i) {
                if (s->find(query().set_label(std::string(other) + std::to_string(i))).size() != 1) return 14;
                if (s->find(query().set_label(std::string(who) + std::to_string(i))).size() != 1) return 15;
            }
            if (s->object_count() != 2 * per_process) return 16;
            return s->damaged_records() == 0 ? 0 : 17;
        });
    };
    // Both children run at once; the parent releases them together.
    auto parent = open_or_die(d.token());
    CHECK(parent->object_count() == 0);
    const pid_t a = child("a", done_a, done_b);
    const pid_t b = child("b", done_b, done_a);
    go.open_one();
    go.open_one();
    CHECK(wait_for(a) == 0);
    CHECK(wait_for(b) == 0);

    // The parent (an earlier open) catches up too, locked then unlocked.
    REQUIRE(parent->refresh());
    CHECK(parent->object_count() == 2 * per_process);
    CHECK(parent->find({}).size() == per_process);  // the public half
    REQUIRE(parent->login(user::normal, pin("1234")));
    CHECK(parent->find({}).size() == 2 * per_process);
    CHECK(parent->damaged_records() == 0);
}

TEST_CASE("refresh() is cheap when nothing changed and reads only what changed", "[store][multiprocess]") {
    scratch_dir d;
    init_token(d.token());
    auto writer = open_or_die(d.token());
    for (int i = 0; i < 50; ++i) REQUIRE(writer->create(data_object("o" + std::to_string(i), "v")));
    auto reader = open_or_die(d.token());
    auto& c = detail::counters();

    auto opens = c.file_opens.load();
    for (int i = 0; i < 100; ++i) REQUIRE(reader->refresh());
    CHECK(c.file_opens.load() == opens);

    REQUIRE(writer->create(data_object("new", "v")));
    opens = c.file_opens.load();
    REQUIRE(reader->refresh());
    CHECK(c.file_opens.load() - opens == 1);  // the new record, nothing else
    CHECK(reader->find(query().set_label("new")).size() == 1);

    auto victim = reader->find(query().set_label("o7"));
    REQUIRE(victim.size() == 1);
    REQUIRE(writer->update(victim[0], data_object("o7-renamed", "v")));
    opens = c.file_opens.load();
    REQUIRE(reader->refresh());
    CHECK(c.file_opens.load() - opens == 1);
    CHECK(reader->find(query().set_label("o7")).empty());
    CHECK(reader->find(query().set_label("o7-renamed")) == victim);
    CHECK(reader->load(victim[0])->version == 2);

    REQUIRE(writer->destroy(victim[0]));
    opens = c.file_opens.load();
    REQUIRE(reader->refresh());
    CHECK(c.file_opens.load() == opens);
    CHECK(reader->load(victim[0]) == nullptr);
    CHECK(reader->find(query().set_label("o7-renamed")).empty());
}

TEST_CASE("metadata changes of another process: PIN counters, re-initialisation", "[store][multiprocess]") {
    scratch_dir d;
    init_token(d.token());
    auto a = open_or_die(d.token());
    auto b = open_or_die(d.token());
    REQUIRE(a->login(user::normal, pin("1234")));
    auto id = a->create(data_object("private", "v", true));
    REQUIRE(id);
    CHECK(b->login(user::normal, pin("nope")).code() == p11::rv::pin_incorrect);
    REQUIRE(a->refresh());
    CHECK(a->metadata().user_pin.count_low);
    // Counters are read fresh at each attempt, whatever this process last saw.
    CHECK(b->login(user::normal, pin("nope")).code() == p11::rv::pin_incorrect);
    CHECK(a->login(user::normal, pin("nope")).code() == p11::rv::pin_incorrect);
    REQUIRE(b->refresh());
    CHECK(b->metadata().user_pin.tries_left == quick().max_pin_tries - 3);

    // Re-initialised elsewhere: this process forgets its key and the objects.
    REQUIRE(b->initialize(pin("so-pin"), "renewed"));
    REQUIRE(a->refresh());
    CHECK_FALSE(a->unlocked());
    CHECK(a->load(*id) == nullptr);
    CHECK(a->metadata().label == "renewed");
    CHECK(a->damaged_records() == 0);
}

#endif

TEST_CASE("threads: readers run while writers commit", "[store][threads]") {
    scratch_dir d;
    init_token(d.token());
    auto s = open_or_die(d.token());
    REQUIRE(s->login(user::normal, pin("1234")));
    constexpr int writers = 3;
    constexpr int per_writer = 40;
    std::atomic<bool> stop{false};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
        threads.emplace_back([&, w] {
            for (int i = 0; i < per_writer; ++i) {
                auto id = s->create(data_object("w" + std::to_string(w), std::to_string(i), i % 2 == 0));
                if (!id) ++failures;
                else if (i % 4 == 0 && !s->update(*id, data_object("w" + std::to_string(w), "u", true))) ++failures;
            }
        });
    }
    for (int r = 0; r < 3; ++r) {
        threads.emplace_back([&] {
            while (!stop.load()) {
                for (const auto& id : s->find(query().set_label("w0"))) {
                    auto o = s->load(id);
                    if (o && (!o->complete || text(o->attributes, attribute_type::label) != "w0")) ++failures;
                }
                (void)s->metadata();
                (void)s->refresh();
            }
        });
    }
    for (int w = 0; w < writers; ++w) threads[static_cast<std::size_t>(w)].join();
    stop = true;
    for (std::size_t t = writers; t < threads.size(); ++t) threads[t].join();
    CHECK(failures.load() == 0);
    CHECK(s->object_count() == writers * per_writer);
    for (int w = 0; w < writers; ++w) CHECK(s->find(query().set_label("w" + std::to_string(w))).size() == per_writer);
    auto other = open_or_die(d.token());
    REQUIRE(other->login(user::normal, pin("1234")));
    CHECK(other->object_count() == writers * per_writer);
    CHECK(other->damaged_records() == 0);
}

#if !defined(_WIN32)
TEST_CASE("a forked child does not inherit the parent's lock", "[store][multiprocess]") {
    scratch_dir d;
    auto dir = detail::open_directory(d.token(), true);
    REQUIRE(dir);
    auto lock = detail::lock_file::open(dir->get());
    REQUIRE(lock);
    REQUIRE(lock->lock(true));
    const auto released = d.path() / "released";
    // The child locks through the same object; it must wait for the parent.
    const pid_t child = spawn([&]() -> int {
        if (!lock->lock(true)) return 2;
        return fs::exists(released) ? 0 : 1;
    });
    ::usleep(100000);
    write_bytes(released, {1});
    lock->unlock();
    CHECK(wait_for(child) == 0);
}

#endif

namespace {
// Two stores on one directory stand for two processes: each has its own
// lock file description, mapping and state.
struct two_stores {
    scratch_dir dir;
    std::unique_ptr<token_store> a, b;
    two_stores() {
        init_token(dir.token());
        a = open_or_die(dir.token());
        b = open_or_die(dir.token());
    }
};
} // namespace

TEST_CASE("update() changes the newest version, not the caller's older copy", "[store][rmw]") {
    two_stores t;
    auto& [dir, a, b] = t;
    const auto id = a->create(data_object("x", "old value"));
    REQUIRE(id);
    REQUIRE(b->load(*id));  // b has seen version 1

    REQUIRE(a->update(*id, [](const stored_object& newest) -> p11::result<attribute_set> {
        auto changed = newest.attributes;
        set_text(changed, attribute_type::application, "set by a");
        return changed;
    }));
    std::string label_seen_by_b;
    REQUIRE(b->update(*id, [&](const stored_object& newest) -> p11::result<attribute_set> {
        label_seen_by_b = text(newest.attributes, attribute_type::application);
        auto changed = newest.attributes;
        set_text(changed, attribute_type::value, "set by b");
        return changed;
    }));
    CHECK(label_seen_by_b == "set by a");

    auto fresh = open_or_die(dir.token());
    const auto o = fresh->load(*id);
    REQUIRE(o);
    CHECK(o->version == 3);
    CHECK(text(o->attributes, attribute_type::application) == "set by a");
    CHECK(text(o->attributes, attribute_type::value) == "set by b");

    // A refused change writes nothing.
    CHECK(b->update(*id, [](const stored_object&) -> p11::result<attribute_set> { return p11::rv::action_prohibited; })
              .code() == p11::rv::action_prohibited);
    CHECK(a->load(*id)->version == 3);
    // Gone: nothing to change.
    REQUIRE(a->destroy(*id));
    bool called = false;
    CHECK(b->update(*id, [&](const stored_object& n) -> p11::result<attribute_set> {
              called = true;
              return n.attributes;
          }).code() == p11::rv::object_handle_invalid);
    CHECK_FALSE(called);
}

TEST_CASE("load(), find() and metadata() see another store's commits without refresh()", "[store][coherence]") {
    two_stores t;
    auto& [dir, a, b] = t;
    const auto kept = a->create(data_object("kept", "v1"));
    const auto doomed = a->create(data_object("doomed", "v"));
    REQUIRE(kept);
    REQUIRE(doomed);
    REQUIRE(b->load(*kept));
    REQUIRE(b->load(*doomed));

    REQUIRE(a->update(*kept, data_object("kept", "v2")));
    REQUIRE(a->destroy(*doomed));
    const auto seen = b->load(*kept);
    REQUIRE(seen);
    CHECK(text(seen->attributes, attribute_type::value) == "v2");
    CHECK(b->load(*doomed) == nullptr);

    const auto added = a->create(data_object("added", "v"));
    REQUIRE(added);
    index_query by_label;
    by_label.label = "added";
    CHECK(b->find(by_label) == std::vector<object_id>{*added});

    CHECK_FALSE(a->login(user::normal, pin("wrong")));
    CHECK(b->metadata().user_pin.count_low);

    // No change anywhere: answering costs no file access.
    auto& c = p11::store::detail::counters();
    const auto opens = c.file_opens.load();
    for (int i = 0; i < 100; ++i) REQUIRE(b->load(*kept));
    CHECK(c.file_opens.load() == opens);
}

// Readers of one store catch up (sync under io_mutex_) while its own writer
// and another store commit: the unlocked generation check must not race
// with either (run under TSan in the threads suite).
TEST_CASE("readers catching up race with this store's and another store's writers", "[store][coherence][threads]") {
    two_stores t;
    auto& [dir, a, b] = t;
    const auto id = a->create(data_object("shared", "0"));
    REQUIRE(id);
    constexpr int writes = 200;
    std::atomic<bool> done{false};
    std::atomic<int> failures{0};
    std::vector<std::thread> readers;
    for (int r = 0; r < 2; ++r)
        readers.emplace_back([&] {
            index_query q;
            q.label = "shared";
            while (!done.load()) {
                if (!b->load(*id)) ++failures;
                if (b->find(q).size() != 1) ++failures;
                (void)b->metadata();
            }
        });
    std::thread own_writer([&] {
        for (int i = 0; i < writes; ++i)
            if (!b->update(*id, [&](const stored_object& n) -> p11::result<attribute_set> {
                    auto changed = n.attributes;
                    set_text(changed, attribute_type::application, "b " + std::to_string(i));
                    return changed;
                }))
                ++failures;
    });
    for (int i = 0; i < writes; ++i)
        if (!a->update(*id, [&](const stored_object& n) -> p11::result<attribute_set> {
                auto changed = n.attributes;
                set_text(changed, attribute_type::value, std::to_string(i));
                return changed;
            }))
            ++failures;
    own_writer.join();
    done = true;
    for (auto& r : readers) r.join();
    CHECK(failures.load() == 0);
    const auto last = b->load(*id);
    REQUIRE(last);
    CHECK(text(last->attributes, attribute_type::value) == std::to_string(writes - 1));
    CHECK(text(last->attributes, attribute_type::application) == "b " + std::to_string(writes - 1));
    CHECK(last->version == 1 + 2 * writes);
}
