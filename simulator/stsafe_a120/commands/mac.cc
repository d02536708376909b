// MACs with a symmetric slot key (fact sheet 2.5):
//   Generate MAC (0x09): 03 | slot | MAC length | message       -> MAC
//   Verify MAC   (0x0A): 02 | slot | MAC length | MAC | message -> result (1 valid, 0 invalid)
// A CMAC key gives AES-CMAC (RFC 4493) truncated to the first bytes, MAC length 2, 4, 8 or 16; an
// HMAC key (generic secret, mode 5) gives HMAC-SHA-256 truncated the same way, MAC length 16..32
// (**inference**: ST's documented HMAC range; the truncation rule is CMAC's). Either way the key
// needs the matching usage bit and the MAC length must be at least the key's minimum.
#include "simulator/stsafe_a120/chip_crypto.h"
#include "simulator/stsafe_a120/commands/handlers.h"
#include "simulator/stsafe_a120/symmetric_keys.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kSubcommandGenerate = 0x03;
constexpr uint8_t kSubcommandVerify = 0x02;

bool mac_length_allowed(uint8_t length, const SymmetricKeyInfo& info) {
  const bool standard = info.mode == KeyMode::kHmac ? length >= 16 && length <= 32
                                                    : length == 2 || length == 4 || length == 8 || length == 16;
  return standard && length >= info.min_mac_length;
}

// The full-length MAC of message under the slot's key, by its mode.
std::vector<uint8_t> full_mac(const SymmetricKeySlot& key, std::span<const uint8_t> message) {
  if (key.info.mode == KeyMode::kHmac) {
    const auto tag = chip_crypto::hmac_sha256(key.key, message);
    return std::vector<uint8_t>(tag.begin(), tag.end());
  }
  const auto tag = chip_crypto::aes_cmac(key.key, message);
  return std::vector<uint8_t>(tag.begin(), tag.end());
}

// The key for a MAC command whose payload starts subcommand | slot | MAC length, or the status.
std::variant<const SymmetricKeySlot*, Status> mac_key(const CommandContext& context, std::span<const uint8_t> payload,
                                                      uint8_t subcommand, uint8_t usage_bit) {
  if (payload.size() < 3) return Status::kInconsistentCommandData;
  if (payload[0] != subcommand) return Status::kValueOutOfRange;
  const uint8_t slot = payload[1];
  const bool hmac = slot < kSymmetricSlotCount && context.state.symmetric_keys[slot].present &&
                    context.state.symmetric_keys[slot].info.mode == KeyMode::kHmac;
  auto key = key_for_use(context.state, slot, hmac ? KeyMode::kHmac : KeyMode::kCmac, usage_bit);
  if (const Status* error = std::get_if<Status>(&key)) return *error;
  if (!mac_length_allowed(payload[2], std::get<const SymmetricKeySlot*>(key)->info)) return Status::kWrongMacLength;
  return key;
}
}  // namespace

Response run_generate_mac(CommandContext& context, std::span<const uint8_t> payload) {
  auto key = mac_key(context, payload, kSubcommandGenerate, key_usage::kMacGeneration);
  if (const Status* error = std::get_if<Status>(&key)) return Response::error(*error);
  std::vector<uint8_t> tag = full_mac(*std::get<const SymmetricKeySlot*>(key), payload.subspan(3));
  tag.resize(payload[2]);
  return Response::ok(std::move(tag));
}

Response run_verify_mac(CommandContext& context, std::span<const uint8_t> payload) {
  auto key = mac_key(context, payload, kSubcommandVerify, key_usage::kMacVerification);
  if (const Status* error = std::get_if<Status>(&key)) return Response::error(*error);
  const size_t length = payload[2];
  if (payload.size() < 3 + length) return Response::error(Status::kInconsistentCommandData);
  const std::vector<uint8_t> tag = full_mac(*std::get<const SymmetricKeySlot*>(key), payload.subspan(3 + length));
  const bool valid = chip_crypto::equal_in_constant_time(std::span(tag).first(length), payload.subspan(3, length));
  return Response::ok({static_cast<uint8_t>(valid ? 0x01 : 0x00)});
}

}  // namespace kb::sim::stsafe_a120
