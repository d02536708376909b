#pragma once
// Nonce (0x16, fact sheet B6.2): a random nonce mixed with the host's 20-byte input into TempKey,
// or a 32/64-byte value passed through into TempKey, the message digest buffer or the alternate
// key buffer (the 608 buffers). Sign and Verify then take their message from there.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

inline constexpr size_t kNonceNumInBytes = 20;
inline constexpr size_t kNonceRandOutBytes = 32;

enum class NonceTarget : uint8_t { kTempKey = 0x00, kMessageDigestBuffer = 0x40, kAlternateKeyBuffer = 0x80 };

// num_in: 20 bytes.
Result<Command> nonce_random_command(std::span<const uint8_t> num_in, bool update_seed = true);
// value: 32 bytes, or 64 for TempKey and the message digest buffer (the 32-byte alternate key
// buffer holds no more).
Result<Command> nonce_load_command(NonceTarget target, std::span<const uint8_t> value);

// The chip's 32-byte RandOut lands in rand_out; TempKey = SHA-256(RandOut ‖ NumIn ‖ 16 ‖ mode ‖ 00).
Status nonce_random(Atecc& chip, std::span<const uint8_t, kNonceNumInBytes> num_in,
                    std::span<uint8_t, kNonceRandOutBytes> rand_out, bool update_seed = true);
Status nonce_load(Atecc& chip, NonceTarget target, std::span<const uint8_t> value);

}  // namespace kb::core::atecc::commands
