#include "core/atecc/crc16.h"

#include <array>

namespace kb::core::atecc {

namespace {

constexpr uint16_t kPolynomial = 0x8005;

// Feeding a byte LSB first into a left-shifting register is the same as feeding its mirror image
// MSB first, so the ordinary MSB-first byte table applies to the mirrored byte.
constexpr uint8_t mirrored(uint8_t b) {
  uint8_t out = 0;
  for (int bit = 0; bit < 8; ++bit) out = static_cast<uint8_t>(out | (((b >> bit) & 1u) << (7 - bit)));
  return out;
}

// Entry i: the register change for a high byte i. Built at compile time; 512 bytes of flash on a
// board, which buys one lookup per byte instead of eight shifts.
constexpr std::array<uint16_t, 256> make_table() {
  std::array<uint16_t, 256> table{};
  for (size_t i = 0; i < table.size(); ++i) {
    auto r = static_cast<uint16_t>(i << 8);
    for (int shift = 0; shift < 8; ++shift) {
      r = static_cast<uint16_t>((r & 0x8000u) != 0 ? (r << 1) ^ kPolynomial : r << 1);
    }
    table[i] = r;
  }
  return table;
}

constexpr std::array<uint16_t, 256> kTable = make_table();

}  // namespace

uint16_t crc16(std::span<const uint8_t> bytes) {
  uint16_t r = 0;
  for (uint8_t b : bytes) {
    const auto index = static_cast<uint8_t>((r >> 8) ^ mirrored(b));
    r = static_cast<uint16_t>((r << 8) ^ kTable[index]);
  }
  return r;
}

}  // namespace kb::core::atecc
