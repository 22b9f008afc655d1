// p11::result<T>: values, errors with the failing function, and the throwing layer.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "p11/error_category.hpp"
#include "p11/result.hpp"

using namespace p11;

namespace {
result<int> parse_positive(int v) {
    if (v <= 0) return failure(rv::arguments_bad, function_id::C_GetSlotList);
    return v;
}
result<std::string> describe(int v) {
    P11_TRY(parse_positive(v));
    return std::to_string(v);
}
} // namespace

TEST_CASE("result carries a value or an error with its function", "[result]") {
    auto ok = parse_positive(5);
    REQUIRE(ok);
    CHECK(*ok == 5);
    CHECK(ok.code() == rv::ok);

    auto bad = parse_positive(-1);
    REQUIRE_FALSE(bad);
    CHECK(bad.code() == rv::arguments_bad);
    REQUIRE(bad.error_value().has_function());
    CHECK(name(bad.error_value().function()) == "C_GetSlotList");
    CHECK(bad.value_or(7) == 7);
}

TEST_CASE("P11_TRY propagates errors unchanged", "[result]") {
    CHECK(*describe(3) == "3");
    auto e = describe(0);
    REQUIRE_FALSE(e);
    CHECK(e.code() == rv::arguments_bad);
    CHECK(e.error_value().function() == function_id::C_GetSlotList);
}

TEST_CASE("value() throws p11::exception naming function and code", "[result][error]") {
    try {
        (void)parse_positive(0).value();
        FAIL("no exception");
    } catch (const p11::exception& x) {
        CHECK(x.rv_code() == rv::arguments_bad);
        CHECK(x.code() == rv::arguments_bad);
        CHECK(std::string(x.what()).find("C_GetSlotList") != std::string::npos);
        CHECK(std::string(x.what()).find("CKR_ARGUMENTS_BAD") != std::string::npos);
    }
}

TEST_CASE("result holds move-only values and result<void> reads rv::ok as success", "[result]") {
    result<std::unique_ptr<int>> p = std::make_unique<int>(4);
    REQUIRE(p);
    auto moved = std::move(p);
    CHECK(**moved == 4);

    result<void> fine = rv::ok;
    CHECK(fine.has_value());
    result<void> broken = rv::device_removed;
    CHECK_FALSE(broken.has_value());
    CHECK(check(0xA0, function_id::C_Login).code() == rv::pin_incorrect);
    CHECK(check(0, function_id::C_Login).has_value());

    auto chained = parse_positive(2).and_then([](int v) -> result<int> { return v * 10; });
    CHECK(*chained == 20);
}
