// The exception boundary of a C entry point.  Its caller is C, which can
// neither catch an exception nor be unwound through, so nothing a C++ body
// throws may leave: a p11::exception answers its own code (a step with no
// result to return, such as a hash update, reports a failure so), bad_alloc
// becomes CKR_HOST_MEMORY, anything else CKR_GENERAL_ERROR.  The framework's
// entry points (call.hpp) and p11forge-spy's go through it.
#pragma once

#include <new>

#include "p11/constants/rv.hpp"
#include "p11/error_category.hpp"

namespace p11::provider {

template <class Body>
rv catch_at_boundary(Body&& body) noexcept {
    try {
        return body();
    } catch (const p11::exception& e) {
        return e.rv_code();
    } catch (const std::bad_alloc&) {
        return rv::host_memory;
    } catch (...) {
        return rv::general_error;
    }
}

} // namespace p11::provider
