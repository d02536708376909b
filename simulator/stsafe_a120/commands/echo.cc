// Echo (0x00, fact sheet 2.5): the payload comes back unchanged.
#include "simulator/stsafe_a120/commands/handlers.h"

namespace kb::sim::stsafe_a120 {

Response run_echo(CommandContext& /*context*/, std::span<const uint8_t> payload) {
  // The host library never sends an empty echo; the model answers it with an empty payload
  // rather than guess an error code.
  return Response::ok(std::vector<uint8_t>(payload.begin(), payload.end()));
}

}  // namespace kb::sim::stsafe_a120
