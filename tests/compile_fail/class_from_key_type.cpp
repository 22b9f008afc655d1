// CKA_CLASS takes an object class; a key type is another enumeration.
// expect: no match for .operator=.|no viable overloaded '='
#include "p11/attributes/fixed_template.hpp"
#ifdef P11_CONTROL
auto v = p11::attr::cls = p11::object_class::secret_key;
#else
auto v = p11::attr::cls = p11::key_type::aes;
#endif
