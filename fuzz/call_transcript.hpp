// What one backend did with one fuzz input: the return value of every call
// and every deterministic output byte.  The
// differential fuzzer runs the same calls on both backends and compares the
// transcripts; each return value is also checked on its own against the
// function's allowed list (fuzz/allowed_returns.hpp).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "allowed_returns.hpp"
#include "p11/abi/types.hpp"

namespace p11::fuzzing {

// Big enough for any output of the inputs we make (data is at most 2 KiB).
inline constexpr std::size_t large_output = 8192;

// How an output is fetched: the two-call convention, one large buffer, or an
// empty buffer first (CKR_BUFFER_TOO_SMALL must leave the operation active,
// so the call that follows must still work).  The length a query reports is
// not compared: the specification lets it be an upper bound, and the
// backends' bounds differ (mbedTLS rounds GCM up to whole blocks).  For the
// same reason the short buffer is empty rather than one byte short of the
// reported length: whether that is enough must not depend on the bound.
enum class output_mode { query_then_exact, large_buffer, empty_then_exact };

struct transcript {
    std::string backend;
    std::string context;                 // what is being tried (the mechanism), for reports
    std::vector<std::string> events;     // "C_Encrypt CKR_OK", "length 32"
    std::vector<std::uint8_t> output;    // deterministic outputs, concatenated
    std::vector<std::uint8_t> produced;  // the last randomised output (a signature, a ciphertext)
    rv last = rv::ok;                    // the code of the last call

    // Records and checks one call; returns the code for the caller's flow.
    rv call(function_id f, abi::CK_RV r) {
        const auto code = static_cast<rv>(r);
        last = code;
        events.push_back(std::string(name(f)) + " " + std::string(to_string(code)));
        if (!allowed(f, code) || !plausible_for_small_inputs(code)) {
            std::fprintf(stderr, "%s: %s returned %s, which %s\n", backend.c_str(), name(f).data(),
                         to_string(code).data(),
                         allowed(f, code) ? "these small, real buffers cannot justify"
                                          : "the specification does not allow for it");
            dump();
            std::abort();
        }
        return code;
    }

    void dump() const {
        if (!context.empty()) std::fprintf(stderr, "  %s\n", context.c_str());
        std::fprintf(stderr, "  %s:", backend.c_str());
        for (const auto& e : events) std::fprintf(stderr, " [%s]", e.c_str());
        std::fprintf(stderr, "\n  output (%zu bytes):", output.size());
        for (std::size_t i = 0; i < output.size() && i < 96; ++i) std::fprintf(stderr, " %02x", output[i]);
        std::fprintf(stderr, "\n");
    }
};

// Fetches one output with `call(buffer, &length)` in the given mode and
// appends it to `into` (the transcript's output, or its randomised one).
template <class Call>
rv fetch_output(transcript& t, function_id f, output_mode mode, std::vector<std::uint8_t>& into, Call call) {
    abi::CK_ULONG length = 0;
    std::vector<std::uint8_t> buffer;
    if (mode == output_mode::large_buffer) {
        buffer.resize(large_output);
        length = buffer.size();
    } else {
        const auto q = t.call(f, call(nullptr, &length));
        if (q != rv::ok) return q;
        if (length > large_output) {
            std::fprintf(stderr, "%s: %s asks for %lu bytes of output for at most 2 KiB of input\n", t.backend.c_str(),
                         name(f).data(), static_cast<unsigned long>(length));
            std::abort();
        }
        buffer.resize(length);
        if (mode == output_mode::empty_then_exact) {
            std::uint8_t none[1];
            abi::CK_ULONG empty = 0;
            // The empty buffer's outcome is each backend's own business when
            // the call may produce nothing yet: a multi-part GCM Update on
            // mbedTLS keeps a partial block (CKR_OK, no output) where OpenSSL
            // produces it (CKR_BUFFER_TOO_SMALL, then the exact call).  So
            // the probe is recorded only when it is the call's last word:
            // CKR_OK here is recorded as the exact call would be.
            const auto s = static_cast<rv>(call(none, &empty));
            if (s != rv::buffer_too_small) t.call(f, static_cast<abi::CK_RV>(s));
            if (s == rv::ok) {
                if (empty != 0) {
                    std::fprintf(stderr, "%s: %s wrote %lu bytes into an empty buffer\n", t.backend.c_str(),
                                 name(f).data(), static_cast<unsigned long>(empty));
                    std::abort();
                }
                return s;  // no output (a partial block kept for later)
            }
            if (s != rv::buffer_too_small) return s;
        }
    }
    // Never NULL here: NULL asks for the length again, and the input would not be consumed.
    std::uint8_t none[1];
    const auto r = t.call(f, call(buffer.empty() ? none : buffer.data(), &length));
    if (r == rv::ok) {
        if (length > buffer.size()) {
            std::fprintf(stderr, "%s: %s wrote %lu bytes into a buffer of %zu\n", t.backend.c_str(), name(f).data(),
                         static_cast<unsigned long>(length), buffer.size());
            std::abort();
        }
        into.insert(into.end(), buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(length));
    }
    return r;
}

} // namespace p11::fuzzing
