#include "core/atecc/timing.h"

namespace kb::core::atecc {

namespace {

struct OpcodeTimes {
  uint8_t opcode;
  uint16_t ms[3];  // M0, M1, M2
};

// Fact sheet B6.1, ATECC608 columns (read as maximum times).
constexpr OpcodeTimes kTimes[] = {
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
    {0x80, {80, 160, 480}},    // SecureBoot
};

}  // namespace

ClockDivider clock_divider_from_chip_mode(uint8_t chip_mode) {
  switch (chip_mode >> 3) {
    case 0x00: return ClockDivider::kM0;
    case 0x05: return ClockDivider::kM1;
    default: return ClockDivider::kM2;
  }
}

uint16_t execution_time_ms(uint8_t opcode, ClockDivider divider) {
  for (const OpcodeTimes& t : kTimes) {
    if (t.opcode == opcode) return t.ms[static_cast<uint8_t>(divider)];
  }
  return 0;
}

}  // namespace kb::core::atecc
