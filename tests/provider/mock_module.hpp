// The mock token as a module: its configuration for the export macro (and for
// white-box tests that drive the framework directly).
#pragma once

#include "p11/provider/runtime.hpp"
#include "p11/version.hpp"

namespace p11mock {

// Identity "p11forge tests" / "mock token module" 1.2; two slots (see mock_token.hpp).
p11::provider::module_config module_config_for(p11::profile level, bool fork_safe);

} // namespace p11mock
