// What a failed mbedTLS or OpenSSL call means, for the steps whose interface
// has no status to return (hash and MAC steps: crypto/hash.hpp).  Running out
// of memory is std::bad_alloc, as a std::vector would report it in the same
// place; every other failure is a backend_failure, a p11::exception whose
// code the provider's call boundary answers: CKR_DEVICE_ERROR when hardware
// failed, otherwise CKR_FUNCTION_FAILED ("could not be performed", one of
// the universal return values, so allowed from every C_ function), never
// CKR_HOST_MEMORY.
#pragma once

#include <cstdint>
#include <exception>
#include <new>

#include "crypto/error.hpp"
#include "p11/error_category.hpp"

namespace p11::crypto {

// A backend's error code sorted by meaning; each backend's classify_error
// (support.hpp) does the sorting.
enum class backend_error : std::uint8_t {
    none,
    out_of_memory,
    bad_input,    // bad input data or parameters reached the backend
    unsupported,  // an algorithm or feature the backend lacks or disabled
    hardware,     // an accelerator or engine failed
    other,        // any other failure, or one with no code at all
};

[[nodiscard]] constexpr status to_status(backend_error e) noexcept {
    switch (e) {
    case backend_error::none: return status::ok;
    case backend_error::bad_input: return status::invalid_input;
    case backend_error::unsupported: return status::unsupported;
    case backend_error::out_of_memory:
    case backend_error::hardware:
    case backend_error::other: return status::internal;
    }
    return status::internal;
}

// What a failure other than memory means to the application.
[[nodiscard]] constexpr rv rv_of(backend_error e) noexcept {
    return e == backend_error::hardware ? rv::device_error : rv::function_failed;
}

// Not derived from std::bad_alloc.
class backend_failure final : public p11::exception {
public:
    backend_failure(backend_error kind, long code) : p11::exception(p11::error(rv_of(kind))), kind_(kind), code_(code) {}
    [[nodiscard]] backend_error kind() const noexcept { return kind_; }
    [[nodiscard]] status as_status() const noexcept { return to_status(kind_); }
    // The backend's own code (mbedTLS's negative int, OpenSSL's packed error).
    [[nodiscard]] long code() const noexcept { return code_; }
    [[nodiscard]] const char* what() const noexcept override {
        switch (kind_) {
        case backend_error::bad_input: return "crypto backend: bad input data or parameters";
        case backend_error::unsupported: return "crypto backend: unsupported feature";
        case backend_error::hardware: return "crypto backend: hardware failure";
        default: return "crypto backend: operation failed";
        }
    }

private:
    backend_error kind_;
    long code_;
};

// Throws what a failure of kind e with backend code `code` means; returns on
// backend_error::none.
inline void throw_backend_error(backend_error e, long code) {
    if (e == backend_error::none) return;
    if (e == backend_error::out_of_memory) throw std::bad_alloc();
    throw backend_failure(e, code);
}

} // namespace p11::crypto
