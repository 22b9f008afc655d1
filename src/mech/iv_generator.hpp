// The IV generators of the 3.0 message parameters (CK_GCM_MESSAGE_PARAMS:
// ulIvFixedBits, ivGenerator): the caller's IV keeps its leading fixed bits,
// the token fills the rest and writes the IV back to the caller.
//
// CKG_GENERATE_COUNTER puts a counter in the free bits (big-endian, the
// fixed bits above it).  A counter is only as good as its uniqueness: the
// values come from a counter_source, which the token makes never repeat a
// value for one key, across sessions and processes (the software token:
// softtoken/iv_counters.hpp).  CKG_GENERATE is the token's choice: the
// counter as well, since it needs no entropy and cannot collide.
// CKG_GENERATE_RANDOM fills the free bits from the DRBG.
#pragma once

#include <cstdint>
#include <functional>
#include <span>

#include "p11/constants/generator_function.hpp"
#include "p11/result.hpp"

namespace p11::mech {

// The next counter value for one key, unique for that key for the token's
// life; an error when none can be had (the store cannot record a block).
using counter_source = std::function<result<std::uint64_t>()>;

// Fills the bits of `iv` after the first `fixed_bits` as `generator` says
// (CKG_NO_GENERATE leaves the IV as it is).  CKR_MECHANISM_PARAM_INVALID
// when the fixed bits leave no room to generate in; CKR_FUNCTION_FAILED
// when the counter has outgrown the free bits (the key has encrypted as many
// messages as its IVs can tell apart: a new key is needed).
[[nodiscard]] result<void> generate_iv(std::span<std::uint8_t> iv, std::size_t fixed_bits, generator_function generator,
                                       const counter_source& counter);

} // namespace p11::mech
