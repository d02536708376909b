#include "core/stsafe/commands/generate_signature.h"

#include "core/stsafe/command_codes.h"
#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/payload_writer.h"

namespace kb::core::stsafe::commands {

Status generate_signature(CommandChannel& channel, uint8_t slot, EccCurve curve, std::span<const uint8_t> message,
                          std::span<uint8_t> signature) {
  if (signature_bytes(curve) == 0 || signature.size() != signature_bytes(curve)) return Code::kInvalidArgument;
  if (message.size() > kMaxSignatureMessageBytes) return Code::kInvalidArgument;
  auto payload = PayloadWriter(channel.payload_buffer())
                     .byte(slot)
                     .be16(static_cast<uint16_t>(message.size()))
                     .bytes(message)
                     .finish();
  if (!payload.ok()) return payload.status();
  const auto field_bytes = static_cast<uint16_t>(2 + coordinate_bytes(curve) + 2 + coordinate_bytes(curve));
  auto response = channel.exchange(CommandHeader::standard(command_code::kGenerateSignature), *payload,
                                   expect_exactly(field_bytes));
  if (!response.ok()) return response.status();
  return parse_signature_field(curve, response->payload, signature);
}

}  // namespace kb::core::stsafe::commands
