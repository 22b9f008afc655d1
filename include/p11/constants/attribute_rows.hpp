// CKA_: attribute types.
// X(identifier, NAME, value, since, deprecated, value_kind, policy)
// `policy` is an expression of p11::attribute_policy enumerators joined by |.
#pragma once

#define P11_ATTRIBUTE_ROWS(X)                                                                              \
    X(cls, CKA_CLASS, 0x00000000, v2_01, none, object_class, required_on_create)                        \
    X(token, CKA_TOKEN, 0x00000001, v2_01, none, boolean, none)                                           \
    X(private_, CKA_PRIVATE, 0x00000002, v2_01, none, boolean, none)                                      \
    X(label, CKA_LABEL, 0x00000003, v2_01, none, utf8, modifiable)                                        \
    X(value, CKA_VALUE, 0x00000011, v2_01, none, bytes,                                                   \
      required_on_create | forbidden_on_generate | forbidden_on_unwrap | sensitive)                       \
    X(key_type, CKA_KEY_TYPE, 0x00000100, v2_01, none, key_type, required_on_create | required_on_unwrap) \
    X(id, CKA_ID, 0x00000102, v2_01, none, bytes, modifiable)                                             \
    X(sign, CKA_SIGN, 0x00000108, v2_01, none, boolean, modifiable | token_default)                       \
    X(modulus, CKA_MODULUS, 0x00000120, v2_01, none, big_integer, required_on_create | forbidden_on_generate) \
    X(wrap_template, CKA_WRAP_TEMPLATE, 0x40000211, v2_20, none, attribute_array, none)                   \
    X(allowed_mechanisms, CKA_ALLOWED_MECHANISMS, 0x40000600, v2_20, none, mechanism_array, none)         \
    X(vendor_defined, CKA_VENDOR_DEFINED, 0x80000000, v2_01, none, bytes, none)

#define P11_ATTRIBUTE_ALIASES(A)
