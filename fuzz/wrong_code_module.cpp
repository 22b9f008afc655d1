// A module that answers one call with a code its function may not return, so
// the tests can see p11forge-fuzz --check-returns fail.  It forwards to the
// real module named by P11FORGE_WRONG_CODE_MODULE and answers a successful
// C_FindObjectsFinal with CKR_KEY_HANDLE_INVALID (a code of the key
// functions, not of C_FindObjectsFinal).  Only C_GetFunctionList is exported,
// so the loader takes the 2.x list and every other call reaches the real one.
#include <dlfcn.h>

#include <cstdlib>

#include "p11/abi/function_list.hpp"

using namespace p11::abi;

namespace {

CK_FUNCTION_LIST patched{};
CK_C_FindObjectsFinal real_find_final = nullptr;

CK_RV wrong_find_final(CK_SESSION_HANDLE h) {
    const CK_RV r = real_find_final(h);
    return r == 0 ? 0x60 /*CKR_KEY_HANDLE_INVALID*/ : r;
}

} // namespace

extern "C" __attribute__((visibility("default"))) CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR out) {
    if (out == nullptr) return 7 /*CKR_ARGUMENTS_BAD*/;
    if (real_find_final == nullptr) {
        const char* path = std::getenv("P11FORGE_WRONG_CODE_MODULE");
        void* so = path ? ::dlopen(path, RTLD_NOW | RTLD_LOCAL) : nullptr;
        auto* get = so ? reinterpret_cast<CK_C_GetFunctionList>(::dlsym(so, "C_GetFunctionList")) : nullptr;
        CK_FUNCTION_LIST* real = nullptr;
        if (get == nullptr || get(&real) != 0 || real == nullptr) return 5 /*CKR_GENERAL_ERROR*/;
        patched = *real;
        real_find_final = real->C_FindObjectsFinal;
        patched.C_FindObjectsFinal = wrong_find_final;
    }
    *out = &patched;
    return 0;
}
