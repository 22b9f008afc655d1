/* What became of one operation of the demo: a row of the summary table. */
#ifndef SEED_DEMO_OUTCOME_H
#define SEED_DEMO_OUTCOME_H

enum outcome_state { OUTCOME_SKIPPED, OUTCOME_OK, OUTCOME_FAILED };

struct outcome {
    enum outcome_state state;
    char detail[240];
};

void outcome_set(struct outcome *o, enum outcome_state state, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
const char *outcome_name(enum outcome_state state);

#endif
