// Entity authentication against a generic public key slot (fact sheet 2.2, 2.3; layouts from
// STSELib stsafea_entity_auth.c):
//   Generate challenge (1F 0E): no payload -> challenge (16)
//   Verify entity signature (1F 0F): 00 (filler) | public key slot | signature field -> validity (1)
// What the model does where the fact sheet is silent (docs/fidelity.md):
//   * the challenge comes from the chip's random stream (one generate-random block, the counter
//     persisted first), lives in RAM (lost on reset and power loss) and serves one Verify entity
//     signature, whatever its verdict; a second challenge replaces an unused one;
//   * the entity signs the 16-byte challenge itself: Ed25519 (pure) over it, ECDSA with it as the
//     digest (the way Verify signature takes its message), so there is no hash id in the command;
//   * refusals, in this order: framing INCONSISTENT_COMMAND_DATA, filler not 00 VALUE_OUT_OF_RANGE,
//     slot beyond the table VALUE_OUT_OF_RANGE, empty slot KEY_NOT_FOUND, X25519 key
//     WRONG_KEY_TYPE, slot without its entity-authentication flag (0x4C byte 1 bit 3)
//     WRONG_KEY_USAGE, no challenge CHALLENGE_MISSING; none of them uses the challenge up;
//   * a signature of the wrong length, r or s zero or not below n, S not below L: validity 00;
//   * a valid signature marks the slot's entity as authenticated until reset, hibernate or power
//     loss (kept in the volatile state); data zones under AUTH + HOST read that mark. An invalid
//     one leaves an earlier mark as it was (the challenge is spent either way).
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/curve_fields.h"
#include "simulator/stsafe_a120/private_key_use.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kFiller = 0x00;
constexpr uint8_t kValid = 0x01;
constexpr uint8_t kInvalid = 0x00;
}  // namespace

Response run_generate_challenge(CommandContext& context, std::span<const uint8_t> payload) {
  if (!payload.empty()) return Response::error(Status::kInconsistentCommandData);
  const std::vector<uint8_t> random = draw_random(context, kEntityChallengeLength);
  std::array<uint8_t, kEntityChallengeLength> challenge{};
  std::copy(random.begin(), random.end(), challenge.begin());
  context.volatile_state.entity_challenge = challenge;
  return Response::ok(random);
}

Response run_verify_entity_signature(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.size() < 2) return Response::error(Status::kInconsistentCommandData);
  size_t at = 2;
  const std::optional<SignatureParts> signature = read_signature_field(payload, at);
  if (!signature || at != payload.size()) return Response::error(Status::kInconsistentCommandData);
  if (payload[0] != kFiller) return Response::error(Status::kValueOutOfRange);
  const uint8_t slot = payload[1];
  auto found = find_public_key(context.state.public_keys, slot);
  if (const Status* error = std::get_if<Status>(&found)) return Response::error(*error);
  const PublicKeySlot& key = *std::get<const PublicKeySlot*>(found);
  if (!crypto::ec::can_sign(key.curve)) return Response::error(Status::kWrongKeyType);
  if (!key.flags.entity_authentication) return Response::error(Status::kWrongKeyUsage);

  VolatileState& vs = context.volatile_state;
  if (!vs.entity_challenge) return Response::error(Status::kChallengeMissing);
  const std::array<uint8_t, kEntityChallengeLength> challenge = *vs.entity_challenge;
  vs.entity_challenge.reset();
  const bool valid = crypto::ec::verify(key.curve, key.public_key, challenge, signature->r, signature->s);
  if (valid) vs.authenticated_entity = slot;
  return Response::ok({valid ? kValid : kInvalid});
}

}  // namespace kb::sim::stsafe_a120
