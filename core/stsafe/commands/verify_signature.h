#pragma once
// Verify signature (0x17, fact sheet 2.5) with a public key the host supplies:
//   17 → 00 | curve id | public key field | signature field | [EdDSA variant (1), Ed25519 only] |
//        message length (2, BE) | message                          ← validity (1)
// or with the key of a generic public key slot (subject 01, the model's layout: ST's library sends
// subject 00 only, docs/fidelity.md):
//   17 → 01 | slot | signature field | [EdDSA variant, Ed25519 only] | message length | message
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe::commands {

// EdDSA variant byte of ST's library: 0 = Ed25519 (pure), the one its examples use.
inline constexpr uint8_t kEddsaPure = 0x00;

// true when the chip says the signature is valid. `public_key` is raw (public_key_bytes(curve)),
// `signature` R||S (signature_bytes(curve)); X25519, wrong sizes or a frame over 752 bytes →
// kInvalidArgument with nothing sent. `eddsa_variant` is sent for Ed25519 only. A validity byte
// other than 0 or 1 → kResponseMalformed.
Result<bool> verify_signature(CommandChannel& channel, EccCurve curve, std::span<const uint8_t> public_key,
                              std::span<const uint8_t> signature, std::span<const uint8_t> message,
                              uint8_t eddsa_variant = kEddsaPure);

// Subject 01: the key of generic public key slot `slot`, whose curve is `curve` (it sizes the
// signature field). Refusals as verify_signature.
Result<bool> verify_signature_with_slot(CommandChannel& channel, uint8_t slot, EccCurve curve,
                                        std::span<const uint8_t> signature, std::span<const uint8_t> message,
                                        uint8_t eddsa_variant = kEddsaPure);

}  // namespace kb::core::stsafe::commands
