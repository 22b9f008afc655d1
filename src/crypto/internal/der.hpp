// The backends' old spelling of crypto/der.hpp (public since the card
// tokens' ECDSA conversion reads DER too); kept so the backend files need no
// edit.  New code includes crypto/der.hpp.
#pragma once

#include "crypto/der.hpp"
