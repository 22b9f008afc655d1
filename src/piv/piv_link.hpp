// The link to a PIV card, shared by the token and its operations.
#pragma once

#include "cards/card_link.hpp"
#include "piv/piv_card.hpp"

namespace p11::piv {

using card_link = cards::card_link<piv_card>;

} // namespace p11::piv
