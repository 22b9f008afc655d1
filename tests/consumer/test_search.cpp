// The search range (p11/client/search.hpp) against a fake module whose
// three find functions count their calls and fail on request: batches,
// C_FindObjectsFinal exactly once on every way out, errors that end the
// iteration.  Real modules run the same range in test_modules.cpp.
#include <catch2/catch.hpp>

#include <iterator>
#include <numeric>
#include <optional>
#include <ranges>
#include <string>
#include <vector>

#include "p11/client/search.hpp"
#include "../common/catch_printing.hpp"

using p11::rv;
using p11::client::object_handle;
using p11::client::object_search;
namespace abi = p11::abi;

static_assert(std::input_iterator<object_search::iterator>);
static_assert(std::ranges::input_range<object_search>);
static_assert(std::is_same_v<std::iterator_traits<object_search::iterator>::iterator_category, std::input_iterator_tag>);
static_assert(!std::is_copy_constructible_v<object_search> && std::is_nothrow_move_constructible_v<object_search>);

namespace {

constexpr abi::CK_SESSION_HANDLE session_handle = 0x5e55;

struct fake_module {
    std::vector<object_handle> objects;
    std::size_t next = 0;
    // At most this many per C_FindObjects, whatever the caller asks for.
    abi::CK_ULONG per_call = ~abi::CK_ULONG{0};
    rv init_result = rv::ok, final_result = rv::ok;
    int find_fails_on = -1;  // which C_FindObjects call (0-based) fails
    rv find_result = rv::device_error;
    bool overreport = false;  // claims one handle more than the buffer holds
    bool active = false;
    int inits = 0, finds = 0, finals = 0;
    std::vector<abi::CK_ULONG> asked;  // ulMaxObjectCount per call
    abi::CK_ULONG template_count = 0;
    std::string first_value;  // the first criterion's value, as C_FindObjectsInit saw it

    abi::CK_FUNCTION_LIST_3_0 list{};
    fake_module();
};

fake_module* fake = nullptr;

abi::CK_RV find_init(abi::CK_SESSION_HANDLE s, abi::CK_ATTRIBUTE_PTR criteria, abi::CK_ULONG count) {
    ++fake->inits;
    if (s != session_handle) return static_cast<abi::CK_RV>(rv::session_handle_invalid);
    if (fake->active) return static_cast<abi::CK_RV>(rv::operation_active);
    if (fake->init_result != rv::ok) return static_cast<abi::CK_RV>(fake->init_result);
    fake->template_count = count;
    if (count > 0)
        fake->first_value.assign(static_cast<const char*>(criteria[0].pValue), static_cast<std::size_t>(criteria[0].ulValueLen));
    fake->active = true;
    fake->next = 0;
    return 0;
}
abi::CK_RV find_next(abi::CK_SESSION_HANDLE s, abi::CK_OBJECT_HANDLE_PTR out, abi::CK_ULONG max, abi::CK_ULONG_PTR n) {
    const int call = fake->finds++;
    fake->asked.push_back(max);
    if (s != session_handle) return static_cast<abi::CK_RV>(rv::session_handle_invalid);
    if (!fake->active) return static_cast<abi::CK_RV>(rv::operation_not_initialized);
    if (call == fake->find_fails_on) return static_cast<abi::CK_RV>(fake->find_result);
    const auto left = fake->objects.size() - fake->next;
    const auto take = std::min<std::size_t>({left, max, fake->per_call});
    std::copy_n(fake->objects.begin() + static_cast<std::ptrdiff_t>(fake->next), take, out);
    fake->next += take;
    *n = static_cast<abi::CK_ULONG>(take) + (fake->overreport ? max + 1 - take : 0);
    return 0;
}
abi::CK_RV find_final(abi::CK_SESSION_HANDLE s) {
    ++fake->finals;
    if (s != session_handle) return static_cast<abi::CK_RV>(rv::session_handle_invalid);
    if (!fake->active) return static_cast<abi::CK_RV>(rv::operation_not_initialized);
    fake->active = false;
    return static_cast<abi::CK_RV>(fake->final_result);
}

fake_module::fake_module() {
    list.C_FindObjectsInit = find_init;
    list.C_FindObjects = find_next;
    list.C_FindObjectsFinal = find_final;
    fake = this;
}

std::vector<object_handle> handles(std::size_t n) {
    std::vector<object_handle> v(n);
    std::iota(v.begin(), v.end(), object_handle{100});
    return v;
}

object_search start(fake_module& m, std::size_t batch = object_search::default_batch,
                    const p11::attribute_template& criteria = {}) {
    return object_search(&m.list, session_handle, criteria, batch);
}

} // namespace

