#pragma once
// The ATECC608A's packet CRC and framing for the fuzz targets, written out from fact sheet B5.5
// independently of the model (CRC-16/ARC, then its 16 bits reversed; sent low byte first), so a
// target that frames with it also tests the model's own CRC.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace kb::fuzz::atecc {

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

inline void append_crc(std::vector<uint8_t>& bytes) {
  const uint16_t crc = reference_crc(bytes);
  bytes.push_back(static_cast<uint8_t>(crc));
  bytes.push_back(static_cast<uint8_t>(crc >> 8));
}

// The last two bytes are the CRC of the ones before.
inline bool crc_ok(std::span<const uint8_t> wire) {
  if (wire.size() < 3) return false;
  const size_t body = wire.size() - 2;
  return reference_crc(wire.first(body)) == static_cast<uint16_t>(wire[body] | wire[body + 1] << 8);
}

// count | body | CRC, count = whole length. Filled byte by byte (GCC 12 -O3 false -Warray-bounds).
inline std::vector<uint8_t> frame(std::span<const uint8_t> body) {
  std::vector<uint8_t> p;
  p.reserve(body.size() + 3);
  p.push_back(static_cast<uint8_t>(body.size() + 3));
  for (uint8_t b : body) p.push_back(b);
  append_crc(p);
  return p;
}

}  // namespace kb::fuzz::atecc
