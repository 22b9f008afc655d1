#define _POSIX_C_SOURCE 200809L
#include "choice.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct certificate *ask(const struct certificate *const *offered, size_t count, char *why, size_t size)
{
    for (;;) {
        printf("choose a certificate (1-%zu): ", count);
        fflush(stdout);
        char line[64];
        if (!fgets(line, sizeof line, stdin)) {
            snprintf(why, size, "no answer (end of input)");
            return NULL;
        }
        line[strcspn(line, "\r\n")] = '\0';
        char *end = NULL;
        const unsigned long n = strtoul(line, &end, 10);
        if (end != line && *end == '\0' && n >= 1 && n <= count)
            return offered[n - 1];
        printf("\"%s\" is not one of 1-%zu\n", line, count);
    }
}

const struct certificate *choose(const struct certificate *const *offered, size_t count, unsigned long number,
                                 const char *option, char *why, size_t size)
{
    if (count == 0) {
        snprintf(why, size, "no certificate passes the rules");
        return NULL;
    }
    if (number) {
        if (number <= count)
            return offered[number - 1];
        snprintf(why, size, "%s %lu: only %zu certificate(s) offered", option, number, count);
        return NULL;
    }
    if (count == 1)
        return offered[0];
    if (!isatty(STDIN_FILENO)) {
        snprintf(why, size, "%zu certificates pass the rules and there is no terminal to ask: give %s N", count,
                 option);
        return NULL;
    }
    return ask(offered, count, why, size);
}
