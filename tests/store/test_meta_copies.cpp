// The token's metadata in two copies (meta_copies.hpp): one damaged copy,
// whatever the damage, loses nothing; both damaged, initialize() deletes
// nothing; and a token of the single-copy format still loads.
#include <catch2/catch.hpp>

#include <map>

#include "store/meta_copies.hpp"
#include "store/token_meta.hpp"
#include "support.hpp"

using namespace store_test;

namespace {

constexpr unsigned tries = 10;

fs::path copy_path(const fs::path& token, std::size_t copy) { return token / detail::metadata_copy_names[copy]; }

// Overwrites one byte in place.  Not write_bytes(): ext4 flushes a file
// truncated and rewritten when it is closed (auto_da_alloc), some 10 ms,
// thousands of times in the bit sweep.
void poke(const fs::path& file, std::size_t at, std::uint8_t value) {
    std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(static_cast<std::streamoff>(at));
    f.put(static_cast<char>(value));
    REQUIRE(f.good());
}

detail::meta_record decoded(const fs::path& file) {
    auto m = detail::decode_meta(read_bytes(file));
    REQUIRE(m);
    return *m;
}

// A token with PINs, three kinds of objects and wrong attempts on both PINs,
// and both metadata copies as that left them.
struct used_token {
    scratch_dir dir;
    object_id public_id, private_id, key_id;
    std::string serial;
    std::vector<std::uint8_t> copies[detail::metadata_copy_count];

    used_token() {
        auto s = open_or_die(dir.token(), quick(tries));
        REQUIRE(s->initialize(pin("so-pin"), "two copies"));
        REQUIRE(s->login(user::so, pin("so-pin")));
        REQUIRE(s->init_user_pin(pin("1234")));
        s->logout();
        REQUIRE(s->login(user::normal, pin("1234")));
        public_id = *s->create(data_object("public", "public value"));
        private_id = *s->create(data_object("private", "private value", true));
        key_id = *s->create(secret_key("key", "k", "sealed key value", false));
        s->logout();
        CHECK(s->login(user::normal, pin("bad")).code() == p11::rv::pin_incorrect);
        CHECK(s->login(user::so, pin("bad")).code() == p11::rv::pin_incorrect);
        CHECK(s->login(user::so, pin("bad")).code() == p11::rv::pin_incorrect);
        serial = s->metadata().serial;
        for (std::size_t c = 0; c < detail::metadata_copy_count; ++c) copies[c] = read_bytes(copy_path(dir.token(), c));
        REQUIRE(copies[0] == copies[1]);
    }
    [[nodiscard]] fs::path token() const { return dir.token(); }
    void restore() const {
        for (std::size_t c = 0; c < detail::metadata_copy_count; ++c) write_bytes(copy_path(token(), c), copies[c]);
    }
};

// What must hold whatever happened to one copy, before any login.
void check_metadata_intact(token_store& s, const used_token& t) {
    const auto m = s.metadata();
    CHECK(m.initialized);
    CHECK(m.label == "two copies");
    CHECK(m.serial == t.serial);
    CHECK(m.user_pin.initialized);
    CHECK(m.user_pin.tries_left == tries - 1);
    CHECK(m.so_pin.tries_left == tries - 2);
    CHECK(s.object_count() == 3);
    REQUIRE(s.load(t.public_id) != nullptr);
    CHECK(text(s.load(t.public_id)->attributes, attribute_type::value) == "public value");
}

// Both PINs still open the token, every object opens, and the logins'
// metadata writes leave two identical, intact copies.
void check_logins_and_repair(token_store& s, const used_token& t) {
    REQUIRE(s.login(user::normal, pin("1234")));
    CHECK(s.metadata().user_pin.tries_left == tries);
    for (const auto& id : {t.public_id, t.private_id, t.key_id}) {
        auto o = s.load(id);
        REQUIRE(o != nullptr);
        CHECK(o->complete);
    }
    CHECK(text(s.load(t.private_id)->attributes, attribute_type::value) == "private value");
    CHECK(text(s.load(t.key_id)->attributes, attribute_type::value) == "sealed key value");
    s.logout();
    REQUIRE(s.login(user::so, pin("so-pin")));
    CHECK(s.metadata().so_pin.tries_left == tries);
    CHECK(s.damaged_records() == 0);
    const auto first = read_bytes(copy_path(t.token(), 0));
    CHECK(first == read_bytes(copy_path(t.token(), 1)));
    CHECK(detail::decode_meta(first));
}

} // namespace

