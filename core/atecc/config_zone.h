#pragma once
// The 128-byte config zone (fact sheet B7.1-B7.5): where its fields sit, reading it whole,
// writing the user part the way cryptoauthlib does, and the CRC a config lock checks.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"
#include "core/atecc/zones.h"

namespace kb::core::atecc {

using ConfigZone = std::array<uint8_t, kConfigZoneBytes>;

namespace config_offset {
inline constexpr size_t kSerialLow = 0;  // SN[0:3]
inline constexpr size_t kRevision = 4;
inline constexpr size_t kSerialHigh = 8;  // SN[4:8]
inline constexpr size_t kAesEnable = 13;
inline constexpr size_t kI2cEnable = 14;
inline constexpr size_t kI2cAddress = 16;  // 8-bit form
inline constexpr size_t kCountMatch = 18;
inline constexpr size_t kChipMode = 19;
inline constexpr size_t kSlotConfig = 20;  // 16 × u16 LE
inline constexpr size_t kCounter0 = 52;
inline constexpr size_t kCounter1 = 60;
inline constexpr size_t kUseLock = 68;
inline constexpr size_t kVolatileKeyPermission = 69;
inline constexpr size_t kSecureBoot = 70;
inline constexpr size_t kUserExtra = 84;
inline constexpr size_t kUserExtraAdd = 85;
inline constexpr size_t kLockValue = 86;   // data and OTP zones
inline constexpr size_t kLockConfig = 87;  // config zone
inline constexpr size_t kSlotLocked = 88;  // u16 LE, bit clear = slot locked
inline constexpr size_t kChipOptions = 90;
inline constexpr size_t kX509Format = 92;
inline constexpr size_t kKeyConfig = 96;  // 16 × u16 LE
// Bytes 0-15 are factory-programmed; the host writes from here.
inline constexpr size_t kFirstWritable = 16;
}  // namespace config_offset

// LockValue and LockConfig read this until their zone is locked; anything else counts as locked.
inline constexpr uint8_t kUnlockedMarker = 0x55;

uint16_t slot_config(std::span<const uint8_t, kConfigZoneBytes> config, uint8_t slot);
uint16_t key_config(std::span<const uint8_t, kConfigZoneBytes> config, uint8_t slot);
bool config_zone_locked(std::span<const uint8_t, kConfigZoneBytes> config);
bool data_zone_locked(std::span<const uint8_t, kConfigZoneBytes> config);
bool slot_locked(std::span<const uint8_t, kConfigZoneBytes> config, uint8_t slot);
// The 9-byte serial number: bytes 0-3 then 8-12.
std::array<uint8_t, 9> serial_number(std::span<const uint8_t, kConfigZoneBytes> config);

// The Param2 of a config lock with CRC: the CRC-16 of all 128 bytes as they will be stored.
uint16_t config_lock_crc(std::span<const uint8_t, kConfigZoneBytes> config);

// Four 32-byte block reads.
Status read_config_zone(Atecc& chip, std::span<uint8_t, kConfigZoneBytes> out);

// Writes bytes 16-127 of `config` as cryptoauthlib's write_config_zone does: block 0 words 4-7
// one by one, block 1 whole, block 2 word by word except word 5 (UserExtra, UserExtraAdd and the
// lock bytes, which only UpdateExtra and Lock change), block 3 whole.
Status write_config_zone(Atecc& chip, std::span<const uint8_t, kConfigZoneBytes> config);

// Locks the config zone, but only if what the chip holds is `expected` byte for byte: the chip
// compares its own CRC with the one computed here.
Status lock_config_zone(Atecc& chip, std::span<const uint8_t, kConfigZoneBytes> expected);

struct LockState {
  bool config_locked = false;
  bool data_locked = false;
};
// cryptoauthlib's query: one read of config block 2 word 5 (bytes 84-87).
Result<LockState> read_lock_state(Atecc& chip);

}  // namespace kb::core::atecc
