#include "outcome.h"

#include <stdarg.h>
#include <stdio.h>

void outcome_set(struct outcome *o, enum outcome_state state, const char *format, ...)
{
    o->state = state;
    va_list args;
    va_start(args, format);
    vsnprintf(o->detail, sizeof o->detail, format, args);
    va_end(args);
}

const char *outcome_name(enum outcome_state state)
{
    return state == OUTCOME_OK ? "ok" : state == OUTCOME_SKIPPED ? "skipped" : "FAILED";
}
