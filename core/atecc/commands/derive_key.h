#pragma once
// DeriveKey (0x1C, fact sheet B6.2): the target slot's key becomes SHA-256 of a parent key and
// TempKey, authorized by a 32-byte MAC when the slot's config asks for one.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

inline constexpr size_t kDeriveKeyMacBytes = 32;
// Mode bit 2: must match TempKey.SourceFlag (a random nonce made it).
inline constexpr uint8_t kDeriveKeyRandomFlag = 0x04;

// mac: empty or 32 bytes (count 7 or 39).
Result<Command> derive_key_command(uint8_t mode, uint16_t target_key, std::span<const uint8_t> mac = {});
Status derive_key(Atecc& chip, uint8_t mode, uint16_t target_key, std::span<const uint8_t> mac = {});

}  // namespace kb::core::atecc::commands
