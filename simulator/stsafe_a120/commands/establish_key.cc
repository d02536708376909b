// Establish key (0x18, fact sheet 2.5): private key slot | peer public key field -> shared secret
// field (len(2) | x-coordinate), ECDH on the NIST and Brainpool curves and X25519. The key's mode
// of operation must allow key establishment; each establishment counts one use of the key. The
// secret is computed before the use is counted, so a refused peer key costs no use.
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/curve_fields.h"
#include "simulator/stsafe_a120/private_key_use.h"

namespace kb::sim::stsafe_a120 {

Response run_establish_key(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.empty()) return Response::error(Status::kInconsistentCommandData);
  const uint8_t slot = payload[0];
  auto found = find_private_key(context.state, slot);
  if (const Status* error = std::get_if<Status>(&found)) return Response::error(*error);
  const PrivateKeySlot& key = *std::get<const PrivateKeySlot*>(found);
  if (!crypto::ec::can_agree(key.curve)) return Response::error(Status::kWrongKeyType);
  if (!key.mode.key_establishment) return Response::error(Status::kWrongKeyUsage);

  auto peer = parse_public_key_field(key.curve, payload.subspan(1));
  if (const Status* error = std::get_if<Status>(&peer)) return Response::error(*error);
  std::optional<std::vector<uint8_t>> secret =
      crypto::ec::shared_secret(key.curve, key.private_key, std::get<std::vector<uint8_t>>(peer));
  // X25519 with a low-order peer key gives all zeros, which OpenSSL (and RFC 7748 section 6.1)
  // refuses.
  if (!secret) return Response::error(Status::kInvalidPublicKey);
  const SecretBytes wiped(std::move(*secret));
  const Status use = count_private_key_use(context, slot);
  if (use != Status::kOk) return Response::error(use);
  return Response::ok(encode_shared_secret_field(wiped.bytes()));
}

}  // namespace kb::sim::stsafe_a120
