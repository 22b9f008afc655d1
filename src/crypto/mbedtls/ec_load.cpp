// Preparing EC keys: generated, from a private scalar, from a public point.
#include "crypto/internal/ec_point.hpp"
#include "crypto/mbedtls/ec_keys.hpp"
#include "crypto/mbedtls/support.hpp"

namespace p11::crypto {

namespace {

using mbed::ec_point_value;

std::shared_ptr<const ec_point_value> encode(curve c, mbedtls_ecp_group& grp, std::unique_ptr<ec_point_value> v) {
    v->c = c;
    v->encoded.assign(1 + 2 * field_bytes(c), 0);
    std::size_t length = 0;
    if (mbedtls_ecp_point_write_binary(&grp, v->q.get(), MBEDTLS_ECP_PF_UNCOMPRESSED, &length, v->encoded.data(),
                                       v->encoded.size()) != 0 ||
        length != v->encoded.size())
        return nullptr;
    return std::shared_ptr<const ec_point_value>(std::move(v));
}

std::unique_ptr<ec_private_key> finish(curve c, mbedtls_ecp_group& grp, std::unique_ptr<mbed::mpi> d,
                                       std::unique_ptr<ec_point_value> q) {
    auto point = encode(c, grp, std::move(q));
    if (!point) return nullptr;
    return mbed::make_ec_private(std::move(d), std::move(point));
}

} // namespace

std::unique_ptr<ec_private_key> generate_ec(curve c) {
    auto grp = mbed::acquire_group(c);
    if (!grp) return nullptr;
    auto d = std::make_unique<mbed::mpi>();
    auto q = std::make_unique<ec_point_value>();
    if (mbedtls_ecp_gen_keypair(grp->get(), d->get(), q->q.get(), mbed::rng, nullptr) != 0) return nullptr;
    return finish(c, grp->v, std::move(d), std::move(q));
}

std::unique_ptr<ec_private_key> load_ec_private(curve c, bytes_view scalar) {
    if (scalar.empty()) return nullptr;
    auto grp = mbed::acquire_group(c);
    if (!grp) return nullptr;
    auto d = std::make_unique<mbed::mpi>();
    // 1 <= d < n
    if (!mbed::read_mpi(d->v, scalar) || mbedtls_ecp_check_privkey(grp->get(), d->get()) != 0) return nullptr;
    auto q = std::make_unique<ec_point_value>();
    if (mbedtls_ecp_mul(grp->get(), q->q.get(), d->get(), &grp->v.G, mbed::rng, nullptr) != 0) return nullptr;
    return finish(c, grp->v, std::move(d), std::move(q));
}

std::unique_ptr<ec_public_key> load_ec_public(curve c, bytes_view point_or_octet_string) {
    const auto raw = internal::uncompressed_point(c, point_or_octet_string);
    if (!raw) return nullptr;
    auto grp = mbed::acquire_group(c);
    if (!grp) return nullptr;
    auto q = std::make_unique<ec_point_value>();
    if (mbedtls_ecp_point_read_binary(grp->get(), q->q.get(), raw->data(), raw->size()) != 0 ||
        mbedtls_ecp_check_pubkey(grp->get(), q->q.get()) != 0)
        return nullptr;
    auto point = encode(c, grp->v, std::move(q));
    if (!point) return nullptr;
    return mbed::make_ec_public(std::move(point));
}

} // namespace p11::crypto
