// The 3.0 message-based functions (C_MessageEncryptInit ... C_MessageVerifyFinal).
// No token of ours offers a message-based mechanism yet, so each answers
// CKR_FUNCTION_NOT_SUPPORTED after the usual initialisation and session
// checks.  Generated from the function list, like every entry point.
#pragma once

#include "p11/abi/functions.hpp"
#include "p11/provider/call.hpp"

namespace p11::provider::api {

#define P11_UNSUPPORTED_MESSAGE_FUNCTION(name, major, minor, params, args)                     \
    template <class... Rest>                                                                  \
    inline rv name(abi::CK_SESSION_HANDLE h, Rest...) {                                       \
        return with_session(h, [](runtime&, session&) { return rv::function_not_supported; }); \
    }
P11_FUNCTIONS_3_0_MESSAGE(P11_UNSUPPORTED_MESSAGE_FUNCTION)
#undef P11_UNSUPPORTED_MESSAGE_FUNCTION

} // namespace p11::provider::api
