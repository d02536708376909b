#include "core/stsafe/crc16.h"

#include <array>

namespace kb::core::stsafe {

namespace {

// 0x1021 bit-reversed: the register shifts right because the CRC is defined LSB-first (RefIn/RefOut).
constexpr uint16_t kReflectedPolynomial = 0x8408;

// What one input bit at position `bit` of a byte contributes to the register after the byte's eight
// shifts, with the register otherwise zero.
constexpr uint16_t single_bit_contribution(int bit) {
  uint16_t r = static_cast<uint16_t>(1u << bit);
  for (int shift = 0; shift < 8; ++shift) {
    r = static_cast<uint16_t>((r & 1u) != 0 ? (r >> 1) ^ kReflectedPolynomial : r >> 1);
  }
  return r;
}

// The CRC is linear over GF(2), so each entry is the XOR of its set bits' contributions. The table
// is built at compile time and lives in flash on a board (512 bytes).
constexpr std::array<uint16_t, 256> make_byte_table() {
  std::array<uint16_t, 8> contribution{};
  for (int bit = 0; bit < 8; ++bit) contribution[static_cast<size_t>(bit)] = single_bit_contribution(bit);
  std::array<uint16_t, 256> table{};
  for (size_t index = 1; index < table.size(); ++index) {
    // Lowest set bit plus the entry without it, which is already filled in.
    const size_t low = index & (~index + 1);
    int bit = 0;
    while ((size_t{1} << bit) != low) ++bit;
    table[index] = static_cast<uint16_t>(table[index ^ low] ^ contribution[static_cast<size_t>(bit)]);
  }
  return table;
}

constexpr std::array<uint16_t, 256> kByteTable = make_byte_table();

constexpr uint16_t step(uint16_t state, uint8_t byte) {
  return static_cast<uint16_t>(kByteTable[static_cast<uint8_t>(state ^ byte)] ^ (state >> 8));
}

}  // namespace

uint16_t crc16_table_entry(uint8_t index) {
  return kByteTable[index];
}

void Crc16::update(uint8_t byte) {
  state_ = step(state_, byte);
}

void Crc16::update(std::span<const uint8_t> bytes) {
  uint16_t state = state_;
  for (uint8_t b : bytes) state = step(state, b);
  state_ = state;
}

uint16_t crc16(std::span<const uint8_t> bytes) {
  Crc16 crc;
  crc.update(bytes);
  return crc.value();
}

}  // namespace kb::core::stsafe
