#pragma once
// PrivWrite (0x46, fact sheet B6.2): write a P-256 private key into a slot, as 36 bytes (four
// zero pad bytes then the scalar). Clear writes are only accepted before the data lock; after it
// the value goes encrypted with a MAC the host computes from TempKey.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

inline constexpr size_t kPrivWriteValueBytes = 36;
inline constexpr size_t kPrivWriteMacBytes = 32;

// Count 75 in both forms; a clear write sends a zero MAC the chip ignores (cryptoauthlib does).
Result<Command> priv_write_command(uint16_t key_id, std::span<const uint8_t> value, std::span<const uint8_t> mac,
                                   bool encrypted);

Status priv_write(Atecc& chip, uint16_t key_id, std::span<const uint8_t, kPrivWriteValueBytes> value);
Status priv_write_encrypted(Atecc& chip, uint16_t key_id, std::span<const uint8_t, kPrivWriteValueBytes> encrypted,
                            std::span<const uint8_t, kPrivWriteMacBytes> mac);

}  // namespace kb::core::atecc::commands
