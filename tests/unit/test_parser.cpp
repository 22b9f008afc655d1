// The untrusted-template parser: every rejection with the spec's CKR code.
#include <catch2/catch.hpp>

#include <array>
#include <cstring>
#include <vector>

#include "p11/attributes/parser.hpp"

using namespace p11;
using abi::CK_ATTRIBUTE;
using abi::CK_BBOOL;
using abi::CK_ULONG;

namespace {
constexpr CK_ULONG type(attribute_type t) { return static_cast<CK_ULONG>(t); }
} // namespace

TEST_CASE("an empty or absent template is valid; NULL with a count is not", "[parser]") {
    CHECK(parse_template(nullptr, 0).has_value());
    CHECK(parse_template(nullptr, 1).code() == rv::arguments_bad);
}

TEST_CASE("well-formed templates pass and read back typed", "[parser]") {
    CK_BBOOL yes = 1;
    CK_ULONG cls = 4, len = 32;
    char label[] = "secret";
    CK_ATTRIBUTE t[] = {{type(attribute_type::cls), &cls, sizeof cls},
                        {type(attribute_type::token), &yes, 1},
                        {type(attribute_type::label), label, 6},
                        {type(attribute_type::value_len), &len, sizeof len},
                        {type(attribute_type::id), nullptr, 0}};
    auto v = parse_template(t, 5);
    REQUIRE(v);
    CHECK(v->size() == 5);
    CHECK(*v->get(attr::cls) == object_class::secret_key);
    CHECK(*v->get(attr::token) == true);
    CHECK(*v->get(attr::value_len) == 32);
    CHECK_FALSE(v->get(attr::sign).has_value());
    CHECK(v->bytes(attribute_type::label).size() == 6);
}

TEST_CASE("CK_BBOOL must be exactly one byte of 0 or 1", "[parser]") {
    CK_ULONG wide = 1;
    unsigned char two = 2;
    CK_ATTRIBUTE a[] = {{type(attribute_type::sign), &wide, sizeof wide}};
    CHECK(parse_template(a, 1).code() == rv::attribute_value_invalid);
    CK_ATTRIBUTE b[] = {{type(attribute_type::sign), &two, 1}};
    CHECK(parse_template(b, 1).code() == rv::attribute_value_invalid);
    CK_ATTRIBUTE c[] = {{type(attribute_type::sign), nullptr, 0}};
    CHECK(parse_template(c, 1).code() == rv::attribute_value_invalid);
}

TEST_CASE("CK_ULONG kinds must be sizeof(CK_ULONG)", "[parser]") {
    unsigned int narrow = 4;
    CK_ATTRIBUTE a[] = {{type(attribute_type::cls), &narrow, sizeof narrow}};
    if (sizeof(unsigned int) != sizeof(CK_ULONG)) CHECK(parse_template(a, 1).code() == rv::attribute_value_invalid);
    CK_ULONG ok = 2;
    CK_ATTRIBUTE b[] = {{type(attribute_type::modulus_bits), &ok, sizeof ok - 1}};
    CHECK(parse_template(b, 1).code() == rv::attribute_value_invalid);
}

TEST_CASE("dates are empty or eight digits of a real day", "[parser]") {
    auto check_date = [](const char* text, std::size_t n) {
        char buf[16];
        std::memcpy(buf, text, n);
        CK_ATTRIBUTE a[] = {{type(attribute_type::end_date), n ? buf : nullptr, static_cast<CK_ULONG>(n)}};
        return parse_template(a, 1).code();
    };
    CHECK(check_date("", 0) == rv::ok);
    CHECK(check_date("20240229", 8) == rv::ok);
    CHECK(check_date("20230229", 8) == rv::attribute_value_invalid);  // not a leap year
    CHECK(check_date("20241301", 8) == rv::attribute_value_invalid);
    CHECK(check_date("2024010", 7) == rv::attribute_value_invalid);
    CHECK(check_date("2024O101", 8) == rv::attribute_value_invalid);
}

TEST_CASE("unknown types are rejected, vendor types pass unless refused", "[parser]") {
    CK_ULONG v = 0;
    CK_ATTRIBUTE unknown[] = {{0x7ffe, &v, sizeof v}};
    CHECK(parse_template(unknown, 1).code() == rv::attribute_type_invalid);
    template_rules lax;
    lax.accept_unknown = true;
    CHECK(parse_template(unknown, 1, lax).has_value());

    CK_ATTRIBUTE vendor[] = {{0x80000123, &v, 3}};
    CHECK(parse_template(vendor, 1).has_value());
    template_rules strict;
    strict.accept_vendor = false;
    CHECK(parse_template(vendor, 1, strict).code() == rv::attribute_type_invalid);
}

TEST_CASE("attributes newer than the profile are unknown to it", "[parser][profile]") {
    CK_BBOOL yes = 1;
    CK_ATTRIBUTE a[] = {{type(attribute_type::always_authenticate), &yes, 1}};
    template_rules r211;
    r211.visible = profiles::v2_11;
    CHECK(parse_template(a, 1, r211).code() == rv::attribute_type_invalid);
    template_rules r220;
    r220.visible = profiles::v2_20;
    CHECK(parse_template(a, 1, r220).has_value());
}

TEST_CASE("duplicates are inconsistent, known or vendor", "[parser]") {
    CK_BBOOL yes = 1, no = 0;
    CK_ATTRIBUTE a[] = {{type(attribute_type::sign), &yes, 1}, {type(attribute_type::sign), &no, 1}};
    CHECK(parse_template(a, 2).code() == rv::template_inconsistent);
    CK_ATTRIBUTE b[] = {{0x80000001, &yes, 1}, {0x80000001, &no, 1}};
    CHECK(parse_template(b, 2).code() == rv::template_inconsistent);
}

