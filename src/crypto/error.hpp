// How the crypto layer reports failure: a small closed set that the token
// maps to CKR codes (the crypto layer knows nothing of Cryptoki).
#pragma once

#include <cstdint>

namespace p11::crypto {

enum class status : std::uint8_t {
    ok,
    invalid_input,      // malformed data, wrong length for the mode          -> DATA_(LEN_)INVALID
    invalid_key,        // key material rejected (not on curve, bad RSA)      -> KEY/ATTRIBUTE_VALUE_INVALID
    bad_signature,      // verification failed                                -> SIGNATURE_INVALID
    decrypt_failed,     // padding/tag/unwrap integrity failure               -> ENCRYPTED_DATA_INVALID
    unsupported,        // parameter or size the backend does not do          -> MECHANISM_PARAM_INVALID
    buffer_too_small,   // caller's output buffer is too small
    internal,           // backend failure (RNG, allocation)                  -> FUNCTION_FAILED
};

// Around a batch of crypto-layer calls made for one purpose (a message of
// the message-based functions): the library's per-thread error state is
// kept as the caller found it once for the whole batch, instead of once per
// call (OpenSSL's error queue, a mark set and popped: tens of nanoseconds
// each, a tenth of a 1 KiB AES-GCM message).  The backend's own calls keep
// it too, and cost nothing more inside a batch.  No-op for the other backends.
//
// succeeded() lets the batch skip the second half of that (popping back to
// the mark) in the common case: the caller vouches that every backend call
// of the batch succeeded on a context prepared before it (a message of the
// message-based functions restarting its cipher), and OpenSSL's cipher
// calls queue nothing when they succeed.  With an empty queue at the start
// (OpenSSL sets no mark then) nothing is left to undo; an application's
// errors already queued still get the pop that removes the mark.  Half the
// queue's cost of a 1 KiB AES-GCM message (docs/performance.md).  A test
// checks the queue around messages through the module
// (tests/module/test_error_queue_openssl.cpp).
class error_batch {
public:
    error_batch() noexcept;
    ~error_batch();
    error_batch(const error_batch&) = delete;
    error_batch& operator=(const error_batch&) = delete;
    void succeeded() noexcept { succeeded_ = true; }

private:
    bool outermost_ = false;  // the batch that marked the queue (batches and scopes nest)
    bool marked_ = false;     // a mark was set: the queue held errors of the application's
    bool succeeded_ = false;
};

} // namespace p11::crypto
