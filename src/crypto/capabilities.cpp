// The mbedTLS and OpenSSL backends do everything the contract names.
#include "crypto/capabilities.hpp"

namespace p11::crypto {

const capabilities& backend_capabilities() {
    static const capabilities all{};
    return all;
}

} // namespace p11::crypto
