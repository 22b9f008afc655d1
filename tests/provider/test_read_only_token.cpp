// provider::read_only_token, the base of a token whose objects are fixed: the
// attributes add() gives an object and the objects it refuses, and what the
// defaults answer for a token that overrides nothing.
#include <catch2/catch.hpp>

#include <string_view>

#include "p11/provider/read_only_token.hpp"

#include "../common/catch_printing.hpp"

using namespace p11;
using namespace p11::provider;
using A = attribute_type;

namespace {

// Exposes add() to the test, as a subclass's constructor uses it.
class fixed_token final : public read_only_token {
public:
    fixed_token() : read_only_token("fixed") {}
    using read_only_token::add;
};

attribute_set of_class(object_class cls) {
    attribute_set a;
    a.set(attr::cls, cls);
    return a;
}

} // namespace

TEST_CASE("read_only_token::add(): a data object gets its class's attributes", "[read_only_token]") {
    fixed_token t;
    auto data = of_class(object_class::data);
    data.set(attr::label, std::string_view("greeting"));
    const auto o = t.add(std::move(data));
    CHECK(o->flag(A::token));
    CHECK_FALSE(o->flag(A::modifiable, true));
    CHECK_FALSE(o->flag(A::destroyable, true));
    CHECK_FALSE(o->is_private());
    // What C_CreateObject would have defaulted, so C_GetAttributeValue answers them.
    for (auto t_ : {A::application, A::object_id, A::value, A::copyable}) CHECK(o->attributes().has(t_));
    CHECK(o->attributes().get(A::label)->size() == 8);
}

TEST_CASE("read_only_token::add(): what the schema requires is required", "[read_only_token]") {
    fixed_token t;
    SECTION("a certificate without CKA_VALUE") {
        auto cert = of_class(object_class::certificate);
        cert.set_ulong(A::certificate_type, 0);
        CHECK_THROWS_AS(t.add(std::move(cert)), p11::exception);
    }
    SECTION("a key without CKA_KEY_TYPE") {
        CHECK_THROWS_AS(t.add(of_class(object_class::private_key)), p11::exception);
    }
    SECTION("an RSA private key without its modulus") {
        auto key = of_class(object_class::private_key);
        key.set_ulong(A::key_type, static_cast<ck_ulong>(key_type::rsa));
        CHECK_THROWS_AS(t.add(std::move(key)), p11::exception);
    }
    SECTION("no CKA_CLASS") {
        CHECK_THROWS_AS(t.add(attribute_set{}), p11::exception);
    }
    CHECK(t.find(template_view{}, true).empty());
}

TEST_CASE("read_only_token::add(): a private key's secret may stay with the token", "[read_only_token]") {
    fixed_token t;
    auto key = of_class(object_class::private_key);
    key.set_ulong(A::key_type, static_cast<ck_ulong>(key_type::ec));
    const byte params[] = {0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    key.set(A::ec_params, params);
    const auto o = t.add(std::move(key));
    CHECK_FALSE(o->attributes().has(A::value));
    CHECK(o->is_private());
    CHECK(o->flag(A::sensitive));
}

TEST_CASE("read_only_token: find() and load() by the keys it hands out", "[read_only_token]") {
    fixed_token t;
    auto secret = of_class(object_class::data);
    secret.set_bool(A::private_, true);
    const auto kept = t.add(std::move(secret));
    t.add(of_class(object_class::data));
    CHECK(t.find(template_view{}, false).size() == 1);
    const auto all = t.find(template_view{}, true);
    REQUIRE(all.size() == 2);
    CHECK(t.load(all[0].key) == kept);
    CHECK(t.load(std::vector<std::uint8_t>{9, 9, 9, 9}) == nullptr);
    CHECK(t.load(std::vector<std::uint8_t>{0}) == nullptr);
}

TEST_CASE("read_only_token: the defaults", "[read_only_token]") {
    fixed_token t;
    const auto d = t.describe();
    CHECK(d.label == "fixed");
    CHECK(d.write_protected);
    CHECK(t.mechanisms().empty());
    CHECK(t.login(user_type::user, {}).code() == rv::pin_incorrect);
    CHECK(t.init_pin({}).code() == rv::token_write_protected);
    CHECK(t.create(attribute_set{}).error_value().code() == rv::token_write_protected);
    std::uint8_t buf[4];
    CHECK(t.generate_random(buf).code() == rv::random_no_rng);
    CHECK(t.begin_digest(mechanism_view{}).error_value().code() == rv::mechanism_invalid);
}
