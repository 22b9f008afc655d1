// Preparing RSA keys: from components, or freshly generated.
#include <algorithm>

#include "crypto/internal/rsa_generate.hpp"
#include "crypto/mbedtls/rsa_core.hpp"
#include "crypto/mbedtls/support.hpp"

namespace p11::crypto {

namespace {

using mbed::rsa_context;

// Sizes we accept for existing keys: mbedTLS's limit above, a floor that
// keeps OAEP and PSS with SHA-1 possible below.  Policy (minimum key size)
// is the token's business.
constexpr std::size_t min_bits = 512;
constexpr std::size_t max_bits = MBEDTLS_MPI_MAX_BITS;

const byte* data_or_null(bytes_view b) noexcept { return b.empty() ? nullptr : b.data(); }

bool in_range(const rsa_context& ctx) {
    const std::size_t bits = mbedtls_mpi_bitlen(&ctx.v.N);
    return bits >= min_bits && bits <= max_bits;
}

// The CRT values a caller gave must be the ones that follow from p, q, d:
// a mismatch means the components do not describe one key.
bool crt_matches(const rsa_context& ctx, const rsa_private_components& c) {
    const mbedtls_mpi* computed[] = {&ctx.v.DP, &ctx.v.DQ, &ctx.v.QP};
    const bytes_view given[] = {c.exponent1, c.exponent2, c.coefficient};
    for (int i = 0; i < 3; ++i) {
        if (given[i].empty()) continue;
        mbed::mpi v;
        if (!mbed::read_mpi(v.v, given[i]) || mbedtls_mpi_cmp_mpi(&v.v, computed[i]) != 0) return false;
    }
    return true;
}

// mbedtls_rsa_complete takes a zero value for "not given" and derives it, so
// a private exponent of 0 would become the right one.  A component that is
// given must be a valid number; zero never is (the OpenSSL backend refuses it
// too; fuzz/backend_diff found the two disagreeing).
bool given_as_zero(bytes_view b) {
    return !b.empty() && std::all_of(b.begin(), b.end(), [](byte v) { return v == 0; });
}

} // namespace

std::unique_ptr<rsa_private_key> load_rsa_private(const rsa_private_components& c) {
    for (bytes_view given : {bytes_view(c.modulus), bytes_view(c.public_exponent), bytes_view(c.private_exponent),
                             bytes_view(c.prime1), bytes_view(c.prime2)})
        if (given_as_zero(given)) return nullptr;
    auto ctx = std::make_unique<rsa_context>();
    // mbedtls_rsa_complete derives what is missing: d from p, q, e; p and q
    // from n, e, d; the CRT values from p, q, d.
    if (mbedtls_rsa_import_raw(ctx->get(), data_or_null(c.modulus), c.modulus.size(), data_or_null(c.prime1),
                               c.prime1.size(), data_or_null(c.prime2), c.prime2.size(),
                               data_or_null(c.private_exponent), c.private_exponent.size(),
                               data_or_null(c.public_exponent), c.public_exponent.size()) != 0)
        return nullptr;
    if (mbedtls_rsa_complete(ctx->get()) != 0) return nullptr;
    // n = pq, de = 1 mod lcm(p-1, q-1), CRT values consistent.
    if (mbedtls_rsa_check_privkey(ctx->get()) != 0) return nullptr;
    if (!in_range(*ctx) || !crt_matches(*ctx, c)) return nullptr;
    return mbed::make_private_key(std::make_shared<mbed::rsa_core>(std::move(ctx)));
}

std::unique_ptr<rsa_public_key> load_rsa_public(const rsa_public_components& c) {
    if (c.modulus.empty() || c.public_exponent.empty()) return nullptr;
    auto ctx = std::make_unique<rsa_context>();
    if (mbedtls_rsa_import_raw(ctx->get(), c.modulus.data(), c.modulus.size(), nullptr, 0, nullptr, 0, nullptr, 0,
                               c.public_exponent.data(), c.public_exponent.size()) != 0)
        return nullptr;
    // check_pubkey: n odd and of a supported size, 3 <= e < n, e odd.
    if (mbedtls_rsa_complete(ctx->get()) != 0 || mbedtls_rsa_check_pubkey(ctx->get()) != 0) return nullptr;
    if (!in_range(*ctx)) return nullptr;
    return mbed::make_public_key(std::make_shared<mbed::rsa_core>(std::move(ctx)));
}

std::unique_ptr<rsa_private_key> generate_rsa(std::size_t bits, bytes_view public_exponent) {
    const auto e = internal::rsa_generation_exponent(bits, public_exponent);
    if (!e) return nullptr;
    auto ctx = std::make_unique<rsa_context>();
    if (mbedtls_rsa_gen_key(ctx->get(), mbed::rng, nullptr, static_cast<unsigned>(bits), *e) != 0)
        return nullptr;
    return mbed::make_private_key(std::make_shared<mbed::rsa_core>(std::move(ctx)));
}

} // namespace p11::crypto
