/* Step c) of the seed's flow: the rules a real application applies before it
 * offers a certificate for an operation.  A rejection carries its reason, so
 * that the user sees why a certificate is not offered. */
#ifndef SEED_DEMO_RULES_H
#define SEED_DEMO_RULES_H

#include <stddef.h>

#include "inventory.h"

enum operation { OPERATION_SIGN, OPERATION_DECRYPT };

const char *operation_name(enum operation op);

struct filters {
    const char *issuer_contains, *subject_contains; /* NULL: any */
};

/* 1 and the reason in `why` when `c` may not be offered for `op`. */
int rules_reject(const struct certificate *c, enum operation op, const struct filters *f, char *why, size_t size);

#endif
