// The mock token as a loadable Cryptoki module.  Built several times with
// different settings (see meson.build):
//   MOCK_PROFILE     the p11::profile the module reports and is limited to
//   MOCK_FORK_SAFE   module_description::fork_safe
//   MOCK_INTERFACES  1: also the 3.0 interface functions (P11_PROVIDER_EXPORT_INTERFACES)
#include "p11/provider/export.hpp"

#include "mock_module.hpp"

#if !defined(MOCK_PROFILE) || !defined(MOCK_FORK_SAFE) || !defined(MOCK_INTERFACES)
#error "build with -DMOCK_PROFILE=... -DMOCK_FORK_SAFE=0|1 -DMOCK_INTERFACES=0|1"
#endif

P11_PROVIDER_EXPORT(p11mock::module_config_for(MOCK_PROFILE, MOCK_FORK_SAFE != 0))
#if MOCK_INTERFACES
P11_PROVIDER_EXPORT_INTERFACES()
#endif
