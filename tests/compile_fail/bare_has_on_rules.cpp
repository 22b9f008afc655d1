// A set of attribute rules is asked with has_all or has_any: a bare has()
// would leave the reader to guess whether it means all bits or any bit.
// expect: no matching function for call to .has
#include "p11/constants/attribute.hpp"
#ifdef P11_CONTROL
constexpr bool v = p11::has_all(p11::rules_of(p11::attribute_type::value), p11::attribute_rule::sensitive);
#else
constexpr bool v = has(p11::rules_of(p11::attribute_type::value), p11::attribute_rule::sensitive);
#endif
