#pragma once
// Wrap local envelope (0x0E) and unwrap local envelope (0x0F), fact sheet 2.5 and 1.7:
//   0E → slot | payload    ← envelope (payload + 8 bytes)
//   0F → slot | envelope   ← payload
// The chip AES-key-wraps (RFC 3394) under the slot's local envelope key; the host only moves bytes.
// Both go through the command channel, so the command access table decides their protection (the
// recommended table: wrap with C-MAC and command encryption, unwrap with C-MAC and response
// encryption; an open host session is then needed).
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/envelope_password_types.h"

namespace kb::core::stsafe::commands {

// ST's limits, checked before anything is sent (kInvalidArgument): payload 1..480 bytes and
// `envelope` exactly payload + 8 bytes. Lengths the chip will not wrap (not whole 64-bit blocks,
// fewer than 16 bytes) reach the chip, which answers 0x02. A shorter answer → kResponseTruncated,
// a longer one → kResponseMalformed.
Status wrap_local_envelope(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> payload,
                           std::span<uint8_t> envelope);
// ST's limits: envelope 8..488 bytes and `payload` exactly envelope - 8 bytes. The chip answers an
// envelope that does not open under the slot's key with 0x18.
Status unwrap_local_envelope(CommandChannel& channel, uint8_t slot, std::span<const uint8_t> envelope,
                             std::span<uint8_t> payload);

}  // namespace kb::core::stsafe::commands
