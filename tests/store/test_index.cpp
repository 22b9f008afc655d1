// find(): the index by class, key type, CKA_ID and CKA_LABEL, kept current by
// every change, answered from memory alone.
#include <catch2/catch.hpp>

#include <set>

#include "store/instrumentation.hpp"
#include "support.hpp"

using namespace store_test;

namespace {
std::unique_ptr<token_store> user_token(const fs::path& dir) {
    auto s = open_or_die(dir);
    REQUIRE(s->initialize(pin("so-pin"), "idx"));
    REQUIRE(s->login(user::so, pin("so-pin")));
    REQUIRE(s->init_user_pin(pin("1234")));
    s->logout();
    REQUIRE(s->login(user::normal, pin("1234")));
    return s;
}

p11::ck_ulong cls(p11::object_class c) { return static_cast<p11::ck_ulong>(c); }
p11::ck_ulong kt(p11::key_type k) { return static_cast<p11::ck_ulong>(k); }
std::vector<std::uint8_t> bytes(std::string_view s) { return {s.begin(), s.end()}; }

attribute_set key_pair_half(p11::object_class c, p11::key_type k, std::string_view label, std::string_view id) {
    attribute_set a;
    a.set_ulong(attribute_type::cls, cls(c));
    a.set_ulong(attribute_type::key_type, kt(k));
    a.set_bool(attribute_type::private_, c == p11::object_class::private_key);
    set_text(a, attribute_type::label, label);
    set_text(a, attribute_type::id, id);
    return a;
}

std::set<object_id> as_set(const std::vector<object_id>& v) { return {v.begin(), v.end()}; }
} // namespace

TEST_CASE("find by class, key type, id and label, alone and combined", "[store][index]") {
    scratch_dir d;
    auto s = user_token(d.token());
    const auto rsa_pub = *s->create(key_pair_half(p11::object_class::public_key, p11::key_type::rsa, "signing", "\x01"));
    const auto rsa_priv = *s->create(key_pair_half(p11::object_class::private_key, p11::key_type::rsa, "signing", "\x01"));
    const auto ec_pub = *s->create(key_pair_half(p11::object_class::public_key, p11::key_type::ec, "auth", "\x02"));
    const auto ec_priv = *s->create(key_pair_half(p11::object_class::private_key, p11::key_type::ec, "auth", "\x02"));
    const auto aes = *s->create(secret_key("wrap", "\x03", "0123456789abcdef", true));
    const auto data = *s->create(data_object("notes", "text"));

    CHECK(as_set(s->find({})) == std::set<object_id>{rsa_pub, rsa_priv, ec_pub, ec_priv, aes, data});
    CHECK(as_set(s->find(query().set_class(cls(p11::object_class::public_key)))) == std::set<object_id>{rsa_pub, ec_pub});
    CHECK(as_set(s->find(query().set_key_type(kt(p11::key_type::rsa)))) == std::set<object_id>{rsa_pub, rsa_priv});
    CHECK(as_set(s->find(query().set_id(bytes("\x02")))) == std::set<object_id>{ec_pub, ec_priv});
    CHECK(as_set(s->find(query().set_label("signing"))) == std::set<object_id>{rsa_pub, rsa_priv});
    CHECK(s->find(query().set_class(cls(p11::object_class::private_key)).set_key_type(kt(p11::key_type::ec))) ==
          std::vector<object_id>{ec_priv});
    CHECK(s->find(query().set_class(cls(p11::object_class::private_key)).set_id(bytes("\x01")).set_label("signing")) ==
          std::vector<object_id>{rsa_priv});
    CHECK(s->find(query().set_class(cls(p11::object_class::secret_key)).set_label("signing")).empty());
    CHECK(s->find(query().set_label("nothing")).empty());
    CHECK(s->find(query().set_id(bytes(""))).empty());
    CHECK(s->find(query().set_key_type(kt(p11::key_type::aes)).set_label("wrap")) == std::vector<object_id>{aes});

    SECTION("private objects are found only while unlocked") {
        s->logout();
        CHECK(as_set(s->find({})) == std::set<object_id>{rsa_pub, ec_pub, data});
        CHECK(s->find(query().set_label("wrap")).empty());
        CHECK(s->find(query().set_class(cls(p11::object_class::private_key))).empty());
        REQUIRE(s->login(user::normal, pin("1234")));
        CHECK(as_set(s->find(query().set_class(cls(p11::object_class::private_key)))) ==
              std::set<object_id>{rsa_priv, ec_priv});
    }
    SECTION("update and destroy keep the index current") {
        auto changed = key_pair_half(p11::object_class::public_key, p11::key_type::rsa, "renamed", "\x09");
        REQUIRE(s->update(rsa_pub, changed));
        CHECK(s->find(query().set_label("signing")) == std::vector<object_id>{rsa_priv});
        CHECK(s->find(query().set_label("renamed")) == std::vector<object_id>{rsa_pub});
        CHECK(s->find(query().set_id(bytes("\x09"))) == std::vector<object_id>{rsa_pub});
        CHECK(s->find(query().set_id(bytes("\x01"))) == std::vector<object_id>{rsa_priv});
        REQUIRE(s->destroy(rsa_priv));
        CHECK(s->find(query().set_label("signing")).empty());
        CHECK(s->find(query().set_key_type(kt(p11::key_type::rsa))) == std::vector<object_id>{rsa_pub});
    }
    SECTION("a fresh open builds the same index from disk") {
        auto t = open_or_die(d.token());
        CHECK(as_set(t->find(query().set_label("signing"))) == std::set<object_id>{rsa_pub});
        REQUIRE(t->login(user::normal, pin("1234")));
        CHECK(as_set(t->find(query().set_label("signing"))) == std::set<object_id>{rsa_pub, rsa_priv});
        CHECK(t->find(query().set_key_type(kt(p11::key_type::aes))) == std::vector<object_id>{aes});
    }
}

