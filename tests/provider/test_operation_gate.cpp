// active_operation::continue_with(), the gate of every call that continues an
// operation, on its own: which calls it admits, and when it ends the
// operation (the rules the C_ functions' tests check call by call).
#include <catch2/catch.hpp>

#include <memory>
#include <new>

#include "p11/provider/session.hpp"

using namespace p11;
using namespace p11::provider;

namespace {

struct multi_part_operation : operation_base {};
struct single_part_operation : operation_base {
    [[nodiscard]] bool multi_part() const override { return false; }
};

// A body answering `o`, counting its runs.
struct answering {
    outcome o;
    int* runs;
    outcome operator()() const {
        ++*runs;
        return o;
    }
};

} // namespace

TEST_CASE("continue_with(): the gate and the end of every continuing call", "[whitebox][operations]") {
    active_operation op;
    int runs = 0;
    const auto answer = [&](outcome o) { return answering{o, &runs}; };

    SECTION("nothing started: CKR_OPERATION_NOT_INITIALIZED, and the body does not run") {
        CHECK(op.continue_with(call::single, answer(ends(rv::ok))) == rv::operation_not_initialized);
        CHECK(runs == 0);
    }

    op.start(std::make_unique<multi_part_operation>(), mechanism_type{}, false);
    REQUIRE(op.active());

    SECTION("a kept outcome keeps the operation, an ending one ends it") {
        CHECK(op.continue_with(call::update, answer(as_update(rv::ok))) == rv::ok);
        CHECK(op.active());
        CHECK(op.continue_with(call::final, answer(keeps(rv::buffer_too_small))) == rv::buffer_too_small);
        CHECK(op.active());
        CHECK(op.continue_with(call::final, answer(ends(rv::ok))) == rv::ok);
        CHECK_FALSE(op.active());
        CHECK(runs == 3);
    }
    SECTION("an Update's success keeps it whatever the output convention said; its error ends it") {
        CHECK(op.continue_with(call::update, answer(as_update(ends(rv::ok)))) == rv::ok);
        CHECK(op.active());
        CHECK(op.continue_with(call::update, answer(as_update(rv::data_len_range))) == rv::data_len_range);
        CHECK_FALSE(op.active());
    }
    SECTION("a call of the other form is refused before its body and ends the operation") {
        REQUIRE(op.continue_with(call::update, answer(as_update(rv::ok))) == rv::ok);
        CHECK(op.continue_with(call::single, answer(ends(rv::ok))) == rv::operation_active);
        CHECK(runs == 1);
        CHECK_FALSE(op.active());
    }
    SECTION("a body that throws ends the operation; the exception goes on to the boundary") {
        CHECK_THROWS_AS(op.continue_with(call::single, []() -> outcome { throw std::bad_alloc(); }), std::bad_alloc);
        CHECK_FALSE(op.active());
    }
}

TEST_CASE("continue_with(): a single-part-only mechanism refuses Update and Final", "[whitebox][operations]") {
    active_operation op;
    int runs = 0;
    op.start(std::make_unique<single_part_operation>(), mechanism_type{}, true);
    CHECK(op.continue_with(call::final, answering{ends(rv::ok), &runs}) == rv::function_not_supported);
    CHECK(runs == 0);
    CHECK_FALSE(op.active());
    CHECK_FALSE(op.uses_private_key);
}
