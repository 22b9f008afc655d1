// Which attributes of an object may rest in clear.  A private object keeps
// nothing in clear.  A public object keeps everything in clear except the
// values the CKA_ table marks `sensitive` (CKA_VALUE, private RSA/EC
// components, ...) on classes that carry key material; the table records
// that rule with the key classes' meaning, so a certificate's or a data
// object's CKA_VALUE (public by nature, and read before any login) stays in
// clear.  An unknown or vendor class is treated as carrying key material.
#pragma once

#include "p11/attributes/attribute_set.hpp"

namespace p11::store::detail {

// CKA_PRIVATE; when absent, the classes that hold secrets default to private
// (the safe reading of the spec's "token-specific" default).
[[nodiscard]] bool is_private_object(const attribute_set& a);

[[nodiscard]] bool is_secret_attribute(const attribute_set& object, attribute_type t);

struct split_attributes {
    attribute_set clear;
    attribute_set secret;
};
[[nodiscard]] split_attributes split_for_storage(const attribute_set& a, bool is_private);
[[nodiscard]] attribute_set merge(const attribute_set& clear, const attribute_set& secret);

} // namespace p11::store::detail
