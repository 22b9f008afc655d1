// Marks the accessors of per-module state (the runtime, the handle counters,
// the registered module, the function lists).  Without it, GCC emits the
// statics of these inline functions as STB_GNU_UNIQUE symbols whenever the
// module is not built with -fvisibility=hidden or a version script, and the
// dynamic linker then gives every module built on the framework in a process
// (p11-kit and browsers load several) one shared runtime: the second module's
// C_Initialize answers CKR_CRYPTOKI_ALREADY_INITIALIZED and its
// C_GetFunctionList hands out the first one's list.  Hidden visibility keeps
// each module's copy its own whatever flags the module author used.
#pragma once

#if defined(_WIN32)
#define P11_PROVIDER_LOCAL
#else
#define P11_PROVIDER_LOCAL __attribute__((visibility("hidden")))
#endif
