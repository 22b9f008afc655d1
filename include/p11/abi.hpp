// Our own declaration of the Cryptoki C ABI (types, structures, mechanism
// parameters, function lists).  Constants are not here: they live in the
// constexpr tables under p11/constants/, the one source of truth for them.
#pragma once

#include "p11/abi/function_list.hpp"
#include "p11/abi/mechanism_params.hpp"
#include "p11/abi/types.hpp"
