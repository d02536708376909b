#pragma once
// GenKey (0x40, fact sheet B6.2): create a P-256 private key in a slot (or in TempKey), compute
// the public key of a stored private key, or digest a stored public key into TempKey.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

inline constexpr size_t kPublicKeyBytes = 64;  // X ‖ Y, big-endian each
inline constexpr size_t kGenKeyOtherDataBytes = 3;
// Param2 that names TempKey instead of a slot (608): the key is volatile.
inline constexpr uint16_t kTempKeyId = 0xFFFF;

namespace genkey_mode {
inline constexpr uint8_t kPublic = 0x00;
inline constexpr uint8_t kPrivate = 0x04;
inline constexpr uint8_t kDigest = 0x08;        // also build a public-key digest in TempKey
inline constexpr uint8_t kPubKeyDigest = 0x10;  // digest of the public key stored in the slot
inline constexpr uint8_t kMac = 0x20;           // 608: also answer a MAC of the public key
}  // namespace genkey_mode

// other_data: empty, or 3 bytes (the digest modes need them).
Result<Command> genkey_command(uint8_t mode, uint16_t key_id, std::span<const uint8_t> other_data = {});

Status genkey_private(Atecc& chip, uint16_t key_id, std::span<uint8_t, kPublicKeyBytes> public_key);
Status genkey_public(Atecc& chip, uint16_t key_id, std::span<uint8_t, kPublicKeyBytes> public_key);
// Mode 0x10: TempKey := digest of the public key in the slot; the chip answers a status.
Status genkey_pubkey_digest(Atecc& chip, uint16_t key_id, std::span<const uint8_t, kGenKeyOtherDataBytes> other_data);
// Any mode: `out` must match what the mode answers (64, 64 + 32 with the MAC flag, or empty for
// a status group).
Status genkey(Atecc& chip, uint8_t mode, uint16_t key_id, std::span<const uint8_t> other_data, std::span<uint8_t> out);

}  // namespace kb::core::atecc::commands
