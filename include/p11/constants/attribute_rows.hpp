// CKA_: attribute types.
// X(identifier, NAME, value, since, deprecated, value_kind, rules)
// `rules` is an expression of p11::attribute_rule enumerators joined by |
// (constants/attribute_rules.hpp).
//
// The rules column records the footnotes of the specification's attribute
// tables.  An attribute that several classes define gets one row, so the row
// takes the class where the footnotes restrict callers most: a requirement,
// prohibition or secrecy outranks a mere permission to modify, and where no
// class restricts, the key classes' footnotes are kept.  That gives
//   - CKA_VALUE the secret/private key meaning (secret, never generated or
//     unwrapped), although data objects and certificates expose it;
//   - CKA_SUBJECT the certificate meaning and CKA_OBJECT_ID the domain
//     parameter meaning (required on create), although keys and data objects
//     may omit them;
//   - public components of a key pair (modulus, exponent, domain parameters)
//     the public-key meaning, because C_GenerateKeyPair takes them from the
//     public template.
// A provider's per-class schema relaxes these where its class is laxer.
// read_only marks values only the token may produce, so a validator can refuse
// them in any template.
//
// `since` is when the value first existed, under whatever name: a profile
// filters by value, and CKA_EC_PARAMS (2.11) is the 2.01 CKA_ECDSA_PARAMS.
// OTP attributes date from the 2.20 amendments, which count as 2.20 here.
#pragma once

