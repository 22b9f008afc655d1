// A misplaced row fails the build.
// expect: unsorted or has duplicate names
#include "p11/constants/table.hpp"
#ifdef P11_CONTROL
#define ROWS(X) X(a, CKT_A, 1, v2_01, none) X(b, CKT_B, 2, v2_01, none)
#else
#define ROWS(X) X(b, CKT_B, 2, v2_01, none) X(a, CKT_A, 1, v2_01, none)
#endif
namespace p11 {
P11_SIMPLE_FAMILY(test_family, "CKT_", ROWS, P11_NO_ALIASES, false);
}
