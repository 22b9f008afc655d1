// Exit-time calls: an application's atexit handler, registered before the
// module was loaded, calls into the module after the module's own static
// destructors have run (libp11 does this from OpenSSL's cleanup after a
// failed login).  The module must still answer, not crash.
//
// Usage: provider-exit-time <module.so>; exit status 0 when every call
// answered as expected, 1 otherwise, a signal on a crash.
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

#include "p11/abi.hpp"
#include "p11/constants/rv.hpp"

using namespace p11::abi;

namespace {

CK_FUNCTION_LIST* list = nullptr;
CK_SLOT_ID slot = 0;

CK_RV expect(const char* what, CK_RV got, p11::rv want) {
    if (got != static_cast<CK_RV>(want)) {
        std::fprintf(stderr, "%s: 0x%lx, expected 0x%lx\n", what, got, static_cast<CK_RV>(want));
        std::_Exit(1);
    }
    return got;
}

void at_exit() {
    CK_INFO info{};
    expect("C_GetInfo at exit", list->C_GetInfo(&info), p11::rv::ok);
    expect("C_CloseAllSessions at exit", list->C_CloseAllSessions(slot), p11::rv::ok);
    expect("C_Finalize at exit", list->C_Finalize(nullptr), p11::rv::ok);
    expect("C_Initialize at exit", list->C_Initialize(nullptr), p11::rv::ok);
    expect("C_Finalize at exit", list->C_Finalize(nullptr), p11::rv::ok);
    std::puts("exit-time calls answered");
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    std::atexit(at_exit);  // before the module exists: runs after its static destructors
    void* h = ::dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!h) return std::fprintf(stderr, "%s\n", ::dlerror()), 1;
    auto get = reinterpret_cast<CK_C_GetFunctionList>(::dlsym(h, "C_GetFunctionList"));
    if (!get || get(&list) != 0) return 1;
    expect("C_Initialize", list->C_Initialize(nullptr), p11::rv::ok);
    CK_ULONG n = 1;
    expect("C_GetSlotList", list->C_GetSlotList(1, &slot, &n), p11::rv::buffer_too_small);
    CK_SLOT_ID slots[2];
    n = 2;
    expect("C_GetSlotList", list->C_GetSlotList(1, slots, &n), p11::rv::ok);
    slot = slots[0];
    CK_SESSION_HANDLE s = 0;
    expect("C_OpenSession", list->C_OpenSession(slot, 4, nullptr, nullptr, &s), p11::rv::ok);
    return 0;  // no C_Finalize: the application leaves that to its exit handler
}
