#include "simulator/stsafe_a120/crc16.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint16_t kReflectedPolynomial = 0x8408;

constexpr std::array<uint16_t, 256> make_table() {
  std::array<uint16_t, 256> table{};
  for (unsigned i = 0; i < 256; ++i) {
    uint16_t r = static_cast<uint16_t>(i);
    for (int bit = 0; bit < 8; ++bit)
      r = (r & 1) != 0 ? static_cast<uint16_t>((r >> 1) ^ kReflectedPolynomial) : r >> 1;
    table[i] = r;
  }
  return table;
}

constexpr std::array<uint16_t, 256> kTable = make_table();
}  // namespace

const std::array<uint16_t, 256>& crc16_table() {
  return kTable;
}

void Crc16::update(uint8_t byte) {
  register_ = static_cast<uint16_t>((register_ >> 8) ^ kTable[(register_ ^ byte) & 0xFF]);
}

void Crc16::update(std::span<const uint8_t> data) {
  for (uint8_t b : data) update(b);
}

uint16_t crc16(std::span<const uint8_t> data) {
  Crc16 crc;
  crc.update(data);
  return crc.value();
}

}  // namespace kb::sim::stsafe_a120
