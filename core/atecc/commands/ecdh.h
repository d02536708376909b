#pragma once
// ECDH (0x43, fact sheet B6.2): P-256 key agreement of a stored (or TempKey) private key with the
// peer's public key. The mode decides where the 32-byte shared secret goes: answered in the
// clear, answered encrypted with a nonce, written to a slot, or kept in TempKey.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

inline constexpr size_t kEcdhPublicKeyBytes = 64;
inline constexpr size_t kSharedSecretBytes = 32;

namespace ecdh_mode {
inline constexpr uint8_t kSourceTempKey = 0x01;    // bit 0: the private key is in TempKey (608)
inline constexpr uint8_t kOutputEncrypted = 0x02;  // bit 1: answered secret encrypted, nonce follows
inline constexpr uint8_t kCopyCompatible = 0x00;   // bits 2-3: follow SlotConfig ReadKey bit 3
inline constexpr uint8_t kCopySlot = 0x04;
inline constexpr uint8_t kCopyTempKey = 0x08;
inline constexpr uint8_t kCopyOutput = 0x0C;
}  // namespace ecdh_mode

Result<Command> ecdh_command(uint8_t mode, uint16_t key_id, std::span<const uint8_t> public_key);

// Any mode. Returns how many bytes landed in `out`: 0 when the secret stayed in the chip, 32 in
// the clear, 64 (secret ‖ nonce) encrypted. An answer longer than `out` is kBufferTooSmall.
Result<size_t> ecdh(Atecc& chip, uint8_t mode, uint16_t key_id, std::span<const uint8_t> public_key,
                    std::span<uint8_t> out);
// Copy-to-output mode in the clear: the shared x coordinate.
Status ecdh_to_output(Atecc& chip, uint16_t key_id, std::span<const uint8_t> public_key,
                      std::span<uint8_t, kSharedSecretBytes> shared);

}  // namespace kb::core::atecc::commands
