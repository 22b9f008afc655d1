// Fuzzes the PKCS #8 PrivateKeyInfo parser that C_UnwrapKey runs on the
// decrypted blob (untrusted: the wrapping key may be the attacker's).
// Whatever parses must encode again (for EC only when the blob carried the
// public point the encoder writes) and parse back to the same values.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "crypto/pkcs8.hpp"

namespace {
using p11::crypto::bytes_view;
namespace pkcs8 = p11::crypto::pkcs8;

template <class A, class B>
bool same(const A& a, const B& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

bool same_key(const pkcs8::private_key& a, const pkcs8::private_key& b) {
    if (a.alg != b.alg || !same(a.secret, b.secret)) return false;
    switch (a.alg) {
    case pkcs8::algorithm::rsa:
        return same(a.rsa.modulus, b.rsa.modulus) && same(a.rsa.public_exponent, b.rsa.public_exponent) &&
               same(a.rsa.private_exponent, b.rsa.private_exponent) && same(a.rsa.prime1, b.rsa.prime1) &&
               same(a.rsa.prime2, b.rsa.prime2) && same(a.rsa.exponent1, b.rsa.exponent1) &&
               same(a.rsa.exponent2, b.rsa.exponent2) && same(a.rsa.coefficient, b.rsa.coefficient);
    case pkcs8::algorithm::ec: return a.ec_curve == b.ec_curve && same(a.public_key, b.public_key);
    case pkcs8::algorithm::ecx: return a.ecx == b.ecx;
    }
    return false;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto parsed = pkcs8::parse(bytes_view{data, size});
    if (!parsed) return 0;
    p11::secure_bytes again;
    switch (parsed->alg) {
    case pkcs8::algorithm::rsa: {
        auto der = pkcs8::encode_rsa(parsed->rsa);
        if (!der) __builtin_trap();  // the parser takes only complete keys
        again = std::move(*der);
        break;
    }
    case pkcs8::algorithm::ec:
        if (parsed->public_key.empty()) return 0;
        again = pkcs8::encode_ec(parsed->ec_curve, parsed->secret, parsed->public_key);
        break;
    case pkcs8::algorithm::ecx: again = pkcs8::encode_ecx(parsed->ecx, parsed->secret); break;
    }
    const auto back = pkcs8::parse(again);
    if (!back || !same_key(*parsed, *back)) __builtin_trap();
    return 0;
}
