// Private key objects as PKCS #8 PrivateKeyInfo (RSA, EC, Edwards and
// Montgomery keys), for wrapping and unwrapping them.
#pragma once

#include "mech/key_material.hpp"

namespace p11::mech {

// The key's PrivateKeyInfo DER.  CKR_KEY_NOT_WRAPPABLE for a key type
// without one (or material the backend cannot load), CKR_USER_NOT_LOGGED_IN
// while its sensitive values are still encrypted at rest.
result<secure_bytes> private_key_info_of(const object& key);

// The attributes of the private key in `der`, added to the unwrap template
// `key`: CKR_WRAPPED_KEY_INVALID for a malformed blob or values that do not
// form a key, CKR_TEMPLATE_INCONSISTENT when the template's CKA_KEY_TYPE is
// not the blob's, CKR_CURVE_NOT_SUPPORTED for a curve the backend lacks.
result<attribute_set> private_key_from_info(bytes_view der, attribute_set key);

} // namespace p11::mech
