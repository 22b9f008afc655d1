// The form an active operation has taken.  PKCS #11 keeps the single-part
// and the multi-part use of one operation apart: "C_Encrypt cannot be used to
// terminate a multi-part operation, and must be called after C_EncryptInit
// without intervening C_EncryptUpdate calls" (base spec, C_Encrypt; likewise
// C_Decrypt, C_Digest, C_Sign and C_Verify).  An operation is fresh after its
// Init; the first call that continues it decides the form, and a call of the
// other form is refused with CKR_OPERATION_ACTIVE.  A single-part call that
// answered a length query or CKR_BUFFER_TOO_SMALL has taken the single-part
// form: the operation waits for that call's second half.
//
// The refused call ends the operation (active_operation::continue_with): the
// spec says of each of these calls that it "always terminates the active
// operation unless it returns CKR_BUFFER_TOO_SMALL or is a successful call
// ... to determine the length", and of the Updates that an error terminates
// the operation.  A real client depends on it: pkcs11-tool --test-ec calls
// C_SignFinal after a C_Sign length query and CKR_BUFFER_TOO_SMALL, ignores
// its answer, and starts again with C_SignInit, which must not find the
// operation still active.  (The dual functions, which the spec gives no such
// rule, refuse before either half runs and leave both operations as they
// were: misc.hpp.)
#pragma once

#include <cstdint>

#include "p11/constants/rv.hpp"

namespace p11::provider {

// Which call continues an operation (and which call produced a kept result).
// C_DigestKey is an update: it is part of multi-part digesting.
enum class call : std::uint8_t { none, single, update, final };

// What a call that continues an operation leaves of it.  The spec ends the
// operation on every error but CKR_BUFFER_TOO_SMALL and on the success of a
// single-part or final call; a successful length query and a successful
// Update keep it.
enum class after : std::uint8_t { keep, end };

struct outcome {
    rv code;
    after then;
};

// An error, or the success that completes the operation.
[[nodiscard]] inline outcome ends(rv code) { return {code, after::end}; }
// Refused before the operation was touched (C_DigestKey's unusable key).
[[nodiscard]] inline outcome keeps(rv code) { return {code, after::keep}; }
// An Update's: its success keeps the operation for the next part whatever
// the output convention said, its error ends it.
[[nodiscard]] inline outcome as_update(outcome o) {
    if (o.code == rv::ok) o.then = after::keep;
    return o;
}
[[nodiscard]] inline outcome as_update(rv code) { return as_update(ends(code)); }

class operation_mode {
public:
    // Admits `which` and commits the operation to its form, or refuses it
    // (the caller ends the operation then).
    [[nodiscard]] rv enter(call which) {
        const auto wanted = form_of(which);
        if (form_ != form::fresh && form_ != wanted) return rv::operation_active;
        form_ = wanted;
        return rv::ok;
    }
    // Whether `which` would be admitted, without committing (the dual
    // functions check both halves before either runs).
    [[nodiscard]] bool admits(call which) const { return form_ == form::fresh || form_ == form_of(which); }

    void reset() { form_ = form::fresh; }

private:
    enum class form : std::uint8_t { fresh, single_part, multi_part };
    static form form_of(call which) { return which == call::single ? form::single_part : form::multi_part; }

    form form_ = form::fresh;
};

} // namespace p11::provider
