// Message digesting: C_DigestInit, C_Digest, C_DigestUpdate, C_DigestKey,
// C_DigestFinal.
#pragma once

#include "p11/provider/functions/operation_calls.hpp"

namespace p11::provider::api {

inline rv C_DigestInit(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto& op = s.op(op_kind::digest);
        if (op.active()) return rv::operation_active;
        auto mech = detail::check_mechanism(rt, s, m, mechanism_flags::digest);
        if (!mech) return mech.code();
        auto started = s.tok->begin_digest(*mech);
        if (!started) return started.code();
        op.start(std::move(*started), mech->type, false);
        return rv::ok;
    });
}

inline rv C_Digest(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR data, abi::CK_ULONG len, abi::CK_BYTE_PTR out,
                 abi::CK_ULONG_PTR out_len) {
    return detail::continue_operation(h, op_kind::digest, call::single, [&](active_operation& op) -> outcome {
        auto input = caller_bytes(data, len, length_rules::digest_data);
        if (!input) return ends(input.code());
        auto* d = op.as<digest_operation>();
        return produce(op, call::single, d->digest_size(), out, out_len, [&](out_span o) -> result<std::size_t> {
            if (auto r = d->update(*input); !r) return r.error_value();
            return d->final(o);
        });
    });
}

inline rv C_DigestUpdate(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR part, abi::CK_ULONG len) {
    return detail::continue_operation(h, op_kind::digest, call::update, [&](active_operation& op) -> outcome {
        auto input = caller_bytes(part, len, length_rules::digest_data);
        if (!input) return ends(input.code());
        return as_update(op.as<digest_operation>()->update(*input).code());
    });
}

// Digests a secret key's value without revealing it (even a sensitive one).
// A key it cannot digest is refused before the digest sees anything, so the
// operation goes on.
inline rv C_DigestKey(abi::CK_SESSION_HANDLE h, abi::CK_OBJECT_HANDLE key_handle) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto& op = s.op(op_kind::digest);
        return op.continue_with(call::update, [&]() -> outcome {
            auto entry = rt.object_of(s, key_handle, rv::key_handle_invalid);
            if (!entry) return keeps(entry.code());
            const auto key = rt.snapshot_of(**entry);
            auto value = key->attributes().get(attribute_type::value);
            if (key->cls() != object_class::secret_key || !value) return keeps(rv::key_indigestible);
            return as_update(op.as<digest_operation>()->update(*value).code());
        });
    });
}

inline rv C_DigestFinal(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
    return detail::continue_operation(h, op_kind::digest, call::final, [&](active_operation& op) -> outcome {
        auto* d = op.as<digest_operation>();
        return produce(op, call::final, d->digest_size(), out, out_len, [&](out_span o) { return d->final(o); });
    });
}

} // namespace p11::provider::api
