#pragma once
// SHA (0x47, fact sheet B6.2): SHA-256 and HMAC-SHA-256 computed by the chip, one 64-byte block
// per Update, the chip padding on End. Each step is its own cycle; the context survives idle.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"

namespace kb::core::atecc::commands {

inline constexpr size_t kShaBlockBytes = 64;
inline constexpr size_t kShaDigestBytes = 32;

// Where End leaves the digest besides the answer (608).
enum class DigestTarget : uint8_t { kTempKey = 0x00, kMessageDigestBuffer = 0x40, kOutputOnly = 0xC0 };

Command sha_start_command();
// block: exactly 64 bytes.
Result<Command> sha_update_command(std::span<const uint8_t> block);
// rest: 0..63 bytes.
Result<Command> sha_end_command(std::span<const uint8_t> rest, DigestTarget target = DigestTarget::kOutputOnly);
// Adds the 64-byte public key stored in the slot to the context.
Command sha_public_command(uint16_t slot);
Command sha_hmac_start_command(uint16_t key_slot);
// 608 HMAC end (mode 0x02 with the HMAC context; the 508 used 0x05).
Result<Command> sha_hmac_end_command(std::span<const uint8_t> rest, DigestTarget target = DigestTarget::kOutputOnly);

Status sha_start(Atecc& chip);
Status sha_update(Atecc& chip, std::span<const uint8_t> block);
Status sha_end(Atecc& chip, std::span<const uint8_t> rest, std::span<uint8_t, kShaDigestBytes> digest,
               DigestTarget target = DigestTarget::kOutputOnly);
Status sha_public(Atecc& chip, uint16_t slot);
Status sha_hmac_start(Atecc& chip, uint16_t key_slot);

// cryptoauthlib's hw_sha2_256: Start, one Update per whole block, End with the remainder.
Status sha256(Atecc& chip, std::span<const uint8_t> message, std::span<uint8_t, kShaDigestBytes> digest,
              DigestTarget target = DigestTarget::kOutputOnly);
// The same with the slot's key as HMAC key.
Status hmac_sha256(Atecc& chip, uint16_t key_slot, std::span<const uint8_t> message,
                   std::span<uint8_t, kShaDigestBytes> mac, DigestTarget target = DigestTarget::kOutputOnly);

}  // namespace kb::core::atecc::commands
