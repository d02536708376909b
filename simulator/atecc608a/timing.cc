#include "simulator/atecc608a/timing.h"

#include <array>

namespace kb::sim::atecc608a {

namespace {
struct Row {
  uint8_t opcode;
  std::array<uint16_t, 3> ms;  // M0, M1, M2
};
constexpr std::array<Row, 21> kTable = {{
    {0x02, {5, 5, 5}},         // Read
    {0x08, {55, 55, 55}},      // MAC
    {0x12, {45, 45, 45}},      // Write
    {0x15, {25, 35, 35}},      // GenDig
    {0x16, {20, 20, 20}},      // Nonce
    {0x17, {35, 35, 35}},      // Lock
    {0x1B, {23, 23, 23}},      // Random
    {0x1C, {50, 50, 50}},      // DeriveKey
    {0x20, {10, 10, 10}},      // UpdateExtra
    {0x24, {25, 25, 25}},      // Counter
    {0x28, {40, 40, 40}},      // CheckMac
    {0x30, {5, 5, 5}},         // Info
    {0x40, {115, 215, 653}},   // GenKey
    {0x41, {115, 220, 665}},   // Sign
    {0x43, {75, 172, 531}},    // ECDH
    {0x45, {105, 295, 1085}},  // Verify
    {0x46, {50, 50, 50}},      // PrivWrite
    {0x47, {36, 42, 75}},      // SHA
    {0x51, {27, 27, 27}},      // AES
    {0x56, {165, 165, 165}},   // KDF
    {0x77, {250, 625, 2324}},  // SelfTest
}};
constexpr Row kSecureBoot{0x80, {80, 160, 480}};
}  // namespace

Nanoseconds watchdog_ns(uint8_t chip_mode) {
  return (chip_mode & 0x04) != 0 ? kLongWatchdogNs : kWatchdogNs;
}

int clock_column(uint8_t chip_mode) {
  switch (chip_mode >> 3) {
    case 0x00: return 0;
    case 0x05: return 1;
    default: return 2;
  }
}

std::optional<uint32_t> execution_time_ms(uint8_t opcode, uint8_t chip_mode) {
  const int column = clock_column(chip_mode);
  if (opcode == kSecureBoot.opcode) return kSecureBoot.ms[column];
  for (const Row& r : kTable) {
    if (r.opcode == opcode) return r.ms[column];
  }
  return std::nullopt;
}

}  // namespace kb::sim::atecc608a
