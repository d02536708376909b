#pragma once
// Generate MAC (0x09) and verify MAC (0x0A) with a key in a symmetric slot (fact sheet 2.5):
//   09 → 03 | slot | MAC length | message             ← MAC
//   0A → 02 | slot | MAC length | MAC | message       ← result (1 valid, 0 invalid)
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe::commands {

// ST's documented A120 limits (fact sheet 1.7): generate 746 bytes, verify 746 minus the MAC.
inline constexpr size_t kDocumentedMacMessageBytes = 746;
// Sub-command, slot and MAC length in front of the message.
inline constexpr size_t kMacFixedBytes = 3;

// The MAC lengths the chip takes from a key (fact sheet 2.5 and 2.8, the model's rule): a CMAC key
// 2, 4, 8 or 16 bytes, an HMAC key 16 to 32, never under the key's minimum MAC length; other modes
// none. Both commands apply it (the minimum for generation too: **inference**).
constexpr bool mac_length_allowed(ModeOfOperation mode, uint8_t min_mac_length, size_t n) {
  if (n < min_mac_length) return false;
  if (mode == ModeOfOperation::kCmac) return n == 2 || n == 4 || n == 8 || n == 16;
  if (mode == ModeOfOperation::kHmac) return n >= 16 && n <= 32;
  return false;
}

// The rule above for the key in a slot, given its record in the key table (query 0x23): OK, or
// kKeyModeMismatch for an empty slot or a key that is neither CMAC nor HMAC, or kMacLengthRefused
// (detail: the key's minimum) — what the chip would answer 0x0A / 0x1C / 0x1D to.
Status check_mac_length(const SymmetricKeySlotInfo& key, size_t length);

// The most message bytes one frame carries under `protection` (what CommandChannel::protection()
// says for the command): ST's documented figure, lowered where the C-MAC and the C-ENC padding
// take room (fact sheet 1.7, 3.3, 3.5). Generate: 746 plain, 744 with C-MAC, 732 with C-MAC and
// C-ENC. Verify with a 16-byte MAC: 730, 728, 716.
constexpr size_t generate_mac_message_limit(Protection protection) {
  return std::min(kDocumentedMacMessageBytes, max_command_payload(protection, 1) - kMacFixedBytes);
}
constexpr size_t verify_mac_message_limit(Protection protection, size_t mac_length) {
  return std::min(kDocumentedMacMessageBytes, max_command_payload(protection, 1) - kMacFixedBytes) - mac_length;
}

// The MAC length is mac.size(); `key` is the slot's record in the key table. Refused locally with
// nothing sent: check_mac_length()'s errors, then a message over the limit → kFrameLimit (detail:
// the limit for the command's protection).
Status generate_mac(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                    std::span<const uint8_t> message, std::span<uint8_t> mac);
// true when the chip says the MAC is valid. Same local checks as generate_mac; a result byte other
// than 0 or 1 → kResponseMalformed.
Result<bool> verify_mac(CommandChannel& channel, uint8_t slot, const SymmetricKeySlotInfo& key,
                        std::span<const uint8_t> mac, std::span<const uint8_t> message);

}  // namespace kb::core::stsafe::commands
