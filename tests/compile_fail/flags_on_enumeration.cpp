// Bit operators exist only for the CKF_ sets, not for enumerations.
// expect: no match for .operator\|.|invalid operands to binary expression
#include "p11/constants/mechanism.hpp"
#ifdef P11_CONTROL
auto v = p11::mechanism_flags::sign | p11::mechanism_flags::verify;
#else
auto v = p11::mechanism_type::aes_gcm | p11::mechanism_type::rsa_pkcs;
#endif
