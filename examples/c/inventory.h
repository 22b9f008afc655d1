/* Steps a) and b) of the seed's flow: every slot, a session on every slot
 * with a token, and every certificate there with its key pair — matched by
 * CKA_ID, as PKCS #11 applications are told to, else by the public key. */
#ifndef SEED_DEMO_INVENTORY_H
#define SEED_DEMO_INVENTORY_H

#include <stddef.h>

#include <openssl/x509.h>
#include <p11-kit/pkcs11.h>

#include "pin.h"

struct token {
    CK_SLOT_ID slot;
    char label[33];
    CK_SESSION_HANDLE session;
    int session_open;
    struct pin pin; /* kept for keys that ask again (CKA_ALWAYS_AUTHENTICATE) */
    CK_MECHANISM_TYPE *mechanisms;
    CK_ULONG mechanism_count;
};

struct certificate {
    struct token *token;
    char *label;
    X509 *x509;
    int key_type; /* EVP_PKEY_RSA, EVP_PKEY_EC, or another: from the certificate */
    char subject[256], issuer[256];
    char not_before[16], not_after[16]; /* YYYY-MM-DD, UTC */
    int has_private_key, has_public_key;
    CK_OBJECT_HANDLE private_key, public_key;
    int matched_by_public_key; /* no private key shares the certificate's CKA_ID */
    int always_authenticate;
};

struct inventory {
    struct token *tokens;
    size_t token_count;
    struct certificate *certificates;
    size_t certificate_count;
};

struct scope {
    int one_slot; /* only `slot` gets a session; the others are listed */
    CK_SLOT_ID slot;
    const char *pin; /* NULL: $SEED_DEMO_PIN, keypad or asked */
};

/* 0 on success; else the step that failed is printed. */
int inventory_collect(struct inventory *inv, const struct scope *where);
void inventory_list(const struct inventory *inv);
void inventory_free(struct inventory *inv);

/* Whether the token lists `m` with every flag in `needed` (CKF_SIGN ...). */
int token_offers(const struct token *t, CK_MECHANISM_TYPE m, CK_FLAGS needed);

#endif
