#pragma once
// KDF (0x56, fact sheet B6.2, 608 only): PRF (TLS 1.2), AES or HKDF over a source key, the result
// going to TempKey, a slot, the alternate key buffer or the answer (clear or encrypted). Details
// is the 4-byte field whose layout depends on the algorithm; the caller builds it.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

inline constexpr size_t kKdfMaxMessageBytes = 128;  // cryptoauthlib's KDF_MAX_MSG_SIZE

namespace kdf_mode {
inline constexpr uint8_t kAlgorithmPrf = 0x00;
inline constexpr uint8_t kAlgorithmAes = 0x20;
inline constexpr uint8_t kAlgorithmHkdf = 0x40;
inline constexpr uint8_t kSourceTempKey = 0x00;
inline constexpr uint8_t kSourceTempKeyUpper = 0x01;
inline constexpr uint8_t kSourceSlot = 0x02;
inline constexpr uint8_t kSourceAlternateKeyBuffer = 0x03;
inline constexpr uint8_t kTargetTempKey = 0x00;
inline constexpr uint8_t kTargetTempKeyUpper = 0x04;
inline constexpr uint8_t kTargetSlot = 0x08;
inline constexpr uint8_t kTargetAlternateKeyBuffer = 0x0C;
inline constexpr uint8_t kTargetOutput = 0x10;
inline constexpr uint8_t kTargetOutputEncrypted = 0x14;
}  // namespace kdf_mode

// key_id: source slot in the low byte, target slot in the high byte. details goes LE.
Result<Command> kdf_command(uint8_t mode, uint16_t key_id, uint32_t details, std::span<const uint8_t> message);

// Returns how many bytes landed in `out`: 0 when the result stayed in the chip. An answer longer
// than `out` is kBufferTooSmall.
Result<size_t> kdf(Atecc& chip, uint8_t mode, uint16_t key_id, uint32_t details, std::span<const uint8_t> message,
                   std::span<uint8_t> out);

}  // namespace kb::core::atecc::commands
