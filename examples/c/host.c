#include "host.h"

#include <stdlib.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/rsa.h>

int host_hash(const EVP_MD *md, const unsigned char *message, size_t len, unsigned char *out, size_t *out_len)
{
    unsigned int n = 0;
    if (!EVP_Digest(message, len, out, &n, md, NULL))
        return 0;
    *out_len = n;
    return 1;
}

/* PKCS #11 gives ECDSA signatures as r||s, halves of equal size; X.509
 * relying parties (OpenSSL among them) want SEQUENCE { r INTEGER, s INTEGER }. */
static unsigned char *ecdsa_der(const unsigned char *rs, size_t len, int *der_len)
{
    if (len == 0 || len % 2)
        return NULL;
    ECDSA_SIG *sig = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(rs, (int)(len / 2), NULL), *s = BN_bin2bn(rs + len / 2, (int)(len / 2), NULL);
    unsigned char *der = NULL;
    if (sig && r && s && ECDSA_SIG_set0(sig, r, s)) {
        r = s = NULL; /* the signature owns them now */
        *der_len = i2d_ECDSA_SIG(sig, &der);
        if (*der_len <= 0)
            der = NULL;
    }
    BN_free(r);
    BN_free(s);
    ECDSA_SIG_free(sig);
    return der;
}

int host_verify(X509 *cert, const EVP_MD *md, const unsigned char *message, size_t len,
                const unsigned char *signature, size_t signature_len)
{
    EVP_PKEY *key = X509_get0_pubkey(cert);
    if (!key)
        return -1;
    unsigned char *der = NULL;
    int der_len = 0;
    if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
        der = ecdsa_der(signature, signature_len, &der_len);
        if (!der)
            return 0; /* not two equal halves: no ECDSA signature */
        signature = der;
        signature_len = (size_t)der_len;
    }
    int valid = -1;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    /* RSA's default padding here is PKCS #1 v1.5, what CKM_*_RSA_PKCS make. */
    if (ctx && EVP_DigestVerifyInit(ctx, NULL, md, NULL, key) == 1) {
        /* A signature that does not even parse (< 0) is invalid, not unknown. */
        valid = EVP_DigestVerify(ctx, signature, signature_len, message, len) == 1;
    }
    EVP_MD_CTX_free(ctx);
    OPENSSL_free(der);
    return valid;
}

int host_encrypt(X509 *cert, const EVP_MD *oaep_md, const unsigned char *in, size_t len, unsigned char *out,
                 size_t *out_len)
{
    EVP_PKEY *key = X509_get0_pubkey(cert);
    if (!key || EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA)
        return 0;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(key, NULL);
    int ok = ctx && EVP_PKEY_encrypt_init(ctx) == 1;
    if (ok && oaep_md)
        ok = EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1 &&
             EVP_PKEY_CTX_set_rsa_oaep_md(ctx, oaep_md) == 1 && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, oaep_md) == 1;
    else if (ok)
        ok = EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING) == 1;
    ok = ok && EVP_PKEY_encrypt(ctx, out, out_len, in, len) == 1;
    EVP_PKEY_CTX_free(ctx);
    return ok;
}
