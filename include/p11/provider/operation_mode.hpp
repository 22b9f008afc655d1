// The form an active operation has taken.  PKCS #11 keeps the single-part
// and the multi-part use of one operation apart: "C_Encrypt cannot be used to
// terminate a multi-part operation, and must be called after C_EncryptInit
// without intervening C_EncryptUpdate calls" (base spec, C_Encrypt; likewise
// C_Decrypt, C_Digest, C_Sign and C_Verify).  An operation is fresh after its
// Init; the first call that continues it decides the form, and a call of the
// other form is refused with CKR_OPERATION_ACTIVE.  A single-part call that
// answered a length query or CKR_BUFFER_TOO_SMALL has taken the single-part
// form: the operation waits for that call's second half.
#pragma once

#include <cstdint>

#include "p11/constants/rv.hpp"

namespace p11::provider {

// Which call continues an operation (and which call produced a kept result).
// C_DigestKey is an update: it is part of multi-part digesting.
enum class call : std::uint8_t { none, single, update, final };

class operation_mode {
public:
    // Admits `which` and commits the operation to its form, or refuses it.
    // A refusal leaves the operation as it was, usable in the form it took.
    // Cryptoki calls are all-or-nothing: one that fails leaves the token "in
    // the same state as it was in prior to the function call" (base spec,
    // introduction to the functions chapter, 2.40 and 3.0).  The exceptions
    // documented with C_Encrypt, C_Sign ... ("always terminates the active
    // operation" on an error) concern a call that performs the operation; a
    // refused one never started to, and ending the operation would throw away
    // the caller's multi-part work for a call the spec says must not touch it.
    // Conformance suites provoke the error and then finish the operation.
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
