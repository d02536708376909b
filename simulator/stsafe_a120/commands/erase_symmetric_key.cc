// Erase symmetric key slot (1F 19, fact sheet 2.5): slot -> no payload. A key whose lock indicator
// (fact sheet 2.8) says unlocked or erasable is erased; a locked one is refused with 0x11 (ST's
// documentation of the A120 symmetric key table: unlocked keys may be overwritten and erased,
// erasable keys only erased, locked keys neither). The slot is then empty and writable.
#include "simulator/stsafe_a120/commands/handlers.h"

namespace kb::sim::stsafe_a120 {

Response run_erase_symmetric_key_slot(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.size() != 1) return Response::error(Status::kInconsistentCommandData);
  const uint8_t slot = payload[0];
  if (slot >= kSymmetricSlotCount) return Response::error(Status::kValueOutOfRange);
  const SymmetricKeySlot& key = context.state.symmetric_keys[slot];
  if (!key.present) return Response::error(Status::kKeyNotFound);
  if (key.info.lock == LockIndicator::kLocked) return Response::error(Status::kAccessConditionNotSatisfied);
  context.store.write_symmetric_key(slot, SymmetricKeySlot{});
  return Response::ok();
}

}  // namespace kb::sim::stsafe_a120
