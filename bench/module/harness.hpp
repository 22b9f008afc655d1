// The fixture of p11forge-bench: the module, its slot, logged-in sessions
// and the keys every benchmark uses, and error handling for C_ calls.
#pragma once

#include <cstdlib>

#include "p11/client/session.hpp"
#include "timing.hpp"

namespace bench {

using namespace p11;
using handle = abi::CK_OBJECT_HANDLE;

[[noreturn]] inline void die(const char* what, const error& e) {
    std::fprintf(stderr, "%s: %s from %s\n", what, to_string(e.code()).data(), e.has_function() ? name(e.function()).data() : "?");
    std::exit(1);
}
template <class T>
T must(result<T> r, const char* what) {
    if (!r) die(what, r.error_value());
    return std::move(*r);
}
inline void check(abi::CK_RV rv, const char* what) {
    if (rv != 0) {
        std::fprintf(stderr, "%s: %s\n", what, to_string(static_cast<p11::rv>(rv)).data());
        std::exit(1);
    }
}

template <class E>
constexpr auto ck(E e) {
    return static_cast<abi::CK_ULONG>(e);
}

struct fixture {
    client::module& module;
    client::slot_id slot;
    // One session per thread; all share the application's login.
    std::vector<client::session>& sessions;
    const abi::CK_FUNCTION_LIST_3_0* f;
    client::session::key_pair rsa, ec;
    handle aes;
};

// A signature mechanism's sign (1 and 2 threads) and verify benchmarks over `data`.
struct signer {
    const char* name;
    abi::CK_MECHANISM mechanism;
    handle private_key, public_key;
    const std::vector<std::uint8_t>* data;
};
void sign_benchmarks(fixture& fx, const signer& s);

void crypto_benchmarks(fixture& fx);
void curve_benchmarks(fixture& fx);
void object_benchmarks(fixture& fx);
// The needle and `count` haystack objects, left on the token.
void prepare_objects(client::session& s, std::size_t count);

} // namespace bench
