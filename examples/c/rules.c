#include "rules.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509v3.h>

const char *operation_name(enum operation op)
{
    return op == OPERATION_SIGN ? "signing" : "decryption";
}

int rules_reject(const struct certificate *c, enum operation op, const struct filters *f, char *why, size_t size)
{
    /* RFC 5280 4.2.1.3; without the extension the key may be used for anything. */
    const uint32_t wanted = op == OPERATION_SIGN ? KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION
                                                 : KU_KEY_ENCIPHERMENT | KU_DATA_ENCIPHERMENT;
    const uint32_t usage = X509_get_key_usage(c->x509);
    if (usage != UINT32_MAX && !(usage & wanted))
        return snprintf(why, size, "key usage does not allow %s", operation_name(op)), 1;
    /* 0 from the comparison means a time OpenSSL cannot read: not valid either. */
    const int after_start = X509_cmp_current_time(X509_get0_notBefore(c->x509));
    const int after_end = X509_cmp_current_time(X509_get0_notAfter(c->x509));
    if (after_start >= 0)
        return snprintf(why, size, "not valid yet (from %s)", c->not_before), 1;
    if (after_end <= 0)
        return snprintf(why, size, "expired (%s)", c->not_after), 1;
    if (f->issuer_contains && !strstr(c->issuer, f->issuer_contains))
        return snprintf(why, size, "issuer does not contain \"%s\"", f->issuer_contains), 1;
    if (f->subject_contains && !strstr(c->subject, f->subject_contains))
        return snprintf(why, size, "subject does not contain \"%s\"", f->subject_contains), 1;
    if (!c->has_private_key)
        return snprintf(why, size, "no private key with the certificate's CKA_ID or public key on the token"), 1;
    if (op == OPERATION_DECRYPT && c->key_type != EVP_PKEY_RSA)
        return snprintf(why, size, "not an RSA key: this demo encrypts with RSA only"), 1;
    return 0;
}
