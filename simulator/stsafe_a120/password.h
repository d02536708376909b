#pragma once
// The password slot (query tag 0x09, verify password 0x1A, delete 0x0C; fact sheet 2.5): one
// 16-byte password (STSELib's STSAFEA_PASSWORD_LENGTH) with a counter of tries left. Every verify
// spends a try before it compares, so a power cut cannot give a wrong guess back; a right password
// restores the counter. At 0 tries the password is blocked (status 0x1A) for good: only a verified
// password may be deleted. Query answer (inference, docs/fidelity.md): presence | tries left.
#include <array>
#include <cstddef>
#include <cstdint>

namespace kb::sim::stsafe_a120 {

inline constexpr size_t kPasswordLength = 16;
// Tries a password gets (inference: the A1xx datasheets' figure is not in the sheet).
inline constexpr uint8_t kDefaultPasswordTries = 3;

struct PasswordSlot {
  bool present = false;
  std::array<uint8_t, kPasswordLength> value{};  // zeros when absent
  uint8_t max_tries = kDefaultPasswordTries;     // 1..255
  uint8_t tries_left = kDefaultPasswordTries;    // 0..max_tries; 0 = blocked
  bool blocked() const { return present && tries_left == 0; }
  bool operator==(const PasswordSlot&) const = default;
};

}  // namespace kb::sim::stsafe_a120
