#include "key_match.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include "p11.h"

struct wanted {
    unsigned char *modulus; /* RSA, without leading zeros */
    int modulus_len;
    const unsigned char *point; /* EC, as in the certificate's BIT STRING */
    int point_len;
    unsigned char *spki; /* the whole SubjectPublicKeyInfo, DER */
    int spki_len;
};

static const unsigned char *skip_zeros(const unsigned char *b, CK_ULONG *len)
{
    while (*len > 0 && *b == 0) {
        b++;
        (*len)--;
    }
    return b;
}

static int same(const unsigned char *a, CK_ULONG a_len, const unsigned char *b, int b_len)
{
    return b_len >= 0 && a_len == (CK_ULONG)b_len && memcmp(a, b, a_len) == 0;
}

/* CKA_EC_POINT is a DER OCTET STRING around the point, though some modules
 * give it bare: both readings are tried. */
static int same_point(const unsigned char *attr, CK_ULONG len, const struct wanted *w)
{
    if (same(attr, len, w->point, w->point_len))
        return 1;
    if (len < 2 || attr[0] != 0x04)
        return 0;
    CK_ULONG header = 2, body = attr[1];
    if (attr[1] == 0x81 && len >= 3) {
        header = 3;
        body = attr[2];
    }
    return header + body == len && same(attr + header, body, w->point, w->point_len);
}

static int holds(CK_SESSION_HANDLE s, CK_OBJECT_HANDLE h, const struct wanted *w)
{
    CK_ULONG len = 0;
    unsigned char *value;
    int match = 0;
    if (w->modulus) {
        if ((value = get_attribute(s, h, CKA_MODULUS, &len))) {
            const unsigned char *n = skip_zeros(value, &len);
            match = same(n, len, w->modulus, w->modulus_len);
            free(value);
        }
        return match;
    }
    if ((value = get_attribute(s, h, CKA_EC_POINT, &len))) {
        match = same_point(value, len, w);
        free(value);
        return match;
    }
    /* Private EC keys carry no point; 2.40 modules give them the SPKI instead. */
    if ((value = get_attribute(s, h, CKA_PUBLIC_KEY_INFO, &len))) {
        match = same(value, len, w->spki, w->spki_len);
        free(value);
    }
    return match;
}

static int describe(X509 *cert, struct wanted *w)
{
    memset(w, 0, sizeof *w);
    EVP_PKEY *key = X509_get0_pubkey(cert);
    if (!key)
        return 0;
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
        BIGNUM *n = NULL;
        if (!EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_RSA_N, &n))
            return 0;
        w->modulus_len = BN_num_bytes(n);
        w->modulus = malloc(w->modulus_len > 0 ? (size_t)w->modulus_len : 1);
        if (w->modulus)
            BN_bn2bin(n, w->modulus);
        BN_free(n);
        return w->modulus != NULL;
    }
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
        const ASN1_BIT_STRING *bits = X509_get0_pubkey_bitstr(cert);
        if (!bits)
            return 0;
        w->point = ASN1_STRING_get0_data(bits);
        w->point_len = ASN1_STRING_length(bits);
        w->spki_len = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert), &w->spki);
        return 1;
    }
    return 0;
}

int find_by_public_key(CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls, X509 *cert, CK_OBJECT_HANDLE *found)
{
    struct wanted w;
    int match = 0;
    if (describe(cert, &w)) {
        CK_ATTRIBUTE tmpl[] = {{CKA_CLASS, &cls, sizeof cls}};
        CK_OBJECT_HANDLE *handles;
        CK_ULONG count;
        if (find_objects(s, tmpl, 1, &handles, &count) == CKR_OK) {
            for (CK_ULONG i = 0; i < count && !match; i++)
                if (holds(s, handles[i], &w)) {
                    *found = handles[i];
                    match = 1;
                }
            free(handles);
        }
    }
    free(w.modulus);
    OPENSSL_free(w.spki);
    return match;
}
