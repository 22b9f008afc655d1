// CKA_LABEL is a UTF-8 string.
// expect: no match for .operator=.|no viable overloaded '='
#include "p11/attributes/fixed_template.hpp"
#ifdef P11_CONTROL
auto v = p11::attr::label = "42";
#else
auto v = p11::attr::label = 42;
#endif
