#pragma once
// SecureBoot (0x80, fact sheet B6.2, 608 only): the chip checks a firmware digest (and signature)
// against the public key and digest its SecureBoot config names. With the MAC flag the digest goes
// encrypted and the chip answers a MAC the host checks; both are computed by the caller.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

inline constexpr size_t kSecureBootDigestBytes = 32;
inline constexpr size_t kSecureBootSignatureBytes = 64;
inline constexpr size_t kSecureBootMacBytes = 32;

namespace secure_boot_mode {
inline constexpr uint8_t kFull = 0x05;
inline constexpr uint8_t kFullStore = 0x06;
inline constexpr uint8_t kFullCopy = 0x07;
inline constexpr uint8_t kEncryptedMac = 0x80;
}  // namespace secure_boot_mode

// digest: 32 bytes; signature: 64 bytes, or empty where only the stored digest is compared
// (count 103 or 39).
Result<Command> secure_boot_command(uint8_t mode, std::span<const uint8_t> digest, std::span<const uint8_t> signature);

Status secure_boot(Atecc& chip, uint8_t mode, std::span<const uint8_t> digest, std::span<const uint8_t> signature);
// mode | kEncryptedMac: `digest` is the encrypted digest, the chip's MAC lands in `mac`.
Status secure_boot_mac(Atecc& chip, uint8_t mode, std::span<const uint8_t> encrypted_digest,
                       std::span<const uint8_t> signature, std::span<uint8_t, kSecureBootMacBytes> mac);

}  // namespace kb::core::atecc::commands
