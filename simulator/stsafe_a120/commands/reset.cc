// Reset (0x01, fact sheet 2.5): no payload either way.
#include "simulator/stsafe_a120/commands/handlers.h"

namespace kb::sim::stsafe_a120 {

Response run_reset(CommandContext& context, std::span<const uint8_t> payload) {
  if (!payload.empty()) return Response::error(Status::kInconsistentCommandData);
  // A reset drops what the chip holds in RAM: the KEK session, an unused ECDHE key pair, a key
  // establishment waiting for confirmation. The host secure channel has no volatile part on the
  // chip (its counter is persistent), so it carries on.
  context.volatile_state.clear();
  return Response::ok();
}

}  // namespace kb::sim::stsafe_a120
