// The signatures the PEM token makes with OpenSSL: RSA PKCS #1 v1.5 and
// ECDSA, on a digest the caller made (CKM_RSA_PKCS, CKM_ECDSA) or hashing
// the data itself (CKM_SHA*_RSA_PKCS, CKM_ECDSA_SHA*).
#pragma once

#include <memory>
#include <span>

#include <p11/provider/operations.hpp>
#include <p11/provider/token.hpp>

#include "openssl.hpp"

namespace pem {

std::span<const p11::provider::mechanism_entry> mechanisms();

// The framework has checked that `mechanism` is listed and fits the key's type.
p11::result<std::unique_ptr<p11::provider::sign_operation>> begin_sign(p11::mechanism_type mechanism,
                                                                       std::shared_ptr<EVP_PKEY> key);

} // namespace pem
