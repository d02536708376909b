#pragma once
// Config-zone fields the crypto commands act on (fact sheet B7.1): AES enable, VolatileKeyPermission,
// SecureBoot, ChipOptions. Read from the EEPROM at each command, so a config write before the lock
// takes effect at once.
#include <cstddef>
#include <cstdint>

#include "simulator/atecc608a/eeprom.h"

namespace kb::sim::atecc608a {

namespace config {
inline constexpr size_t kAesEnable = 13;              // bit 0
inline constexpr size_t kVolatileKeyPermission = 69;  // bits 0-3 slot, bit 7 enable
inline constexpr size_t kSecureBoot = 70;             // u16 LE
inline constexpr size_t kChipOptions = 90;            // u16 LE
}  // namespace config

// ChipOptions (bytes 90-91).
struct ChipOptions {
  uint16_t raw = 0;
  bool power_on_self_test() const { return (raw & 0x0001) != 0; }
  bool io_protection_enabled() const { return (raw & 0x0002) != 0; }
  bool kdf_aes_enabled() const { return (raw & 0x0004) != 0; }
  // 0: output in the clear allowed, 1: output only encrypted, 2: no output at all (3 as 2).
  uint8_t ecdh_protection() const { return (raw >> 8) & 0x03; }
  uint8_t kdf_protection() const { return (raw >> 10) & 0x03; }
  uint8_t io_protection_slot() const { return (raw >> 12) & 0x0F; }
};

// SecureBootConfig (bytes 70-71).
struct SecureBootConfig {
  uint16_t raw = 0;
  enum Mode : uint8_t { kDisabled = 0, kFullBoth = 1, kFullSig = 2, kFullDig = 3 };
  Mode mode() const { return static_cast<Mode>(raw & 0x03); }
  bool persistent_enable() const { return (raw & 0x0008) != 0; }
  bool rand_nonce() const { return (raw & 0x0010) != 0; }
  uint8_t sig_dig_slot() const { return (raw >> 8) & 0x0F; }
  uint8_t pub_key_slot() const { return (raw >> 12) & 0x0F; }
};

inline uint16_t config_u16(const Eeprom& e, size_t offset) {
  return static_cast<uint16_t>(e.config()[offset] | e.config()[offset + 1] << 8);
}
inline ChipOptions chip_options(const Eeprom& e) {
  return ChipOptions{config_u16(e, config::kChipOptions)};
}
inline SecureBootConfig secure_boot_config(const Eeprom& e) {
  return SecureBootConfig{config_u16(e, config::kSecureBoot)};
}
inline bool aes_enabled(const Eeprom& e) {
  return (e.config()[config::kAesEnable] & 0x01) != 0;
}

}  // namespace kb::sim::atecc608a
