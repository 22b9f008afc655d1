/* The second way to find a certificate's key: by the public key itself, for
 * tokens whose objects do not share a CKA_ID (written by different tools, or
 * an ID lost on import).  RSA keys are compared by modulus, which private
 * keys expose too; EC keys by point (public keys) or CKA_PUBLIC_KEY_INFO. */
#ifndef SEED_DEMO_KEY_MATCH_H
#define SEED_DEMO_KEY_MATCH_H

#include <openssl/x509.h>
#include <p11-kit/pkcs11.h>

/* 1 and *found set when an object of class `cls` holds the certificate's key. */
int find_by_public_key(CK_SESSION_HANDLE s, CK_OBJECT_CLASS cls, X509 *cert, CK_OBJECT_HANDLE *found);

#endif
