// The generic table machinery, exercised through real families.
#include <catch2/catch.hpp>

#include "p11/constants.hpp"

using namespace p11;

TEST_CASE("value -> name and name -> value are inverse for every canonical row", "[table]") {
    for (const auto& row : constant_family<mechanism_type>::rows) {
        const auto m = static_cast<mechanism_type>(row.value);
        CHECK(name(m) == row.name);
        REQUIRE(from_name<mechanism_type>(row.name).has_value());
        CHECK(to_ulong(*from_name<mechanism_type>(row.name)) == row.value);
    }
    for (const auto& row : constant_family<attribute_type>::rows)
        CHECK(to_ulong(*from_name<attribute_type>(row.name)) == row.value);
    for (const auto& row : constant_family<rv>::rows) CHECK(to_ulong(*from_name<rv>(row.name)) == row.value);
}

TEST_CASE("aliases resolve to the canonical value and never become the printed name", "[table]") {
    STATIC_REQUIRE(*from_name<key_type>("CKK_ECDSA") == key_type::ec);
    STATIC_REQUIRE(name(key_type::ecdsa) == "CKK_EC");
    STATIC_REQUIRE(*from_name<mechanism_type>("CKM_ECDSA_KEY_PAIR_GEN") == mechanism_type::ec_key_pair_gen);
    STATIC_REQUIRE(*from_name<attribute_type>("CKA_ECDSA_PARAMS") == attribute_type::ec_params);
    for (const auto& a : constant_family<key_type>::aliases) CHECK(name(static_cast<key_type>(a.value)) != a.name);
}

TEST_CASE("vendor-defined and unknown values print sensibly and round-trip", "[table]") {
    STATIC_REQUIRE(to_string(static_cast<mechanism_type>(0x80000012)) == "CKM_VENDOR_DEFINED+0x12");
    STATIC_REQUIRE(to_string(static_cast<rv>(0x80001234)) == "CKR_VENDOR_DEFINED+0x1234");
    STATIC_REQUIRE(to_string(mechanism_type::vendor_defined) == "CKM_VENDOR_DEFINED");
    // 0x7ff0 is below the vendor range and defined by no version.
    STATIC_REQUIRE(to_string(static_cast<mechanism_type>(0x7ff0)) == "0x00007ff0");

    for (ck_ulong v : {ck_ulong{0x80000012}, ck_ulong{0x80001234}, ck_ulong{0x7ff0}, ck_ulong{0x1087}}) {
        const auto m = static_cast<mechanism_type>(v);
        const auto text = to_string(m);
        INFO(text.view());
        REQUIRE(parse<mechanism_type>(text.view()).has_value());
        CHECK(to_ulong(*parse<mechanism_type>(text.view())) == v);
    }
    CHECK(to_ulong(*parse<mechanism_type>("4231")) == 4231);
    CHECK_FALSE(parse<mechanism_type>("CKM_NO_SUCH_THING").has_value());
    CHECK_FALSE(parse<mechanism_type>("CKA_LABEL").has_value());  // another family's name
    CHECK_FALSE(parse<mechanism_type>("CKM_VENDOR_DEFINED+").has_value());
    CHECK_FALSE(parse<mechanism_type>("CKM_VENDOR_DEFINED+0xffffffffffffffffff").has_value());
    CHECK_FALSE(parse<mechanism_type>("0x").has_value());
}

TEST_CASE("bit-mask families print every flag and the unnamed rest", "[table]") {
    const auto f = mechanism_flags::encrypt | mechanism_flags::decrypt | static_cast<mechanism_flags>(0x40000000);
    CHECK(to_string(f).view() == "CKF_ENCRYPT|CKF_DECRYPT|0x40000000");
    CHECK(to_string(mechanism_flags{}).view() == "0");
    CHECK(has(f, mechanism_flags::decrypt));
    CHECK_FALSE(has(f, mechanism_flags::sign));
}

TEST_CASE("since() and profiles agree with the facts of the specification", "[table][profile]") {
    STATIC_REQUIRE(since(attribute_type::always_authenticate) == versions::v2_20);
    STATIC_REQUIRE(since(mechanism_type::aes_gcm) == versions::v2_30);
    STATIC_REQUIRE(since(mechanism_type::rsa_pkcs_pss) == versions::v2_11);
    STATIC_REQUIRE(since(mechanism_type::aes_key_wrap) == versions::v2_40);
    STATIC_REQUIRE(since(rv::action_prohibited) == versions::v2_40);
    STATIC_REQUIRE(since(object_class::profile) == versions::v3_0);
    STATIC_REQUIRE(since(key_type::aes) == versions::v2_11);

    STATIC_REQUIRE(exists_in(mechanism_type::ec_key_pair_gen, profiles::v2_11));
    STATIC_REQUIRE_FALSE(exists_in(mechanism_type::aes_gcm, profiles::v2_20));
    STATIC_REQUIRE(exists_in(mechanism_type::aes_gcm, profiles::v2_40));
    STATIC_REQUIRE_FALSE(exists_in(attribute_type::always_authenticate, profiles::v2_11));
    STATIC_REQUIRE(exists_in(attribute_type::always_authenticate, profiles::v2_20));
    STATIC_REQUIRE_FALSE(exists_in(static_cast<mechanism_type>(0x7ff0), profiles::v3_0));
}

TEST_CASE("lookup_value finds constants of every family by name", "[table]") {
    STATIC_REQUIRE(*lookup_value("CKM_AES_GCM") == 0x1087);
    STATIC_REQUIRE(*lookup_value("CKR_PIN_INCORRECT") == 0xA0);
    STATIC_REQUIRE(*lookup_value("CKA_ALWAYS_AUTHENTICATE") == 0x202);
    STATIC_REQUIRE(*lookup_value("CKK_ECDSA") == 3);
    STATIC_REQUIRE_FALSE(lookup_value("CKM_AES_GCMX").has_value());
}
