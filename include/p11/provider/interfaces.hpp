// A module's own function lists and the three calls that hand them out
// (C_GetFunctionList, C_GetInterfaceList, C_GetInterface).  A module made
// with the framework fills them through export.hpp; p11forge-spy fills them
// with its own entry points, so that every call comes back through it.  The
// slots are filled from the one list of functions: in a scope with
// `auto& lists = exported_lists();`,
//   P11_FUNCTIONS_2X(P11_PROVIDER_LIST_SLOT_2X)   the 2.x list
//   P11_FUNCTIONS(P11_PROVIDER_LIST_SLOT_3_0)     the 3.0 list
#pragma once

#include <cstring>

#include "p11/abi.hpp"
#include "p11/provider/copy_list.hpp"
#include "p11/provider/module_local.hpp"

namespace p11::provider {

struct function_lists {
    abi::CK_FUNCTION_LIST v2{};
    abi::CK_FUNCTION_LIST_3_0 v3{};
    abi::CK_INTERFACE interfaces[2]{};
    abi::CK_ULONG interface_count = 0;
};
P11_PROVIDER_LOCAL inline function_lists& exported_lists() {
    static function_lists lists;
    return lists;
}

namespace detail {
inline abi::CK_CHAR interface_name[] = "PKCS 11";

// "PKCS 11" with the 3.0 list first (the default an application gets), when
// there is one, then with the 2.x list; the lists' versions are set by the
// caller.
inline void publish_interfaces(abi::CK_FLAGS flags, bool with_3_0) {
    auto& l = exported_lists();
    l.interface_count = 0;
    if (with_3_0) l.interfaces[l.interface_count++] = {interface_name, &l.v3, flags};
    l.interfaces[l.interface_count++] = {interface_name, &l.v2, flags};
}
} // namespace detail

namespace api {

inline rv C_GetFunctionList(abi::CK_FUNCTION_LIST_PTR_PTR out) {
    if (out == nullptr) return rv::arguments_bad;
    *out = &exported_lists().v2;
    return rv::ok;
}

inline rv C_GetInterfaceList(abi::CK_INTERFACE_PTR list, abi::CK_ULONG_PTR count) {
    auto& l = exported_lists();
    return copy_list<abi::CK_INTERFACE>({l.interfaces, l.interface_count}, list, count);
}

// "PKCS 11" is the one interface name Cryptoki defines; a NULL name means the
// default (the newest), a NULL version any version.
inline rv C_GetInterface(abi::CK_UTF8CHAR_PTR name, abi::CK_VERSION_PTR version, abi::CK_INTERFACE_PTR_PTR out,
                         abi::CK_FLAGS flags) {
    if (out == nullptr) return rv::arguments_bad;
    auto& l = exported_lists();
    for (abi::CK_ULONG i = 0; i < l.interface_count; ++i) {
        auto& candidate = l.interfaces[i];
        if (name != nullptr && std::strcmp(reinterpret_cast<const char*>(name),
                                           reinterpret_cast<const char*>(candidate.pInterfaceName)) != 0)
            continue;
        const auto* listed = static_cast<const abi::CK_VERSION*>(candidate.pFunctionList);  // both lists start with it
        if (version != nullptr && (version->major != listed->major || version->minor != listed->minor)) continue;
        if ((candidate.flags & flags) != flags) continue;
        *out = &candidate;
        return rv::ok;
    }
    return rv::arguments_bad;
}

} // namespace api

} // namespace p11::provider

#define P11_PROVIDER_LIST_SLOT_2X(name, major, minor, params, args) lists.v2.name = &name;
#define P11_PROVIDER_LIST_SLOT_3_0(name, major, minor, params, args) lists.v3.name = &name;
