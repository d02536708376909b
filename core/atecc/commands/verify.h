#pragma once
// Verify (0x45, fact sheet B6.2): check an ECDSA P-256 signature over the message in TempKey or
// the message digest buffer, against a public key sent along (external), stored in a slot
// (stored), or validate / invalidate a stored public key. A match is true, the chip's miscompare
// (0x01) false; every other answer is an error.
#include <cstdint>
#include <span>

#include "core/atecc/atecc.h"
#include "core/atecc/message_source.h"

namespace kb::core::atecc::commands {

inline constexpr size_t kVerifySignatureBytes = 64;
inline constexpr size_t kVerifyPublicKeyBytes = 64;
inline constexpr size_t kVerifyOtherDataBytes = 19;
// Param2 of external mode: the key type, P-256.
inline constexpr uint16_t kVerifyKeyTypeP256 = 0x0004;

// Wrong sizes → kInvalidArgument.
Result<Command> verify_external_command(MessageSource source, std::span<const uint8_t> signature,
                                        std::span<const uint8_t> public_key);
Result<Command> verify_stored_command(MessageSource source, uint16_t key_id, std::span<const uint8_t> signature);
// The message is the public-key digest in TempKey (GenKey digest mode or SHA); other_data: 19 bytes.
Result<Command> verify_validate_command(uint16_t key_id, std::span<const uint8_t> signature,
                                        std::span<const uint8_t> other_data, bool invalidate);

Result<bool> verify_external(Atecc& chip, MessageSource source, std::span<const uint8_t> signature,
                             std::span<const uint8_t> public_key);
Result<bool> verify_stored(Atecc& chip, MessageSource source, uint16_t key_id, std::span<const uint8_t> signature);
Result<bool> verify_validate(Atecc& chip, uint16_t key_id, std::span<const uint8_t> signature,
                             std::span<const uint8_t> other_data);
Result<bool> verify_invalidate(Atecc& chip, uint16_t key_id, std::span<const uint8_t> signature,
                               std::span<const uint8_t> other_data);

}  // namespace kb::core::atecc::commands
