// Generate key (0x11, fact sheet 2.5), private key slot subject (tag 0x13):
//   13 | slot | usage limit (2, BE) | 00 00 | curve id  ->  public key field
// on every curve of fact sheet 2.4. The slot's mode of operation decides whether the command may
// (re)generate it: its generate-key access condition is never, free, admin (never met: the model
// has no admin) or host (the frame must come through the host secure channel). The new key lands
// in the slot's other NVM bank, so a power cut leaves the old key or the new one.
//
// Local envelope key subject (tag 0x07, generate wrap/unwrap key):
//   07 | slot | key length (00 AES-128, 01 AES-256)  ->  no payload
// The key comes from the chip's random stream and never leaves it. A slot holds its key for good:
// a second generation answers ACCESS_CONDITION_NOT_SATISFIED, which ST's key wrapping example reads
// as "a key is already there" (inference, docs/fidelity.md).
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/curve_fields.h"
#include "simulator/stsafe_a120/private_key_use.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kTagLocalEnvelopeKey = 0x07;
constexpr uint8_t kTagPrivateKeySlot = 0x13;
constexpr size_t kCurveIdAt = 6;  // tag | slot | usage limit (2) | filler (2)

Response generate_local_envelope_key(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.size() != 3) return Response::error(Status::kInconsistentCommandData);
  const uint8_t slot = payload[1];
  const uint8_t type = payload[2];
  if (slot >= kLocalEnvelopeSlotCount || type > static_cast<uint8_t>(LocalEnvelopeKeyType::kAes256)) {
    return Response::error(Status::kValueOutOfRange);
  }
  if (context.state.local_envelope_keys[slot].present) return Response::error(Status::kAccessConditionNotSatisfied);
  LocalEnvelopeKey key;
  key.present = true;
  key.type = static_cast<LocalEnvelopeKeyType>(type);
  key.key = draw_random(context, local_envelope_key_length(key.type));
  context.store.write_local_envelope_key(slot, key);
  wipe_bytes(key.key);
  return Response::ok();
}

bool generation_allowed(const PrivateKeyMode& mode, bool host_authenticated) {
  switch (mode.generate_key) {
    case AccessCondition::kFree: return true;
    case AccessCondition::kHost: return host_authenticated;
    case AccessCondition::kNever:
    case AccessCondition::kAdmin: return false;
  }
  return false;
}
}  // namespace

Response run_generate_key(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.empty()) return Response::error(Status::kInconsistentCommandData);
  if (payload[0] == kTagLocalEnvelopeKey) return generate_local_envelope_key(context, payload);
  if (payload[0] != kTagPrivateKeySlot) return Response::error(Status::kValueOutOfRange);
  if (payload.size() < kCurveIdAt) return Response::error(Status::kInconsistentCommandData);
  const uint8_t slot = payload[1];
  const auto usage_limit = static_cast<uint16_t>(payload[2] << 8 | payload[3]);
  if (payload[4] != 0x00 || payload[5] != 0x00) return Response::error(Status::kValueOutOfRange);
  auto id = read_curve_id(payload.subspan(kCurveIdAt));
  if (const Status* error = std::get_if<Status>(&id)) return Response::error(*error);
  const CurveIdField curve_id = std::get<CurveIdField>(id);
  if (payload.size() != kCurveIdAt + curve_id.length) return Response::error(Status::kInconsistentCommandData);

  if (slot >= kPrivateKeySlotCount) return Response::error(Status::kValueOutOfRange);
  const PrivateKeyTable& table = context.state.private_keys;
  const PrivateKeySlot& current = table.slots[slot];
  if (!generation_allowed(current.mode, context.host_authenticated)) {
    return Response::error(Status::kAccessConditionNotSatisfied);
  }
  if (usage_limit != kNoUsageLimit && usage_limit > table.global_usage_limit) {
    return Response::error(Status::kValueOutOfRange);
  }

  const Curve curve = curve_id.curve;
  PrivateKeySlot next;
  next.mode = current.mode;
  next.present = true;
  next.curve = curve;
  next.private_key = draw_private_key(context, curve);
  next.usage_limit = usage_limit;
  next.uses_left = usage_limit;
  const std::optional<std::vector<uint8_t>> public_key = crypto::ec::public_key(curve, next.private_key);
  if (!public_key) {
    wipe_bytes(next.private_key);
    return Response::error(Status::kUnexpectedError);
  }
  context.store.write_private_key(slot, next);
  wipe_bytes(next.private_key);
  return Response::ok(encode_public_key_field(curve, *public_key));
}

}  // namespace kb::sim::stsafe_a120
