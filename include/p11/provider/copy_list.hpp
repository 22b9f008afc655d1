// The two-call length convention for lists (slots, mechanisms, interfaces):
// a NULL buffer asks for the count, a buffer too small gets
// CKR_BUFFER_TOO_SMALL and the count (PKCS #11 base 2.40 section 5.2).
#pragma once

#include <algorithm>
#include <span>

#include "p11/abi/types.hpp"
#include "p11/constants/rv.hpp"

namespace p11::provider {

template <class T>
rv copy_list(std::span<const T> items, T* out, abi::CK_ULONG* count) {
    if (count == nullptr) return rv::arguments_bad;
    const auto n = static_cast<abi::CK_ULONG>(items.size());
    if (out == nullptr) {
        *count = n;
        return rv::ok;
    }
    if (*count < n) {
        *count = n;
        return rv::buffer_too_small;
    }
    std::copy(items.begin(), items.end(), out);
    *count = n;
    return rv::ok;
}

} // namespace p11::provider
