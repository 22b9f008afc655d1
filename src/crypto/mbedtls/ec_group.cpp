#include "crypto/mbedtls/ec_group.hpp"

namespace p11::crypto::mbed {

mbedtls_ecp_group_id group_id(curve c) noexcept {
    switch (c) {
    case curve::p256: return MBEDTLS_ECP_DP_SECP256R1;
    case curve::p384: return MBEDTLS_ECP_DP_SECP384R1;
    case curve::p521: return MBEDTLS_ECP_DP_SECP521R1;
    }
    return MBEDTLS_ECP_DP_NONE;
}

namespace {

std::unique_ptr<ecp_group> load(curve c) {
    auto g = std::make_unique<ecp_group>();
    if (mbedtls_ecp_group_load(g->get(), group_id(c)) != 0) return nullptr;
    return g;
}

} // namespace

context_pool<ecp_group>::lease acquire_group(curve c) {
    // Never destroyed: a module may be called after static destruction began
    // (exit handlers of the application), and groups hold no secrets.
    static auto* const pools = new context_pool<ecp_group>[3]{
        context_pool<ecp_group>([] { return load(curve::p256); }),
        context_pool<ecp_group>([] { return load(curve::p384); }),
        context_pool<ecp_group>([] { return load(curve::p521); }),
    };
    return pools[static_cast<int>(c)].acquire();
}

} // namespace p11::crypto::mbed
