// A CK_BBOOL attribute takes a bool, not a string.
// expect: no match for .operator=.|no viable overloaded '='
#include "p11/attributes/fixed_template.hpp"
#ifdef P11_CONTROL
auto v = p11::attr::sign = true;
#else
auto v = p11::attr::sign = "yes";
#endif
