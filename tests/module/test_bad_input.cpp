// Bad input to every Cryptoki function of the list, on the real module with a
// logged-in token and real keys: NULL for each pointer, invalid handles,
// zero, huge and wrapping lengths, short output buffers, and bad values inside
// the structures arguments point to.  Each case runs in a crash-isolated
// child (bad_input/isolation.hpp).  The module must never crash, never answer
// CKR_OK to invalid input, answer only codes the spec allows the function
// (fuzz/allowed_returns.hpp), and the spec's own code where it names one.
// Every failing case is named with its function, argument, value and code.
#include "bad_input/isolation.hpp"
#include "bad_input/spoilt_inside.hpp"

using namespace mt;
using namespace mt::bad_input;

TEST_CASE("bad input to every function: no crash, no CKR_OK, only allowed codes, the spec's code",
          "[bad-input]") {
    auto cases = derived_cases();
    const auto derived = cases.size();
    auto inside = spoilt_inside_cases();
    std::move(inside.begin(), inside.end(), std::back_inserter(cases));
    // Every function of the list has cases.
    std::vector<bool> covered(function_count);
    for (const auto& k : cases) covered[static_cast<std::size_t>(k.function)] = true;
    for (std::size_t i = 0; i < function_count; ++i) {
        INFO(name(static_cast<function_id>(i)));
        CHECK(covered[i]);
    }

    const prepared_token token;
    // One child per function: its cases run together, a crash ends only that child.
    std::stable_sort(cases.begin(), cases.end(),
                     [](const bad_case& a, const bad_case& b) { return a.function < b.function; });
    std::vector<case_failure> failures;
    for (std::size_t first = 0; first < cases.size();) {
        std::size_t last = first;
        while (last < cases.size() && cases[last].function == cases[first].function) ++last;
        auto found = run_isolated(token, cases, first, last);
        std::move(found.begin(), found.end(), std::back_inserter(failures));
        first = last;
    }
    std::printf("bad input: %zu cases (%zu derived from the function list), %zu failed\n", cases.size(), derived,
                failures.size());
    // One line per failing case (Catch would wrap them): function, argument, value, what came back.
    for (const auto& f : failures) std::printf("bad input FAILED: %s: %s\n", f.case_title.c_str(), f.why.c_str());
    CHECK(failures.empty());
}
