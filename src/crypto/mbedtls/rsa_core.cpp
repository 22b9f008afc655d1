#include "crypto/mbedtls/rsa_core.hpp"

#include <cstring>

#include "crypto/mbedtls/support.hpp"

namespace p11::crypto::mbed {

namespace {

std::unique_ptr<rsa_context> clone(const mbedtls_rsa_context& src) {
    auto ctx = std::make_unique<rsa_context>();
    if (mbedtls_rsa_copy(ctx->get(), &src) != 0) return nullptr;
    return ctx;
}

} // namespace

rsa_core::rsa_core(std::unique_ptr<rsa_context> master)
    : master_(std::move(master)),
      bits_(mbedtls_mpi_bitlen(&master_->v.N)),
      pool_([this] { return clone(master_->v); }) {}

rsa_public_components rsa_public_ops::public_components() const {
    const auto& m = core_->master();
    return {write_mpi(m.N), write_mpi(m.E)};
}

status rsa_public_ops::raw(bytes_view block, byte* out) const {
    const std::size_t k = core_->size();
    if (block.size() > k) return status::invalid_input;
    bytes in(k, 0);
    if (!block.empty()) std::memcpy(in.data() + (k - block.size()), block.data(), block.size());
    auto ctx = core_->acquire();
    if (!ctx) return status::internal;
    const int ret = mbedtls_rsa_public(ctx->get(), in.data(), out);
    if (ret == 0) return status::ok;
    return ret == MBEDTLS_ERR_RSA_PUBLIC_FAILED + MBEDTLS_ERR_MPI_BAD_INPUT_DATA ? status::invalid_input
                                                                                : status::internal;
}

std::shared_ptr<rsa_core> public_core_of(const mbedtls_rsa_context& src) {
    auto ctx = std::make_unique<rsa_context>();
    if (mbedtls_rsa_import(ctx->get(), &src.N, nullptr, nullptr, nullptr, &src.E) != 0) return nullptr;
    if (mbedtls_rsa_complete(ctx->get()) != 0) return nullptr;
    return std::make_shared<rsa_core>(std::move(ctx));
}

} // namespace p11::crypto::mbed
