#include "core/stsafe/crc16.h"

namespace kb::core::stsafe {

namespace {
// 0x1021 bit-reversed: the register shifts right because the CRC is defined LSB-first (RefIn/RefOut).
constexpr uint16_t kReflectedPolynomial = 0x8408;
}  // namespace

// Bit by bit on purpose: the device model computes the same CRC from a table, and the two must
// stay independent so that a mistake in one is caught by the other.
void Crc16::update(uint8_t byte) {
  state_ = static_cast<uint16_t>(state_ ^ byte);
  for (int bit = 0; bit < 8; ++bit) {
    const bool carry = (state_ & 1u) != 0;
    state_ = static_cast<uint16_t>(state_ >> 1);
    if (carry) state_ = static_cast<uint16_t>(state_ ^ kReflectedPolynomial);
  }
}

void Crc16::update(std::span<const uint8_t> bytes) {
  for (uint8_t b : bytes) update(b);
}

uint16_t crc16(std::span<const uint8_t> bytes) {
  Crc16 crc;
  crc.update(bytes);
  return crc.value();
}

}  // namespace kb::core::stsafe
