// Wrap local envelope (0x0E) and unwrap local envelope (0x0F), fact sheet 2.5 and 1.7:
//   0E  slot | payload   ->  envelope (payload + 8 bytes)
//   0F  slot | envelope  ->  payload
// AES key wrap (RFC 3394 / SP 800-38F KW, default IV) under the slot's local envelope key. The
// payload is whole 64-bit blocks, 16..480 bytes (KW needs two blocks at least; the A1xx host
// library documents "multiple of 8"); any other length answers INCONSISTENT_COMMAND_DATA. A slot
// beyond the table answers VALUE_OUT_OF_RANGE, an empty slot KEY_NOT_FOUND, an envelope whose
// integrity check fails COMMAND_DECRYPTION_ERROR (inference, docs/fidelity.md). Neither command
// writes the NVM. The command access table decides whether they must come through the host
// secure channel (the recommended table: wrap with C-MAC and command encryption, unwrap with
// C-MAC and response encryption).
#include <variant>

#include "simulator/stsafe_a120/chip_crypto.h"
#include "simulator/stsafe_a120/commands/handlers.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr size_t kBlock = 8;

bool valid_payload_length(size_t n) {
  return n >= kMinWrapPayload && n <= kMaxWrapPayload && n % kBlock == 0;
}

// The slot's key, or the status that refuses the command.
std::variant<const LocalEnvelopeKey*, Status> envelope_key(const State& state, uint8_t slot) {
  if (slot >= kLocalEnvelopeSlotCount) return Status::kValueOutOfRange;
  const LocalEnvelopeKey& key = state.local_envelope_keys[slot];
  if (!key.present) return Status::kKeyNotFound;
  return &key;
}
}  // namespace

Response run_wrap_local_envelope(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.empty()) return Response::error(Status::kInconsistentCommandData);
  auto key = envelope_key(context.state, payload[0]);
  if (const Status* error = std::get_if<Status>(&key)) return Response::error(*error);
  std::span<const uint8_t> data = payload.subspan(1);
  if (!valid_payload_length(data.size())) return Response::error(Status::kInconsistentCommandData);
  std::optional<std::vector<uint8_t>> wrapped =
      chip_crypto::aes_key_wrap(std::get<const LocalEnvelopeKey*>(key)->key, data);
  if (!wrapped) return Response::error(Status::kUnexpectedError);
  return Response::ok(std::move(*wrapped));
}

Response run_unwrap_local_envelope(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.empty()) return Response::error(Status::kInconsistentCommandData);
  auto key = envelope_key(context.state, payload[0]);
  if (const Status* error = std::get_if<Status>(&key)) return Response::error(*error);
  std::span<const uint8_t> envelope = payload.subspan(1);
  if (envelope.size() < kEnvelopeOverhead || !valid_payload_length(envelope.size() - kEnvelopeOverhead)) {
    return Response::error(Status::kInconsistentCommandData);
  }
  std::optional<std::vector<uint8_t>> plain =
      chip_crypto::aes_key_unwrap(std::get<const LocalEnvelopeKey*>(key)->key, envelope);
  if (!plain) return Response::error(Status::kCommandDecryptionError);
  return Response::ok(std::move(*plain));
}

}  // namespace kb::sim::stsafe_a120
