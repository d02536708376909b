#pragma once
// The three zones and how Read/Write address them in Param2 (fact sheet B6.2, B7.4):
//   config, OTP: block << 3 | word
//   data:        block << 8 | slot << 3 | word
// with 32-byte blocks and 4-byte words.
#include <cstddef>
#include <cstdint>

#include "core/status.h"

namespace kb::core::atecc {

enum class Zone : uint8_t { kConfig = 0, kOtp = 1, kData = 2 };

// Param1 flags of Read and Write.
inline constexpr uint8_t kZoneBlockFlag = 0x80;      // 32 bytes instead of 4
inline constexpr uint8_t kZoneEncryptedFlag = 0x40;  // Write only: the data is encrypted, a MAC follows

inline constexpr size_t kBlockBytes = 32;
inline constexpr size_t kWordBytes = 4;
inline constexpr size_t kConfigZoneBytes = 128;
inline constexpr size_t kOtpZoneBytes = 64;
inline constexpr uint8_t kSlotCount = 16;

// 36 bytes for slots 0-7, 416 for slot 8, 72 for slots 9-15; 0 for a slot that does not exist.
size_t slot_size(uint8_t slot);

// Param2 for a block/word of the config or OTP zone (slot ignored) or of a data slot. A block the
// zone or slot does not reach, or a word past 7, is kInvalidArgument. The last block of a short
// slot counts (cryptoauthlib reads and writes public keys as three blocks of a 72-byte slot).
Result<uint16_t> zone_address(Zone zone, uint8_t slot, uint8_t block, uint8_t word = 0);

// Param2 for the config word holding byte `offset` (a multiple of 4 below 128).
Result<uint16_t> config_word_address(size_t offset);

}  // namespace kb::core::atecc
