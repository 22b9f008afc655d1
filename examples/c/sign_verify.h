/* Step e), signing: the mechanism is the best the token lists — a hash and
 * signature in one where offered, else the bare signature over a hash the
 * application makes (for RSA wrapped in a DigestInfo, as PKCS #1 wants).
 * The signature is verified on the token with the public key object when
 * there is one, and always on the host against the certificate, as a
 * relying party would. */
#ifndef SEED_DEMO_SIGN_VERIFY_H
#define SEED_DEMO_SIGN_VERIFY_H

#include <stddef.h>

#include "inventory.h"
#include "outcome.h"

/* The signature made, for a relying party's own check (malloc'd; NULL: none). */
struct signature {
    unsigned char *bytes;
    size_t len;
};

struct outcome sign_and_verify(const struct certificate *c, const unsigned char *message, size_t len,
                               struct signature *made);

#endif
