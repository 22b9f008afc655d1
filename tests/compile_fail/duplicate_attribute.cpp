// A fixed template cannot hold an attribute twice.
// expect: appears twice
#include "p11/attributes/fixed_template.hpp"
#ifdef P11_CONTROL
p11::fixed_template t{p11::attr::label = "a", p11::attr::id = std::array<p11::byte, 1>{1}};
#else
p11::fixed_template t{p11::attr::label = "a", p11::attr::label = "b"};
#endif
