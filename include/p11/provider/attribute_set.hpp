// The framework's name for the attribute type it hands tokens.  The type
// itself is provider-neutral (attributes/attribute_set.hpp), so layers below
// the framework, such as a token's store, can use it without depending on
// the framework.
#pragma once

#include "p11/attributes/attribute_set.hpp"

namespace p11::provider {
using p11::attribute_set;
} // namespace p11::provider