TEST_CASE("every single flipped bit of either metadata copy loses nothing", "[store][meta]") {
    used_token t;
    for (std::size_t copy = 0; copy < detail::metadata_copy_count; ++copy) {
        const auto& original = t.copies[copy];
        const std::size_t bits = original.size() * 8;
        for (std::size_t bit = 0; bit < bits; ++bit) {
            CAPTURE(copy, bit);
            const auto at = bit / 8;
            poke(copy_path(t.token(), copy), at, static_cast<std::uint8_t>(original[at] ^ (1u << (bit % 8))));
            auto s = open_or_die(t.token(), quick(tries));
            CHECK(s->damaged_records() == 1);
            check_metadata_intact(*s, t);
            // Logins write the metadata (each write: two copies, two fsyncs
            // each), some 0.3 s for the two: too slow for every bit.  They
            // run on every 131st bit (16 bytes and 3 bits apart: every field
            // of the layout, the flipped bit moving through the byte).
            if (bit % 131 == 0) {
                check_logins_and_repair(*s, t);
                t.restore();
            } else {
                poke(copy_path(t.token(), copy), at, original[at]);
            }
        }
    }
}

TEST_CASE("a truncated, emptied, deleted or replaced metadata copy loses nothing and is rewritten", "[store][meta]") {
    used_token t;
    const auto size = t.copies[0].size();
    auto check_nothing_lost = [&](std::size_t damaged) {
        auto s = open_or_die(t.token(), quick(tries));
        CHECK(s->damaged_records() == damaged);
        check_metadata_intact(*s, t);
        check_logins_and_repair(*s, t);
        t.restore();
    };
    for (std::size_t copy = 0; copy < detail::metadata_copy_count; ++copy) {
        const auto victim = copy_path(t.token(), copy);
        for (std::size_t length : {std::size_t{0}, std::size_t{1}, std::size_t{8}, size / 2, size - 32, size - 1}) {
            CAPTURE(copy, length);
            write_bytes(victim, std::vector<std::uint8_t>(t.copies[copy].begin(),
                                                          t.copies[copy].begin() + static_cast<long>(length)));
            check_nothing_lost(1);
        }
        {
            CAPTURE(copy);
            INFO("deleted: a missing copy is not a damaged file, and is written again");
            fs::remove(victim);
            check_nothing_lost(0);
        }
        {
            CAPTURE(copy);
            INFO("a directory in its place: damaged");
            fs::remove(victim);
            fs::create_directory(victim);
            auto s = open_or_die(t.token(), quick(tries));
            CHECK(s->damaged_records() == 1);
            check_metadata_intact(*s, t);
            fs::remove(victim);
            t.restore();
        }
        {
            CAPTURE(copy);
            INFO("the other copy's older version in its place: the newer copy wins");
            auto s = open_or_die(t.token(), quick(tries));
            const auto before = read_bytes(copy_path(t.token(), 1 - copy));
            REQUIRE(s->login(user::normal, pin("bad")).code() == p11::rv::pin_incorrect);
            write_bytes(victim, before);
            auto again = open_or_die(t.token(), quick(tries));
            CHECK(again->metadata().user_pin.tries_left == tries - 2);
            CHECK(again->damaged_records() == 0);
            t.restore();
        }
    }
}

TEST_CASE("a damaged copy met by a running store is counted, then rewritten by its next write", "[store][meta]") {
    used_token t;
    auto s = open_or_die(t.token(), quick(tries));
    CHECK(s->damaged_records() == 0);
    auto bad = t.copies[1];
    bad[bad.size() / 2] ^= 0x10;
    write_bytes(copy_path(t.token(), 1), bad);
    bump_generation(t.token());
    REQUIRE(s->refresh());
    CHECK(s->damaged_records() == 1);
    check_metadata_intact(*s, t);
    check_logins_and_repair(*s, t);
}

