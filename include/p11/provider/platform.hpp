// The framework's names for the core's operating-system primitives
// (p11/platform.hpp): a mutex and this process's id.
#pragma once

#include "p11/platform.hpp"

namespace p11::provider {
using platform::mutex;
using platform::process_id;
using platform::this_process_id;
using platform::yield_processor;
} // namespace p11::provider
