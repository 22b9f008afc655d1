// The return values PKCS #11 2.40 (base specification, chapter 5: each
// function's "Return values") allows for the functions the module,
// backend-differential and mechanism-parameter fuzzers drive.  A module returning anything else (vendor codes aside) breaks its
// contract with applications that switch on these codes.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <vector>

#include "p11/constants/rv.hpp"
#include "p11/function.hpp"

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
    // The cryptographic functions the backend differential and the
    // mechanism-parameter fuzzers drive.
    case function_id::C_EncryptInit:
    case function_id::C_DecryptInit:
    case function_id::C_SignInit:
    case function_id::C_VerifyInit:
        return R{rv::arguments_bad, rv::function_canceled, rv::key_function_not_permitted, rv::key_handle_invalid,
                 rv::key_size_range, rv::key_type_inconsistent, rv::mechanism_invalid, rv::mechanism_param_invalid,
                 rv::operation_active, rv::pin_expired, rv::user_not_logged_in};
    case function_id::C_DigestInit:
        return R{rv::arguments_bad, rv::function_canceled, rv::mechanism_invalid, rv::mechanism_param_invalid,
                 rv::operation_active, rv::pin_expired, rv::user_not_logged_in};
    case function_id::C_Encrypt:
    case function_id::C_EncryptUpdate:
    case function_id::C_EncryptFinal:
        return R{rv::arguments_bad, rv::buffer_too_small, rv::data_invalid, rv::data_len_range, rv::function_canceled,
                 rv::operation_not_initialized};
    case function_id::C_Decrypt:
    case function_id::C_DecryptUpdate:
    case function_id::C_DecryptFinal:
        return R{rv::arguments_bad, rv::buffer_too_small, rv::encrypted_data_invalid, rv::encrypted_data_len_range,
                 rv::function_canceled, rv::operation_not_initialized, rv::user_not_logged_in};
    case function_id::C_Digest:
    case function_id::C_DigestUpdate:
    case function_id::C_DigestFinal:
        return R{rv::arguments_bad, rv::buffer_too_small, rv::function_canceled, rv::operation_not_initialized};
    case function_id::C_Sign:
    case function_id::C_SignUpdate:
    case function_id::C_SignFinal:
        return R{rv::arguments_bad, rv::buffer_too_small, rv::data_invalid, rv::data_len_range,
                 rv::function_canceled, rv::function_rejected, rv::operation_not_initialized, rv::user_not_logged_in};
    case function_id::C_Verify:
    case function_id::C_VerifyUpdate:
    case function_id::C_VerifyFinal:
        return R{rv::arguments_bad, rv::data_invalid, rv::data_len_range, rv::function_canceled,
                 rv::operation_not_initialized, rv::signature_invalid, rv::signature_len_range};
    case function_id::C_WrapKey:
        return R{rv::arguments_bad, rv::buffer_too_small, rv::function_canceled, rv::key_handle_invalid,
                 rv::key_not_wrappable, rv::key_size_range, rv::key_unextractable, rv::mechanism_invalid,
                 rv::mechanism_param_invalid, rv::operation_active, rv::pin_expired, rv::user_not_logged_in,
                 rv::wrapping_key_handle_invalid, rv::wrapping_key_size_range, rv::wrapping_key_type_inconsistent};
    case function_id::C_DeriveKey:
        return R{rv::arguments_bad, rv::attribute_read_only, rv::attribute_type_invalid, rv::attribute_value_invalid,
                 rv::curve_not_supported, rv::domain_params_invalid, rv::function_canceled, rv::key_handle_invalid,
                 rv::key_size_range, rv::key_type_inconsistent, rv::mechanism_invalid, rv::mechanism_param_invalid,
                 rv::operation_active, rv::pin_expired, rv::session_read_only, rv::template_incomplete,
                 rv::template_inconsistent, rv::token_write_protected, rv::user_not_logged_in};
    default: return {};
    }
}

// The specification names no code for C_*Update or C_*Final on a mechanism
// that is single-part only (raw RSA, ECDSA, key wrap); the provider
// framework answers CKR_FUNCTION_NOT_SUPPORTED, as a module does for a
// function it lacks, and applications treat it that way.  Accepted here on
// purpose, not by omission.
inline bool single_part_only_answer(function_id f, rv code) {
    if (code != rv::function_not_supported) return false;
    switch (f) {
    case function_id::C_EncryptUpdate:
    case function_id::C_EncryptFinal:
    case function_id::C_DecryptUpdate:
    case function_id::C_DecryptFinal:
    case function_id::C_DigestUpdate:
    case function_id::C_DigestFinal:
    case function_id::C_SignUpdate:
    case function_id::C_SignFinal:
    case function_id::C_VerifyUpdate:
    case function_id::C_VerifyFinal: return true;
    default: return false;
    }
}

[[nodiscard]] inline bool allowed(function_id f, rv code) {
    if (is_vendor_defined(code) || single_part_only_answer(f, code)) return true;
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
