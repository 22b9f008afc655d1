// The two-call length convention, consumer side, written once: ask for the
// length with a NULL buffer, allocate, call again; if the answer grew in
// between (a slot appeared, an object changed), ask again.
#pragma once

#include <cstdint>
#include <vector>

#include "p11/abi/types.hpp"
#include "p11/function.hpp"
#include "p11/result.hpp"

namespace p11::client {

// `call(T* buffer, CK_ULONG* count)` returns a CK_RV.
template <class T, class Call>
result<std::vector<T>> fetch_list(function_id fn, Call&& call) {
    for (int attempt = 0; attempt < 8; ++attempt) {
        abi::CK_ULONG n = 0;
        if (const auto r = call(nullptr, &n); r != 0) return failure(static_cast<rv>(r), fn);
        std::vector<T> out(n);
        // Never NULL here, even for an empty answer: a NULL buffer is another
        // length query, which would leave a cryptographic operation active.
        T none{};
        const auto r = call(out.empty() ? &none : out.data(), &n);
        if (static_cast<rv>(r) == rv::buffer_too_small) continue;
        if (r != 0) return failure(static_cast<rv>(r), fn);
        out.resize(n);
        return out;
    }
    return failure(rv::buffer_too_small, fn);
}

template <class Call>
result<std::vector<std::uint8_t>> fetch_bytes(function_id fn, Call&& call) {
    return fetch_list<std::uint8_t>(fn, std::forward<Call>(call));
}

} // namespace p11::client
