#include "simulator/stsafe_a120/timing.h"

#include <array>

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint32_t kDefaultMs = 500;

// Indexed by standard command code 0x00..0x1C (fact sheet section 5).
constexpr std::array<uint32_t, 0x1D> kStandardMs = {
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

uint32_t standard_command_time_ms(uint8_t code) {
  return code < kStandardMs.size() ? kStandardMs[code] : kDefaultMs;
}

uint32_t extended_command_time_ms(uint8_t /*ext_code*/) {
  return kDefaultMs;
}

Nanoseconds busy_time_for_header(uint8_t header_byte) {
  const uint8_t code = header_byte & 0x1F;
  const uint32_t ms = code == 0x1F ? extended_command_time_ms(0) : standard_command_time_ms(code);
  return ms * kMillisecond;
}

}  // namespace kb::sim::stsafe_a120
