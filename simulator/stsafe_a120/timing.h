#pragma once
// How long the chip stays busy after a command write (fact sheet section 5, A120 column).
#include <cstdint>

#include "simulator/time/scheduler.h"

namespace kb::sim::stsafe_a120 {

// Milliseconds for a standard command code (0x00..0x1F); codes the table does not list get the
// library's uncharacterised default of 500 ms.
uint32_t standard_command_time_ms(uint8_t code);
// Every extended command is 500 ms in the published table.
uint32_t extended_command_time_ms(uint8_t ext_code);

// Busy time for a received frame, chosen from its first byte alone so that frames the chip
// rejects (bad CRC, unknown code) are timed by the same rule as the ones it executes.
Nanoseconds busy_time_for_header(uint8_t header_byte);

}  // namespace kb::sim::stsafe_a120
