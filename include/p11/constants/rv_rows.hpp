// CKR_: return values.
// X(identifier, NAME, value, since, deprecated, fallback, "one-line description")
// `fallback` names the closest code that existed in older versions; a module
// built for an older profile returns it instead (see p11::downgrade).  Codes
// that exist since 2.01 name themselves.  A fallback is chosen for what an
// application written against the older version does with it, and where a
// function's documented return list matters, a code every function may return
// (CKR_FUNCTION_FAILED) wins over a more specific one.
//
// Values follow the OASIS headers (2.40 through 3.2).  p11-kit's pkcs11.h
// (0.24) spells CKR_EXCEEDED_MAX_ITERATIONS .. CKR_PUBLIC_KEY_INVALID as
// 0x1C0..0x1C4; every OASIS header since the 2.30 drafts has 0x1B5..0x1B9,
// and modules built from those headers return the latter.
//
// Versions: the RSA 2.x headers mark CKR_ARGUMENTS_BAD .. CKR_CANT_LOCK and
// CKR_CRYPTOKI_* / CKR_MUTEX_* as new in 2.01 (all v2_01 here), and
// CKR_DOMAIN_PARAMS_INVALID as new in 2.11.  CKR_NEW_PIN_MODE/CKR_NEXT_OTP come
// with the 2.20 OTP amendments, 0x1B5..0x1B9 with the 2.30 drafts.
#pragma once

