// A name used twice (here by a row and an alias) fails the build.
// expect: unsorted or has duplicate names
#include "p11/constants/table.hpp"
#define ROWS(X) X(a, CKT_A, 1, v2_01, none) X(b, CKT_B, 2, v2_01, none)
#ifdef P11_CONTROL
#define ALIASES(A) A(c, CKT_C, a, v2_01, none)
#else
#define ALIASES(A) A(c, CKT_B, a, v2_01, none)
#endif
namespace p11 {
P11_SIMPLE_FAMILY(test_family, "CKT_", ROWS, ALIASES, false);
}
