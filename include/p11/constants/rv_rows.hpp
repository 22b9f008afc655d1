// CKR_: return values.
// X(identifier, NAME, value, since, deprecated, fallback, "one-line description")
// `fallback` names the closest code that existed in older versions; a module
// built for an older profile returns it instead (see p11::downgrade).  Codes
// that exist since 2.01 name themselves.
#pragma once

#define P11_RV_ROWS(X)                                                                                   \
    X(ok, CKR_OK, 0x00000000, v2_01, none, ok, "the function completed successfully")                   \
    X(general_error, CKR_GENERAL_ERROR, 0x00000005, v2_01, none, general_error,                         \
      "an unrecoverable error occurred")                                                                 \
    X(function_failed, CKR_FUNCTION_FAILED, 0x00000006, v2_01, none, function_failed,                  \
      "the function could not be performed, for a reason not covered by another code")                  \
    X(action_prohibited, CKR_ACTION_PROHIBITED, 0x0000001B, v2_40, none, function_failed,              \
      "the action is prohibited by the object's policy")                                                \
    X(pin_incorrect, CKR_PIN_INCORRECT, 0x000000A0, v2_01, none, pin_incorrect,                         \
      "the PIN does not match the one stored on the token")                                              \
    X(vendor_defined, CKR_VENDOR_DEFINED, 0x80000000, v2_01, none, vendor_defined, "a vendor-defined code")

#define P11_RV_ALIASES(A)
