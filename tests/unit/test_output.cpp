// The output side of C_GetAttributeValue.
#include <catch2/catch.hpp>

#include <array>
#include <cstring>

#include "p11/attributes/output.hpp"

using namespace p11;
using abi::CK_ATTRIBUTE;
using abi::CK_ULONG;

namespace {
constexpr CK_ULONG unavailable = static_cast<CK_ULONG>(-1);
constexpr CK_ULONG type(attribute_type t) { return static_cast<CK_ULONG>(t); }

// A pretend object: a label, a sensitive value, a wrap template; no modulus.
const byte label_bytes[] = {'k', 'e', 'y'};
abi::CK_BBOOL yes = 1;
CK_ATTRIBUTE wrap_template[] = {{type(attribute_type::extractable), &yes, 1}};

attribute_answer lookup(attribute_type t) {
    switch (t) {
    case attribute_type::label: return attribute_answer::of(label_bytes);
    case attribute_type::value: return attribute_answer::sensitive();
    case attribute_type::wrap_template: return attribute_answer::of_array(wrap_template);
    default: return attribute_answer::absent();
    }
}
} // namespace

TEST_CASE("NULL pValue asks for the exact length", "[output]") {
    CK_ATTRIBUTE t[] = {{type(attribute_type::label), nullptr, 0}};
    CHECK(fill_attribute_values(t, 1, lookup) == rv::ok);
    CHECK(t[0].ulValueLen == 3);
}

TEST_CASE("a big enough buffer receives the value and the exact length", "[output]") {
    char buf[16] = {};
    CK_ATTRIBUTE t[] = {{type(attribute_type::label), buf, sizeof buf}};
    CHECK(fill_attribute_values(t, 1, lookup) == rv::ok);
    CHECK(t[0].ulValueLen == 3);
    CHECK(std::memcmp(buf, "key", 3) == 0);
}

TEST_CASE("a short buffer gets CK_UNAVAILABLE_INFORMATION and BUFFER_TOO_SMALL", "[output]") {
    char buf[2] = {'x', 'x'};
    CK_ATTRIBUTE t[] = {{type(attribute_type::label), buf, sizeof buf}};
    CHECK(fill_attribute_values(t, 1, lookup) == rv::buffer_too_small);
    CHECK(t[0].ulValueLen == unavailable);
    CHECK(buf[0] == 'x');  // nothing partially written
}

TEST_CASE("sensitive and absent attributes are marked; every entry is still processed", "[output]") {
    char buf[16] = {};
    CK_ATTRIBUTE t[] = {{type(attribute_type::value), nullptr, 0},
                        {type(attribute_type::modulus), nullptr, 0},
                        {type(attribute_type::label), buf, sizeof buf}};
    CHECK(fill_attribute_values(t, 3, lookup) == rv::attribute_sensitive);
    CHECK(t[0].ulValueLen == unavailable);
    CHECK(t[1].ulValueLen == unavailable);
    CHECK(t[2].ulValueLen == 3);
    CHECK(std::memcmp(buf, "key", 3) == 0);
}

TEST_CASE("precedence: SENSITIVE over TYPE_INVALID over BUFFER_TOO_SMALL", "[output]") {
    char small[1];
    CK_ATTRIBUTE invalid_and_small[] = {{type(attribute_type::label), small, 1}, {type(attribute_type::modulus), nullptr, 0}};
    CHECK(fill_attribute_values(invalid_and_small, 2, lookup) == rv::attribute_type_invalid);
    CK_ATTRIBUTE all_three[] = {{type(attribute_type::label), small, 1},
                                {type(attribute_type::modulus), nullptr, 0},
                                {type(attribute_type::value), nullptr, 0}};
    CHECK(fill_attribute_values(all_three, 3, lookup) == rv::attribute_sensitive);
}

TEST_CASE("attribute arrays: length query, then the nested values", "[output]") {
    CK_ATTRIBUTE q[] = {{type(attribute_type::wrap_template), nullptr, 0}};
    CHECK(fill_attribute_values(q, 1, lookup) == rv::ok);
    REQUIRE(q[0].ulValueLen == sizeof(CK_ATTRIBUTE));

    abi::CK_BBOOL got = 7;
    CK_ATTRIBUTE inner[1] = {{0, &got, 1}};
    CK_ATTRIBUTE t[] = {{type(attribute_type::wrap_template), inner, sizeof inner}};
    CHECK(fill_attribute_values(t, 1, lookup) == rv::ok);
    CHECK(inner[0].type == type(attribute_type::extractable));
    CHECK(got == 1);

    CK_ATTRIBUTE too_few[] = {{type(attribute_type::wrap_template), inner, sizeof inner - 1}};
    CHECK(fill_attribute_values(too_few, 1, lookup) == rv::buffer_too_small);
}

TEST_CASE("a NULL template with a count is ARGUMENTS_BAD", "[output]") {
    CHECK(fill_attribute_values(nullptr, 1, lookup) == rv::arguments_bad);
    CHECK(fill_attribute_values(nullptr, 0, lookup) == rv::ok);
}
