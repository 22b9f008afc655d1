// libp11forge.so: the sample Cryptoki module.  Its identity, its profile
// (chosen at build time: -Dcryptoki_version), and the one place its C ABI is
// generated.
#include "module/config.hpp"
#include "module/slots.hpp"
#include "p11/constants/profiles.hpp"
#include "p11/provider/export.hpp"

// P11FORGE_PROFILE names the profile (-Dcryptoki_version); MAJOR is its
// reported version's, which decides the 3.0 interfaces below.
#ifndef P11FORGE_PROFILE
#define P11FORGE_PROFILE "2.40"
#define P11FORGE_PROFILE_MAJOR 2
#endif

namespace {

constexpr auto built_profile = p11::profiles::by_name(P11FORGE_PROFILE);
static_assert(built_profile.has_value(), "P11FORGE_PROFILE is not a name in p11::profiles::named");
static_assert(built_profile->level.major == P11FORGE_PROFILE_MAJOR);

p11::provider::module_config sample_module() {
    p11::provider::module_config c;
    c.description.manufacturer = "p11forge";
    c.description.library_description = "p11forge sample module";
    c.description.library_version = {0, 1};
    // A child after fork() starts clean (call.hpp), so the module is fork-safe.
    c.description.fork_safe = true;
    c.level = *built_profile;
    c.make_slots = [] { return p11::module::make_slots(p11::module::load_settings()); };
    return c;
}

} // namespace

P11_PROVIDER_EXPORT(sample_module())
#if P11FORGE_PROFILE_MAJOR >= 3
P11_PROVIDER_EXPORT_INTERFACES()
#endif
