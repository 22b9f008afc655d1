// The one table of each function's specific return values (PKCS #11 2.40
// base, chapter 5, each function's "Return values"; 3.0 base for the
// functions 3.0 added): the fuzzers, the bad-input tests and
// p11forge-fuzz --check-returns all judge codes by it.  The codes every
// function with a session may return are in common_session_returns
// (allowed_returns.hpp).
//
// Two additions to the 2.40 lists, both from the spec's own text:
//  - CKR_OPERATION_ACTIVE for a single-part call after an Update and the
//    reverse ("C_Encrypt cannot be used to terminate a multi-part operation",
//    §5.8 and its siblings; see p11/provider/operation_mode.hpp);
//  - CKR_USER_NOT_LOGGED_IN where a CKA_ALWAYS_AUTHENTICATE key still waits
//    for its context-specific login (§4.9, C_Login).
#pragma once

#include <initializer_list>
#include <vector>

#include "p11/constants/rv.hpp"
#include "p11/function.hpp"

namespace p11::fuzzing {

inline std::vector<rv> specific_returns(function_id f) {
    using R = std::initializer_list<rv>;
    using F = function_id;
    // Shared by the families below.
    const R slot{rv::arguments_bad, rv::slot_id_invalid, rv::token_not_present, rv::token_not_recognized};
    const R key_init{rv::arguments_bad,          rv::function_canceled,   rv::key_function_not_permitted,
                     rv::key_handle_invalid,     rv::key_size_range,      rv::key_type_inconsistent,
                     rv::mechanism_invalid,      rv::mechanism_param_invalid, rv::operation_active,
                     rv::pin_expired,            rv::user_not_logged_in};
    const R producing{rv::arguments_bad,        rv::buffer_too_small,        rv::data_invalid,
                      rv::data_len_range,       rv::function_canceled,       rv::operation_active,
                      rv::operation_not_initialized, rv::user_not_logged_in};
    const R decrypting{rv::arguments_bad,          rv::buffer_too_small,          rv::encrypted_data_invalid,
                       rv::encrypted_data_len_range, rv::function_canceled,       rv::operation_active,
                       rv::operation_not_initialized, rv::user_not_logged_in};
    const R verifying{rv::arguments_bad,       rv::data_invalid,              rv::data_len_range,
                      rv::function_canceled,   rv::operation_active,          rv::operation_not_initialized,
                      rv::signature_invalid,   rv::signature_len_range};
    const R message{rv::arguments_bad,          rv::buffer_too_small,         rv::data_invalid,
                    rv::data_len_range,         rv::encrypted_data_invalid,   rv::encrypted_data_len_range,
                    rv::function_canceled,      rv::key_function_not_permitted, rv::key_handle_invalid,
                    rv::key_size_range,         rv::key_type_inconsistent,    rv::mechanism_invalid,
                    rv::mechanism_param_invalid, rv::operation_active,        rv::operation_not_initialized,
                    rv::pin_expired,            rv::signature_invalid,        rv::signature_len_range,
                    rv::user_not_logged_in};
    const R login{rv::arguments_bad,          rv::function_canceled,          rv::operation_not_initialized,
                  rv::pin_incorrect,          rv::pin_locked,                 rv::session_read_only_exists,
                  rv::user_already_logged_in, rv::user_another_already_logged_in, rv::user_pin_not_initialized,
                  rv::user_too_many_types,    rv::user_type_invalid};
    switch (f) {
    case F::C_CreateObject:
        return R{rv::arguments_bad, rv::attribute_read_only, rv::attribute_type_invalid, rv::attribute_value_invalid,
                 rv::curve_not_supported, rv::domain_params_invalid, rv::pin_expired, rv::session_read_only,
                 rv::template_incomplete, rv::template_inconsistent, rv::token_write_protected,
                 rv::user_not_logged_in};
    case F::C_CopyObject:
        return R{rv::action_prohibited, rv::arguments_bad, rv::attribute_read_only, rv::attribute_type_invalid,
                 rv::attribute_value_invalid, rv::object_handle_invalid, rv::pin_expired, rv::session_read_only,
                 rv::template_inconsistent, rv::token_write_protected, rv::user_not_logged_in};
    case F::C_DestroyObject:
        return R{rv::action_prohibited, rv::object_handle_invalid, rv::pin_expired, rv::session_read_only,
                 rv::token_write_protected};
    case F::C_GetAttributeValue:
        return R{rv::arguments_bad, rv::attribute_sensitive, rv::attribute_type_invalid, rv::buffer_too_small,
                 rv::object_handle_invalid};
    case F::C_SetAttributeValue:
        return R{rv::action_prohibited, rv::arguments_bad, rv::attribute_read_only, rv::attribute_type_invalid,
                 rv::attribute_value_invalid, rv::object_handle_invalid, rv::session_read_only,
                 rv::template_inconsistent, rv::token_write_protected, rv::user_not_logged_in};
    case F::C_FindObjectsInit:
        return R{rv::arguments_bad, rv::attribute_type_invalid, rv::attribute_value_invalid, rv::operation_active,
                 rv::pin_expired};
    case F::C_FindObjects: return R{rv::arguments_bad, rv::operation_not_initialized};
    case F::C_FindObjectsFinal: return R{rv::operation_not_initialized};
    case F::C_GenerateKey:
    case F::C_GenerateKeyPair:
        return R{rv::arguments_bad, rv::attribute_read_only, rv::attribute_type_invalid, rv::attribute_value_invalid,
                 rv::curve_not_supported, rv::domain_params_invalid, rv::function_canceled, rv::mechanism_invalid,
                 rv::mechanism_param_invalid, rv::operation_active, rv::pin_expired, rv::session_read_only,
                 rv::template_incomplete, rv::template_inconsistent, rv::token_write_protected,
                 rv::user_not_logged_in};
    case F::C_UnwrapKey:
        return R{rv::arguments_bad, rv::attribute_read_only, rv::attribute_type_invalid, rv::attribute_value_invalid,
                 rv::buffer_too_small, rv::curve_not_supported, rv::domain_params_invalid, rv::function_canceled,
                 rv::mechanism_invalid, rv::mechanism_param_invalid, rv::operation_active, rv::pin_expired,
                 rv::session_read_only, rv::template_incomplete, rv::template_inconsistent,
                 rv::token_write_protected, rv::unwrapping_key_handle_invalid, rv::unwrapping_key_size_range,
                 rv::unwrapping_key_type_inconsistent, rv::user_not_logged_in, rv::wrapped_key_invalid,
                 rv::wrapped_key_len_range};
    case F::C_Initialize:
        return R{rv::arguments_bad, rv::cant_lock, rv::cryptoki_already_initialized, rv::need_to_create_threads};
    case F::C_Finalize:
    case F::C_GetInfo:
    case F::C_GetFunctionList:
    case F::C_GetInterface: return R{rv::arguments_bad};
    case F::C_GetSlotList:
    case F::C_GetInterfaceList: return R{rv::arguments_bad, rv::buffer_too_small};
    case F::C_GetSlotInfo:
    case F::C_GetTokenInfo:
    case F::C_CloseAllSessions: return slot;
    case F::C_GetMechanismList: {
        std::vector<rv> r(slot);
        r.push_back(rv::buffer_too_small);
        return r;
    }
    case F::C_GetMechanismInfo: {
        std::vector<rv> r(slot);
        r.push_back(rv::mechanism_invalid);
        return r;
    }
    case F::C_WaitForSlotEvent: return R{rv::arguments_bad, rv::no_event};
    case F::C_InitToken: {
        std::vector<rv> r(slot);
        r.insert(r.end(), {rv::function_canceled, rv::pin_incorrect, rv::pin_locked, rv::session_exists,
                           rv::token_write_protected});
        return r;
    }
    case F::C_InitPIN:
        return R{rv::arguments_bad, rv::function_canceled, rv::pin_invalid, rv::pin_len_range, rv::session_read_only,
                 rv::token_write_protected, rv::user_not_logged_in};
    case F::C_SetPIN:
        return R{rv::arguments_bad,   rv::function_canceled,  rv::pin_incorrect, rv::pin_invalid,
                 rv::pin_len_range,   rv::pin_locked,         rv::session_read_only, rv::token_write_protected};
    case F::C_OpenSession: {
        std::vector<rv> r(slot);
        r.insert(r.end(), {rv::session_count, rv::session_parallel_not_supported, rv::session_read_write_so_exists,
                           rv::token_write_protected});
        return r;
    }
    case F::C_CloseSession: return {};
    case F::C_GetSessionInfo: return R{rv::arguments_bad};
    case F::C_SessionCancel: return R{rv::arguments_bad, rv::operation_cancel_failed};
    case F::C_GetOperationState:
        return R{rv::arguments_bad, rv::buffer_too_small, rv::operation_not_initialized, rv::state_unsaveable};
    case F::C_SetOperationState:
        return R{rv::arguments_bad, rv::key_changed, rv::key_needed, rv::key_not_needed, rv::saved_state_invalid};
    case F::C_Login:
    case F::C_LoginUser: return login;
    case F::C_Logout: return R{rv::user_not_logged_in};
    case F::C_GetObjectSize: return R{rv::arguments_bad, rv::information_sensitive, rv::object_handle_invalid};
    case F::C_EncryptInit:
    case F::C_DecryptInit:
    case F::C_SignInit:
    case F::C_SignRecoverInit:
    case F::C_VerifyInit:
    case F::C_VerifyRecoverInit: return key_init;
    case F::C_DigestInit:
        return R{rv::arguments_bad, rv::function_canceled, rv::mechanism_invalid, rv::mechanism_param_invalid,
                 rv::operation_active, rv::pin_expired, rv::user_not_logged_in};
    case F::C_Encrypt:
    case F::C_EncryptUpdate:
    case F::C_EncryptFinal:
    case F::C_Sign:
    case F::C_SignUpdate:
    case F::C_SignFinal:
    case F::C_SignRecover:
    case F::C_DigestEncryptUpdate:
    case F::C_SignEncryptUpdate: return producing;
    case F::C_Decrypt:
    case F::C_DecryptUpdate:
    case F::C_DecryptFinal:
    case F::C_DecryptDigestUpdate:
    case F::C_DecryptVerifyUpdate: return decrypting;
    case F::C_Digest:
    case F::C_DigestUpdate:
    case F::C_DigestFinal:
        return R{rv::arguments_bad, rv::buffer_too_small, rv::function_canceled, rv::operation_active,
                 rv::operation_not_initialized};
    case F::C_DigestKey:
        return R{rv::function_canceled, rv::key_handle_invalid, rv::key_indigestible, rv::key_size_range,
                 rv::operation_active, rv::operation_not_initialized};
    case F::C_Verify:
    case F::C_VerifyUpdate:
    case F::C_VerifyFinal: return verifying;
    case F::C_VerifyRecover: {
        std::vector<rv> r(verifying);
        r.push_back(rv::buffer_too_small);
        return r;
    }
    case F::C_WrapKey:
        return R{rv::arguments_bad,          rv::buffer_too_small,           rv::function_canceled,
                 rv::key_function_not_permitted, rv::key_handle_invalid,     rv::key_not_wrappable,
                 rv::key_size_range,         rv::key_unextractable,          rv::mechanism_invalid,
                 rv::mechanism_param_invalid, rv::operation_active,          rv::pin_expired,
                 rv::user_not_logged_in,     rv::wrapping_key_handle_invalid, rv::wrapping_key_size_range,
                 rv::wrapping_key_type_inconsistent};
    case F::C_DeriveKey:
        return R{rv::arguments_bad,           rv::attribute_read_only,     rv::attribute_type_invalid,
                 rv::attribute_value_invalid, rv::curve_not_supported,     rv::domain_params_invalid,
                 rv::function_canceled,       rv::key_function_not_permitted, rv::key_handle_invalid,
                 rv::key_size_range,          rv::key_type_inconsistent,   rv::mechanism_invalid,
                 rv::mechanism_param_invalid, rv::operation_active,        rv::pin_expired,
                 rv::session_read_only,       rv::template_incomplete,     rv::template_inconsistent,
                 rv::token_write_protected,   rv::user_not_logged_in};
    case F::C_SeedRandom:
        return R{rv::arguments_bad, rv::function_canceled, rv::operation_active, rv::random_seed_not_supported,
                 rv::random_no_rng, rv::user_not_logged_in};
    case F::C_GenerateRandom:
        return R{rv::arguments_bad, rv::function_canceled, rv::operation_active, rv::random_no_rng,
                 rv::user_not_logged_in};
    case F::C_GetFunctionStatus:
    case F::C_CancelFunction: return R{rv::function_not_parallel};
    case F::C_MessageEncryptInit:
    case F::C_EncryptMessage:
    case F::C_EncryptMessageBegin:
    case F::C_EncryptMessageNext:
    case F::C_MessageEncryptFinal:
    case F::C_MessageDecryptInit:
    case F::C_DecryptMessage:
    case F::C_DecryptMessageBegin:
    case F::C_DecryptMessageNext:
    case F::C_MessageDecryptFinal:
    case F::C_MessageSignInit:
    case F::C_SignMessage:
    case F::C_SignMessageBegin:
    case F::C_SignMessageNext:
    case F::C_MessageSignFinal:
    case F::C_MessageVerifyInit:
    case F::C_VerifyMessage:
    case F::C_VerifyMessageBegin:
    case F::C_VerifyMessageNext:
    case F::C_MessageVerifyFinal: return message;
    default: return {};
    }
}

} // namespace p11::fuzzing
