#pragma once
// Entity authentication (fact sheet 2.2, 2.3; layouts from STSELib stsafea_entity_auth.c):
//   Generate challenge       1F 0E                                      ← challenge (16)
//   Verify entity signature  1F 0F 00 (filler) | slot | signature field  ← validity (1)
// The entity (a host, a server) signs the chip's challenge with the private key whose public key
// sits in generic public key slot `slot`; the slot needs its entity-authentication flag.
#include <cstddef>
#include <cstdint>
#include <span>

#include "core/status.h"
#include "core/stsafe/command_channel.h"
#include "core/stsafe/types.h"

namespace kb::core::stsafe::commands {

inline constexpr size_t kEntityChallengeBytes = 16;  // STSELib STSE_EDDSA_CHALLENGE_SIZE

Status generate_challenge(CommandChannel& channel, std::span<uint8_t, kEntityChallengeBytes> challenge);
// true when the chip accepts `signature` (R||S, signature_bytes(curve)) of its last challenge
// under the slot's key; `curve` is the slot key's curve (it sizes the signature field). X25519 or
// a wrong size → kInvalidArgument, nothing sent; a validity byte other than 0 / 1 → kResponseMalformed.
Result<bool> verify_entity_signature(CommandChannel& channel, uint8_t slot, EccCurve curve,
                                     std::span<const uint8_t> signature);

}  // namespace kb::core::stsafe::commands
