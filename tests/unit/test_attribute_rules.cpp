// The one vocabulary of attribute rules: what has_all and has_any answer,
// the footnote numbering, and the CKA_ table and the per-class schema
// agreeing where both state a rule.
#include <catch2/catch.hpp>

#include <set>
#include <string_view>
#include <type_traits>

#include "p11/constants.hpp"
#include "p11/provider/object_schema.hpp"

using namespace p11;
using enum attribute_rule;

TEST_CASE("has_all wants every rule asked for, has_any one of them", "[attribute_rules]") {
    constexpr auto set = required_on_create | sensitive;
    STATIC_REQUIRE(has_all(set, sensitive));
    STATIC_REQUIRE(has_any(set, sensitive));
    STATIC_REQUIRE(has_all(set, required_on_create | sensitive));
    STATIC_REQUIRE(has_any(set, required_on_create | sensitive));
    // The two differ when the question names a rule the set lacks ...
    STATIC_REQUIRE_FALSE(has_all(set, sensitive | modifiable));
    STATIC_REQUIRE(has_any(set, sensitive | modifiable));
    STATIC_REQUIRE_FALSE(has_all(set, modifiable));
    STATIC_REQUIRE_FALSE(has_any(set, modifiable));
    // ... and when it names none (a call that requires nothing).
    STATIC_REQUIRE(has_all(set, none));
    STATIC_REQUIRE_FALSE(has_any(set, none));
    STATIC_REQUIRE_FALSE(has_any(none, sensitive));
}

TEST_CASE("rules are distinct bits, footnote n is bit n-1, names are unique", "[attribute_rules]") {
    std::set<std::uint16_t> bits;
    std::set<std::string_view> names;
    int footnotes = 0;
    for (const auto& r : attribute_rule_table) {
        const auto bit = static_cast<std::uint16_t>(r.bit);
        CHECK(bit != 0);
        CHECK((bit & (bit - 1)) == 0);
        CHECK(bits.insert(bit).second);
        CHECK(names.insert(r.name).second);
        CHECK_FALSE(r.meaning.empty());
        if (r.footnote != 0) {
            ++footnotes;
            CHECK(bit == 1u << (r.footnote - 1));
        }
    }
    CHECK(footnotes == 12);  // the common footnotes for object attribute tables
}

TEST_CASE("the CKA_ table speaks the vocabulary", "[attribute_rules]") {
    STATIC_REQUIRE(has_all(rules_of(attribute_type::value), required_on_create | sensitive));
    STATIC_REQUIRE(has_all(rules_of(attribute_type::unique_id), read_only));
    STATIC_REQUIRE(rules_of(attribute_type::token) == none);
    STATIC_REQUIRE(rules_of(static_cast<attribute_type>(0x80000001)) == none);  // vendor-defined
}

TEST_CASE("a class's schema keeps an attribute secret only where the CKA_ table does", "[attribute_rules]") {
    // The store and C_GetAttributeValue ask the table; object rules ask the
    // schema.  A schema secret the table did not know would be stored in clear.
    STATIC_REQUIRE(std::is_same_v<decltype(provider::schema_entry::rules), attribute_rule>);
    const auto ulong = [](key_type k) { return static_cast<ck_ulong>(k); };
    for (const auto& [cls, type] : {std::pair{object_class::private_key, ulong(key_type::rsa)},
                                    std::pair{object_class::private_key, ulong(key_type::ec)},
                                    std::pair{object_class::secret_key, ulong(key_type::aes)},
                                    std::pair{object_class::public_key, ulong(key_type::rsa)},
                                    std::pair{object_class::data, ck_ulong{0}}}) {
        const auto schema = provider::object_schema::of(
            cls, cls == object_class::data ? std::nullopt : std::optional<ck_ulong>{type});
        REQUIRE(schema.supported());
        for (const auto& e : schema.entries())
            if (has_all(e.rules, sensitive)) CHECK(has_all(rules_of(e.type), sensitive));
    }
}
