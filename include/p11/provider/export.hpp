// Turns a module_config into a Cryptoki module.  In exactly one translation
// unit of the module:
//
//   #include <p11/provider/export.hpp>
//   P11_PROVIDER_EXPORT(my_module_config())        // the 2.x entry points
//   P11_PROVIDER_EXPORT_INTERFACES()               // 3.0 modules only
//
// Every extern "C" entry point, the CK_FUNCTION_LIST of C_GetFunctionList and
// the CK_FUNCTION_LIST_3_0 of C_GetInterface are expanded from the one list
// in p11/abi/functions.hpp; each entry point forwards to
// p11::provider::api::<same name> inside the one exception boundary
// (call.hpp).  Link with a version script that exports only C_ symbols.
#pragma once

#include "p11/abi.hpp"
#include "p11/constants/flags.hpp"
#include "p11/provider/call.hpp"
#include "p11/provider/interfaces.hpp"
#include "p11/provider/functions/cipher.hpp"
#include "p11/provider/functions/digest.hpp"
#include "p11/provider/functions/general.hpp"
#include "p11/provider/functions/keys.hpp"
#include "p11/provider/functions/message.hpp"
#include "p11/provider/functions/misc.hpp"
#include "p11/provider/functions/objects.hpp"
#include "p11/provider/functions/sessions.hpp"
#include "p11/provider/functions/sign.hpp"
#include "p11/provider/functions/slots.hpp"
#include "p11/provider/functions/verify.hpp"

namespace p11::provider {

// The Cryptoki version a 2.x function list reports: the profile's, capped at
// 2.40 (a CK_FUNCTION_LIST is the 2.x layout whatever the module's level).
inline abi::CK_VERSION function_list_version(profile p) {
    if (p.level >= versions::v3_0) return {2, 40};
    return {p.level.major, p.level.minor};
}

namespace detail {
inline void publish_interfaces(const module_config& config) {
    exported_lists().v3.version = {3, 0};
    const bool fork_safe = config.description.fork_safe;
    publish_interfaces(fork_safe ? static_cast<abi::CK_FLAGS>(interface_flags::interface_fork_safe) : 0, true);
}
} // namespace detail

} // namespace p11::provider

#if defined(_WIN32)
#define P11_EXPORTED __declspec(dllexport)
#else
#define P11_EXPORTED __attribute__((visibility("default")))
#endif

#define P11_PROVIDER_ENTRY_POINT(name, major, minor, params, args) \
    extern "C" P11_EXPORTED CK_RV name params {                    \
        return ::p11::provider::enter([&] { return ::p11::provider::api::name args; }); \
    }

#define P11_PROVIDER_EXPORT(config_expression)                                                      \
    namespace p11_provider_export {                                                                  \
    using namespace ::p11::abi;                                                                      \
    P11_FUNCTIONS_2X(P11_PROVIDER_ENTRY_POINT)                                                       \
    /* Registers the module and fills the 2.x list before any call can arrive. */                    \
    [[maybe_unused]] const bool registered = [] {                                                    \
        /* Leaked on purpose, like the runtime (see current_runtime()): calls                        \
           made after static destructors (exit-time cleanup) still find it. */                        \
        static const auto* config = new ::p11::provider::module_config(config_expression);          \
        ::p11::provider::registered_module() = config;                                               \
        auto& lists = ::p11::provider::exported_lists();                                             \
        lists.v2.version = ::p11::provider::function_list_version(config->level);                    \
        P11_FUNCTIONS_2X(P11_PROVIDER_LIST_SLOT_2X)                                                  \
        P11_FUNCTIONS_2X(P11_PROVIDER_LIST_SLOT_3_0)                                                 \
        return true;                                                                                 \
    }();                                                                                             \
    }

#define P11_PROVIDER_EXPORT_INTERFACES()                                                             \
    namespace p11_provider_export {                                                                  \
    P11_FUNCTIONS_3_0(P11_PROVIDER_ENTRY_POINT)                                                      \
    [[maybe_unused]] const bool interfaces_published = [] {                                          \
        auto& lists = ::p11::provider::exported_lists();                                             \
        P11_FUNCTIONS_3_0(P11_PROVIDER_LIST_SLOT_3_0)                                                \
        ::p11::provider::detail::publish_interfaces(*::p11::provider::registered_module());          \
        return true;                                                                                 \
    }();                                                                                             \
    }
