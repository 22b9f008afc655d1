// OpenSSL's objects with their owners' deleters, and DER encoding into the
// byte vectors attributes take.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace pem {

template <class T, void (*Free)(T*)>
struct freer {
    void operator()(T* p) const { Free(p); }
};
using x509_ptr = std::unique_ptr<X509, freer<X509, X509_free>>;
using pkey_ptr = std::unique_ptr<EVP_PKEY, freer<EVP_PKEY, EVP_PKEY_free>>;
using md_ctx_ptr = std::unique_ptr<EVP_MD_CTX, freer<EVP_MD_CTX, EVP_MD_CTX_free>>;
using pkey_ctx_ptr = std::unique_ptr<EVP_PKEY_CTX, freer<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;

// Any i2d_ function's output: empty when it fails.
template <class T>
std::vector<std::uint8_t> der(int (*i2d)(T*, unsigned char**), T* object) {
    const int n = i2d(object, nullptr);
    if (n <= 0) return {};
    std::vector<std::uint8_t> out(static_cast<std::size_t>(n));
    unsigned char* p = out.data();
    i2d(object, &p);
    return out;
}

} // namespace pem
