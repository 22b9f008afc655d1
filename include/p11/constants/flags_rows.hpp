// CKF_: the flag sets.  One list per set, each X(identifier, NAME, value, since, deprecated),
// ordered by value; aliases A(identifier, NAME, canonical_identifier, since, deprecated).
// The same bit means different things in different sets (0x1 is CKF_RNG, CKF_HW,
// CKF_TOKEN_PRESENT, ...), so every set is its own type; a name in two sets
// would be a bug and constants.hpp rejects it.
#pragma once

// clang-format off

// CK_TOKEN_INFO.flags.  The RSA headers mark the PIN-state bits and
// CKF_TOKEN_INITIALIZED as new in 2.10, and CKF_SECONDARY_AUTHENTICATION as new in
// 2.10 and deprecated from 2.11 on.
#define P11_TOKEN_FLAGS_ROWS(X)                                                                  \
    X(rng, CKF_RNG, 0x00000001, v2_01, none)                                                     \
    X(write_protected, CKF_WRITE_PROTECTED, 0x00000002, v2_01, none)                             \
    X(login_required, CKF_LOGIN_REQUIRED, 0x00000004, v2_01, none)                               \
    X(user_pin_initialized, CKF_USER_PIN_INITIALIZED, 0x00000008, v2_01, none)                   \
    X(restore_key_not_needed, CKF_RESTORE_KEY_NOT_NEEDED, 0x00000020, v2_01, none)               \
    X(clock_on_token, CKF_CLOCK_ON_TOKEN, 0x00000040, v2_01, none)                               \
    X(protected_authentication_path, CKF_PROTECTED_AUTHENTICATION_PATH, 0x00000100, v2_01, none) \
    X(dual_crypto_operations, CKF_DUAL_CRYPTO_OPERATIONS, 0x00000200, v2_01, none)               \
    X(token_initialized, CKF_TOKEN_INITIALIZED, 0x00000400, v2_10, none)                         \
    X(secondary_authentication, CKF_SECONDARY_AUTHENTICATION, 0x00000800, v2_10, v2_11)          \
    X(user_pin_count_low, CKF_USER_PIN_COUNT_LOW, 0x00010000, v2_10, none)                       \
    X(user_pin_final_try, CKF_USER_PIN_FINAL_TRY, 0x00020000, v2_10, none)                       \
    X(user_pin_locked, CKF_USER_PIN_LOCKED, 0x00040000, v2_10, none)                             \
    X(user_pin_to_be_changed, CKF_USER_PIN_TO_BE_CHANGED, 0x00080000, v2_10, none)               \
    X(so_pin_count_low, CKF_SO_PIN_COUNT_LOW, 0x00100000, v2_10, none)                           \
    X(so_pin_final_try, CKF_SO_PIN_FINAL_TRY, 0x00200000, v2_10, none)                           \
    X(so_pin_locked, CKF_SO_PIN_LOCKED, 0x00400000, v2_10, none)                                 \
    X(so_pin_to_be_changed, CKF_SO_PIN_TO_BE_CHANGED, 0x00800000, v2_10, none)                   \
    X(error_state, CKF_ERROR_STATE, 0x01000000, v2_30, none)                                     \
    X(seed_random_required, CKF_SEED_RANDOM_REQUIRED, 0x02000000, v3_2, none)                    \
    X(async_session_supported, CKF_ASYNC_SESSION_SUPPORTED, 0x04000000, v3_2, none)
#define P11_TOKEN_FLAGS_ALIASES(A)

// CK_SLOT_INFO.flags.
#define P11_SLOT_FLAGS_ROWS(X)                                         \
    X(token_present, CKF_TOKEN_PRESENT, 0x00000001, v2_01, none)       \
    X(removable_device, CKF_REMOVABLE_DEVICE, 0x00000002, v2_01, none) \
    X(hw_slot, CKF_HW_SLOT, 0x00000004, v2_01, none)
#define P11_SLOT_FLAGS_ALIASES(A)