TEST_CASE("NULL values with a length and CK_UNAVAILABLE_INFORMATION lengths are invalid", "[parser]") {
    CK_ATTRIBUTE a[] = {{type(attribute_type::label), nullptr, 4}};
    CHECK(parse_template(a, 1).code() == rv::attribute_value_invalid);
    char x = 'x';
    CK_ATTRIBUTE b[] = {{type(attribute_type::label), &x, static_cast<CK_ULONG>(-1)}};
    CHECK(parse_template(b, 1).code() == rv::attribute_value_invalid);
}

TEST_CASE("a value longer than max_value_length is invalid before it is read", "[parser]") {
    std::array<unsigned char, 8> small{};
    const template_rules rules{};
    // The claimed length is all the parser sees: the buffer behind it is never touched.
    for (CK_ULONG len : {static_cast<CK_ULONG>(rules.max_value_length + 1), CK_ULONG{1} << (8 * sizeof(CK_ULONG) - 2),
                         static_cast<CK_ULONG>(-2)}) {
        INFO("length " << len);
        CK_ATTRIBUTE t[] = {{type(attribute_type::value), small.data(), len}};
        CHECK(parse_template(t, 1).code() == rv::attribute_value_invalid);
        CK_ATTRIBUTE nested[] = {{type(attribute_type::wrap_template), t, sizeof t}};
        CHECK(parse_template(nested, 1).code() == rv::attribute_value_invalid);
    }
    std::vector<unsigned char> largest(rules.max_value_length);
    CK_ATTRIBUTE t[] = {{type(attribute_type::value), largest.data(), static_cast<CK_ULONG>(largest.size())}};
    CHECK(parse_template(t, 1).has_value());
    template_rules tight;
    tight.max_value_length = 4;
    CK_ATTRIBUTE label[] = {{type(attribute_type::label), small.data(), 5}};
    CHECK(parse_template(label, 1, tight).code() == rv::attribute_value_invalid);
}

TEST_CASE("labels must be UTF-8", "[parser]") {
    const unsigned char good[] = {'k', 0xC3, 0xA9, 'y'};
    const unsigned char overlong[] = {0xC0, 0xAF};
    const unsigned char surrogate[] = {0xED, 0xA0, 0x80};
    const unsigned char truncated[] = {'a', 0xE2, 0x82};
    auto check_label = [](const unsigned char* p, std::size_t n) {
        CK_ATTRIBUTE a[] = {{type(attribute_type::label), const_cast<unsigned char*>(p), static_cast<CK_ULONG>(n)}};
        return parse_template(a, 1).code();
    };
    CHECK(check_label(good, sizeof good) == rv::ok);
    CHECK(check_label(overlong, sizeof overlong) == rv::attribute_value_invalid);
    CHECK(check_label(surrogate, sizeof surrogate) == rv::attribute_value_invalid);
    CHECK(check_label(truncated, sizeof truncated) == rv::attribute_value_invalid);
}

TEST_CASE("nested attribute arrays are checked recursively with a depth limit", "[parser]") {
    CK_BBOOL yes = 1;
    CK_ATTRIBUTE inner[] = {{type(attribute_type::extractable), &yes, 1}};
    CK_ATTRIBUTE outer[] = {{type(attribute_type::wrap_template), inner, sizeof inner}};
    auto v = parse_template(outer, 1);
    REQUIRE(v);
    auto nested = v->get(attr::wrap_template);
    REQUIRE(nested);
    CHECK(*nested->get(attr::extractable) == true);

    CK_ATTRIBUTE ragged[] = {{type(attribute_type::wrap_template), inner, sizeof inner - 1}};
    CHECK(parse_template(ragged, 1).code() == rv::attribute_value_invalid);

    CK_ULONG bad = 7;
    CK_ATTRIBUTE bad_inner[] = {{type(attribute_type::extractable), &bad, sizeof bad}};
    CK_ATTRIBUTE bad_outer[] = {{type(attribute_type::wrap_template), bad_inner, sizeof bad_inner}};
    CHECK(parse_template(bad_outer, 1).code() == rv::attribute_value_invalid);

    // A template that contains itself must not recurse forever.
    CK_ATTRIBUTE self[1];
    self[0] = {type(attribute_type::wrap_template), self, sizeof self};
    CHECK(parse_template(self, 1).code() == rv::attribute_value_invalid);
}

TEST_CASE("mechanism arrays must be whole CK_MECHANISM_TYPEs", "[parser]") {
    CK_ULONG mechs[2] = {1, 0x1087};
    CK_ATTRIBUTE ok[] = {{type(attribute_type::allowed_mechanisms), mechs, sizeof mechs}};
    CHECK(parse_template(ok, 1).has_value());
    CK_ATTRIBUTE bad[] = {{type(attribute_type::allowed_mechanisms), mechs, sizeof mechs - 2}};
    CHECK(parse_template(bad, 1).code() == rv::attribute_value_invalid);
}

TEST_CASE("the first failing attribute decides the code", "[parser]") {
    CK_BBOOL yes = 1;
    CK_ULONG v = 0;
    CK_ATTRIBUTE t[] = {{0x7ffe, &v, sizeof v}, {type(attribute_type::sign), &yes, 1}, {type(attribute_type::sign), &yes, 1}};
    CHECK(parse_template(t, 3).code() == rv::attribute_type_invalid);
}
