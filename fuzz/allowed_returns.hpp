// The return values PKCS #11 2.40 (base specification, chapter 5: each
// function's "Return values"; 3.0 for the functions it added) allows for each
// function: the module, backend-differential and mechanism-parameter fuzzers
// and tests/module/bad_input check the module's answers against them.  A
// module returning anything else (vendor codes aside) breaks its contract
// with applications that switch on these codes.
#pragma once

#include <algorithm>
#include <iterator>
#include <vector>

#include "p11/constants/rv.hpp"
#include "p11/function.hpp"

#include "allowed_returns_table.hpp"

namespace p11::fuzzing {

// Codes any function that takes a session may return (§5.1).  A constant
// array, not a static vector: p11forge-fuzz judges codes in an atexit
// handler, after function-local statics may have been destroyed.
inline constexpr rv common_session_returns[] = {
    rv::ok,           rv::cryptoki_not_initialized, rv::device_error,  rv::device_memory,
    rv::device_removed, rv::function_failed,        rv::general_error, rv::host_memory,
    rv::session_closed, rv::session_handle_invalid};

[[nodiscard]] inline bool allowed(function_id f, rv code) {
    if (is_vendor_defined(code)) return true;
    // §5.1.6: "Even unsupported functions in the Cryptoki API should have a
    // stub in the library; this stub should simply return the value
    // CKR_FUNCTION_NOT_SUPPORTED" (and a mechanism without a multi-part form
    // answers its Update so).
    if (code == rv::function_not_supported) return true;
    if (std::find(std::begin(common_session_returns), std::end(common_session_returns), code) !=
        std::end(common_session_returns))
        return true;
    const auto specific = specific_returns(f);
    return std::find(specific.begin(), specific.end(), code) != specific.end();
}

// Codes the specification allows everywhere but that, for the calls our
// fuzzers make, can only mean a bug: every buffer the harness passes is small
// and real, so running out of host memory means the module believed a length
// it should have refused, and CKR_GENERAL_ERROR is an unexpected internal
// state.  The parameter and differential fuzzers treat both as findings.
[[nodiscard]] inline bool plausible_for_small_inputs(rv code) {
    return code != rv::general_error && code != rv::host_memory;
}

} // namespace p11::fuzzing
