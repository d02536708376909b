// Start / process / finish hash (1F 00 / 1F 01 / 1F 02; layouts from STSELib stsafea_hash.c,
// algorithm ids fact sheet 2.4):
//   1F 00 → hash algorithm id (11) | message       ← none
//   1F 01 → message                                ← none
//   1F 02 → message (may be empty)                 ← digest length (2, BE) | digest
// The chip keeps one hash context in RAM (VolatileState::hash): a reset, a power loss or a
// hibernation loses it. A second Start Hash replaces a context in progress. Process or finish with
// no context → INCONSISTENT_COMMAND_DATA, a refused command leaves the context as it was
// (**inference** both, docs/fidelity.md). How much message one frame carries is the frame's
// business (752 bytes less the header bytes and the algorithm id).
#include <variant>

#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/hash_algorithm_field.h"

namespace kb::sim::stsafe_a120 {

Response run_start_hash(CommandContext& context, std::span<const uint8_t> payload) {
  auto algorithm = read_hash_algorithm_field(payload);
  if (const Status* error = std::get_if<Status>(&algorithm)) return Response::error(*error);
  crypto::hash::Stream stream(std::get<crypto::hash::Algorithm>(algorithm));
  stream.update(payload.subspan(kHashAlgorithmFieldLength));
  context.volatile_state.hash.emplace(std::move(stream));
  return Response::ok();
}

Response run_process_hash(CommandContext& context, std::span<const uint8_t> payload) {
  if (!context.volatile_state.hash) return Response::error(Status::kInconsistentCommandData);
  if (payload.empty()) return Response::error(Status::kInconsistentCommandData);
  context.volatile_state.hash->update(payload);
  return Response::ok();
}

Response run_finish_hash(CommandContext& context, std::span<const uint8_t> payload) {
  if (!context.volatile_state.hash) return Response::error(Status::kInconsistentCommandData);
  crypto::hash::Stream stream = std::move(*context.volatile_state.hash);
  context.volatile_state.hash.reset();
  stream.update(payload);
  const std::vector<uint8_t> digest = stream.finish();
  std::vector<uint8_t> out;
  out.reserve(2 + digest.size());
  out.push_back(static_cast<uint8_t>(digest.size() >> 8));
  out.push_back(static_cast<uint8_t>(digest.size()));
  for (uint8_t b : digest) out.push_back(b);
  return Response::ok(std::move(out));
}

}  // namespace kb::sim::stsafe_a120
