// One truth across processes: several processes share one token directory,
// and what one of them committed (CKR_OK) is what the others act on from
// their next call: no change lost to another process's stale copy, no
// destroyed or restricted key still usable through an old handle.
//
// The other processes are this program started again in a named role
// (tests/common/child_process.hpp: posix_spawn, CreateProcessW on Windows)
// that load the module for themselves; they report through their exit
// status (Catch2 belongs to the parent).  The token directory is on /dev/shm
// when there is one: every change is a durable write, and fsync there costs nothing.
#include <cstdio>
#include <functional>

#include "../common/child_process.hpp"
#include "support.hpp"

using namespace mt;

namespace {

// Points the token directories of token_env (and load()'s check of them) at
// /dev/shm for the scope, when it exists.  Under wine the Unix root is drive
// Z:, and a durable write to the prefix's disk costs milliseconds there (the
// race makes 10,000 of them); Windows takes its temporary directory from TMP.
class fast_tmpdir {
#if defined(_WIN32)
    static constexpr const char* variable = "TMP";
    static constexpr const char* shm = "Z:\\dev\\shm";
#else
    static constexpr const char* variable = "TMPDIR";
    static constexpr const char* shm = "/dev/shm";
#endif
public:
    fast_tmpdir() {
        if (const char* t = std::getenv(variable)) old_ = t;
        if (fs::is_directory(shm)) set_env(variable, shm);
    }
    fast_tmpdir(const fast_tmpdir&) = delete;
    fast_tmpdir& operator=(const fast_tmpdir&) = delete;
    ~fast_tmpdir() {
        if (old_) set_env(variable, *old_);
        else unset_env(variable);
    }

private:
    std::optional<std::string> old_;
};

// Exit statuses of a child: 0 is success, anything else names its failure.
constexpr int child_ok = 0, child_setup_failed = 10, child_call_failed = 11;

// In the child: `body` given an R/W session of the child's own module
// instance, logged in as the user when asked.
int with_session(bool login, const std::function<int(const client::session&)>& body) {
    auto m = client::module::load(P11FORGE_MODULE_PATH);
    auto s = m ? m->open_session(soft_slot, true) : result<client::session>(rv::general_error);
    std::optional<client::login_guard> guard;
    if (s && login) {
        if (auto g = s->login(user_type::user, user_pin)) guard.emplace(std::move(*g));
    }
    if (s && (guard || !login)) return body(*s);
    std::fprintf(stderr, "child: no session or login\n");
    return child_setup_failed;
}

// A child's call that must succeed; prints what failed.
template <class T>
bool ok(const result<T>& r, const char* what) {
    if (!r) std::fprintf(stderr, "child: %s: %s\n", what, to_string(r.code()).data());
    return static_cast<bool>(r);
}

std::optional<object_handle> find_by_label(const client::session& s, std::string_view label) {
    auto found = s.find({attr::label = label});
    if (!found || found->size() != 1) return std::nullopt;
    return found->front();
}

// --- what the other processes do (their roles) ----------------------------------
// A sets X's CKA_APPLICATION.
const test::child_role set_application("coherence-set-application", [](const std::vector<std::string>&) {
    return with_session(false, [](const client::session& s) {
        const auto h = find_by_label(s, "x");
        if (!h) return child_call_failed;
        return ok(s.set(*h, {attr::application = "set by A"}), "C_SetAttributeValue") ? child_ok : child_call_failed;
    });
});

// A destroys k1 and "doomed", takes CKA_ENCRYPT from k2 and changes "changed".
const test::child_role revoke("coherence-revoke", [](const std::vector<std::string>&) {
    return with_session(true, [](const client::session& s) {
        const auto k1 = find_by_label(s, "k1"), k2 = find_by_label(s, "k2");
        const auto changed = find_by_label(s, "changed"), doomed = find_by_label(s, "doomed");
        if (!k1 || !k2 || !changed || !doomed) return child_call_failed;
        const bool done = ok(s.destroy(*k1), "C_DestroyObject(k1)") &&
                          ok(s.set(*k2, {attr::encrypt = false}), "C_SetAttributeValue(k2)") &&
                          ok(s.set(*changed, {attr::value = sp(str("new"))}), "C_SetAttributeValue(changed)") &&
                          ok(s.destroy(*doomed), "C_DestroyObject(doomed)");
        return done ? child_ok : child_call_failed;
    });
});

// A logs in with the wrong PIN, which the token must refuse.
const test::child_role wrong_pin("coherence-wrong-pin", [](const std::vector<std::string>&) {
    return with_session(false, [](const client::session& s) {
        auto r = s.login(user_type::user, "wrong-pin-0000");
        return !r && r.code() == rv::pin_incorrect ? child_ok : child_call_failed;
    });
});

// A re-initialises the token (no session: C_InitToken needs none open).
const test::child_role reinit("coherence-reinit", [](const std::vector<std::string>&) {
    auto m = client::module::load(P11FORGE_MODULE_PATH);
    return m && m->init_token(soft_slot, so_pin, "re-initialised") ? child_ok : child_call_failed;
});

} // namespace

