// The directory the PEM token serves: NAME.crt (a PEM certificate) and, for
// the certificates whose key it has, NAME.key (the private key as PKCS #8
// encrypted with the user PIN: `openssl pkcs8 -topk8 -v2 aes-256-cbc`).
// A key file that is not encrypted is not served: the PIN is what guards it.
#pragma once

#include <string>
#include <vector>

#include "openssl.hpp"

namespace pem {

struct entry {
    std::string name;      // the file name without .crt: the objects' CKA_LABEL
    x509_ptr certificate;
    std::string key_path;  // empty when there is no usable NAME.key
};

// The entries in name order; unreadable certificates are left out.
std::vector<entry> read_directory(const std::string& directory);

// The key of `path` decrypted with `pin`; nullptr when the PIN does not open it.
pkey_ptr read_key(const std::string& path, const std::string& pin);

} // namespace pem
