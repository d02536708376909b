#include "core/stsafe/timing.h"

#include <array>

#include "core/stsafe/frame.h"

namespace kb::core::stsafe {

namespace {
// Indexed by standard command code 0x00..0x1C, A120 column of fact sheet 5. The 500 ms entries
// are commands ST did not characterise for the A120.
constexpr std::array<uint16_t, 0x1D> kStandardTimesMs = {
    2,    // 0x00 echo
    2,    // 0x01 reset
    4,    // 0x02 generate random
    22,   // 0x03 start session
    23,   // 0x04 decrement
    23,   // 0x05 read
    22,   // 0x06 update
    26,   // 0x07 increment
    500,  // 0x08 derive LoRa key
    23,   // 0x09 generate MAC
    23,   // 0x0A verify MAC
    500,  // 0x0B unwrap issuer envelope
    500,  // 0x0C delete
    500,  // 0x0D hibernate
    3,    // 0x0E wrap local envelope
    3,    // 0x0F unwrap local envelope
    500,  // 0x10 put attribute
    32,   // 0x11 generate key
    500,  // 0x12 put key
    500,  // 0x13 configure
    5,    // 0x14 query
    500,  // 0x15 get signature
    37,   // 0x16 generate signature
    62,   // 0x17 verify signature
    83,   // 0x18 establish key
    500,  // 0x19 standby
    500,  // 0x1A verify password
    5,    // 0x1B encrypt
    6,    // 0x1C decrypt
};
}  // namespace

uint16_t standard_command_execution_time_ms(uint8_t code) {
  return code < kStandardTimesMs.size() ? kStandardTimesMs[code] : kDefaultExecutionTimeMs;
}

// The published table has 29 extended entries, all at the default.
uint16_t extended_command_execution_time_ms(uint8_t /*extended_code*/) {
  return kDefaultExecutionTimeMs;
}

uint16_t execution_time_ms(std::span<const uint8_t> frame) {
  if (frame.empty()) return kDefaultExecutionTimeMs;
  const uint8_t code = frame[0] & kCommandCodeMask;
  if (code == kExtendedCommandPrefix) {
    return frame.size() > 1 ? extended_command_execution_time_ms(frame[1]) : kDefaultExecutionTimeMs;
  }
  return standard_command_execution_time_ms(code);
}

}  // namespace kb::core::stsafe
