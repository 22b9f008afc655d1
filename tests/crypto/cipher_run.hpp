// Test helper: a streaming cipher (crypto/aes.hpp's contract) run over its
// input in pieces, with its size bounds checked on the way.
#pragma once

#include <algorithm>
#include <memory>

#include <catch2/catch.hpp>

#include "crypto/aes.hpp"

namespace test {

using p11::crypto::bytes;
using p11::crypto::bytes_view;
using p11::crypto::cipher;
using p11::crypto::status;

// Runs a cipher over `in` split into pieces of `chunk` bytes (0 = one piece).
inline status run(cipher& c, bytes_view in, bytes& out, std::size_t chunk = 0) {
    out.clear();
    std::size_t pos = 0;
    do {
        const std::size_t n = chunk == 0 ? in.size() - pos : std::min(chunk, in.size() - pos);
        bytes buf(c.max_update_output(n));
        std::size_t w = 0;
        if (auto st = c.update(in.subspan(pos, n), buf.data(), w); st != status::ok) return st;
        REQUIRE(w <= buf.size());
        out.insert(out.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(w));
        pos += n;
    } while (pos < in.size());
    bytes tail(c.max_finish_output());
    std::size_t w = 0;
    if (auto st = c.finish(tail.data(), w); st != status::ok) return st;
    REQUIRE(w <= tail.size());
    out.insert(out.end(), tail.begin(), tail.begin() + static_cast<std::ptrdiff_t>(w));
    return status::ok;
}

inline bytes run_ok(std::unique_ptr<cipher> c, bytes_view in, std::size_t chunk = 0) {
    REQUIRE(c);
    bytes out;
    REQUIRE(run(*c, in, out, chunk) == status::ok);
    return out;
}

} // namespace test
