// libp11forge.so: the sample Cryptoki module.  Its identity, its profile
// (chosen at build time: -Dcryptoki_version), and the one place its C ABI is
// generated.
#include "module/config.hpp"
#include "module/slots.hpp"
#include "p11/provider/export.hpp"

#ifndef P11FORGE_PROFILE_MAJOR
#define P11FORGE_PROFILE_MAJOR 2
#define P11FORGE_PROFILE_MINOR 40
#endif

namespace {

p11::provider::module_config sample_module() {
    p11::provider::module_config c;
    c.description.manufacturer = "p11forge";
    c.description.library_description = "p11forge sample module";
    c.description.library_version = {0, 1};
    // A child after fork() starts clean (call.hpp), so the module is fork-safe.
    c.description.fork_safe = true;
    c.level = p11::profile{p11::version{P11FORGE_PROFILE_MAJOR, P11FORGE_PROFILE_MINOR}};
    c.make_slots = [] { return p11::module::make_slots(p11::module::load_settings()); };
    return c;
}

} // namespace

P11_PROVIDER_EXPORT(sample_module())
#if P11FORGE_PROFILE_MAJOR >= 3
P11_PROVIDER_EXPORT_INTERFACES()
#endif
