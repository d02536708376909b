#pragma once
// Host-side copy of the STSAFE-A120 execution-time table (fact sheet 5), used when the host waits
// a fixed time instead of polling.
#include <cstdint>
#include <span>

namespace kb::core::stsafe {

inline constexpr uint16_t kBootTimeMs = 10;
// What the library assumes for anything not characterised, including every extended command.
inline constexpr uint16_t kDefaultExecutionTimeMs = 500;

uint16_t standard_command_execution_time_ms(uint8_t code);
uint16_t extended_command_execution_time_ms(uint8_t extended_code);
// Looks the command up from the first bytes of its frame; protection flags (bits 7..5) ignored.
uint16_t execution_time_ms(std::span<const uint8_t> frame);

}  // namespace kb::core::stsafe
