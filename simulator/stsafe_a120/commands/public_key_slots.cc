// Generic public key slots (fact sheet 2.3, 2.5; public_key_slots.h):
//   Write public key (1F 0A): slot | curve id | public key field -> no payload
//   Query 0x48: no argument -> slot count | records;  Query 0x4C: slot -> presence | flags | [curve id | key field]
//   Put attribute 0x4D: slot | flags (2) -> no payload
// What the fact sheet leaves open (docs/fidelity.md):
//   * the flags change while their change right is set; a put that clears it freezes them (as the
//     host key control fields of 2.6), and the put's other bits are taken with it;
//   * a key is written into an empty slot at any time and over a present key only while the slot
//     keeps its change right (a frozen slot is a trust anchor); a refused write answers 0x11;
//   * a write keeps the slot's flags; a key of any curve of 2.4 is taken, X25519 included (it can
//     then authenticate nothing: the commands that verify with it answer WRONG_KEY_TYPE).
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/curve_fields.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr size_t kSlotAt = 0;
constexpr size_t kCurveAt = 1;
}  // namespace

Response run_write_public_key(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.size() <= kCurveAt) return Response::error(Status::kInconsistentCommandData);
  const uint8_t slot = payload[kSlotAt];
  auto id = read_curve_id(payload.subspan(kCurveAt));
  if (const Status* error = std::get_if<Status>(&id)) return Response::error(*error);
  const Curve curve = std::get<CurveIdField>(id).curve;
  const size_t key_at = kCurveAt + std::get<CurveIdField>(id).length;
  // The field must fill the rest of the frame exactly.
  const std::span<const uint8_t> field = payload.subspan(key_at);
  const std::optional<size_t> extent = public_key_field_extent(curve, field);
  if (!extent || *extent != field.size()) return Response::error(Status::kInconsistentCommandData);
  if (slot >= kPublicKeySlotCount) return Response::error(Status::kValueOutOfRange);
  auto key = parse_public_key_field(curve, field);
  if (const Status* error = std::get_if<Status>(&key)) return Response::error(*error);

  const PublicKeySlot& current = context.state.public_keys[slot];
  if (current.present && !current.flags.change_right) return Response::error(Status::kAccessConditionNotSatisfied);
  PublicKeySlot written = current;
  written.present = true;
  written.curve = curve;
  written.public_key = std::move(std::get<std::vector<uint8_t>>(key));
  context.store.write_public_key(slot, written);
  return Response::ok();
}

Response query_public_key_table(CommandContext& context, std::span<const uint8_t> argument) {
  if (!argument.empty()) return Response::error(Status::kInconsistentCommandData);
  return Response::ok(encode_public_key_table(context.state.public_keys));
}

Response query_public_key_slot(CommandContext& context, std::span<const uint8_t> argument) {
  if (argument.size() != 1) return Response::error(Status::kInconsistentCommandData);
  if (argument[0] >= kPublicKeySlotCount) return Response::error(Status::kValueOutOfRange);
  return Response::ok(encode_public_key_slot(context.state.public_keys[argument[0]]));
}

Response put_public_key_flags(CommandContext& context, std::span<const uint8_t> value) {
  if (value.size() != 3) return Response::error(Status::kInconsistentCommandData);
  const uint8_t slot = value[0];
  if (slot >= kPublicKeySlotCount) return Response::error(Status::kValueOutOfRange);
  if (value[1] != 0x00 || (value[2] & PublicKeyFlags::kFillerMask) != 0) {
    return Response::error(Status::kValueOutOfRange);
  }
  if (!context.state.public_keys[slot].flags.change_right) {
    return Response::error(Status::kAccessConditionNotSatisfied);
  }
  context.store.write_public_key_flags(slot, PublicKeyFlags::decode(value.subspan(1).first<2>()));
  return Response::ok();
}

}  // namespace kb::sim::stsafe_a120
