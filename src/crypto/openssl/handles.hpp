// Owning pointers for the OpenSSL objects we use.  Each deleter is the
// object's own free function; those of objects that can hold secrets
// (BN_clear_free, EVP_PKEY_free on a key, the *_CTX_free of ciphers, MACs
// and digests) wipe the memory they release.
#pragma once

#include <memory>

#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>

namespace p11::crypto::ossl {

template <class T, void (*Free)(T*)>
struct deleter {
    void operator()(T* p) const noexcept { Free(p); }
};
template <class T, void (*Free)(T*)>
using handle = std::unique_ptr<T, deleter<T, Free>>;

using bignum = handle<BIGNUM, BN_clear_free>;
using bn_ctx = handle<BN_CTX, BN_CTX_free>;
using pkey = handle<EVP_PKEY, EVP_PKEY_free>;
using pkey_ctx = handle<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using md_ctx = handle<EVP_MD_CTX, EVP_MD_CTX_free>;
using cipher_ctx = handle<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;
using mac_ctx = handle<EVP_MAC_CTX, EVP_MAC_CTX_free>;
using param_bld = handle<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using params = handle<OSSL_PARAM, OSSL_PARAM_free>;
using ec_group = handle<EC_GROUP, EC_GROUP_free>;
using ec_point = handle<EC_POINT, EC_POINT_free>;
using x509 = handle<X509, X509_free>;

} // namespace p11::crypto::ossl
