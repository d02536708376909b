// Reset (0x01, fact sheet 2.5): no payload either way.
#include "simulator/stsafe_a120/commands/handlers.h"

namespace kb::sim::stsafe_a120 {

Response run_reset(CommandContext& /*context*/, std::span<const uint8_t> payload) {
  if (!payload.empty()) return Response::error(Status::kInconsistentCommandData);
  // A reset drops the chip's volatile state: its host and KEK sessions. The model holds neither
  // yet, and persistent state is untouched by definition, so there is nothing else to clear.
  return Response::ok();
}

}  // namespace kb::sim::stsafe_a120
