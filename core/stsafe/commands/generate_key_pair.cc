#include "core/stsafe/commands/generate_key_pair.h"

#include "core/stsafe/command_codes.h"
#include "core/stsafe/ecc_fields.h"
#include "core/stsafe/payload_writer.h"

namespace kb::core::stsafe::commands {

Status generate_key_pair(CommandChannel& channel, uint8_t slot, EccCurve curve, uint16_t usage_limit,
                         std::span<uint8_t> public_key) {
  if (public_key.size() != public_key_bytes(curve)) return Code::kInvalidArgument;
  auto payload = PayloadWriter(channel.payload_buffer())
                     .byte(attribute_tag::kPrivateKeySlot)
                     .byte(slot)
                     .be16(usage_limit)
                     .be16(0x0000)  // filler
                     .bytes(curve_id_field(curve))
                     .finish();
  if (!payload.ok()) return payload.status();
  const auto field_bytes = static_cast<uint16_t>(public_key_field_bytes(curve));
  auto response =
      channel.exchange(CommandHeader::standard(command_code::kGenerateKey), *payload, expect_exactly(field_bytes));
  if (!response.ok()) return response.status();
  return parse_public_key_field(curve, response->payload, public_key);
}

Status generate_wrap_unwrap_key(CommandChannel& channel, uint8_t slot, LocalEnvelopeKeyType type) {
  if (type != LocalEnvelopeKeyType::kAes128 && type != LocalEnvelopeKeyType::kAes256) return Code::kInvalidArgument;
  const uint8_t payload[] = {attribute_tag::kLocalEnvelopeKeyTable, slot, static_cast<uint8_t>(type)};
  return channel.exchange(CommandHeader::standard(command_code::kGenerateKey), payload, expect_exactly(0)).status();
}

}  // namespace kb::core::stsafe::commands
