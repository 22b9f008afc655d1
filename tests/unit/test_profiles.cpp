// Profiles: a reported version plus the later constants it admits, answered
// by family and value; strict profiles admit nothing.
#include <catch2/catch.hpp>

#include <array>

#include "p11/constants.hpp"

using namespace p11;

namespace {
// A test-only profile: 2.11 that admits one 2.20 code, to see downgrade() use it.
constexpr std::array rejected_admitted{admit(rv::function_rejected)};
constexpr profile v2_11_with_rejected{versions::v2_11, rejected_admitted.data(), rejected_admitted.size()};
} // namespace

TEST_CASE("2.11-extended reports 2.11", "[profiles]") {
    STATIC_REQUIRE(profiles::v2_11_extended.level == versions::v2_11);
    STATIC_REQUIRE(profiles::by_name("2.11-extended") == profiles::v2_11_extended);
    STATIC_REQUIRE(profiles::by_name("2.11") == profiles::v2_11);
    STATIC_REQUIRE(profiles::by_name("3.0") == profiles::v3_0);
    STATIC_REQUIRE_FALSE(profiles::by_name("2.12").has_value());
    STATIC_REQUIRE_FALSE(profiles::v2_11_extended == profiles::v2_11);
}

TEST_CASE("2.11-extended admits the context login and SHA-2 signatures", "[profiles]") {
    constexpr auto p = profiles::v2_11_extended;
    STATIC_REQUIRE(exists_in(attribute_type::always_authenticate, p));
    STATIC_REQUIRE(exists_in(user_type::context_specific, p));
    for (auto m : {mechanism_type::sha224_rsa_pkcs, mechanism_type::sha256_rsa_pkcs, mechanism_type::sha384_rsa_pkcs,
                   mechanism_type::sha512_rsa_pkcs, mechanism_type::ecdsa_sha224, mechanism_type::ecdsa_sha256,
                   mechanism_type::ecdsa_sha384, mechanism_type::ecdsa_sha512}) {
        INFO(to_string(m).view());
        CHECK(exists_in(m, p));
        // Each admission is a real later addition, not a no-op.
        CHECK_FALSE(exists_in(m, profiles::v2_11));
    }
    STATIC_REQUIRE_FALSE(exists_in(attribute_type::always_authenticate, profiles::v2_11));
    STATIC_REQUIRE_FALSE(exists_in(user_type::context_specific, profiles::v2_11));
}

TEST_CASE("2.11-extended admits nothing else newer than 2.11", "[profiles]") {
    constexpr auto p = profiles::v2_11_extended;
    STATIC_REQUIRE_FALSE(exists_in(mechanism_type::aes_gcm, p));
    STATIC_REQUIRE_FALSE(exists_in(mechanism_type::sha256, p));
    STATIC_REQUIRE_FALSE(exists_in(mechanism_type::sha256_rsa_pkcs_pss, p));
    STATIC_REQUIRE_FALSE(exists_in(attribute_type::public_key_info, p));
    STATIC_REQUIRE_FALSE(exists_in(rv::action_prohibited, p));
    std::size_t later_admitted = 0;
    for (const auto& r : constant_family<mechanism_type>::rows)
        if (r.since > versions::v2_11 && exists_in(static_cast<mechanism_type>(r.value), p)) ++later_admitted;
    CHECK(later_admitted == 8);
    for (const auto& r : constant_family<attribute_type>::rows) {
        if (r.since <= versions::v2_11) continue;
        INFO(r.name);
        CHECK(exists_in(static_cast<attribute_type>(r.value), p) ==
              (static_cast<attribute_type>(r.value) == attribute_type::always_authenticate));
    }
    // What 2.11 has stays.
    STATIC_REQUIRE(exists_in(mechanism_type::sha1_rsa_pkcs, p));
    STATIC_REQUIRE(exists_in(user_type::user, p));
}

TEST_CASE("an admission names a family and a value, not a value alone", "[profiles]") {
    constexpr auto p = profiles::v2_11_extended;
    // CKU_CONTEXT_SPECIFIC is 2; CKA_ALWAYS_AUTHENTICATE is 0x202: the same
    // values in other families are not admitted by them.
    STATIC_REQUIRE(static_cast<ck_ulong>(user_type::context_specific) == 2);
    STATIC_REQUIRE(p.admits(family_id<user_type>(), 2));
    STATIC_REQUIRE_FALSE(p.admits(family_id<mechanism_type>(), 2));
    STATIC_REQUIRE_FALSE(p.admits(family_id<attribute_type>(), 2));
    STATIC_REQUIRE(p.admits(family_id<mechanism_type>(), 0x40));  // CKM_SHA256_RSA_PKCS
    STATIC_REQUIRE_FALSE(p.admits(family_id<rv>(), 0x40));
    // Flag families share the CKF_ prefix but are told apart.
    STATIC_REQUIRE(family_id<token_flags>() != family_id<mechanism_flags>());
}

TEST_CASE("downgrade keeps a code the profile admits and still maps the others", "[profiles][rv]") {
    STATIC_REQUIRE(downgrade(rv::function_rejected, profiles::v2_11) == rv::function_failed);
    STATIC_REQUIRE(downgrade(rv::function_rejected, v2_11_with_rejected) == rv::function_rejected);
    STATIC_REQUIRE(downgrade(rv::action_prohibited, v2_11_with_rejected) ==
                   downgrade(rv::action_prohibited, profiles::v2_11));
    STATIC_REQUIRE(downgrade(rv::user_not_logged_in, profiles::v2_11_extended) == rv::user_not_logged_in);
    // Every code comes back as one the profile admits.
    for (const auto& named : profiles::named) {
        for (const auto& r : constant_family<rv>::rows) {
            INFO(named.name << " " << r.name);
            CHECK(exists_in(downgrade(static_cast<rv>(r.value), named.value), named.value));
        }
    }
}

TEST_CASE("strict profiles admit nothing", "[profiles]") {
    for (auto p : {profiles::v2_11, profiles::v2_20, profiles::v2_40, profiles::v3_0}) {
        CHECK(p.admitted_count == 0);
        CHECK_FALSE(p.admits(family_id<attribute_type>(), static_cast<ck_ulong>(attribute_type::always_authenticate)));
    }
}
