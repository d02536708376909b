#pragma once
// Generate MAC (0x09) and verify MAC (0x0A) with a key in a symmetric slot (fact sheet 2.5):
//   09 → 03 | slot | MAC length | message             ← MAC
//   0A → 02 | slot | MAC length | MAC | message       ← result (1 valid, 0 invalid)
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"

namespace kb::core::stsafe::commands {

// ST's documented A120 limits (fact sheet 1.7): generate 746 bytes, verify 746 minus the MAC.
inline constexpr size_t kMaxMacMessageBytes = 746;

// The MAC lengths ST's library documents: CMAC 2, 4, 8 or 16; HMAC 16 to 32.
constexpr bool valid_mac_length(size_t n) {
  return n == 2 || n == 4 || n == 8 || (n >= 16 && n <= 32);
}

// The MAC length is mac.size(). A length valid_mac_length() refuses, or a message over the limit
// → kInvalidArgument with nothing sent.
Status generate_mac(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> message, std::span<uint8_t> mac);
// true when the chip says the MAC is valid. Same local checks as generate_mac; a result byte other
// than 0 or 1 → kResponseMalformed.
Result<bool> verify_mac(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> mac,
                        std::span<const uint8_t> message);

}  // namespace kb::core::stsafe::commands
