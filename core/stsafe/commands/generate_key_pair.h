#pragma once
// Generate key pair (0x11, private key slot subject 0x13, fact sheet 2.5):
//   11 → 13 | slot | usage limit (2, BE) | 00 00 | curve id       ← public key field
// on every curve of fact sheet 2.4. The chip keeps the private key in the slot; a usage limit of 0
// asks for a key without one (the chip's reading of 0 is an inference, see docs/fidelity.md).
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/envelope_password_types.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe::commands {

// `public_key` gets the raw key (X||Y, or the 32-byte key on X25519 / Ed25519) and must be
// public_key_bytes(curve) long, else kInvalidArgument with nothing sent. An answer that is not a
// public key field of the curve → kResponseMalformed.
Status generate_key_pair(CommandChannel& channel, uint8_t slot, EccCurve curve, uint16_t usage_limit,
                         std::span<uint8_t> public_key);

// Generate wrap/unwrap key (0x11, local envelope key subject 0x07, fact sheet 2.5):
//   11 → 07 | slot | 00 (AES-128) or 01 (AES-256)   ← none
// The chip draws the key and keeps it. A slot that already holds one answers 0x11, which ST's key
// wrapping example takes as "the key is there".
Status generate_wrap_unwrap_key(CommandChannel& channel, uint8_t slot, LocalEnvelopeKeyType type);

}  // namespace kb::core::stsafe::commands