#define P11_ATTRIBUTE_ROWS(X)                                                                                          \
    X(cls, CKA_CLASS, 0x00000000, v2_01, none, object_class, required_on_create)                                       \
    X(token, CKA_TOKEN, 0x00000001, v2_01, none, boolean, none)                                                        \
    X(private_, CKA_PRIVATE, 0x00000002, v2_01, none, boolean, token_default)                                          \
    X(label, CKA_LABEL, 0x00000003, v2_01, none, utf8, modifiable)                                                     \
    X(unique_id, CKA_UNIQUE_ID, 0x00000004, v3_0, none, utf8,                                                          \
      forbidden_on_create | forbidden_on_generate | forbidden_on_unwrap | read_only)                                   \
    X(application, CKA_APPLICATION, 0x00000010, v2_01, none, utf8, none)                                               \
    X(value, CKA_VALUE, 0x00000011, v2_01, none, bytes,                                                                \
      required_on_create | forbidden_on_generate | forbidden_on_unwrap | sensitive)                                    \
    X(object_id, CKA_OBJECT_ID, 0x00000012, v2_10, none, der, required_on_create)                                      \
    X(certificate_type, CKA_CERTIFICATE_TYPE, 0x00000080, v2_01, none, certificate_type, required_on_create)           \
    X(issuer, CKA_ISSUER, 0x00000081, v2_01, none, der, modifiable)                                                    \
    X(serial_number, CKA_SERIAL_NUMBER, 0x00000082, v2_01, none, der, modifiable)                                      \
    X(ac_issuer, CKA_AC_ISSUER, 0x00000083, v2_10, none, der, modifiable)                                              \
    X(owner, CKA_OWNER, 0x00000084, v2_10, none, der, required_on_create)                                              \
    X(attr_types, CKA_ATTR_TYPES, 0x00000085, v2_10, none, der, modifiable)                                            \
    X(trusted, CKA_TRUSTED, 0x00000086, v2_11, none, boolean, so_sets_true)                                            \
    X(certificate_category, CKA_CERTIFICATE_CATEGORY, 0x00000087, v2_20, none, certificate_category, none)             \
    X(java_midp_security_domain, CKA_JAVA_MIDP_SECURITY_DOMAIN, 0x00000088, v2_20, none, security_domain, none)        \
    X(url, CKA_URL, 0x00000089, v2_20, none, utf8, none)                                                               \
    X(hash_of_subject_public_key, CKA_HASH_OF_SUBJECT_PUBLIC_KEY, 0x0000008a, v2_20, none, bytes, none)                \
    X(hash_of_issuer_public_key, CKA_HASH_OF_ISSUER_PUBLIC_KEY, 0x0000008b, v2_20, none, bytes, none)                  \
    X(name_hash_algorithm, CKA_NAME_HASH_ALGORITHM, 0x0000008c, v2_40, none, mechanism_type, none)                     \
    X(check_value, CKA_CHECK_VALUE, 0x00000090, v2_20, none, bytes, none)                                              \
    X(key_type, CKA_KEY_TYPE, 0x00000100, v2_01, none, key_type, required_on_create | required_on_unwrap)              \
    X(subject, CKA_SUBJECT, 0x00000101, v2_01, none, der, required_on_create)                                          \
    X(id, CKA_ID, 0x00000102, v2_01, none, bytes, modifiable)                                                          \
    X(sensitive, CKA_SENSITIVE, 0x00000103, v2_01, none, boolean, modifiable | sticky_true)                            \
    X(encrypt, CKA_ENCRYPT, 0x00000104, v2_01, none, boolean, modifiable | token_default)                              \
    X(decrypt, CKA_DECRYPT, 0x00000105, v2_01, none, boolean, modifiable | token_default)                              \
    X(wrap, CKA_WRAP, 0x00000106, v2_01, none, boolean, modifiable | token_default)                                    \
    X(unwrap, CKA_UNWRAP, 0x00000107, v2_01, none, boolean, modifiable | token_default)                                \
    X(sign, CKA_SIGN, 0x00000108, v2_01, none, boolean, modifiable | token_default)                                    \
    X(sign_recover, CKA_SIGN_RECOVER, 0x00000109, v2_01, none, boolean, modifiable | token_default)                    \
    X(verify, CKA_VERIFY, 0x0000010a, v2_01, none, boolean, modifiable | token_default)                                \
    X(verify_recover, CKA_VERIFY_RECOVER, 0x0000010b, v2_01, none, boolean, modifiable | token_default)                \
    X(derive, CKA_DERIVE, 0x0000010c, v2_01, none, boolean, modifiable)                                                \
    X(start_date, CKA_START_DATE, 0x00000110, v2_01, none, date, modifiable)                                           \
    X(end_date, CKA_END_DATE, 0x00000111, v2_01, none, date, modifiable)                                               \
    X(modulus, CKA_MODULUS, 0x00000120, v2_01, none, big_integer, required_on_create | forbidden_on_generate)          \
    X(modulus_bits, CKA_MODULUS_BITS, 0x00000121, v2_01, none, ulong, forbidden_on_create | required_on_generate)      \
    X(public_exponent, CKA_PUBLIC_EXPONENT, 0x00000122, v2_01, none, big_integer, required_on_create)                  \
    X(private_exponent, CKA_PRIVATE_EXPONENT, 0x00000123, v2_01, none, big_integer,                                    \
      required_on_create | forbidden_on_generate | forbidden_on_unwrap | sensitive)                                    \
    X(prime_1, CKA_PRIME_1, 0x00000124, v2_01, none, big_integer,                                                      \
      forbidden_on_generate | forbidden_on_unwrap | sensitive)                                                         \
    X(prime_2, CKA_PRIME_2, 0x00000125, v2_01, none, big_integer,                                                      \
      forbidden_on_generate | forbidden_on_unwrap | sensitive)                                                         \
    X(exponent_1, CKA_EXPONENT_1, 0x00000126, v2_01, none, big_integer,                                                \
      forbidden_on_generate | forbidden_on_unwrap | sensitive)                                                         \
    X(exponent_2, CKA_EXPONENT_2, 0x00000127, v2_01, none, big_integer,                                                \
      forbidden_on_generate | forbidden_on_unwrap | sensitive)                                                         \
    X(coefficient, CKA_COEFFICIENT, 0x00000128, v2_01, none, big_integer,                                              \
      forbidden_on_generate | forbidden_on_unwrap | sensitive)                                                         \
    X(public_key_info, CKA_PUBLIC_KEY_INFO, 0x00000129, v2_40, none, der, none)                                        \
    X(prime, CKA_PRIME, 0x00000130, v2_01, none, big_integer, required_on_create | required_on_generate)               \
    X(subprime, CKA_SUBPRIME, 0x00000131, v2_01, none, big_integer, required_on_create | required_on_generate)         \
    X(base, CKA_BASE, 0x00000132, v2_01, none, big_integer, required_on_create | required_on_generate)                 \
    X(prime_bits, CKA_PRIME_BITS, 0x00000133, v2_11, none, ulong, forbidden_on_create | required_on_generate)          \
    X(subprime_bits, CKA_SUBPRIME_BITS, 0x00000134, v2_11, none, ulong, forbidden_on_create | required_on_generate)    \
    X(value_bits, CKA_VALUE_BITS, 0x00000160, v2_01, none, ulong, forbidden_on_create | forbidden_on_unwrap)           \
    X(value_len, CKA_VALUE_LEN, 0x00000161, v2_01, none, ulong,                                                        \
      forbidden_on_create | required_on_generate | forbidden_on_unwrap)                                                \
    X(extractable, CKA_EXTRACTABLE, 0x00000162, v2_01, none, boolean, modifiable | sticky_false)                       \
    X(local, CKA_LOCAL, 0x00000163, v2_01, none, boolean,                                                              \
      forbidden_on_create | forbidden_on_generate | forbidden_on_unwrap | read_only)                                   \
    X(never_extractable, CKA_NEVER_EXTRACTABLE, 0x00000164, v2_01, none, boolean,                                      \
      forbidden_on_create | forbidden_on_generate | forbidden_on_unwrap | read_only)                                   \
    X(always_sensitive, CKA_ALWAYS_SENSITIVE, 0x00000165, v2_01, none, boolean,                                        \
      forbidden_on_create | forbidden_on_generate | forbidden_on_unwrap | read_only)                                   \
    X(key_gen_mechanism, CKA_KEY_GEN_MECHANISM, 0x00000166, v2_11, none, mechanism_type,                               \
      forbidden_on_create | forbidden_on_generate | forbidden_on_unwrap | read_only)                                   \
    X(modifiable, CKA_MODIFIABLE, 0x00000170, v2_01, none, boolean, none)                                              \
    X(copyable, CKA_COPYABLE, 0x00000171, v2_30, none, boolean, sticky_false)                                          \
    X(destroyable, CKA_DESTROYABLE, 0x00000172, v2_40, none, boolean, none)                                            \
    X(ec_params, CKA_EC_PARAMS, 0x00000180, v2_01, none, der, required_on_create | required_on_generate)               \
    X(ec_point, CKA_EC_POINT, 0x00000181, v2_01, none, der, required_on_create | forbidden_on_generate)                \
    X(secondary_auth, CKA_SECONDARY_AUTH, 0x00000200, v2_10, v2_11, boolean, none)                                     \
    X(auth_pin_flags, CKA_AUTH_PIN_FLAGS, 0x00000201, v2_10, v2_11, ulong,                                             \
      forbidden_on_create | forbidden_on_generate | forbidden_on_unwrap | read_only)                                   \
    X(always_authenticate, CKA_ALWAYS_AUTHENTICATE, 0x00000202, v2_20, none, boolean, none)                            \
    X(wrap_with_trusted, CKA_WRAP_WITH_TRUSTED, 0x00000210, v2_20, none, boolean, sticky_true)                         \
    X(otp_format, CKA_OTP_FORMAT, 0x00000220, v2_20, none, otp_format, none)                                           \
    X(otp_length, CKA_OTP_LENGTH, 0x00000221, v2_20, none, ulong, token_default)                                       \
    X(otp_time_interval, CKA_OTP_TIME_INTERVAL, 0x00000222, v2_20, none, ulong, required_on_create)                    \
    X(otp_user_friendly_mode, CKA_OTP_USER_FRIENDLY_MODE, 0x00000223, v2_20, none, boolean, token_default)             \
    X(otp_challenge_requirement, CKA_OTP_CHALLENGE_REQUIREMENT, 0x00000224, v2_20, none, otp_requirement,              \
      token_default)                                                                                                   \
    X(otp_time_requirement, CKA_OTP_TIME_REQUIREMENT, 0x00000225, v2_20, none, otp_requirement, token_default)         \
    X(otp_counter_requirement, CKA_OTP_COUNTER_REQUIREMENT, 0x00000226, v2_20, none, otp_requirement, token_default)   \
    X(otp_pin_requirement, CKA_OTP_PIN_REQUIREMENT, 0x00000227, v2_20, none, otp_requirement, token_default)           \
    X(otp_user_identifier, CKA_OTP_USER_IDENTIFIER, 0x0000022a, v2_20, none, utf8, none)                               \
    X(otp_service_identifier, CKA_OTP_SERVICE_IDENTIFIER, 0x0000022b, v2_20, none, utf8, none)                         \
    X(otp_service_logo, CKA_OTP_SERVICE_LOGO, 0x0000022c, v2_20, none, bytes, none)                                    \
    X(otp_service_logo_type, CKA_OTP_SERVICE_LOGO_TYPE, 0x0000022d, v2_20, none, utf8, none)                           \
    X(otp_counter, CKA_OTP_COUNTER, 0x0000022e, v2_20, none, bytes, none)                                              \
    X(otp_time, CKA_OTP_TIME, 0x0000022f, v2_20, none, utf8, none)                                                     \
    X(gostr3410_params, CKA_GOSTR3410_PARAMS, 0x00000250, v2_30, none, der, required_on_create | required_on_generate) \
    X(gostr3411_params, CKA_GOSTR3411_PARAMS, 0x00000251, v2_30, none, der,                                            \
      required_on_create | required_on_generate | modifiable)                                                          \
    X(gost28147_params, CKA_GOST28147_PARAMS, 0x00000252, v2_30, none, der,                                            \
      required_on_create | required_on_generate | required_on_unwrap)                                                  \
    X(hw_feature_type, CKA_HW_FEATURE_TYPE, 0x00000300, v2_10, none, hw_feature_type, required_on_create)              \
    X(reset_on_init, CKA_RESET_ON_INIT, 0x00000301, v2_10, none, boolean, read_only)                                   \
    X(has_reset, CKA_HAS_RESET, 0x00000302, v2_10, none, boolean, read_only)                                           \
    X(pixel_x, CKA_PIXEL_X, 0x00000400, v2_20, none, ulong, none)                                                      \
    X(pixel_y, CKA_PIXEL_Y, 0x00000401, v2_20, none, ulong, none)                                                      \
    X(resolution, CKA_RESOLUTION, 0x00000402, v2_20, none, ulong, none)                                                \
    X(char_rows, CKA_CHAR_ROWS, 0x00000403, v2_20, none, ulong, none)                                                  \
    X(char_columns, CKA_CHAR_COLUMNS, 0x00000404, v2_20, none, ulong, none)                                            \
    X(color, CKA_COLOR, 0x00000405, v2_20, none, boolean, none)                                                        \
    X(bits_per_pixel, CKA_BITS_PER_PIXEL, 0x00000406, v2_20, none, ulong, none)                                        \
    X(char_sets, CKA_CHAR_SETS, 0x00000480, v2_20, none, utf8, none)                                                   \
    X(encoding_methods, CKA_ENCODING_METHODS, 0x00000481, v2_20, none, utf8, none)                                     \
    X(mime_types, CKA_MIME_TYPES, 0x00000482, v2_20, none, utf8, none)                                                 \
    X(mechanism_type, CKA_MECHANISM_TYPE, 0x00000500, v2_20, none, mechanism_type, none)                               \
    X(required_cms_attributes, CKA_REQUIRED_CMS_ATTRIBUTES, 0x00000501, v2_20, none, der, none)                        \
    X(default_cms_attributes, CKA_DEFAULT_CMS_ATTRIBUTES, 0x00000502, v2_20, none, der, none)                          \
    X(supported_cms_attributes, CKA_SUPPORTED_CMS_ATTRIBUTES, 0x00000503, v2_20, none, der, none)                      \
    X(profile_id, CKA_PROFILE_ID, 0x00000601, v3_0, none, profile_id, none)                                            \
    X(x2ratchet_bag, CKA_X2RATCHET_BAG, 0x00000602, v3_0, none, bytes, none)                                           \
    X(x2ratchet_bagsize, CKA_X2RATCHET_BAGSIZE, 0x00000603, v3_0, none, ulong, none)                                   \
    X(x2ratchet_bobs1stmsg, CKA_X2RATCHET_BOBS1STMSG, 0x00000604, v3_0, none, boolean, none)                           \
    X(x2ratchet_ckr, CKA_X2RATCHET_CKR, 0x00000605, v3_0, none, bytes, none)                                           \
    X(x2ratchet_cks, CKA_X2RATCHET_CKS, 0x00000606, v3_0, none, bytes, none)                                           \
    X(x2ratchet_dhp, CKA_X2RATCHET_DHP, 0x00000607, v3_0, none, bytes, none)                                           \
    X(x2ratchet_dhr, CKA_X2RATCHET_DHR, 0x00000608, v3_0, none, bytes, none)                                           \
    X(x2ratchet_dhs, CKA_X2RATCHET_DHS, 0x00000609, v3_0, none, bytes, none)                                           \
    X(x2ratchet_hkr, CKA_X2RATCHET_HKR, 0x0000060a, v3_0, none, bytes, none)                                           \
    X(x2ratchet_hks, CKA_X2RATCHET_HKS, 0x0000060b, v3_0, none, bytes, none)                                           \
    X(x2ratchet_isalice, CKA_X2RATCHET_ISALICE, 0x0000060c, v3_0, none, boolean, none)                                 \
    X(x2ratchet_nhkr, CKA_X2RATCHET_NHKR, 0x0000060d, v3_0, none, bytes, none)                                         \
    X(x2ratchet_nhks, CKA_X2RATCHET_NHKS, 0x0000060e, v3_0, none, bytes, none)                                         \
    X(x2ratchet_nr, CKA_X2RATCHET_NR, 0x0000060f, v3_0, none, ulong, none)                                             \
    X(x2ratchet_ns, CKA_X2RATCHET_NS, 0x00000610, v3_0, none, ulong, none)                                             \
    X(x2ratchet_pns, CKA_X2RATCHET_PNS, 0x00000611, v3_0, none, ulong, none)                                           \
    X(x2ratchet_rk, CKA_X2RATCHET_RK, 0x00000612, v3_0, none, bytes, none)                                             \
    X(hss_levels, CKA_HSS_LEVELS, 0x00000617, v3_1, none, ulong, none)                                                 \
    X(hss_lms_type, CKA_HSS_LMS_TYPE, 0x00000618, v3_1, none, ulong, none)                                             \
    X(hss_lmots_type, CKA_HSS_LMOTS_TYPE, 0x00000619, v3_1, none, ulong, none)                                         \
    X(hss_lms_types, CKA_HSS_LMS_TYPES, 0x0000061a, v3_1, none, ulong_array, none)                                           \
    X(hss_lmots_types, CKA_HSS_LMOTS_TYPES, 0x0000061b, v3_1, none, ulong_array, none)                                       \
    X(hss_keys_remaining, CKA_HSS_KEYS_REMAINING, 0x0000061c, v3_1, none, ulong, read_only)                            \
    X(parameter_set, CKA_PARAMETER_SET, 0x0000061d, v3_2, none, ulong, none)                                           \
    X(object_validation_flags, CKA_OBJECT_VALIDATION_FLAGS, 0x0000061e, v3_2, none, ulong, read_only)                  \
    X(validation_type, CKA_VALIDATION_TYPE, 0x0000061f, v3_2, none, ulong, none)                                       \
    X(validation_version, CKA_VALIDATION_VERSION, 0x00000620, v3_2, none, version, none)                                 \
    X(validation_level, CKA_VALIDATION_LEVEL, 0x00000621, v3_2, none, ulong, none)                                     \
    X(validation_module_id, CKA_VALIDATION_MODULE_ID, 0x00000622, v3_2, none, utf8, none)                              \
    X(validation_flag, CKA_VALIDATION_FLAG, 0x00000623, v3_2, none, ulong, none)                                       \
    X(validation_authority_type, CKA_VALIDATION_AUTHORITY_TYPE, 0x00000624, v3_2, none, ulong, none)                   \
    X(validation_country, CKA_VALIDATION_COUNTRY, 0x00000625, v3_2, none, utf8, none)                                  \
    X(validation_certificate_identifier, CKA_VALIDATION_CERTIFICATE_IDENTIFIER, 0x00000626, v3_2, none, utf8, none)    \
    X(validation_certificate_uri, CKA_VALIDATION_CERTIFICATE_URI, 0x00000627, v3_2, none, utf8, none)                  \
    X(validation_vendor_uri, CKA_VALIDATION_VENDOR_URI, 0x00000628, v3_2, none, utf8, none)                            \
    X(validation_profile, CKA_VALIDATION_PROFILE, 0x00000629, v3_2, none, utf8, none)                                  \
    X(encapsulate_template, CKA_ENCAPSULATE_TEMPLATE, 0x0000062a, v3_2, none, attribute_array, none)                   \
    X(decapsulate_template, CKA_DECAPSULATE_TEMPLATE, 0x0000062b, v3_2, none, attribute_array, none)                   \
    X(trust_server_auth, CKA_TRUST_SERVER_AUTH, 0x0000062c, v3_2, none, ulong, none)                                   \
    X(trust_client_auth, CKA_TRUST_CLIENT_AUTH, 0x0000062d, v3_2, none, ulong, none)                                   \
    X(trust_code_signing, CKA_TRUST_CODE_SIGNING, 0x0000062e, v3_2, none, ulong, none)                                 \
    X(trust_email_protection, CKA_TRUST_EMAIL_PROTECTION, 0x0000062f, v3_2, none, ulong, none)                         \
    X(trust_ipsec_ike, CKA_TRUST_IPSEC_IKE, 0x00000630, v3_2, none, ulong, none)                                       \
    X(trust_time_stamping, CKA_TRUST_TIME_STAMPING, 0x00000631, v3_2, none, ulong, none)                               \
    X(trust_ocsp_signing, CKA_TRUST_OCSP_SIGNING, 0x00000632, v3_2, none, ulong, none)                                 \
    X(encapsulate, CKA_ENCAPSULATE, 0x00000633, v3_2, none, boolean, modifiable | token_default)                       \
    X(decapsulate, CKA_DECAPSULATE, 0x00000634, v3_2, none, boolean, modifiable | token_default)                       \
    X(hash_of_certificate, CKA_HASH_OF_CERTIFICATE, 0x00000635, v3_2, none, bytes, none)                               \
    X(public_crc64_value, CKA_PUBLIC_CRC64_VALUE, 0x00000636, v3_2, none, bytes, none)                                 \
    X(seed, CKA_SEED, 0x00000637, v3_2, none, bytes, sensitive)                                                        \
    X(wrap_template, CKA_WRAP_TEMPLATE, 0x40000211, v2_20, none, attribute_array, none)                                \
    X(unwrap_template, CKA_UNWRAP_TEMPLATE, 0x40000212, v2_20, none, attribute_array, none)                            \
    X(derive_template, CKA_DERIVE_TEMPLATE, 0x40000213, v2_40, none, attribute_array, none)                            \
    X(allowed_mechanisms, CKA_ALLOWED_MECHANISMS, 0x40000600, v2_20, none, mechanism_array, none)                      \
    X(vendor_defined, CKA_VENDOR_DEFINED, 0x80000000, v2_01, none, bytes, none)

// A second name for a value that already has a row.
#define P11_ATTRIBUTE_ALIASES(A)                                      \
    A(ecdsa_params, CKA_ECDSA_PARAMS, ec_params, v2_01, v2_11)        \
    A(sub_prime_bits, CKA_SUB_PRIME_BITS, subprime_bits, v2_11, none)
