/* arc4random for a module that carries libstdc++ inside it.
 *
 * libstdc++.a's random.o comes into every module that links the C++ runtime
 * statically (its COW-string exception code refers to std::random_device),
 * and on glibc 2.36 it binds arc4random to GLIBC_2.36: the module would not
 * load on Ubuntu 22.04 (2.35) for a function it never calls.  This
 * definition is hidden (the version script exports only C_ functions), so
 * the static runtime's reference resolves here at link time and nothing of
 * it reaches the dynamic symbol table.  It is a real arc4random all the
 * same: getrandom (glibc 2.25) until all bytes are in, aborting rather than
 * returning a predictable value, as arc4random must not fail. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>

__attribute__((visibility("hidden"))) uint32_t arc4random(void)
{
    uint32_t value;
    unsigned char *p = (unsigned char *)&value;
    size_t left = sizeof value;
    while (left > 0) {
        const ssize_t n = getrandom(p, left, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            abort();
        }
        p += n;
        left -= (size_t)n;
    }
    return value;
}
