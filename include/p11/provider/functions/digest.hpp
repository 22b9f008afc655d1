// Message digesting: C_DigestInit, C_Digest, C_DigestUpdate, C_DigestKey,
// C_DigestFinal.
#pragma once

#include "p11/provider/caller_input.hpp"
#include "p11/provider/functions/checks.hpp"
#include "p11/provider/output.hpp"

namespace p11::provider::api {

inline rv C_DigestInit(abi::CK_SESSION_HANDLE h, abi::CK_MECHANISM_PTR m) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto& op = s.op(op_kind::digest);
        if (op.active()) return rv::operation_active;
        auto mech = detail::check_mechanism(rt, s, m, mechanism_flags::digest);
        if (!mech) return mech.code();
        auto started = s.tok->begin_digest(*mech);
        if (!started) return started.code();
        op.op = std::move(*started);
        op.mechanism = mech->type;
        return rv::ok;
    });
}

inline rv C_Digest(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR data, abi::CK_ULONG len, abi::CK_BYTE_PTR out,
                 abi::CK_ULONG_PTR out_len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& op = s.op(op_kind::digest);
        const end_on_throw guard(op);
        if (const rv r = op.continue_with(call::single); r != rv::ok) return r;
        auto checked = caller_bytes(data, len, length_rules::digest_data);
        if (!checked) return op.end(), checked.code();
        auto* o = op.as<digest_operation>();
        const bytes_view input = *checked;
        auto outcome = produce(op, call::single, o->digest_size(), out, out_len, [&](out_span o_) -> result<std::size_t> {
            if (auto r = o->update(input); !r) return r.error_value();
            return o->final(o_);
        });
        if (outcome.then == after::end) op.end();
        return outcome.code;
    });
}

inline rv C_DigestUpdate(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR part, abi::CK_ULONG len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& op = s.op(op_kind::digest);
        const end_on_throw guard(op);
        if (const rv r = op.continue_with(call::update); r != rv::ok) return r;
        auto checked = caller_bytes(part, len, length_rules::digest_data);
        if (!checked) return op.end(), checked.code();
        auto r = op.as<digest_operation>()->update(*checked);
        if (!r) op.end();
        return r.code();
    });
}

// Digests a secret key's value without revealing it (even a sensitive one).
inline rv C_DigestKey(abi::CK_SESSION_HANDLE h, abi::CK_OBJECT_HANDLE key_handle) {
    return with_session(h, [&](runtime& rt, session& s) -> rv {
        auto& op = s.op(op_kind::digest);
        const end_on_throw guard(op);
        if (const rv r = op.continue_with(call::update); r != rv::ok) return r;
        auto entry = rt.object_of(s, key_handle, rv::key_handle_invalid);
        if (!entry) return entry.code();
        const auto key = rt.snapshot_of(**entry);
        auto value = key->attributes().get(attribute_type::value);
        if (key->cls() != object_class::secret_key || !value) return rv::key_indigestible;
        auto r = op.as<digest_operation>()->update(*value);
        if (!r) op.end();
        return r.code();
    });
}

inline rv C_DigestFinal(abi::CK_SESSION_HANDLE h, abi::CK_BYTE_PTR out, abi::CK_ULONG_PTR out_len) {
    return with_session(h, [&](runtime&, session& s) -> rv {
        auto& op = s.op(op_kind::digest);
        const end_on_throw guard(op);
        if (const rv r = op.continue_with(call::final); r != rv::ok) return r;
        auto* o = op.as<digest_operation>();
        auto outcome = produce(op, call::final, o->digest_size(), out, out_len, [&](out_span o_) { return o->final(o_); });
        if (outcome.then == after::end) op.end();
        return outcome.code;
    });
}

} // namespace p11::provider::api
