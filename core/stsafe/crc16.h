#pragma once
// CRC-16/X-25 (poly 0x1021 reflected, init 0xFFFF, xorout 0xFFFF) as the STSAFE-A family uses it to
// protect every command and response frame (fact sheet 1.4).
#include <cstdint>
#include <span>

namespace kb::core::stsafe {

// Accumulates over several pieces, because a response's CRC skips the length field that sits
// between the header and the payload.
class Crc16 {
 public:
  void update(uint8_t byte);
  void update(std::span<const uint8_t> bytes);
  // The finished value; the running state is left untouched so more bytes can still follow.
  uint16_t value() const { return static_cast<uint16_t>(~state_); }

 private:
  uint16_t state_ = 0xFFFF;
};

uint16_t crc16(std::span<const uint8_t> bytes);

// Entry `index` of the byte-at-a-time table (the register change for one input byte), so tests can
// hold it to the fact sheet's published entries.
uint16_t crc16_table_entry(uint8_t index);

}  // namespace kb::core::stsafe
