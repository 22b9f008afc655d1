// EME-OAEP for the backends, which call it as internal::; the functions are
// declared in crypto/rsa_padding.hpp (public: card tokens unpad with them too).
#pragma once

#include "crypto/rsa_padding.hpp"

namespace p11::crypto::internal {

using crypto::eme_oaep_decode;
using crypto::eme_oaep_encode;

} // namespace p11::crypto::internal
