// The link to an OpenPGP card, shared by the token and its operations.
#pragma once

#include "cards/card_link.hpp"
#include "openpgp/openpgp_card.hpp"

namespace p11::openpgp {

using card_link = cards::card_link<openpgp_card>;

} // namespace p11::openpgp
