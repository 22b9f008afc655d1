// Objects a module keeps although no call returned their handle.  The module
// fuzzer destroys every handle it was given, yet SoftHSMv2 2.6.1 ended runs
// with dozens of private data objects on its token: its C_CreateObject makes
// the object in the store before it checks the template and does not remove
// it when the check fails.  The driver therefore lists the session's objects
// around every call that may create one, so such an object is named with the
// call and code that left it, and destroyed so the token ends as it began.
#pragma once

#include <algorithm>
#include <optional>
#include <vector>

#include "p11/abi/function_list.hpp"

namespace p11::fuzzing {

using handles = std::vector<abi::CK_OBJECT_HANDLE>;

// Every object the session can see (its own session objects and the token's),
// sorted; nullopt when the module will not search (an operation the input
// left active, say), in which case nothing can be concluded.
inline std::optional<handles> all_objects(const abi::CK_FUNCTION_LIST_3_0* f, abi::CK_SESSION_HANDLE h) {
    if (f->C_FindObjectsInit(h, nullptr, 0) != 0) return std::nullopt;
    handles all;
    abi::CK_OBJECT_HANDLE batch[64];
    abi::CK_ULONG n = 0;
    bool ok = true;
    do {
        if (f->C_FindObjects(h, batch, 64, &n) != 0) {
            ok = false;
            break;
        }
        all.insert(all.end(), batch, batch + n);
    } while (n == 64);
    (void)f->C_FindObjectsFinal(h);
    if (!ok) return std::nullopt;
    std::sort(all.begin(), all.end());
    return all;
}

// What `after` has that `before` had not.
inline handles appeared(const handles& before, const handles& after) {
    handles extra;
    std::set_difference(after.begin(), after.end(), before.begin(), before.end(), std::back_inserter(extra));
    return extra;
}

} // namespace p11::fuzzing
