#include "simulator/atecc608a/crc16.h"

namespace kb::sim::atecc608a {

uint16_t crc16(std::span<const uint8_t> data) {
  uint16_t reg = 0;
  for (uint8_t byte : data) {
    for (int bit = 0; bit < 8; ++bit) {
      const bool in = ((byte >> bit) & 1u) != 0;
      const bool top = (reg & 0x8000u) != 0;
      reg = static_cast<uint16_t>(reg << 1);
      if (in != top) reg ^= 0x8005;
    }
  }
  return reg;
}

}  // namespace kb::sim::atecc608a
