// Write host key V2 plaintext (1F 07, fact sheet 2.5):
//   00 00 00 | key type (0 AES-128, 1 AES-256) | MAC key | cipher key -> no payload.
#include "simulator/stsafe_a120/commands/handlers.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr size_t kPrefixLength = 4;  // three zero bytes and the key type
}

Response run_write_host_key_v2_plaintext(CommandContext& context, std::span<const uint8_t> payload) {
  // Form first, then authorisation: a malformed frame is reported as such whatever the fields say.
  if (payload.size() < kPrefixLength) return Response::error(Status::kInconsistentCommandData);
  if (payload[0] != 0 || payload[1] != 0 || payload[2] != 0) return Response::error(Status::kValueOutOfRange);
  if (payload[3] > static_cast<uint8_t>(HostKeyType::kAes256)) return Response::error(Status::kValueOutOfRange);
  const HostKeyType type = static_cast<HostKeyType>(payload[3]);
  const size_t key_length = host_key_length(type);
  if (payload.size() != kPrefixLength + 2 * key_length) return Response::error(Status::kInconsistentCommandData);

  const HostKeyControl& control = context.state.host_key_control;
  if (!control.plaintext) return Response::error(Status::kCommandNotAuthorized);
  if (context.state.host_key.present && !control.reprovision) {
    return Response::error(Status::kAccessConditionNotSatisfied);
  }

  HostKeySlot slot;
  slot.present = true;
  slot.type = type;
  std::span<const uint8_t> keys = payload.subspan(kPrefixLength);
  slot.mac_key.assign(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(key_length));
  slot.cipher_key.assign(keys.begin() + static_cast<std::ptrdiff_t>(key_length), keys.end());
  // A new key starts a new C-MAC sequence (fact sheet 8.6).
  slot.cmac_counter = 0;
  context.store.write_host_key(slot);
  return Response::ok();
}

}  // namespace kb::sim::stsafe_a120
