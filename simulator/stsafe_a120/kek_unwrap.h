#pragma once
// Opening a wrapped envelope (write host key wrapped 1F 08, write symmetric key wrapped 1F 09)
// with the volatile KEK session's next working KEK (fact sheet 4.1 steps 6-7).
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "simulator/stsafe_a120/status.h"
#include "simulator/stsafe_a120/volatile_state.h"

namespace kb::sim::stsafe_a120 {

// Advances the session's working-KEK counter k (the host pre-increments it for every envelope it
// wraps, so the chip does the same for every envelope it receives, whether or not it then opens)
// and unwraps with working KEK k. SESSION_ERROR without a session, SESSION_COUNTER_OUT_OF_RANGE
// once k = 255 is used up (k travels as one byte), COMMAND_DECRYPTION_ERROR when the RFC 3394
// integrity check fails.
std::variant<std::vector<uint8_t>, Status> unwrap_with_next_working_kek(VolatileState& volatile_state,
                                                                        std::span<const uint8_t> envelope);

}  // namespace kb::sim::stsafe_a120
