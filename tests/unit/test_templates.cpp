// Typed templates: the table decides each value's C++ type and encoding.
#include <catch2/catch.hpp>

#include <array>
#include <cstring>
#include <string>

#include "p11/attributes/attribute_template.hpp"
#include "p11/attributes/fixed_template.hpp"

using namespace p11;

TEST_CASE("a fixed template needs no heap and encodes by kind", "[template]") {
    constexpr fixed_template t{attr::sign = true, attr::label = "k", attr::cls = object_class::private_key,
                               attr::value_len = 32};
    STATIC_REQUIRE(t.size() == 4);
    STATIC_REQUIRE(sizeof(t) < 128);  // entries and bytes inline
    auto ck = t.ck_array();
    REQUIRE(ck[0].type == static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::sign));
    REQUIRE(ck[0].ulValueLen == 1);
    CHECK(*static_cast<const abi::CK_BBOOL*>(ck[0].pValue) == 1);
    CHECK(ck[1].ulValueLen == 1);
    CHECK(std::memcmp(ck[1].pValue, "k", 1) == 0);
    REQUIRE(ck[2].ulValueLen == sizeof(abi::CK_ULONG));
    CHECK(*static_cast<const abi::CK_ULONG*>(ck[2].pValue) == 3);  // CKO_PRIVATE_KEY
    CHECK(*static_cast<const abi::CK_ULONG*>(ck[3].pValue) == 32);
}

TEST_CASE("a fixed template copies with its own storage", "[template]") {
    fixed_template a{attr::label = "first", attr::token = false};
    auto b = a;  // b's C view must point into b, not a
    auto ca = a.ck_array();
    auto cb = b.ck_array();
    CHECK(ca[0].pValue != cb[0].pValue);
    CHECK(std::memcmp(cb[0].pValue, "first", 5) == 0);
    CHECK(*static_cast<const abi::CK_BBOOL*>(cb[1].pValue) == 0);
}

TEST_CASE("mechanism arrays and dates encode as the ABI lays them out", "[template]") {
    fixed_template t{attr::allowed_mechanisms = std::array{mechanism_type::rsa_pkcs, mechanism_type::aes_gcm},
                     attr::start_date = date{2024, 2, 29}};
    auto ck = t.ck_array();
    REQUIRE(ck[0].ulValueLen == 2 * sizeof(abi::CK_ULONG));
    const auto* mechs = static_cast<const abi::CK_ULONG*>(ck[0].pValue);
    CHECK(mechs[0] == 0x1);
    CHECK(mechs[1] == 0x1087);
    REQUIRE(ck[1].ulValueLen == sizeof(abi::CK_DATE));
    CHECK(std::memcmp(ck[1].pValue, "20240229", 8) == 0);
}

TEST_CASE("the owning template takes runtime values and nested templates", "[template]") {
    std::string label = "made at run time";
    std::array<byte, 3> id{1, 2, 3};
    attribute_template wrap{attr::extractable = false};
    attribute_template t{attr::cls = object_class::secret_key, attr::label = label,
                         attr::id = std::span<const byte>(id), attr::wrap_template = wrap};
    label = "changed";  // the template copied the bytes
    auto ck = t.ck_span();
    REQUIRE(ck.size() == 4);
    CHECK(std::string(static_cast<const char*>(ck[1].pValue), ck[1].ulValueLen) == "made at run time");
    CHECK(ck[2].ulValueLen == 3);
    REQUIRE(ck[3].ulValueLen == sizeof(abi::CK_ATTRIBUTE));
    const auto* inner = static_cast<const abi::CK_ATTRIBUTE*>(ck[3].pValue);
    CHECK(inner[0].type == static_cast<abi::CK_ATTRIBUTE_TYPE>(attribute_type::extractable));
    CHECK(*t.get(attr::cls) == object_class::secret_key);
}

TEST_CASE("setting an attribute twice replaces it; erase removes it", "[template]") {
    attribute_template t{attr::label = "a"};
    t.set(attr::label = "bb");
    CHECK(t.size() == 1);
    CHECK(t.get(attribute_type::label)->size() == 2);
    CHECK(t.erase(attribute_type::label));
    CHECK_FALSE(t.erase(attribute_type::label));
    CHECK(t.ck_span().empty());
}

TEST_CASE("a copied owning template has its own C view", "[template]") {
    attribute_template a{attr::label = "x", attr::private_ = true};
    attribute_template b = a;
    CHECK(a.ck_span()[0].pValue != b.ck_span()[0].pValue);
    a.set(attr::label = "y");
    CHECK(*static_cast<const char*>(b.ck_span()[0].pValue) == 'x');
}
