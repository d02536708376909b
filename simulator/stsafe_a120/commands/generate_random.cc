// Generate random (0x02, fact sheet 2.5): subject 00 | size (1..255) -> size bytes.
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/deterministic_random.h"

namespace kb::sim::stsafe_a120 {

Response run_generate_random(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.size() != 2) return Response::error(Status::kInconsistentCommandData);
  const uint8_t subject = payload[0];
  const uint8_t size = payload[1];
  if (subject != 0x00 || size == 0) return Response::error(Status::kValueOutOfRange);
  const uint32_t counter = context.state.random_counter;
  // The counter is persisted before the bytes are handed out, so a power cut can skip a block
  // of the stream but never serve the same bytes twice.
  context.store.write_random_counter(counter + 1);
  return Response::ok(deterministic_random(context.state.random_seed, counter, size));
}

}  // namespace kb::sim::stsafe_a120
