#include "core/stsafe/commands/verify_signature.h"

#include "core/stsafe/command_codes.h"
#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/payload_writer.h"

namespace kb::core::stsafe::commands {

namespace {
constexpr uint8_t kSubjectHostKey = 0x00;
constexpr uint8_t kSubjectSlotKey = 0x01;
constexpr uint8_t kValid = 0x01;

// Everything after the key: signature field | [variant] | message length | message; then the exchange.
Result<bool> finish_and_exchange(CommandChannel& channel, PayloadWriter& w, EccCurve curve,
                                 std::span<const uint8_t> signature, std::span<const uint8_t> message,
                                 uint8_t eddsa_variant) {
  const size_t half = signature_bytes(curve) / 2;
  w.be16(static_cast<uint16_t>(half)).bytes(signature.first(half));
  w.be16(static_cast<uint16_t>(half)).bytes(signature.last(half));
  if (curve == EccCurve::kEd25519) w.byte(eddsa_variant);
  w.be16(static_cast<uint16_t>(message.size())).bytes(message);
  // The header byte counts against the frame limit too.
  if (1 + w.size() > kMaxFrameBytes || message.size() > 0xFFFF) return Code::kInvalidArgument;
  auto payload = w.finish();
  if (!payload.ok()) return payload.status();
  auto response =
      channel.exchange(CommandHeader::standard(command_code::kVerifySignature), *payload, expect_exactly(1));
  if (!response.ok()) return response.status();
  const uint8_t validity = response->payload[0];
  if (validity > kValid) return Code::kResponseMalformed;
  return validity == kValid;
}
}  // namespace

Result<bool> verify_signature(CommandChannel& channel, EccCurve curve, std::span<const uint8_t> public_key,
                              std::span<const uint8_t> signature, std::span<const uint8_t> message,
                              uint8_t eddsa_variant) {
  const size_t half = signature_bytes(curve) / 2;
  if (half == 0 || signature.size() != 2 * half || public_key.size() != public_key_bytes(curve)) {
    return Code::kInvalidArgument;
  }
  PayloadWriter w(channel.payload_buffer());
  w.byte(kSubjectHostKey).bytes(curve_id_field(curve));
  append_public_key_field(w, curve, public_key);
  return finish_and_exchange(channel, w, curve, signature, message, eddsa_variant);
}

Result<bool> verify_signature_with_slot(CommandChannel& channel, uint8_t slot, EccCurve curve,
                                        std::span<const uint8_t> signature, std::span<const uint8_t> message,
                                        uint8_t eddsa_variant) {
  const size_t half = signature_bytes(curve) / 2;
  if (half == 0 || signature.size() != 2 * half) return Code::kInvalidArgument;
  PayloadWriter w(channel.payload_buffer());
  w.byte(kSubjectSlotKey).byte(slot);
  return finish_and_exchange(channel, w, curve, signature, message, eddsa_variant);
}

}  // namespace kb::core::stsafe::commands
