// The PKCS #11 objects of one certificate of the directory: the certificate,
// its public key and, when the directory has the key, the private key, all
// with the same CKA_ID and CKA_LABEL so that clients pair them.
#pragma once

#include <optional>

#include <p11/attributes/attribute_set.hpp>

#include "files.hpp"

namespace pem {

struct objects {
    p11::attribute_set certificate;
    p11::attribute_set public_key;
    std::optional<p11::attribute_set> private_key;
};

// nullopt for a certificate whose key is neither RSA nor EC.
std::optional<objects> objects_of(const entry& e);

} // namespace pem