// CK_SESSION_INFO.flags and C_OpenSession's flags.
#define P11_SESSION_FLAGS_ROWS(X)                                  \
    X(rw_session, CKF_RW_SESSION, 0x00000002, v2_01, none)         \
    X(serial_session, CKF_SERIAL_SESSION, 0x00000004, v2_01, none) \
    X(async_session, CKF_ASYNC_SESSION, 0x00000008, v3_2, none)
#define P11_SESSION_FLAGS_ALIASES(A)

// CK_MECHANISM_INFO.flags, also the operation mask of C_SessionCancel (hence
// CKF_FIND_OBJECTS, which no mechanism reports).
//
// Bit 0x00800000 was CKF_EC_NAMEDCURVE from 2.11 to 2.40; 3.0 renamed it
// CKF_EC_OID (a curve named by OID, as opposed to CKF_EC_CURVENAME, 3.0's curve
// named by a string).  CKF_EC_OID is canonical because it is the current name and
// the only one that says what the bit means next to CKF_EC_CURVENAME.  Its row
// keeps since = v2_11 because `since` answers "did a caller of that version know
// this bit?", and 2.11-2.40 callers did, under the alias; a row dated v3_0 would
// make a 2.40 profile drop a capability its callers rely on.
// CKF_MULTI_MESSGE is a misspelling the 3.0 header shipped; 3.2 deprecates it.
#define P11_MECHANISM_FLAGS_ROWS(X)                                      \
    X(hw, CKF_HW, 0x00000001, v2_01, none)                               \
    X(message_encrypt, CKF_MESSAGE_ENCRYPT, 0x00000002, v3_0, none)      \
    X(message_decrypt, CKF_MESSAGE_DECRYPT, 0x00000004, v3_0, none)      \
    X(message_sign, CKF_MESSAGE_SIGN, 0x00000008, v3_0, none)            \
    X(message_verify, CKF_MESSAGE_VERIFY, 0x00000010, v3_0, none)        \
    X(multi_message, CKF_MULTI_MESSAGE, 0x00000020, v3_0, none)          \
    X(find_objects, CKF_FIND_OBJECTS, 0x00000040, v3_0, none)            \
    X(encrypt, CKF_ENCRYPT, 0x00000100, v2_01, none)                     \
    X(decrypt, CKF_DECRYPT, 0x00000200, v2_01, none)                     \
    X(digest, CKF_DIGEST, 0x00000400, v2_01, none)                       \
    X(sign, CKF_SIGN, 0x00000800, v2_01, none)                           \
    X(sign_recover, CKF_SIGN_RECOVER, 0x00001000, v2_01, none)           \
    X(verify, CKF_VERIFY, 0x00002000, v2_01, none)                       \
    X(verify_recover, CKF_VERIFY_RECOVER, 0x00004000, v2_01, none)       \
    X(generate, CKF_GENERATE, 0x00008000, v2_01, none)                   \
    X(generate_key_pair, CKF_GENERATE_KEY_PAIR, 0x00010000, v2_01, none) \
    X(wrap, CKF_WRAP, 0x00020000, v2_01, none)                           \
    X(unwrap, CKF_UNWRAP, 0x00040000, v2_01, none)                       \
    X(derive, CKF_DERIVE, 0x00080000, v2_01, none)                       \
    X(ec_f_p, CKF_EC_F_P, 0x00100000, v2_11, none)                       \
    X(ec_f_2m, CKF_EC_F_2M, 0x00200000, v2_11, none)                     \
    X(ec_ecparameters, CKF_EC_ECPARAMETERS, 0x00400000, v2_11, none)     \
    X(ec_oid, CKF_EC_OID, 0x00800000, v2_11, none)                       \
    X(ec_uncompress, CKF_EC_UNCOMPRESS, 0x01000000, v2_11, none)         \
    X(ec_compress, CKF_EC_COMPRESS, 0x02000000, v2_11, none)             \
    X(ec_curvename, CKF_EC_CURVENAME, 0x04000000, v3_0, none)            \
    X(encapsulate, CKF_ENCAPSULATE, 0x10000000, v3_2, none)              \
    X(decapsulate, CKF_DECAPSULATE, 0x20000000, v3_2, none)              \
    X(extension, CKF_EXTENSION, 0x80000000, v2_01, none)