// clang-format off
#define P11_RV_ROWS(X)                                                                                      \
    X(ok, CKR_OK, 0x00000000, v2_01, none, ok,                                                              \
      "the function completed successfully")                                                                \
    X(cancel, CKR_CANCEL, 0x00000001, v2_01, none, cancel,                                                  \
      "a notification callback asked the library to abandon the running function")                          \
    X(host_memory, CKR_HOST_MEMORY, 0x00000002, v2_01, none, host_memory,                                   \
      "the computer running the library ran out of memory")                                                 \
    X(slot_id_invalid, CKR_SLOT_ID_INVALID, 0x00000003, v2_01, none, slot_id_invalid,                       \
      "no slot has the given id")                                                                           \
    X(general_error, CKR_GENERAL_ERROR, 0x00000005, v2_01, none, general_error,                             \
      "an unrecoverable error occurred")                                                                    \
    X(function_failed, CKR_FUNCTION_FAILED, 0x00000006, v2_01, none, function_failed,                       \
      "the function could not be performed, for a reason not covered by another code")                      \
    X(arguments_bad, CKR_ARGUMENTS_BAD, 0x00000007, v2_01, none, arguments_bad,                             \
      "the arguments passed to the function are malformed or inconsistent")                                 \
    X(no_event, CKR_NO_EVENT, 0x00000008, v2_01, none, no_event,                                            \
      "a non-blocking wait found no pending slot event")                                                    \
    X(need_to_create_threads, CKR_NEED_TO_CREATE_THREADS, 0x00000009, v2_01, none, need_to_create_threads,  \
      "the library needs to create threads but the application forbade it")                                 \
    X(cant_lock, CKR_CANT_LOCK, 0x0000000A, v2_01, none, cant_lock,                                         \
      "the library cannot provide the locking the application asked for")                                   \
    X(attribute_read_only, CKR_ATTRIBUTE_READ_ONLY, 0x00000010, v2_01, none, attribute_read_only,           \
      "the attribute cannot be set or changed")                                                             \
    X(attribute_sensitive, CKR_ATTRIBUTE_SENSITIVE, 0x00000011, v2_01, none, attribute_sensitive,           \
      "the attribute value is sensitive and cannot be revealed")                                            \
    X(attribute_type_invalid, CKR_ATTRIBUTE_TYPE_INVALID, 0x00000012, v2_01, none, attribute_type_invalid,  \
      "the attribute type is not valid for this object or token")                                           \
    X(attribute_value_invalid, CKR_ATTRIBUTE_VALUE_INVALID, 0x00000013, v2_01, none,                        \
      attribute_value_invalid, "a value given for an attribute is not acceptable")                          \
    X(action_prohibited, CKR_ACTION_PROHIBITED, 0x0000001B, v2_40, none, function_failed,                   \
      "the object's policy forbids the requested copy, change or destruction")                              \
    X(data_invalid, CKR_DATA_INVALID, 0x00000020, v2_01, none, data_invalid,                                \
      "the input data is not acceptable to the operation")                                                  \
    X(data_len_range, CKR_DATA_LEN_RANGE, 0x00000021, v2_01, none, data_len_range,                          \
      "the input data has a length the operation does not accept")                                          \
    X(device_error, CKR_DEVICE_ERROR, 0x00000030, v2_01, none, device_error,                                \
      "the token or slot reported a failure")                                                               \
    X(device_memory, CKR_DEVICE_MEMORY, 0x00000031, v2_01, none, device_memory,                             \
      "the token lacks the memory to carry out the request")                                                \
    X(device_removed, CKR_DEVICE_REMOVED, 0x00000032, v2_01, none, device_removed,                          \
      "the token was taken out while the function ran")                                                     \
    X(encrypted_data_invalid, CKR_ENCRYPTED_DATA_INVALID, 0x00000040, v2_01, none, encrypted_data_invalid,  \
      "the ciphertext given for decryption is not valid")                                                   \
    X(encrypted_data_len_range, CKR_ENCRYPTED_DATA_LEN_RANGE, 0x00000041, v2_01, none,                      \
      encrypted_data_len_range, "the ciphertext has a length the decryption does not accept")               \
    X(aead_decrypt_failed, CKR_AEAD_DECRYPT_FAILED, 0x00000042, v3_0, none, encrypted_data_invalid,         \
      "authenticated decryption failed: the tag did not verify")                                            \
    X(function_canceled, CKR_FUNCTION_CANCELED, 0x00000050, v2_01, none, function_canceled,                 \
      "the function was abandoned before it finished")                                                      \
    X(function_not_parallel, CKR_FUNCTION_NOT_PARALLEL, 0x00000051, v2_01, none, function_not_parallel,     \
      "no function is running in parallel in this session (legacy parallel calls)")                         \
    X(function_not_supported, CKR_FUNCTION_NOT_SUPPORTED, 0x00000054, v2_01, none, function_not_supported,  \
      "the library does not implement this function")                                                       \
    X(key_handle_invalid, CKR_KEY_HANDLE_INVALID, 0x00000060, v2_01, none, key_handle_invalid,              \
      "the key handle does not refer to a usable key")                                                      \
    X(key_size_range, CKR_KEY_SIZE_RANGE, 0x00000062, v2_01, none, key_size_range,                          \
      "the key is larger or smaller than the token supports for this use")                                  \
    X(key_type_inconsistent, CKR_KEY_TYPE_INCONSISTENT, 0x00000063, v2_01, none, key_type_inconsistent,     \
      "the key is of a type the mechanism cannot use")                                                      \
    X(key_not_needed, CKR_KEY_NOT_NEEDED, 0x00000064, v2_01, none, key_not_needed,                          \
      "a key was supplied where none is needed")                                                            \
    X(key_changed, CKR_KEY_CHANGED, 0x00000065, v2_01, none, key_changed,                                   \
      "the key supplied to restore a saved state differs from the original")                                \
    X(key_needed, CKR_KEY_NEEDED, 0x00000066, v2_01, none, key_needed,                                      \
      "restoring a saved state needs keys that were not supplied")                                          \
    X(key_indigestible, CKR_KEY_INDIGESTIBLE, 0x00000067, v2_01, none, key_indigestible,                    \
      "the key's value cannot be fed into a digest")                                                        \
    X(key_function_not_permitted, CKR_KEY_FUNCTION_NOT_PERMITTED, 0x00000068, v2_01, none,                  \
      key_function_not_permitted, "the key's attributes do not allow this use of it")                       \
    X(key_not_wrappable, CKR_KEY_NOT_WRAPPABLE, 0x00000069, v2_01, none, key_not_wrappable,                 \
      "the token cannot wrap this key")                                                                     \
    X(key_unextractable, CKR_KEY_UNEXTRACTABLE, 0x0000006A, v2_01, none, key_unextractable,                 \
      "the key is marked unextractable and cannot be wrapped")                                              \
    X(mechanism_invalid, CKR_MECHANISM_INVALID, 0x00000070, v2_01, none, mechanism_invalid,                 \
      "the mechanism is unknown or not usable with this function")                                          \
    X(mechanism_param_invalid, CKR_MECHANISM_PARAM_INVALID, 0x00000071, v2_01, none,                        \
      mechanism_param_invalid, "the mechanism's parameters are missing or not acceptable")                  \
    X(object_handle_invalid, CKR_OBJECT_HANDLE_INVALID, 0x00000082, v2_01, none, object_handle_invalid,     \
      "the object handle does not refer to an existing object")                                             \
    X(operation_active, CKR_OPERATION_ACTIVE, 0x00000090, v2_01, none, operation_active,                    \
      "an operation already running in the session prevents this one")                                      \
    X(operation_not_initialized, CKR_OPERATION_NOT_INITIALIZED, 0x00000091, v2_01, none,                    \
      operation_not_initialized, "no operation of this kind was started in the session")                    \
    X(pin_incorrect, CKR_PIN_INCORRECT, 0x000000A0, v2_01, none, pin_incorrect,                             \
      "the PIN does not match the one stored on the token")                                                 \
    X(pin_invalid, CKR_PIN_INVALID, 0x000000A1, v2_01, none, pin_invalid,                                   \
      "the new PIN contains characters the token does not accept")                                          \
    X(pin_len_range, CKR_PIN_LEN_RANGE, 0x000000A2, v2_01, none, pin_len_range,                             \
      "the PIN is too long or too short")                                                                   \
    X(pin_expired, CKR_PIN_EXPIRED, 0x000000A3, v2_01, none, pin_expired,                                   \
      "the PIN has expired and must be changed before this can be done")                                    \
    X(pin_locked, CKR_PIN_LOCKED, 0x000000A4, v2_01, none, pin_locked,                                      \
      "the PIN is blocked after too many failed attempts")                                                  \
    X(session_closed, CKR_SESSION_CLOSED, 0x000000B0, v2_01, none, session_closed,                          \
      "the session was closed while the function ran")                                                      \
    X(session_count, CKR_SESSION_COUNT, 0x000000B1, v2_01, none, session_count,                             \
      "the token has no room for another open session")                                                     \
    X(session_handle_invalid, CKR_SESSION_HANDLE_INVALID, 0x000000B3, v2_01, none, session_handle_invalid,  \
      "the session handle does not refer to an open session")                                               \
    X(session_parallel_not_supported, CKR_SESSION_PARALLEL_NOT_SUPPORTED, 0x000000B4, v2_01, none,          \
      session_parallel_not_supported, "the token does not support parallel sessions (legacy flag)")         \
    X(session_read_only, CKR_SESSION_READ_ONLY, 0x000000B5, v2_01, none, session_read_only,                 \
      "the session is read-only and cannot make this change")                                               \
    X(session_exists, CKR_SESSION_EXISTS, 0x000000B6, v2_01, none, session_exists,                          \
      "a session is open, so the token cannot be initialized")                                              \
    X(session_read_only_exists, CKR_SESSION_READ_ONLY_EXISTS, 0x000000B7, v2_01, none,                      \
      session_read_only_exists, "a read-only session is open, so the security officer cannot log in")       \
    X(session_read_write_so_exists, CKR_SESSION_READ_WRITE_SO_EXISTS, 0x000000B8, v2_01, none,              \
      session_read_write_so_exists, "a security officer session is open, so no read-only session can open") \
    X(signature_invalid, CKR_SIGNATURE_INVALID, 0x000000C0, v2_01, none, signature_invalid,                 \
      "the signature or MAC did not verify")                                                                \
    X(signature_len_range, CKR_SIGNATURE_LEN_RANGE, 0x000000C1, v2_01, none, signature_len_range,           \
      "the signature cannot be valid because of its length")                                                \
    X(template_incomplete, CKR_TEMPLATE_INCOMPLETE, 0x000000D0, v2_01, none, template_incomplete,           \
      "the template lacks attributes needed to create the object")                                          \
    X(template_inconsistent, CKR_TEMPLATE_INCONSISTENT, 0x000000D1, v2_01, none, template_inconsistent,     \
      "the template has attributes that contradict each other")                                             \
    X(token_not_present, CKR_TOKEN_NOT_PRESENT, 0x000000E0, v2_01, none, token_not_present,                 \
      "no token is in the slot")                                                                            \
    X(token_not_recognized, CKR_TOKEN_NOT_RECOGNIZED, 0x000000E1, v2_01, none, token_not_recognized,        \
      "the library does not recognise the token in the slot")                                               \
    X(token_write_protected, CKR_TOKEN_WRITE_PROTECTED, 0x000000E2, v2_01, none, token_write_protected,     \
      "the token is write-protected")                                                                       \
    X(unwrapping_key_handle_invalid, CKR_UNWRAPPING_KEY_HANDLE_INVALID, 0x000000F0, v2_01, none,            \
      unwrapping_key_handle_invalid, "the unwrapping key handle does not refer to a usable key")            \
    X(unwrapping_key_size_range, CKR_UNWRAPPING_KEY_SIZE_RANGE, 0x000000F1, v2_01, none,                    \
      unwrapping_key_size_range, "the unwrapping key's size is outside what the token supports")            \
    X(unwrapping_key_type_inconsistent, CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT, 0x000000F2, v2_01, none,      \
      unwrapping_key_type_inconsistent, "the unwrapping key is of a type the mechanism cannot use")         \
    X(user_already_logged_in, CKR_USER_ALREADY_LOGGED_IN, 0x00000100, v2_01, none, user_already_logged_in,  \
      "that user is already logged in")                                                                     \
    X(user_not_logged_in, CKR_USER_NOT_LOGGED_IN, 0x00000101, v2_01, none, user_not_logged_in,              \
      "the function needs a logged-in user and there is none")                                              \
    X(user_pin_not_initialized, CKR_USER_PIN_NOT_INITIALIZED, 0x00000102, v2_01, none,                      \
      user_pin_not_initialized, "the normal user's PIN has not been set yet")                               \
    X(user_type_invalid, CKR_USER_TYPE_INVALID, 0x00000103, v2_01, none, user_type_invalid,                 \
      "the user type is not one the token knows")                                                           \
    X(user_another_already_logged_in, CKR_USER_ANOTHER_ALREADY_LOGGED_IN, 0x00000104, v2_01, none,          \
      user_another_already_logged_in, "a different user is already logged in")                              \
    X(user_too_many_types, CKR_USER_TOO_MANY_TYPES, 0x00000105, v2_01, none, user_too_many_types,           \
      "the token cannot have that many distinct users logged in at once")                                   \
    X(wrapped_key_invalid, CKR_WRAPPED_KEY_INVALID, 0x00000110, v2_01, none, wrapped_key_invalid,           \
      "the wrapped key is not valid")                                                                       \
    X(wrapped_key_len_range, CKR_WRAPPED_KEY_LEN_RANGE, 0x00000112, v2_01, none, wrapped_key_len_range,     \
      "the wrapped key cannot be valid because of its length")                                              \
    X(wrapping_key_handle_invalid, CKR_WRAPPING_KEY_HANDLE_INVALID, 0x00000113, v2_01, none,                \
      wrapping_key_handle_invalid, "the wrapping key handle does not refer to a usable key")                \
    X(wrapping_key_size_range, CKR_WRAPPING_KEY_SIZE_RANGE, 0x00000114, v2_01, none,                        \
      wrapping_key_size_range, "the wrapping key's size is outside what the token supports")                \
    X(wrapping_key_type_inconsistent, CKR_WRAPPING_KEY_TYPE_INCONSISTENT, 0x00000115, v2_01, none,          \
      wrapping_key_type_inconsistent, "the wrapping key is of a type the mechanism cannot use")             \
    X(random_seed_not_supported, CKR_RANDOM_SEED_NOT_SUPPORTED, 0x00000120, v2_01, none,                    \
      random_seed_not_supported, "the token's random number generator does not take a seed")                \
    X(random_no_rng, CKR_RANDOM_NO_RNG, 0x00000121, v2_01, none, random_no_rng,                             \
      "the token has no random number generator")                                                           \
    X(domain_params_invalid, CKR_DOMAIN_PARAMS_INVALID, 0x00000130, v2_11, none, attribute_value_invalid,   \
      "the domain parameters are invalid or not supported")                                                 \
    X(curve_not_supported, CKR_CURVE_NOT_SUPPORTED, 0x00000140, v2_40, none, domain_params_invalid,         \
      "the token does not support this elliptic curve")                                                     \
    X(buffer_too_small, CKR_BUFFER_TOO_SMALL, 0x00000150, v2_01, none, buffer_too_small,                    \
      "the output buffer is too small; the needed length was returned")                                     \
    X(saved_state_invalid, CKR_SAVED_STATE_INVALID, 0x00000160, v2_01, none, saved_state_invalid,           \
      "the saved operation state is corrupt or from elsewhere")                                             \
    X(information_sensitive, CKR_INFORMATION_SENSITIVE, 0x00000170, v2_01, none, information_sensitive,     \
      "the requested information is sensitive and will not be given out")                                   \
    X(state_unsaveable, CKR_STATE_UNSAVEABLE, 0x00000180, v2_01, none, state_unsaveable,                    \
      "the session's operation state cannot be saved")                                                      \
    X(cryptoki_not_initialized, CKR_CRYPTOKI_NOT_INITIALIZED, 0x00000190, v2_01, none,                      \
      cryptoki_not_initialized, "the library has not been initialized with C_Initialize")                   \
    X(cryptoki_already_initialized, CKR_CRYPTOKI_ALREADY_INITIALIZED, 0x00000191, v2_01, none,              \
      cryptoki_already_initialized, "the library was already initialized by an earlier C_Initialize")       \
    X(mutex_bad, CKR_MUTEX_BAD, 0x000001A0, v2_01, none, mutex_bad,                                         \
      "a mutex object passed to a locking callback is not valid")                                           \
    X(mutex_not_locked, CKR_MUTEX_NOT_LOCKED, 0x000001A1, v2_01, none, mutex_not_locked,                    \
      "an unlock was asked for a mutex that is not locked")                                                 \
    X(new_pin_mode, CKR_NEW_PIN_MODE, 0x000001B0, v2_20, none, pin_expired,                                 \
      "the one-time password was refused and one made with a new PIN is wanted")                            \
    X(next_otp, CKR_NEXT_OTP, 0x000001B1, v2_20, none, pin_incorrect,                                       \
      "the one-time password was right but drifted; the next one is wanted to confirm")                     \
    X(exceeded_max_iterations, CKR_EXCEEDED_MAX_ITERATIONS, 0x000001B5, v2_30, none, function_failed,       \
      "an iterative generation algorithm gave up after its maximum number of rounds")                       \
    X(fips_self_test_failed, CKR_FIPS_SELF_TEST_FAILED, 0x000001B6, v2_30, none, device_error,              \
      "a FIPS self-test failed and the token is in an error state")                                         \
    X(library_load_failed, CKR_LIBRARY_LOAD_FAILED, 0x000001B7, v2_30, none, general_error,                 \
      "the library could not load a shared library it depends on")                                          \
    X(pin_too_weak, CKR_PIN_TOO_WEAK, 0x000001B8, v2_30, none, pin_invalid,                                 \
      "the new PIN does not meet the token's strength rules")                                               \
    X(public_key_invalid, CKR_PUBLIC_KEY_INVALID, 0x000001B9, v2_30, none, attribute_value_invalid,         \
      "the public key failed validation")                                                                   \
    X(function_rejected, CKR_FUNCTION_REJECTED, 0x00000200, v2_20, none, function_failed,                   \
      "the user declined the request at the token's own interface")                                         \
    X(token_resource_exceeded, CKR_TOKEN_RESOURCE_EXCEEDED, 0x00000201, v3_0, none, device_memory,          \
      "the token ran out of a resource the request needs")                                                  \
    X(operation_cancel_failed, CKR_OPERATION_CANCEL_FAILED, 0x00000202, v3_0, none, function_failed,        \
      "the running operation could not be cancelled")                                                       \
    X(key_exhausted, CKR_KEY_EXHAUSTED, 0x00000203, v3_1, none, key_function_not_permitted,                 \
      "the key has no uses left, as a stateful signature key after its last signature")                     \
    X(pending, CKR_PENDING, 0x00000204, v3_2, none, function_failed,                                        \
      "the asynchronous operation has not finished yet")                                                    \
    X(session_async_not_supported, CKR_SESSION_ASYNC_NOT_SUPPORTED, 0x00000205, v3_2, none,                 \
      session_parallel_not_supported, "the token does not support asynchronous sessions")                   \
    X(seed_random_required, CKR_SEED_RANDOM_REQUIRED, 0x00000206, v3_2, none, function_failed,              \
      "the random number generator must be seeded with C_SeedRandom first")                                 \
    X(operation_not_validated, CKR_OPERATION_NOT_VALIDATED, 0x00000207, v3_2, none, action_prohibited,      \
      "the operation is not a validated one and the session requires validated operations")                 \
    X(token_not_initialized, CKR_TOKEN_NOT_INITIALIZED, 0x00000208, v3_2, none, user_pin_not_initialized,   \
      "the token has not been initialized")                                                                 \
    X(parameter_set_not_supported, CKR_PARAMETER_SET_NOT_SUPPORTED, 0x00000209, v3_2, none,                 \
      curve_not_supported, "the token does not support this parameter set")                                 \
    X(vendor_defined, CKR_VENDOR_DEFINED, 0x80000000, v2_01, none, vendor_defined,                          \
      "first value of the range for vendor-defined codes")
// clang-format on

#define P11_RV_ALIASES(A)
