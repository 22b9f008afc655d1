/* What the application does on the host, with OpenSSL's libcrypto, beside
 * the token: hashing for tokens that sign a hash only, a relying party's
 * check of a signature against the certificate, and encryption to the
 * certificate's key where the token holds no public key object. */
#ifndef SEED_DEMO_HOST_H
#define SEED_DEMO_HOST_H

#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

/* 1 and the hash in `out` (EVP_MAX_MD_SIZE bytes) on success. */
int host_hash(const EVP_MD *md, const unsigned char *message, size_t len, unsigned char *out, size_t *out_len);

/* 1 valid, 0 invalid, -1 not checkable.  `signature` as PKCS #11 gives it:
 * for ECDSA r||s, which is turned into DER here. */
int host_verify(X509 *cert, const EVP_MD *md, const unsigned char *message, size_t len,
                const unsigned char *signature, size_t signature_len);

/* RSA encryption to the certificate's key: OAEP with `oaep_md` (MGF1 with the
 * same hash), or PKCS #1 v1.5 when `oaep_md` is NULL.  1 on success;
 * *out_len is the room in `out` on entry (the modulus' size at least). */
int host_encrypt(X509 *cert, const EVP_MD *oaep_md, const unsigned char *in, size_t len, unsigned char *out,
                 size_t *out_len);

#endif
