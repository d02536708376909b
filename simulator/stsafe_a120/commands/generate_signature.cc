// Generate signature (0x16, fact sheet 2.5): slot | message length (2, BE) | message -> signature
// field (len | R | len | S). On the NIST and Brainpool curves the message is the digest the host
// computed (ECDSA signs it as given, 1 to 64 bytes: the chip's longest hash is SHA-512); Ed25519
// signs the message itself (pure Ed25519, RFC 8032). Each signature counts one use of the key.
// ECDSA nonces come from the chip's random stream, so a replayed run signs the same bytes.
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/curve_fields.h"
#include "simulator/stsafe_a120/private_key_use.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr size_t kMessageAt = 3;  // slot | length (2)
constexpr size_t kMaxDigestLength = 64;
}  // namespace

Response run_generate_signature(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.size() < kMessageAt) return Response::error(Status::kInconsistentCommandData);
  const uint8_t slot = payload[0];
  const size_t length = static_cast<size_t>(payload[1] << 8 | payload[2]);
  if (payload.size() - kMessageAt != length) return Response::error(Status::kInconsistentCommandData);
  const std::span<const uint8_t> message = payload.subspan(kMessageAt);

  auto found = find_private_key(context.state, slot);
  if (const Status* error = std::get_if<Status>(&found)) return Response::error(*error);
  const PrivateKeySlot& key = *std::get<const PrivateKeySlot*>(found);
  if (!crypto::ec::can_sign(key.curve)) return Response::error(Status::kWrongKeyType);
  if (!key.mode.external_signature) return Response::error(Status::kWrongKeyUsage);
  const bool ecdsa = crypto::ec::is_weierstrass(key.curve);
  // Ed25519ph and Ed25519ctx are not modelled (fact sheet silent, OpenSSL 3.0 has neither).
  if (!ecdsa && key.mode.eddsa_variant != 0) return Response::error(Status::kWrongModeOfOperation);
  if (ecdsa && (message.empty() || message.size() > kMaxDigestLength)) return Response::error(Status::kValueOutOfRange);

  const Status use = count_private_key_use(context, slot);
  if (use != Status::kOk) return Response::error(use);
  SecretBytes entropy(ecdsa ? draw_random(context, crypto::ec::kSignEntropyLength) : std::vector<uint8_t>{});
  const std::optional<std::vector<uint8_t>> signature =
      crypto::ec::sign(key.curve, key.private_key, message, entropy.bytes());
  if (!signature) return Response::error(Status::kUnexpectedError);
  return Response::ok(encode_signature_field(*signature));
}

}  // namespace kb::sim::stsafe_a120
