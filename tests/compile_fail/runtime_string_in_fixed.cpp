// A fixed template owns its bytes and sizes them at compile time, so a
// run-time string (size unknown) needs the owning attribute_template.
// expect: no viable constructor or deduction guide|class template argument deduction failed|no matching function
#include <string_view>
#include "p11/attributes/fixed_template.hpp"
std::string_view name();
#ifdef P11_CONTROL
p11::fixed_template t{p11::attr::label = "literal"};
#else
p11::fixed_template t{p11::attr::label = name()};
#endif
