// The return values PKCS #11 2.40 (base specification, chapter 5: each
// function's "Return values"; 3.0 for the functions it added) allows for each
// function: the module, backend-differential and mechanism-parameter fuzzers
// and tests/module/bad_input check the module's answers against them.  A
// module returning anything else (vendor codes aside) breaks its contract
// with applications that switch on these codes.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <vector>

#include "p11/constants/rv.hpp"
#include "p11/function.hpp"

#include "allowed_returns_other_functions.hpp"

namespace p11::fuzzing {

// Codes any function that takes a session may return (§5.1).
inline const std::vector<rv>& common_session_returns() {
    static const std::vector<rv> r{rv::ok,           rv::cryptoki_not_initialized, rv::device_error,
                                   rv::device_memory, rv::device_removed,         rv::function_failed,
                                   rv::general_error, rv::host_memory,            rv::session_closed,
                                   rv::session_handle_invalid};
    return r;
}

inline std::vector<rv> specific_returns(function_id f) {
    using R = std::initializer_list<rv>;
    switch (f) {
    case function_id::C_CreateObject:
        return R{rv::arguments_bad, rv::attribute_read_only, rv::attribute_type_invalid, rv::attribute_value_invalid,
                 rv::curve_not_supported, rv::domain_params_invalid, rv::pin_expired, rv::session_read_only,
                 rv::template_incomplete, rv::template_inconsistent, rv::token_write_protected,
                 rv::user_not_logged_in};
    case function_id::C_CopyObject:
        return R{rv::action_prohibited, rv::arguments_bad, rv::attribute_read_only, rv::attribute_type_invalid,
                 rv::attribute_value_invalid, rv::object_handle_invalid, rv::pin_expired, rv::session_read_only,
                 rv::template_inconsistent, rv::token_write_protected, rv::user_not_logged_in};
    case function_id::C_DestroyObject:
        return R{rv::action_prohibited, rv::object_handle_invalid, rv::pin_expired, rv::session_read_only,
                 rv::token_write_protected};
    case function_id::C_GetAttributeValue:
        return R{rv::arguments_bad, rv::attribute_sensitive, rv::attribute_type_invalid, rv::buffer_too_small,
                 rv::object_handle_invalid};
    case function_id::C_SetAttributeValue:
        return R{rv::action_prohibited, rv::arguments_bad, rv::attribute_read_only, rv::attribute_type_invalid,
                 rv::attribute_value_invalid, rv::object_handle_invalid, rv::session_read_only,
                 rv::template_inconsistent, rv::token_write_protected, rv::user_not_logged_in};
    case function_id::C_FindObjectsInit:
        return R{rv::arguments_bad, rv::attribute_type_invalid, rv::attribute_value_invalid, rv::operation_active,
                 rv::pin_expired};
    case function_id::C_FindObjects: return R{rv::arguments_bad, rv::operation_not_initialized};
    case function_id::C_FindObjectsFinal: return R{rv::operation_not_initialized};
    case function_id::C_GenerateKey:
    case function_id::C_GenerateKeyPair:
        return R{rv::arguments_bad, rv::attribute_read_only, rv::attribute_type_invalid, rv::attribute_value_invalid,
                 rv::curve_not_supported, rv::domain_params_invalid, rv::function_canceled, rv::mechanism_invalid,
                 rv::mechanism_param_invalid, rv::operation_active, rv::pin_expired, rv::session_read_only,
                 rv::template_incomplete, rv::template_inconsistent, rv::token_write_protected,
                 rv::user_not_logged_in};
    case function_id::C_UnwrapKey:
        return R{rv::arguments_bad, rv::attribute_read_only, rv::attribute_type_invalid, rv::attribute_value_invalid,
                 rv::buffer_too_small, rv::curve_not_supported, rv::domain_params_invalid, rv::function_canceled,
                 rv::mechanism_invalid, rv::mechanism_param_invalid, rv::operation_active, rv::pin_expired,
                 rv::session_read_only, rv::template_incomplete, rv::template_inconsistent,
                 rv::token_write_protected, rv::unwrapping_key_handle_invalid, rv::unwrapping_key_size_range,
                 rv::unwrapping_key_type_inconsistent, rv::user_not_logged_in, rv::wrapped_key_invalid,
                 rv::wrapped_key_len_range};
    default: return other_function_returns(f);
    }
}

[[nodiscard]] inline bool allowed(function_id f, rv code) {
    if (is_vendor_defined(code)) return true;
    // §5.1.6: "Even unsupported functions in the Cryptoki API should have a
    // stub in the library; this stub should simply return the value
    // CKR_FUNCTION_NOT_SUPPORTED" (and a mechanism without a multi-part form
    // answers its Update so).
    if (code == rv::function_not_supported) return true;
    const auto& common = common_session_returns();
    if (std::find(common.begin(), common.end(), code) != common.end()) return true;
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