TEST_CASE("a change another process made is not lost to this process's older copy of the object",
          "[coherence][lost-update]") {
    fast_tmpdir shm;
    token_fixture t;
    must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false, attr::label = "x",
                     attr::application = "old application", attr::value = sp(str("old value"))}));
    // B (this process) finds X ...
    const auto x = must(t.s.find({attr::label = "x"}));
    REQUIRE(x.size() == 1);
    // ... A sets X's CKA_APPLICATION and gets CKR_OK ...
    REQUIRE(test::child_process("coherence-set-application").wait() == child_ok);
    // ... B, without a new search, sets X's CKA_VALUE.
    must(t.s.set(x[0], {attr::value = sp(str("set by B"))}), "C_SetAttributeValue");
    CHECK(must(t.s.get(x[0], attr::application)) == "set by A");

    // A fresh process sees both changes.
    t.reload();
    const auto fresh = must(t.s.find({attr::label = "x"}));
    REQUIRE(fresh.size() == 1);
    CHECK(must(attribute(t.s, fresh[0], attribute_type::value)) == str("set by B"));
    CHECK(must(t.s.get(fresh[0], attr::application)) == "set by A");
}

TEST_CASE("a key destroyed or restricted by another process is refused through an old handle here",
          "[coherence][revocation]") {
    fast_tmpdir shm;
    token_fixture t;
    const auto key_value = hex("2b7e151628aed2a6abf7158809cf4f3c");
    auto token_key = [&](std::string_view label) {
        return must(t.s.create({attr::cls = object_class::secret_key, attr::key_type = key_type::aes, attr::token = true,
                                attr::label = label, attr::value = sp(key_value), attr::encrypt = true}));
    };
    const auto k1 = token_key("k1");
    const auto k2 = token_key("k2");
    const auto changed = must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false,
                                          attr::label = "changed", attr::value = sp(str("old"))}));
    const auto doomed = must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false,
                                         attr::label = "doomed", attr::value = sp(str("soon gone"))}));
    const auto ecb = mechanism(mechanism_type::aes_ecb);
    // The handles are in use here before the other process acts.
    REQUIRE(encrypt_init(t.s, ecb, k2) == rv::ok);
    REQUIRE(encrypt_into(t.s, bytes(16), 16).code == rv::ok);
    CHECK(must(attribute(t.s, changed, attribute_type::value)) == str("old"));

    REQUIRE(test::child_process("coherence-revoke").wait() == child_ok);

    // No search in between: the next use of each handle sees A's change.
    CHECK(encrypt_init(t.s, ecb, k1) == rv::key_handle_invalid);
    CHECK(encrypt_init(t.s, ecb, k2) == rv::key_function_not_permitted);
    CHECK(must(attribute(t.s, changed, attribute_type::value)) == str("new"));
    CHECK(query_attribute(t.s, doomed, attribute_type::value).code == rv::object_handle_invalid);
}

TEST_CASE("token information another process changed (PIN counter, C_InitToken) is seen at the next call",
          "[coherence][token-info]") {
    fast_tmpdir shm;
    token_fixture t;
    REQUIRE_FALSE(has(must(t.m.token(soft_slot)).flags, token_flags::user_pin_count_low));
    REQUIRE(test::child_process("coherence-wrong-pin").wait() == child_ok);
    CHECK(has(must(t.m.token(soft_slot)).flags, token_flags::user_pin_count_low));

    // A child re-initialises the token under a new label: this process's
    // token information follows, and the objects it had a handle to are gone.
    const auto data = must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false,
                                       attr::label = "before re-init"}));
    t.s = client::session{};  // C_InitToken needs no session open on the token
    REQUIRE(test::child_process("coherence-reinit").wait() == child_ok);
    CHECK(must(t.m.token(soft_slot)).label == "re-initialised");
    CHECK_FALSE(has(must(t.m.token(soft_slot)).flags, token_flags::user_pin_initialized));
    auto s = must(t.m.open_session(soft_slot, true), "C_OpenSession");
    CHECK(query_attribute(s, data, attribute_type::label).code == rv::object_handle_invalid);
}