TEST_CASE("both metadata copies damaged: unrecognised, and initialize() sets every file aside, deleting none",
          "[store][meta]") {
    used_token t;
    std::map<std::string, std::vector<std::uint8_t>> records;
    for (const auto& f : fs::directory_iterator(t.token() / "objects")) records[f.path().filename().string()] = read_bytes(f.path());
    REQUIRE(records.size() == 3);
    std::size_t metadata_files = 2;
    SECTION("a bit flipped in each") {
        for (std::size_t copy = 0; copy < detail::metadata_copy_count; ++copy) {
            auto bad = t.copies[copy];
            bad[7 + 50 * copy] ^= 0x04;
            write_bytes(copy_path(t.token(), copy), bad);
        }
    }
    SECTION("one truncated, the other deleted") {
        fs::resize_file(copy_path(t.token(), 0), 20);
        fs::remove(copy_path(t.token(), 1));
        metadata_files = 1;
    }
    SECTION("both deleted, the records left behind") {
        fs::remove(copy_path(t.token(), 0));
        fs::remove(copy_path(t.token(), 1));
        metadata_files = 0;
    }
    auto s = open_or_die(t.token(), quick(tries));
    CHECK(s->damaged_records() == (metadata_files == 2 ? 2 : metadata_files == 1 ? 1 : 0));
    CHECK_FALSE(s->metadata().initialized);
    CHECK(s->metadata().serial.empty());
    // No SO PIN to check, none to charge: the token is not one this store
    // can log in to (CKR_TOKEN_NOT_RECOGNIZED), whatever the PIN.
    CHECK(s->login(user::so, pin("so-pin")).code() == p11::rv::token_not_recognized);
    CHECK(s->login(user::normal, pin("1234")).code() == p11::rv::token_not_recognized);
    CHECK(s->load(t.public_id) != nullptr);  // public records do not need it

    // Anyone may start a new token here (no SO PIN can be checked) ...
    REQUIRE(s->initialize(pin("someone-else"), "new token"));
    CHECK(s->metadata().initialized);
    CHECK(s->metadata().label == "new token");
    CHECK(s->object_count() == 0);
    CHECK(s->damaged_records() == 0);
    CHECK(fs::is_empty(t.token() / "objects"));
    REQUIRE(s->login(user::so, pin("someone-else")));
    // ... but every record of the old one is in quarantine/, byte for byte,
    // with the metadata copies that hold its wrapped token key.
    std::size_t records_kept = 0, metadata_kept = 0;
    for (const auto& f : files_below(t.token() / "quarantine")) {
        const auto name = f.filename().string();
        if (name.starts_with("token.meta")) {
            ++metadata_kept;
            continue;
        }
        const auto original = records.find(name.substr(0, name.find(".obj") + 4));
        REQUIRE(original != records.end());
        CHECK(read_bytes(f) == original->second);
        ++records_kept;
    }
    CHECK(records_kept == 3);
    CHECK(metadata_kept == metadata_files);
}

TEST_CASE("a second initialize() in the same second never overwrites what quarantine/ holds", "[store][meta]") {
    used_token t;
    for (int round = 0; round < 2; ++round) {
        CAPTURE(round);
        fs::resize_file(copy_path(t.token(), 0), 3);
        fs::resize_file(copy_path(t.token(), 1), 4);
        auto s = open_or_die(t.token(), quick(tries));
        REQUIRE(s->initialize(pin("someone-else"), "new token"));
    }
    // Two sets of metadata copies; the records went the first time.
    CHECK(files_below(t.token() / "quarantine").size() == 3 + 2 * 2);
}

TEST_CASE("a token written in the single-copy format loads, and its next write adds the second copy",
          "[store][meta][migration]") {
    scratch_dir d;
    fs::copy(fs::path(STORE_TEST_DATA) / "format1-token", d.token(), fs::copy_options::recursive);
    fs::remove(d.token() / "README.md");
    const auto legacy = read_bytes(d.token() / "token.meta");
    REQUIRE(legacy.at(4) == 1);  // format 1, little-endian
    auto s = open_or_die(d.token(), quick(tries));
    CHECK(s->damaged_records() == 0);
    const auto m = s->metadata();
    CHECK(m.initialized);
    CHECK(m.label == "format 1 token");
    CHECK(m.serial == "5771640AEA2E58C5");
    CHECK(m.user_pin.tries_left == tries - 1);
    CHECK(m.so_pin.tries_left == tries - 2);
    CHECK(s->object_count() == 3);
    CHECK_FALSE(fs::exists(copy_path(d.token(), 1)));

    REQUIRE(s->login(user::normal, pin("legacy-user-pin")));
    auto value_of = [&](std::string_view label) {
        const auto found = s->find(query{}.set_label(std::string(label)));
        REQUIRE(found.size() == 1);
        auto o = s->load(found[0]);
        REQUIRE(o->complete);
        return text(o->attributes, attribute_type::value);
    };
    CHECK(value_of("legacy public") == "public value");
    CHECK(value_of("legacy private") == "private value");
    CHECK(value_of("legacy key") == "0123456789abcdef");
    // The login's writes migrated it: two copies of format 2.
    const auto first = read_bytes(copy_path(d.token(), 0));
    CHECK(first == read_bytes(copy_path(d.token(), 1)));
    CHECK(first.at(4) == 2);
    CHECK(decoded(copy_path(d.token(), 0)).generation == 2);
    s.reset();
    auto again = open_or_die(d.token(), quick(tries));
    CHECK(again->metadata().serial == "5771640AEA2E58C5");
    CHECK(again->metadata().user_pin.tries_left == tries);
    REQUIRE(again->login(user::so, pin("legacy-so-pin")));
    CHECK(again->load(*again->find(query{}.set_label("legacy key")).begin())->complete);
}
