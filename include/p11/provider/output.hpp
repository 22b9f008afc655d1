// The two-call length convention, provider side, written once
// (PKCS #11 base 2.40 §5.2): a NULL buffer asks for the length; a buffer that
// is too small gets CKR_BUFFER_TOO_SMALL and the needed length; both leave an
// operation active.  Lists (slots, mechanisms) and byte outputs share it.
#pragma once

#include <algorithm>
#include <cstring>
#include <span>

#include "p11/abi/types.hpp"
#include "p11/constants/rv.hpp"
#include "p11/provider/copy_list.hpp"
#include "p11/provider/session.hpp"

namespace p11::provider {

// Runs `run(out_span) -> result<size_t>` under the convention.  `bound` is an
// upper bound of the output.  A caller buffer smaller than the bound gets the
// result computed into scratch memory; if it does not fit, it is kept in the
// operation for the caller's next call (so nothing is computed twice).
template <class Run>
outcome produce(active_operation& op, call which, std::size_t bound, byte* out, abi::CK_ULONG* out_len, Run&& run) {
    if (out_len == nullptr) return {rv::arguments_bad, after::end};
    if (op.pending_from == which) {
        const auto n = static_cast<abi::CK_ULONG>(op.pending.size());
        if (out == nullptr) return *out_len = n, outcome{rv::ok, after::keep};
        if (*out_len < n) return *out_len = n, outcome{rv::buffer_too_small, after::keep};
        std::memcpy(out, op.pending.data(), op.pending.size());
        *out_len = n;
        op.pending_from = call::none;
        op.pending.clear();
        return {rv::ok, after::end};
    }
    op.pending_from = call::none;
    op.pending.clear();
    if (out == nullptr) return *out_len = static_cast<abi::CK_ULONG>(bound), outcome{rv::ok, after::keep};
    if (*out_len >= bound) {
        auto r = run(std::span<byte>(out, *out_len));
        if (!r) return {r.code(), after::end};
        *out_len = static_cast<abi::CK_ULONG>(*r);
        return {rv::ok, after::end};
    }
    secure_bytes scratch(bound);
    auto r = run(std::span<byte>(scratch.data(), scratch.size()));
    if (!r) return {r.code(), after::end};
    if (*r <= *out_len) {
        if (*r) std::memcpy(out, scratch.data(), *r);
        *out_len = static_cast<abi::CK_ULONG>(*r);
        return {rv::ok, after::end};
    }
    scratch.resize(*r);
    op.pending = std::move(scratch);
    op.pending_from = which;
    *out_len = static_cast<abi::CK_ULONG>(*r);
    return {rv::buffer_too_small, after::keep};
}

} // namespace p11::provider
