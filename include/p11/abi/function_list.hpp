// Function-pointer types and the function lists, all expanded from the one
// list in abi/functions.hpp so that their order can never drift from it.
#pragma once

#include "p11/abi/functions.hpp"
#include "p11/abi/types.hpp"

#include "p11/abi/pack_begin.hpp"

namespace p11::abi {

struct CK_FUNCTION_LIST;
struct CK_FUNCTION_LIST_3_0;
using CK_FUNCTION_LIST_PTR = CK_FUNCTION_LIST*;
using CK_FUNCTION_LIST_PTR_PTR = CK_FUNCTION_LIST**;
using CK_FUNCTION_LIST_3_0_PTR = CK_FUNCTION_LIST_3_0*;
using CK_FUNCTION_LIST_3_0_PTR_PTR = CK_FUNCTION_LIST_3_0**;

// CK_C_Initialize, CK_C_Finalize, ... as the spec names them.
extern "C" {
#define P11_DECLARE_POINTER_TYPE(name, major, minor, params, args) using CK_##name = CK_RV(*) params;
P11_FUNCTIONS(P11_DECLARE_POINTER_TYPE)
#undef P11_DECLARE_POINTER_TYPE
}

#define P11_DECLARE_LIST_MEMBER(name, major, minor, params, args) CK_##name name;

struct CK_FUNCTION_LIST {
    CK_VERSION version;
    P11_FUNCTIONS_2X(P11_DECLARE_LIST_MEMBER)
};

struct CK_FUNCTION_LIST_3_0 {
    CK_VERSION version;
    P11_FUNCTIONS_2X(P11_DECLARE_LIST_MEMBER)
    P11_FUNCTIONS_3_0(P11_DECLARE_LIST_MEMBER)
};

#undef P11_DECLARE_LIST_MEMBER

} // namespace p11::abi

#include "p11/abi/pack_end.hpp"
