/* Step d) of the seed's flow: one candidate is taken; several are offered in
 * a numbered dialog on a terminal (asking again after a bad answer), or
 * chosen by number for scripts.  Without a terminal and without a choice the
 * answer is an error: a guess could sign with the wrong identity. */
#ifndef SEED_DEMO_CHOICE_H
#define SEED_DEMO_CHOICE_H

#include <stddef.h>

#include "inventory.h"

/* The chosen one, or NULL with the reason in `why`.  `number` is 1-based,
 * 0 when none was given; `option` names where a number comes from. */
const struct certificate *choose(const struct certificate *const *offered, size_t count, unsigned long number,
                                 const char *option, char *why, size_t size);

#endif
