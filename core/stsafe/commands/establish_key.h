#pragma once
// Establish key (0x18, fact sheet 2.5), ECDH with the key in a private key slot:
//   18 → private key slot | peer public key field        ← shared secret field (len | x)
// on the NIST and Brainpool curves and X25519.
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe::commands {

// `curve` is the slot key's curve; `peer_public` raw (public_key_bytes(curve)); `shared_secret`
// gets the x-coordinate and must be shared_secret_bytes(curve) long. Ed25519 or wrong sizes →
// kInvalidArgument with nothing sent. An answer that is not `len | x` of the curve's size →
// kResponseMalformed. A failed exchange leaves `shared_secret` zeroed.
Status establish_key(CommandChannel& channel, uint8_t slot, EccCurve curve, std::span<const uint8_t> peer_public,
                     std::span<uint8_t> shared_secret);

}  // namespace kb::core::stsafe::commands
