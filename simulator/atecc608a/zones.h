#pragma once
// The chip's three EEPROM zones (fact sheet B7): the 128-byte config zone, the 64-byte OTP zone
// and the 16 data slots, and the fields of the config zone the model acts on.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace kb::sim::atecc608a {

inline constexpr size_t kConfigSize = 128;
inline constexpr size_t kOtpSize = 64;
inline constexpr size_t kSlotCount = 16;
inline constexpr size_t kDataZoneSize = 1208;
inline constexpr size_t kBlockSize = 32;
inline constexpr size_t kWordSize = 4;

// Bytes of slot n: 36 for slots 0-7, 416 for slot 8, 72 for slots 9-15 (B7.4).
size_t slot_size(size_t slot);
// Byte offset of slot n inside the data zone (slots are packed in order).
size_t slot_offset(size_t slot);

// Config zone offsets (B7.1).
namespace config {
inline constexpr size_t kRevNum = 4;
inline constexpr size_t kI2cAddress = 16;
inline constexpr size_t kChipMode = 19;
inline constexpr size_t kSlotConfig = 20;  // 16 x u16 LE
inline constexpr size_t kUserExtra = 84;
inline constexpr size_t kUserExtraAdd = 85;
inline constexpr size_t kLockValue = 86;  // data + OTP lock
inline constexpr size_t kLockConfig = 87;
inline constexpr size_t kSlotLocked = 88;  // u16 LE, bit n clear = slot n locked
inline constexpr size_t kKeyConfig = 96;   // 16 x u16 LE
inline constexpr uint8_t kUnlocked = 0x55;
inline constexpr uint8_t kLocked = 0x00;
inline constexpr std::array<uint8_t, 4> kRevision608A = {0x00, 0x00, 0x60, 0x02};
}  // namespace config

// SlotConfig (B7.3).
struct SlotConfig {
  uint16_t raw = 0;
  uint8_t read_key() const { return raw & 0x0F; }
  bool no_mac() const { return (raw & 0x0010) != 0; }
  bool limited_use() const { return (raw & 0x0020) != 0; }
  bool encrypt_read() const { return (raw & 0x0040) != 0; }
  bool is_secret() const { return (raw & 0x0080) != 0; }
  uint8_t write_key() const { return (raw >> 8) & 0x0F; }
  uint8_t write_config() const { return (raw >> 12) & 0x0F; }
  // For ECC private-key slots: ReadKey bits 0 and 1 allow external and internal Sign.
  bool external_sign() const { return (raw & 0x0001) != 0; }
  bool internal_sign() const { return (raw & 0x0002) != 0; }
  // WriteConfig bit 13: GenKey may create a key here; bit 14: PrivWrite allowed.
  bool genkey_allowed() const { return (raw & 0x2000) != 0; }
  bool privwrite_allowed() const { return (raw & 0x4000) != 0; }
};

enum class KeyType : uint8_t { kB283 = 0, kK283 = 1, kP256 = 4, kAes = 6, kShaOrData = 7 };

// KeyConfig (B7.3).
struct KeyConfig {
  uint16_t raw = 0;
  bool is_private() const { return (raw & 0x0001) != 0; }
  bool pub_info() const { return (raw & 0x0002) != 0; }
  uint8_t key_type() const { return (raw >> 2) & 0x07; }
  bool lockable() const { return (raw & 0x0020) != 0; }
  bool req_random() const { return (raw & 0x0040) != 0; }
  bool req_auth() const { return (raw & 0x0080) != 0; }
  uint8_t auth_key() const { return (raw >> 8) & 0x0F; }
  bool persistent_disable() const { return (raw & 0x1000) != 0; }
};

enum class Zone : uint8_t { kConfig = 0, kOtp = 1, kData = 2 };

// Where a Read or Write lands: the zone, and the byte range inside the zone (config/OTP) or the
// slot (data). A 32-byte access of a slot's short last block covers only the bytes in the slot.
struct ZoneAccess {
  Zone zone = Zone::kConfig;
  size_t slot = 0;    // data zone only
  size_t offset = 0;  // in the zone, or in the slot
  size_t length = 0;  // bytes inside the zone/slot (may be < the request for a short block)
};

// Decodes Param1's zone bits and Param2's address (B6.2 Read/Write). nullopt = parse error: a
// reserved zone, address bits outside the zone's range, a block or word beyond the zone or slot.
// The 7-bit I2C address a config zone gives: byte 16 (8-bit form) shifted right, or byte 85 with
// ChipMode bit 0 set once UserExtraAdd is written (B7.1).
uint8_t address7_of(std::span<const uint8_t> config);
// Byte 16 names a 7-bit address a bench can attach: even, 0x10..0xEE.
inline bool usable_address_byte(uint8_t b) {
  return (b & 1u) == 0 && (b >> 1) >= 0x08 && (b >> 1) <= 0x77;
}

std::optional<ZoneAccess> decode_address(uint8_t zone_bits, uint16_t address, bool block32);

}  // namespace kb::sim::atecc608a
