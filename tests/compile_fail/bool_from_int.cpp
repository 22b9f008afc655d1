// No silent int -> CK_BBOOL conversion.
// expect: no match for .operator=.|no viable overloaded '='
#include "p11/attributes/fixed_template.hpp"
#ifdef P11_CONTROL
auto v = p11::attr::encrypt = false;
#else
auto v = p11::attr::encrypt = 1;
#endif
