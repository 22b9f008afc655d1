// What a failed mbedTLS or OpenSSL call means, for the steps whose interface
// has no status to return (hash and MAC steps: crypto/hash.hpp).  Running out
// of memory is std::bad_alloc, as a std::vector would report it in the same
// place; every other failure is a backend_failure, so that it is not reported
// to the application as CKR_HOST_MEMORY (the provider's call boundary turns
// it into CKR_GENERAL_ERROR).
#pragma once

#include <cstdint>
#include <exception>
#include <new>

#include "crypto/error.hpp"

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

// Not derived from std::bad_alloc (nor from anything that allocates).
class backend_failure final : public std::exception {
public:
    backend_failure(backend_error kind, long code) noexcept : kind_(kind), code_(code) {}
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
