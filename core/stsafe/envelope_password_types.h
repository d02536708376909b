#pragma once
// Values of the local envelope, password and low-power commands (fact sheet 2.3, 2.5; layouts of
// the tables from the A1xx host library, see docs/fidelity.md), kept apart from types.h.
#include <array>
#include <cstddef>
#include <cstdint>

namespace kb::core::stsafe {

// Generate wrap/unwrap key (11 07 slot type): the key length selector.
enum class LocalEnvelopeKeyType : uint8_t { kAes128 = 0, kAes256 = 1 };

// Query tag 0x07: slot count, then per slot slot number | presence | key length (only when present).
struct LocalEnvelopeKeySlotInfo {
  uint8_t slot = 0;  // the number the chip reports
  bool present = false;
  LocalEnvelopeKeyType type = LocalEnvelopeKeyType::kAes128;  // meaningful when present
};
inline constexpr size_t kMaxLocalEnvelopeSlots = 8;
struct LocalEnvelopeKeyTable {
  uint8_t count = 0;
  std::array<LocalEnvelopeKeySlotInfo, kMaxLocalEnvelopeSlots> slots{};
};

// Wrap / unwrap local envelope limits of ST's library (fact sheet 1.7): payload 1..480 bytes,
// envelope = payload + 8 (so 9..488; ST checks 8..488). The chip itself takes whole 64-bit blocks.
inline constexpr size_t kMaxWrapPayloadBytes = 480;
inline constexpr size_t kEnvelopeOverheadBytes = 8;

// Verify password (0x1A): the password is 16 bytes (STSELib STSAFEA_PASSWORD_LENGTH).
inline constexpr size_t kPasswordBytes = 16;
struct PasswordVerification {
  bool verified = false;   // verification status byte 01
  uint8_t tries_left = 0;  // remaining tries byte
};
// Query tag 0x09: presence | tries left (the model's layout, an inference).
struct PasswordSlotInfo {
  bool present = false;
  uint8_t tries_left = 0;
};

// Hibernate (0x0D) wake-up mode.
enum class HibernateWakeMode : uint8_t { kI2cStartOrReset = 0x01, kResetOnly = 0x02 };

}  // namespace kb::core::stsafe