namespace {

// Racing writers: `processes` children, each owning one attribute of every
// shared object, change them `changes / processes` times each, then a fresh
// start of the module must show every writer's last value on every object.
constexpr std::array<attribute_type, 4> owned_attribute{attribute_type::label, attribute_type::application,
                                                       attribute_type::value, attribute_type::object_id};
constexpr int shared_objects = 3;
constexpr int searches_every = 4;

// What writer `w` puts in its attribute at its change number `n`; for
// CKA_OBJECT_ID a DER OID (1.2.w.n/100.n%100), which the module checks.
bytes written_value(int w, int n) {
    if (owned_attribute[static_cast<std::size_t>(w)] == attribute_type::object_id)
        return {0x06, 0x04, 0x2a, static_cast<std::uint8_t>(w), static_cast<std::uint8_t>(n / 100 % 100),
                static_cast<std::uint8_t>(n % 100)};
    return str("writer " + std::to_string(w) + " change " + std::to_string(n));
}

int write_loop(const client::session& s, int w, int count) {
    const auto t = owned_attribute[static_cast<std::size_t>(w)];
    std::vector<object_handle> objects;
    for (int n = 0; n < count; ++n) {
        // Handles kept between changes as applications keep them, with a
        // search now and then (a search refreshes what this process saw;
        // changes must survive without one too).
        if (n % searches_every == 0) {
            auto found = s.find({attr::cls = object_class::data});
            if (!ok(found, "C_FindObjects") || found->size() != shared_objects) return child_call_failed;
            // Every process numbers them alike: the token lists them in its
            // own (id) order and handles are made in order of first sight.
            objects = std::move(*found);
            std::sort(objects.begin(), objects.end());
        }
        const auto v = written_value(w, n);
        attribute_template change;
        change.set(attribute_item(t, bv(v)));
        if (!ok(s.set(objects[static_cast<std::size_t>(n % shared_objects)], change), "C_SetAttributeValue"))
            return child_call_failed;
    }
    return child_ok;
}

// Writer `w` of `count` changes: arguments w and count.
const test::child_role writer("coherence-write-loop", [](const std::vector<std::string>& args) {
    if (args.size() != 2) return child_setup_failed;
    const int w = std::stoi(args[0]), count = std::stoi(args[1]);
    return with_session(false, [w, count](const client::session& s) { return write_loop(s, w, count); });
});

void race(int processes, int changes) {
    fast_tmpdir shm;
    token_fixture t;
    for (int i = 0; i < shared_objects; ++i)
        must(t.s.create({attr::cls = object_class::data, attr::token = true, attr::private_ = false}));
    const int per_writer = changes / processes;
    std::vector<test::child_process> writers;
    for (int w = 0; w < processes; ++w)
        writers.emplace_back("coherence-write-loop", std::vector<std::string>{std::to_string(w), std::to_string(per_writer)});
    for (auto& writer : writers) CHECK(writer.wait() == child_ok);

    t.reload();
    auto objects = must(t.s.find({attr::cls = object_class::data}));
    REQUIRE(objects.size() == shared_objects);
    std::sort(objects.begin(), objects.end());
    int lost = 0;
    for (int j = 0; j < shared_objects; ++j) {
        const auto h = objects[static_cast<std::size_t>(j)];
        for (int w = 0; w < processes; ++w) {
            int last = per_writer - 1;
            while (last % shared_objects != j) --last;
            const auto got = must(attribute(t.s, h, owned_attribute[static_cast<std::size_t>(w)]));
            if (got != written_value(w, last)) ++lost;
        }
    }
    CHECK(lost == 0);
}

} // namespace

TEST_CASE("two processes racing to change their own attributes of shared objects lose no change",
          "[coherence][race]") {
    race(2, 10000);
}

TEST_CASE("four processes racing to change their own attributes of shared objects lose no change",
          "[coherence][race]") {
    race(4, 10000);
}