TEST_CASE("with 1,000+ objects, find() touches no file, decrypts nothing and examines only matches", "[store][index]") {
    scratch_dir d;
    auto& c = detail::counters();
    constexpr int n = 1000;
    {
        auto s = user_token(d.token());
        for (int i = 0; i < n; ++i) {
            auto a = data_object("label-" + std::to_string(i), "v", i % 2 == 0);
            set_text(a, attribute_type::id, "id-" + std::to_string(i % 100));
            REQUIRE(s->create(a));
        }
        for (int i = 0; i < 100; ++i) {
            auto a = data_object("common", "v");
            set_text(a, attribute_type::id, "c-" + std::to_string(i));
            REQUIRE(s->create(a));
        }
    }
    auto s = open_or_die(d.token());
    // Each private record is decrypted once, at login.
    const auto decrypted_before = c.decryptions.load();
    REQUIRE(s->login(user::normal, pin("1234")));
    CHECK(c.decryptions.load() - decrypted_before == n / 2);

    const auto opens = c.file_opens.load();
    const auto decryptions = c.decryptions.load();
    const auto examined = c.index_candidates.load();
    for (int i = 0; i < n; i += 7) {
        const auto label = "label-" + std::to_string(i);
        auto found = s->find(query().set_label(label));
        REQUIRE(found.size() == 1);
        CHECK(text(s->load(found[0])->attributes, attribute_type::label) == label);
    }
    constexpr auto lookups = (n + 6) / 7;
    // One candidate per lookup: the cost follows the matches, not the 1,100
    // objects (a scan would examine n per lookup).
    CHECK(c.index_candidates.load() - examined == lookups);
    CHECK(c.file_opens.load() == opens);
    CHECK(c.decryptions.load() == decryptions);

    // The most selective criterion drives: ten objects share the id, one of
    // them has the label.
    const auto before = c.index_candidates.load();
    CHECK(s->find(query().set_class(cls(p11::object_class::data)).set_id(bytes("id-5")).set_label("label-105")).size() == 1);
    CHECK(c.index_candidates.load() - before == 1);
    CHECK(s->find(query().set_id(bytes("id-5"))).size() == n / 100);
    // Whatever the order of the criteria: here the label matches 100
    // objects and the id one.
    const auto before_common = c.index_candidates.load();
    CHECK(s->find(query().set_label("common").set_id(bytes("c-7"))).size() == 1);
    CHECK(c.index_candidates.load() - before_common == 1);

    // Logging out and in again decrypts each private record once more, not
    // per find.
    s->logout();
    CHECK(s->find(query().set_label("label-0")).empty());  // private
    CHECK(s->find(query().set_label("label-1")).size() == 1);
    const auto again = c.decryptions.load();
    REQUIRE(s->login(user::normal, pin("1234")));
    CHECK(c.decryptions.load() - again == n / 2);
    for (int i = 0; i < 50; ++i) CHECK(s->find(query().set_label("label-0")).size() == 1);
    CHECK(c.decryptions.load() - again == n / 2);
    CHECK(c.file_opens.load() == opens);
}
