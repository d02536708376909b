#pragma once
// CRC-16/X-25 as the chip computes it (fact sheet 1.4): reflected polynomial 0x8408, init 0xFFFF,
// final complement. The wire carries the high byte of the final value first.
#include <array>
#include <cstdint>
#include <span>

namespace kb::sim::stsafe_a120 {

// The 256-entry reflected lookup table. Table-driven on purpose: the host library computes the
// same CRC bit by bit, so the two sides cannot share a mistake.
const std::array<uint16_t, 256>& crc16_table();

// Running CRC for data that is not contiguous (a response CRC skips the length field).
class Crc16 {
 public:
  void update(std::span<const uint8_t> data);
  void update(uint8_t byte);
  uint16_t value() const { return static_cast<uint16_t>(~register_); }

 private:
  uint16_t register_ = 0xFFFF;
};

uint16_t crc16(std::span<const uint8_t> data);

}  // namespace kb::sim::stsafe_a120
