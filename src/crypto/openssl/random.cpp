// The token's random generator is OpenSSL's: its DRBG hierarchy (a primary
// CTR_DRBG seeded from the OS, and per-thread public and private children
// seeded from it), so that concurrent callers never share a lock.
//
// Every request is served by the private DRBG: the API does not say whether
// the bytes become a key (C_GenerateKey) or stay public (an IV), and OpenSSL
// keeps key material on the generator no public value comes from.
//
// Fork: OpenSSL 3.0 compares each DRBG's recorded pid with getpid() before
// generating and reseeds in a child, so a child never continues its parent's
// stream, whether or not reseed_after_fork() is called.
#include <algorithm>
#include <array>
#include <climits>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "crypto/openssl/support.hpp"
#include "crypto/random.hpp"

namespace p11::crypto {

status random_bytes(std::span<byte> out) noexcept {
    ossl::error_scope errors;
    while (!out.empty()) {
        const std::size_t n = std::min<std::size_t>(out.size(), INT_MAX);
        if (RAND_priv_bytes(out.data(), static_cast<int>(n)) != 1) return status::internal;
        out = out.subspan(n);
    }
    return status::ok;
}

// RAND_add reseeds the primary DRBG with the bytes as additional input (it
// pulls fresh OS entropy too), and the children reseed from it on their next
// request: a caller can add to the state but never replace it.  The seed is
// hashed down first because a DRBG bounds its additional input and
// C_SeedRandom does not bound the seed.
status add_entropy(bytes_view seed) noexcept {
    ossl::error_scope errors;
    std::array<byte, 64> digest{};
    const EVP_MD* sha512 = ossl::md(hash_alg::sha512);
    status st = status::internal;
    if (sha512 != nullptr && EVP_Digest(seed.data(), seed.size(), digest.data(), nullptr, sha512, nullptr) == 1) {
        RAND_add(digest.data(), static_cast<int>(digest.size()), 0.0);  // 0.0: no entropy is claimed for it
        st = status::ok;
    }
    OPENSSL_cleanse(digest.data(), digest.size());
    return st;
}

// Nothing to force: OpenSSL's own pid check (above) already reseeds every
// DRBG of the child on its first request.
void reseed_after_fork() noexcept {}

} // namespace p11::crypto
