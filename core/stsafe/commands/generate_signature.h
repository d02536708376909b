#pragma once
// Generate signature (0x16, fact sheet 2.5) with the key in a private key slot:
//   16 → slot | message length (2, BE) | message       ← signature field (len | R | len | S)
// The message goes as given: on the NIST and Brainpool curves it is the digest the caller computed
// (the chip does not hash); Ed25519 signs the message itself.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe::commands {

// What one frame can carry after the slot and the length field.
inline constexpr size_t kMaxSignatureMessageBytes = 752 - 1 - 1 - 2;

// `curve` is the key's curve (the chip does not repeat it); `signature` gets R||S and must be
// signature_bytes(curve) long. X25519, a wrong signature buffer or a message over the limit →
// kInvalidArgument with nothing sent. An answer that is not a signature field of the curve →
// kResponseMalformed.
Status generate_signature(CommandChannel& channel, uint8_t slot, EccCurve curve, std::span<const uint8_t> message,
                          std::span<uint8_t> signature);

}  // namespace kb::core::stsafe::commands
