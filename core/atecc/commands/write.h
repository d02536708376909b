#pragma once
// Write (0x12, fact sheet B6.2): 4 or 32 clear bytes, or 32 encrypted bytes with their MAC. The
// host computes the encryption and the MAC from TempKey (after Nonce and GenDig); this file only
// frames them.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"
#include "core/atecc/zones.h"

namespace kb::core::atecc::commands {

inline constexpr size_t kWriteMacBytes = 32;

// value: 4 or 32 bytes, else kInvalidArgument.
Result<Command> write_command(Zone zone, uint16_t address, std::span<const uint8_t> value);
// encrypted: 32 bytes, mac: 32 bytes, else kInvalidArgument.
Result<Command> write_encrypted_command(Zone zone, uint16_t address, std::span<const uint8_t> encrypted,
                                        std::span<const uint8_t> mac);

Status write(Atecc& chip, Zone zone, uint16_t address, std::span<const uint8_t> value);
Status write_encrypted(Atecc& chip, Zone zone, uint16_t address, std::span<const uint8_t> encrypted,
                       std::span<const uint8_t> mac);

}  // namespace kb::core::atecc::commands
