// The mbedTLS and OpenSSL backends do everything the contract names, but
// for SHA-3 and the Edwards curves, which only the library can say it has
// (mbedTLS 2.28 has neither); asked once by trying them.
#include "crypto/capabilities.hpp"

#include "crypto/backend_error.hpp"
#include "crypto/hash.hpp"

namespace p11::crypto {

namespace {
bool has_sha3() {
    try {
        (void)make_hash(hash_alg::sha3_256);
        return true;
    } catch (const backend_failure&) {
        return false;
    }
}
} // namespace

const capabilities& backend_capabilities() {
    static const capabilities all = [] {
        capabilities c;
        c.sha3 = has_sha3();
        for (std::size_t i = 0; i < ecx_curve_count; ++i) c.ecx[i] = generate_ecx(static_cast<ecx_curve>(i)) != nullptr;
        return c;
    }();
    return all;
}

} // namespace p11::crypto