#define P11_MECHANISM_FLAGS_ALIASES(A)                       \
    A(ec_namedcurve, CKF_EC_NAMEDCURVE, ec_oid, v2_11, v3_0) \
    A(multi_messge, CKF_MULTI_MESSGE, multi_message, v3_0, v3_2)

// CK_C_INITIALIZE_ARGS.flags.
#define P11_INIT_FLAGS_ROWS(X)                                                                     \
    X(library_cant_create_os_threads, CKF_LIBRARY_CANT_CREATE_OS_THREADS, 0x00000001, v2_01, none) \
    X(os_locking_ok, CKF_OS_LOCKING_OK, 0x00000002, v2_01, none)
#define P11_INIT_FLAGS_ALIASES(A)

// CK_INTERFACE.flags (C_GetInterface).
#define P11_INTERFACE_FLAGS_ROWS(X) X(interface_fork_safe, CKF_INTERFACE_FORK_SAFE, 0x00000001, v3_0, none)
#define P11_INTERFACE_FLAGS_ALIASES(A)

// C_WaitForSlotEvent's flags.
#define P11_WAIT_FLAGS_ROWS(X) X(dont_block, CKF_DONT_BLOCK, 0x00000001, v2_01, none)
#define P11_WAIT_FLAGS_ALIASES(A)

// The CK_OTP_FLAGS parameter of OTP mechanisms (2.20 OTP amendment).
#define P11_OTP_FLAGS_ROWS(X)                                            \
    X(next_otp, CKF_NEXT_OTP, 0x00000001, v2_20, none)                   \
    X(exclude_time, CKF_EXCLUDE_TIME, 0x00000002, v2_20, none)           \
    X(exclude_counter, CKF_EXCLUDE_COUNTER, 0x00000004, v2_20, none)     \
    X(exclude_challenge, CKF_EXCLUDE_CHALLENGE, 0x00000008, v2_20, none) \
    X(exclude_pin, CKF_EXCLUDE_PIN, 0x00000010, v2_20, none)             \
    X(user_friendly_otp, CKF_USER_FRIENDLY_OTP, 0x00000020, v2_20, none)
#define P11_OTP_FLAGS_ALIASES(A)

// The bit of a CK_ATTRIBUTE_TYPE that marks an attribute whose value is a
// CK_ATTRIBUTE array (CKA_WRAP_TEMPLATE ...).
#define P11_ATTRIBUTE_FLAGS_ROWS(X) X(array_attribute, CKF_ARRAY_ATTRIBUTE, 0x40000000, v2_20, none)
#define P11_ATTRIBUTE_FLAGS_ALIASES(A)

// The flags of the message-based functions (C_EncryptMessageNext ...).
#define P11_MESSAGE_FLAGS_ROWS(X) X(end_of_message, CKF_END_OF_MESSAGE, 0x00000001, v3_0, none)
#define P11_MESSAGE_FLAGS_ALIASES(A)

// CK_HKDF_PARAMS.ulSaltType.  Exactly one is meant to be set, but the spec
// spells them as CKF_ bits, so the set prints like the others (an invalid mix
// shows as CKF_HKDF_SALT_DATA|CKF_HKDF_SALT_KEY rather than a bare number).
#define P11_HKDF_SALT_FLAGS_ROWS(X)                               \
    X(hkdf_salt_null, CKF_HKDF_SALT_NULL, 0x00000001, v3_0, none) \
    X(hkdf_salt_data, CKF_HKDF_SALT_DATA, 0x00000002, v3_0, none) \
    X(hkdf_salt_key, CKF_HKDF_SALT_KEY, 0x00000004, v3_0, none)
#define P11_HKDF_SALT_FLAGS_ALIASES(A)

// clang-format on
