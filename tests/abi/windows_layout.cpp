// Compiled (not run) by x86_64-w64-mingw32-g++: on Windows Cryptoki structs are
// packed to 1 byte and CK_ULONG is 32 bits.  The p11-kit comparison runs here
// too (its header packs on _WIN32 as well); these sums pin the layout down
// independently of any header.
#include "layout_vs_p11kit.cpp"

#ifndef _WIN32
#error "this translation unit checks the Windows layout: build it with a Windows compiler"
#endif

namespace w = p11::abi;
static_assert(sizeof(w::CK_ULONG) == 4);
static_assert(sizeof(w::CK_ATTRIBUTE) == 4 + 8 + 4);
static_assert(sizeof(w::CK_MECHANISM) == 4 + 8 + 4);
static_assert(sizeof(w::CK_MECHANISM_INFO) == 12);
static_assert(sizeof(w::CK_INFO) == 2 + 32 + 4 + 32 + 2);
static_assert(sizeof(w::CK_SLOT_INFO) == 64 + 32 + 4 + 2 + 2);
static_assert(sizeof(w::CK_TOKEN_INFO) == 32 + 32 + 16 + 16 + 4 + 10 * 4 + 2 + 2 + 16);
static_assert(sizeof(w::CK_GCM_PARAMS) == 8 + 4 + 4 + 8 + 4 + 4);
static_assert(sizeof(w::CK_FUNCTION_LIST) == 2 + 68 * 8);
static_assert(offsetof(w::CK_FUNCTION_LIST, C_Initialize) == 2);
static_assert(sizeof(w::CK_FUNCTION_LIST_3_0) == 2 + 92 * 8);
static_assert(sizeof(w::CK_INTERFACE) == 8 + 8 + 4);
