#pragma once
// Framing for the ATECC608A fuzz targets with the independent reference CRC (sent low byte first),
// so a target that frames with it also tests the model's own CRC.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "tests/atecc_reference_crc.h"

namespace kb::fuzz::atecc {

using kb::test::atecc::reference_crc;

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
