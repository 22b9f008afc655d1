// P11_NO_NAMES (docs/firmware.md): at run time the tables answer everything
// but names; constant evaluation still has them.  The lookups go through
// volatile values so that they happen at run time, as in firmware.
#define P11_NO_NAMES
#include <catch2/catch.hpp>

#include "p11/attributes/parser.hpp"
#include "p11/constants.hpp"

using namespace p11;

namespace {
template <class Enum>
Enum at_run_time(Enum e) {
    volatile ck_ulong v = static_cast<ck_ulong>(e);
    return static_cast<Enum>(v);
}
} // namespace

TEST_CASE("without names, run-time names are empty and to_string prints the number", "[no-names]") {
    CHECK(name(at_run_time(mechanism_type::aes_cbc)).empty());
    CHECK(name(at_run_time(attribute_type::label)).empty());
    CHECK(description(at_run_time(rv::arguments_bad)).empty());
    CHECK(to_string(at_run_time(rv::arguments_bad)) == "0x00000007");
    CHECK(to_string(at_run_time(session_flags::rw_session | session_flags::serial_session)) == "0x6");
    CHECK_FALSE(from_name<rv>(std::string_view{"CKR_OK"}).has_value());
    CHECK(parse<rv>("0x7") == rv::arguments_bad);
}

TEST_CASE("without names, the run-time rows hold none but keep every other column", "[no-names]") {
    for (const auto& r : constant_family<mechanism_type>::rows) CHECK(r.name.empty());
    CHECK(is_known(at_run_time(mechanism_type::aes_cbc)));
    CHECK(can(at_run_time(mechanism_type::aes_cbc), mechanism_flags::encrypt));
    CHECK(downgrade(at_run_time(rv::pin_too_weak), profiles::v2_11) == rv::pin_invalid);
    unsigned char bad_utf8[] = {0xC0, 0x80};
    const abi::CK_ATTRIBUTE t[] = {{static_cast<abi::CK_ULONG>(attribute_type::label), bad_utf8, sizeof bad_utf8}};
    CHECK(parse_template(t, 1).code() == rv::attribute_value_invalid);
}

TEST_CASE("without names, constant evaluation still sees them", "[no-names]") {
    STATIC_REQUIRE(name(mechanism_type::aes_cbc) == "CKM_AES_CBC");
    STATIC_REQUIRE(to_string(rv::arguments_bad) == "CKR_ARGUMENTS_BAD");
    STATIC_REQUIRE(*from_name<attribute_type>("CKA_LABEL") == attribute_type::label);
    STATIC_REQUIRE(family_id<rv>() == "CKR_OK");
}
