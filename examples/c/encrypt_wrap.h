/* Step e), encryption: a message encrypted to the certificate's key and
 * decrypted by its private key, then an AES key wrapped and unwrapped with
 * the same RSA mechanism — RSA-OAEP with SHA-256 where the token takes it,
 * else with SHA-1 (SoftHSMv2 2.6), else PKCS #1 v1.5. */
#ifndef SEED_DEMO_ENCRYPT_WRAP_H
#define SEED_DEMO_ENCRYPT_WRAP_H

#include <stddef.h>

#include "inventory.h"
#include "outcome.h"

void encrypt_and_wrap(const struct certificate *c, const unsigned char *message, size_t len,
                      struct outcome *encrypt_decrypt, struct outcome *wrap_unwrap);

#endif
