// The two-call length convention (p11/client/two_call.hpp) against a fake
// C_ function whose answer can change between the length query and the
// fetch, as a slot list does when a reader is plugged in.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <vector>

#include "p11/client/two_call.hpp"
#include "../common/catch_printing.hpp"

using p11::rv;
using p11::abi::CK_ULONG;
using p11::client::fetch_bytes;
using p11::client::fetch_list;

namespace {

// What the module holds, and a record of how it was asked.
struct fake_list {
    std::vector<CK_ULONG> data;
    // Applied after each call, to change the data behind the caller's back.
    std::function<void(fake_list&)> between_calls;
    rv fail_with = rv::ok;
    int fail_on_call = -1;
    int calls = 0;
    std::vector<bool> null_buffer;        // per call
    std::vector<CK_ULONG> count_passed;   // per call, *pulCount on entry

    CK_ULONG operator()(CK_ULONG* out, CK_ULONG* n) {
        const int call = calls++;
        null_buffer.push_back(out == nullptr);
        count_passed.push_back(*n);
        auto answer = [&]() -> rv {
            if (call == fail_on_call) return fail_with;
            if (out == nullptr) {
                *n = static_cast<CK_ULONG>(data.size());
                return rv::ok;
            }
            if (*n < data.size()) {
                *n = static_cast<CK_ULONG>(data.size());
                return rv::buffer_too_small;
            }
            std::copy(data.begin(), data.end(), out);
            *n = static_cast<CK_ULONG>(data.size());
            return rv::ok;
        }();
        if (between_calls) between_calls(*this);
        return static_cast<CK_ULONG>(answer);
    }
};

auto fetch(fake_list& f) {
    return fetch_list<CK_ULONG>(p11::function_id::C_GetSlotList, [&](CK_ULONG* out, CK_ULONG* n) { return f(out, n); });
}

} // namespace

TEST_CASE("two-call: a length query, then the data", "[two-call]") {
    fake_list f;
    f.data = {3, 1, 4, 1, 5};
    auto r = fetch(f);
    REQUIRE(r);
    CHECK(*r == f.data);
    REQUIRE(f.calls == 2);
    CHECK(f.null_buffer == std::vector<bool>{true, false});
    CHECK(f.count_passed[1] == 5);
}

TEST_CASE("two-call: an empty answer still gets a buffer on the second call", "[two-call]") {
    // A NULL buffer would be a second length query: for C_Sign and friends the
    // operation would stay active instead of ending.
    fake_list f;
    auto r = fetch(f);
    REQUIRE(r);
    CHECK(r->empty());
    REQUIRE(f.calls == 2);
    CHECK(f.null_buffer == std::vector<bool>{true, false});
    CHECK(f.count_passed[1] == 0);
}

TEST_CASE("two-call: data that grows between the calls is asked for again", "[two-call]") {
    fake_list f;
    f.data = {1, 2};
    // A slot appears after each of the first two length queries.
    f.between_calls = [](fake_list& self) {
        if (self.calls <= 3 && self.null_buffer.back()) self.data.push_back(self.data.size() + 1);
    };
    auto r = fetch(f);
    REQUIRE(r);
    CHECK(*r == std::vector<CK_ULONG>{1, 2, 3, 4});
    // length (2), fetch: too small (3); length (3), fetch: too small (4); length (4), fetch.
    CHECK(f.calls == 6);
    CHECK(f.null_buffer == std::vector<bool>{true, false, true, false, true, false});
}

TEST_CASE("two-call: data that shrinks between the calls is cut to what came", "[two-call]") {
    fake_list f;
    f.data = {7, 8, 9};
    f.between_calls = [](fake_list& self) {
        if (self.calls == 1) self.data.pop_back();
    };
    auto r = fetch(f);
    REQUIRE(r);
    CHECK(*r == std::vector<CK_ULONG>{7, 8});
}

TEST_CASE("two-call: data that never stops growing ends in CKR_BUFFER_TOO_SMALL", "[two-call]") {
    fake_list f;
    f.data = {0};
    f.between_calls = [](fake_list& self) {
        if (self.null_buffer.back()) self.data.push_back(0);
    };
    auto r = fetch(f);
    REQUIRE_FALSE(r);
    CHECK(r.code() == rv::buffer_too_small);
    CHECK(r.error_value().function() == p11::function_id::C_GetSlotList);
    // A bounded number of attempts, not a loop forever.
    CHECK(f.calls == 16);
}

TEST_CASE("two-call: errors of either call are returned with the function", "[two-call]") {
    const int failing_call = GENERATE(0, 1);
    fake_list f;
    f.data = {1, 2, 3};
    f.fail_on_call = failing_call;
    f.fail_with = rv::device_removed;
    auto r = fetch(f);
    REQUIRE_FALSE(r);
    CHECK(r.code() == rv::device_removed);
    REQUIRE(r.error_value().has_function());
    CHECK(r.error_value().function() == p11::function_id::C_GetSlotList);
    CHECK(f.calls == failing_call + 1);
}

TEST_CASE("two-call: bytes, as C_Sign returns them", "[two-call]") {
    const std::vector<std::uint8_t> signature{0xde, 0xad, 0xbe, 0xef};
    int calls = 0;
    auto r = fetch_bytes(p11::function_id::C_Sign, [&](std::uint8_t* out, CK_ULONG* n) -> CK_ULONG {
        ++calls;
        // A module may over-estimate in the length query (RSA: the modulus size).
        if (out == nullptr) {
            *n = 16;
            return 0;
        }
        std::copy(signature.begin(), signature.end(), out);
        *n = static_cast<CK_ULONG>(signature.size());
        return 0;
    });
    REQUIRE(r);
    CHECK(*r == signature);
    CHECK(calls == 2);
}
