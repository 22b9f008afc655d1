// Objects: round trips, versions, update and destroy, persistence across
// reopen, what a locked token shows of private and sensitive content.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace store_test;

namespace {
std::unique_ptr<token_store> ready_token(const fs::path& dir, const store_options& o = quick()) {
    auto s = open_or_die(dir, o);
    REQUIRE(s->initialize(pin("so-pin"), "test token"));
    REQUIRE(s->login(user::so, pin("so-pin")));
    REQUIRE(s->init_user_pin(pin("1234")));
    s->logout();
    return s;
}
} // namespace

TEST_CASE("a fresh directory is an uninitialised, empty token", "[store]") {
    scratch_dir d;
    auto s = open_or_die(d.token());
    const auto m = s->metadata();
    CHECK_FALSE(m.initialized);
    CHECK_FALSE(m.user_pin.initialized);
    CHECK(s->object_count() == 0);
    CHECK(s->damaged_records() == 0);
    CHECK_FALSE(s->unlocked());
    CHECK(fs::is_directory(d.token() / "objects"));
}

TEST_CASE("public objects round-trip without a login and survive a reopen", "[store]") {
    scratch_dir d;
    object_id id;
    {
        auto s = ready_token(d.token());
        auto created = s->create(data_object("greeting", "hello"));
        REQUIRE(created);
        id = *created;
        auto o = s->load(id);
        REQUIRE(o);
        CHECK(o->version == 1);
        CHECK(o->complete);
        CHECK_FALSE(o->is_private);
        CHECK(text(o->attributes, attribute_type::value) == "hello");
    }
    auto s = open_or_die(d.token());
    auto o = s->load(id);
    REQUIRE(o);
    CHECK(o->id == id);
    CHECK(o->version == 1);
    CHECK(o->complete);
    CHECK(text(o->attributes, attribute_type::label) == "greeting");
    CHECK(text(o->attributes, attribute_type::value) == "hello");
    CHECK(s->object_count() == 1);
}

TEST_CASE("private objects need the token key and are complete only when unlocked", "[store]") {
    scratch_dir d;
    auto s = ready_token(d.token());
    CHECK(s->create(data_object("p", "secret", true)).code() == p11::rv::user_not_logged_in);
    CHECK(s->create(secret_key("k", "1", "0123456789abcdef", false)).code() == p11::rv::user_not_logged_in);
    REQUIRE(s->login(user::normal, pin("1234")));
    CHECK(s->unlocked());
    auto priv = s->create(data_object("p", "secret", true));
    REQUIRE(priv);
    auto key = s->create(secret_key("k", "1", "0123456789abcdef", false));
    REQUIRE(key);
    s->logout();
    CHECK_FALSE(s->unlocked());

    SECTION("locked, in this process") {
        auto p = s->load(*priv);
        REQUIRE(p);
        CHECK(p->is_private);
        CHECK_FALSE(p->complete);
        CHECK_FALSE(p->attributes.has(attribute_type::value));
        CHECK_FALSE(p->attributes.has(attribute_type::label));
        auto k = s->load(*key);
        REQUIRE(k);
        CHECK_FALSE(k->complete);
        CHECK(text(k->attributes, attribute_type::label) == "k");  // public part
        CHECK_FALSE(k->attributes.has(attribute_type::value));     // sensitive part
    }
    SECTION("after a reopen, then unlocked") {
        auto t = open_or_die(d.token());
        auto p = t->load(*priv);
        REQUIRE(p);
        CHECK_FALSE(p->complete);
        REQUIRE(t->login(user::normal, pin("1234")));
        p = t->load(*priv);
        REQUIRE(p);
        CHECK(p->complete);
        CHECK(text(p->attributes, attribute_type::label) == "p");
        CHECK(text(p->attributes, attribute_type::value) == "secret");
        auto k = t->load(*key);
        REQUIRE(k);
        CHECK(k->complete);
        CHECK(text(k->attributes, attribute_type::value) == "0123456789abcdef");
        t->logout();
        CHECK_FALSE(t->load(*priv)->complete);
    }
}

TEST_CASE("update makes a new version; destroy removes the file", "[store]") {
    scratch_dir d;
    auto s = ready_token(d.token());
    auto id = s->create(data_object("a", "one"));
    REQUIRE(id);
    auto before = s->load(*id);
    REQUIRE(s->update(*id, data_object("b", "two")));
    auto after = s->load(*id);
    REQUIRE(after);
    CHECK(after->version == 2);
    CHECK(text(after->attributes, attribute_type::label) == "b");
    // Loaded objects are immutable snapshots.
    CHECK(before->version == 1);
    CHECK(text(before->attributes, attribute_type::label) == "a");

    auto reopened = open_or_die(d.token());
    CHECK(reopened->load(*id)->version == 2);
    CHECK(text(reopened->load(*id)->attributes, attribute_type::value) == "two");

    REQUIRE(s->destroy(*id));
    CHECK(s->load(*id) == nullptr);
    CHECK_FALSE(fs::exists(object_file(d.token(), *id)));
    CHECK(s->destroy(*id).code() == p11::rv::object_handle_invalid);
    CHECK(s->update(*id, data_object("c", "three")).code() == p11::rv::object_handle_invalid);
    REQUIRE(reopened->refresh());
    CHECK(reopened->load(*id) == nullptr);
}

TEST_CASE("a locked token refuses to replace or destroy what it cannot read", "[store]") {
    scratch_dir d;
    auto s = ready_token(d.token());
    REQUIRE(s->login(user::normal, pin("1234")));
    auto priv = s->create(data_object("p", "x", true));
    auto key = s->create(secret_key("k", "1", "v", false));
    REQUIRE(priv);
    REQUIRE(key);
    s->logout();
    CHECK(s->update(*priv, data_object("p", "y", false)).code() == p11::rv::user_not_logged_in);
    CHECK(s->update(*key, data_object("k", "y", false)).code() == p11::rv::user_not_logged_in);
    CHECK(s->destroy(*priv).code() == p11::rv::user_not_logged_in);
    CHECK(s->load(*priv)->version == 1);
    // A public object (even one with sealed values) may be destroyed in a
    // public session.
    CHECK(s->destroy(*key));
}

TEST_CASE("attribute values survive byte for byte, including empty and binary ones", "[store]") {
    scratch_dir d;
    auto s = ready_token(d.token());
    REQUIRE(s->login(user::normal, pin("1234")));
    attribute_set a = data_object("", "", true);
    std::vector<std::uint8_t> binary(3000);
    for (std::size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<std::uint8_t>(i * 7);
    a.set(attribute_type::application, binary);
    a.set(static_cast<attribute_type>(0x80001234), binary);  // vendor attribute
    auto id = s->create(a);
    REQUIRE(id);
    auto t = open_or_die(d.token());
    REQUIRE(t->login(user::normal, pin("1234")));
    auto o = t->load(*id);
    REQUIRE(o);
    REQUIRE(o->attributes.size() == a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(o->attributes.entries()[i].type == a.entries()[i].type);
        CHECK(o->attributes.entries()[i].value == a.entries()[i].value);
    }
}