TEST_CASE("search range: handles come in batches, the search ends once", "[search]") {
    const std::size_t count = GENERATE(0, 1, 9, 10, 11, 150);
    const std::size_t batch = GENERATE(1, 4, 10, 64);
    fake_module m;
    m.objects = handles(count);
    std::vector<object_handle> seen;
    {
        auto found = start(m, batch);
        CHECK(m.inits == 0);  // lazy: not even C_FindObjectsInit before begin()
        CHECK(m.finds == 0);
        for (auto h : found) seen.push_back(h);
        CHECK(m.inits == 1);
        CHECK(found.error() == rv::ok);
        CHECK(found.status());
        // Ended as soon as the module said "no more", not only when the range goes.
        CHECK_FALSE(found.active());
        CHECK(m.finals == 1);
    }
    CHECK(m.finals == 1);
    CHECK(seen == m.objects);
    // Every batch, then the call that says "no more" (a count of 0).
    CHECK(m.finds == static_cast<int>((count + batch - 1) / batch + 1));
    for (auto asked : m.asked) CHECK(asked == batch);
}

TEST_CASE("search range: the criteria outlive the template they came from", "[search]") {
    // C_FindObjectsInit waits for begin(): the range's own copy of the
    // criteria is what it passes, whatever became of the caller's.
    fake_module m;
    m.objects = handles(3);
    auto found = [&] {
        std::string label = "made in a scope that is gone";
        return start(m, 4, p11::attribute_template{p11::attr::label = label});
    }();
    CHECK(m.inits == 0);
    CHECK(std::ranges::distance(found) == 3);
    CHECK(m.first_value == "made in a scope that is gone");
}

TEST_CASE("search range: a short batch does not end the search", "[search]") {
    // A module may hand out fewer than asked for and still have more.
    fake_module m;
    m.objects = handles(10);
    m.per_call = 3;
    auto found = start(m, 64);
    std::vector<object_handle> seen(found.begin(), found.end());
    CHECK(seen == m.objects);
    CHECK(m.finds == 5);  // 3, 3, 3, 1, 0
    CHECK(m.finals == 1);
}

TEST_CASE("search range: the search is over before the loop body runs", "[search]") {
    // Modules with one operation per session refuse C_SignInit (or another
    // search) while C_FindObjects is open: the body must see no open search.
    fake_module m;
    m.objects = handles(100);
    {
        auto found = start(m, 8);
        int n = 0;
        for (auto h : found) {
            CHECK_FALSE(m.active);
            CHECK_FALSE(found.active());
            CHECK(m.finals == 1 + n);  // its own, and each nested search's
            CHECK(h == m.objects[static_cast<std::size_t>(n)]);
            // The session is free for another search inside the body.
            auto nested = start(m, 8);
            CHECK(nested.error() == rv::ok);
            CHECK(std::ranges::distance(nested) == 100);
            if (++n == 3) break;
        }
        CHECK(m.finds == 13 + 1 + 3 * (13 + 1));  // 100 in batches of 8, then "no more"; likewise each nested one
        // Leaving early leaves the rest where the single pass stands.
        CHECK(std::ranges::distance(found.begin(), found.end()) == 98);
    }
    CHECK(m.finals == 4);
    CHECK_FALSE(m.active);
}

TEST_CASE("search range: finish() ends it now, and only once", "[search]") {
    fake_module m;
    m.objects = handles(20);
    SECTION("before begin(): nothing is called, nothing will be") {
        auto found = start(m, 4);
        CHECK_FALSE(found.active());
        CHECK(found.finish());
        CHECK_FALSE(found.active());
        CHECK_FALSE(m.active);
        CHECK(found.begin() == found.end());
        CHECK(found.finish());
        CHECK(m.inits + m.finds + m.finals == 0);
    }
    SECTION("while iterating: the rest is dropped") {
        {
            auto found = start(m, 4);
            auto it = found.begin();
            CHECK(*it == 100);
            CHECK(found.finish());
            CHECK(found.begin() == found.end());
            CHECK(found.finish());
            CHECK(m.finds == 6);  // 5 batches of 4, then "no more"
        }
        CHECK(m.finals == 1);
    }
}

TEST_CASE("search range: first() asks for one handle and ends the search", "[search]") {
    fake_module m;
    m.objects = handles(20);
    auto found = start(m, 64);
    auto first = found.first();
    REQUIRE(first);
    CHECK(*first == std::optional<object_handle>{100});
    CHECK(m.asked == std::vector<abi::CK_ULONG>{1});
    CHECK(m.finals == 1);
    CHECK_FALSE(m.active);
    CHECK(found.begin() == found.end());
    m.objects.clear();
    auto none = start(m).first();
    REQUIRE(none);
    CHECK_FALSE(none->has_value());
    CHECK(m.finals == 2);
}

TEST_CASE("search range: the first call with begin(), later calls resume", "[search]") {
    fake_module m;
    m.objects = handles(6);
    auto found = start(m, 4);
    auto a = found.begin();
    CHECK(*a == 100);
    ++a;
    // A second begin() is where the single pass stands, not a new search.
    auto b = found.begin();
    CHECK(*b == 101);
    CHECK(a == b);
    CHECK(m.inits == 1);
    CHECK(*b++ == 101);
    CHECK(*b == 102);
    CHECK(std::ranges::distance(found.begin(), found.end()) == 4);
}

