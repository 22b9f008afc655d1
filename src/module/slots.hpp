// The sample module's slots: slot 0 holds the software token; PC/SC readers
// add one slot each (ids 1, 2, ... stable by reader name).
#pragma once

#include <memory>

#include "module/config.hpp"
#include "p11/provider/token.hpp"

namespace p11::module {

[[nodiscard]] std::unique_ptr<provider::slot_manager> make_slots(const settings& s);

} // namespace p11::module
