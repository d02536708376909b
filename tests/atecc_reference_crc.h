#pragma once
// The ATECC608A packet CRC written a second way, independently of the model and of core/atecc:
// CRC-16/ARC (reflected polynomial 0xA001, right-shifting) with its 16 bits then reversed, which
// is what fact sheet B5.5 says the ATECC CRC equals. Tests and fuzz targets frame with it.
#include <cstdint>
#include <span>

namespace kb::test::atecc {

inline uint16_t reference_crc(std::span<const uint8_t> data) {
  uint16_t r = 0;
  for (uint8_t b : data) {
    r ^= b;
    for (int i = 0; i < 8; ++i)
      r = (r & 1) != 0 ? static_cast<uint16_t>((r >> 1) ^ 0xA001) : static_cast<uint16_t>(r >> 1);
  }
  uint16_t reversed = 0;
  for (int i = 0; i < 16; ++i) reversed = static_cast<uint16_t>(reversed | ((r >> i) & 1u) << (15 - i));
  return reversed;
}

}  // namespace kb::test::atecc