TEST_CASE("search range: a failed C_FindObjectsInit is an empty range that never calls Final", "[search]") {
    fake_module m;
    m.objects = handles(5);
    m.init_result = rv::template_inconsistent;
    {
        auto found = start(m);
        CHECK(found.error() == rv::ok);  // nothing called before begin()
        CHECK(found.begin() == found.end());
        CHECK(found.error() == rv::template_inconsistent);
        CHECK(found.status().error_value().function() == p11::function_id::C_FindObjectsInit);
        CHECK_FALSE(found.active());
        CHECK(m.finds == 0);
    }
    // Final here would end a search someone else started on this session.
    CHECK(m.finals == 0);
}

TEST_CASE("search range: an error while iterating ends the iteration and stays readable", "[search]") {
    fake_module m;
    m.objects = handles(50);
    m.find_fails_on = 2;
    m.find_result = rv::device_removed;
    std::vector<object_handle> seen;
    auto found = start(m, 10);
    for (auto h : found) seen.push_back(h);
    CHECK(seen.size() == 20);
    CHECK(found.error() == rv::device_removed);
    REQUIRE_FALSE(found.status());
    CHECK(found.status().error_value().function() == p11::function_id::C_FindObjects);
    CHECK(m.finals == 1);
    CHECK_FALSE(found.active());
    // finish() reports the error again and calls nothing.
    CHECK(found.finish().code() == rv::device_removed);
    CHECK(m.finals == 1);
}

TEST_CASE("search range: a count beyond the buffer is an error, not a read past it", "[search]") {
    fake_module m;
    m.objects = handles(3);
    m.overreport = true;
    auto found = start(m, 4);
    CHECK(found.begin() == found.end());
    CHECK(found.error() == rv::general_error);
    CHECK(m.finals == 1);
}

TEST_CASE("search range: an error from C_FindObjectsFinal is reported", "[search]") {
    fake_module m;
    m.objects = handles(2);
    m.final_result = rv::session_closed;
    auto found = start(m);
    std::vector<object_handle> seen(found.begin(), found.end());
    CHECK(seen.size() == 2);
    CHECK(found.error() == rv::session_closed);
    CHECK(found.status().error_value().function() == p11::function_id::C_FindObjectsFinal);
}

TEST_CASE("search range: moves hand the search over", "[search]") {
    fake_module m;
    m.objects = handles(30);
    SECTION("a moved-from range ends nothing") {
        {
            auto a = start(m, 4);
            auto it = a.begin();
            CHECK(*it == 100);
            object_search b = std::move(a);
            CHECK_FALSE(a.active());  // NOLINT(bugprone-use-after-move): the moved-from state is the point
            CHECK(a.begin() == a.end());
            // b resumes where a stood.
            CHECK(*b.begin() == 100);
            CHECK(std::ranges::distance(b) == 30);
            CHECK(m.finals == 1);
        }
        CHECK(m.finals == 1);
    }
    SECTION("a moved range not yet begun searches once, with its criteria") {
        const auto criteria = p11::attribute_template{p11::attr::label = "moved"};
        auto a = start(m, 4, criteria);
        object_search b = std::move(a);
        CHECK(a.begin() == a.end());  // NOLINT(bugprone-use-after-move): the moved-from state is the point
        CHECK(m.inits == 0);
        CHECK(std::ranges::distance(b) == 30);
        CHECK(m.inits == 1);
        CHECK(m.template_count == 1);
        CHECK(m.first_value == "moved");
        CHECK(m.finals == 1);
    }
    SECTION("assigning over a range ends what it started, and nothing else") {
        auto a = start(m, 4);
        a = object_search{};
        CHECK(m.inits + m.finals == 0);
        a = start(m, 4);
        auto it = a.begin();  // collects everything and ends the search
        CHECK(*it == 100);
        a = start(m, 4);
        CHECK(m.finals == 1);
        CHECK(std::ranges::distance(a) == 30);
        CHECK(m.finals == 2);
    }
    SECTION("an empty range is a valid range") {
        object_search none;
        CHECK(none.begin() == none.end());
        CHECK(none.error() == rv::ok);
        CHECK(none.finish());
        CHECK(m.inits == 0);
    }
}

TEST_CASE("search range: the criteria reach C_FindObjectsInit; a batch of 0 means 1", "[search]") {
    fake_module m;
    m.objects = handles(3);
    const p11::attribute_template criteria{p11::attr::cls = p11::object_class::certificate, p11::attr::token = true};
    auto found = start(m, 0, criteria);
    CHECK(std::ranges::distance(found) == 3);
    CHECK(m.template_count == 2);
    for (auto asked : m.asked) CHECK(asked == 1);
}
