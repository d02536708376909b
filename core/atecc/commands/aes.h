#pragma once
// AES (0x51, fact sheet B6.2, 608 only): one AES-128 block with a key from a slot (key block
// chosen by mode bits 6-7) or TempKey, or a GCM GFM multiplication.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

inline constexpr size_t kAesBlockBytes = 16;

enum class AesOperation : uint8_t { kEncrypt = 0x00, kDecrypt = 0x01, kGfm = 0x03 };

// key_block 0..3 (which 16 bytes of the slot), else kInvalidArgument. data: 16 bytes, or 32
// (H ‖ input) for GFM.
Result<Command> aes_command(AesOperation operation, uint16_t key_id, uint8_t key_block, std::span<const uint8_t> data);

Status aes_encrypt(Atecc& chip, uint16_t key_id, uint8_t key_block, std::span<const uint8_t, kAesBlockBytes> in,
                   std::span<uint8_t, kAesBlockBytes> out);
Status aes_decrypt(Atecc& chip, uint16_t key_id, uint8_t key_block, std::span<const uint8_t, kAesBlockBytes> in,
                   std::span<uint8_t, kAesBlockBytes> out);
// GF(2^128) multiplication of `input` by the hash subkey `h`, as GCM needs; no key is used.
Status aes_gfm(Atecc& chip, std::span<const uint8_t, kAesBlockBytes> h, std::span<const uint8_t, kAesBlockBytes> input,
               std::span<uint8_t, kAesBlockBytes> out);

}  // namespace kb::core::atecc::commands
