#include "core/stsafe/commands/public_key_slots.h"

#include "core/stsafe/command_codes.h"
#include "core/stsafe/payload_writer.h"

namespace kb::core::stsafe {

namespace {
constexpr uint8_t kFlagChangeRight = 0x01;
constexpr uint8_t kFlagEstablishSymmetricKey = 0x02;
constexpr uint8_t kFlagStartVolatileKekSession = 0x04;
constexpr uint8_t kFlagEntityAuthentication = 0x08;
constexpr uint8_t kFlagEstablishHostKey = 0x10;
constexpr size_t kSlotHeaderBytes = 3;  // presence | flags (2)

uint8_t flag(bool on, uint8_t mask) {
  return on ? mask : uint8_t{0};
}

// The curve id field at the start of `bytes` (its length from its own first two bytes), or an
// error: kResponseTruncated when bytes stop early, kResponseMalformed for an unknown curve.
Result<EccCurve> curve_at(std::span<const uint8_t> bytes, size_t& length) {
  if (bytes.size() < 2) return Code::kResponseTruncated;
  length = 2 + static_cast<size_t>((bytes[0] << 8) | bytes[1]);
  if (bytes.size() < length) return Code::kResponseTruncated;
  return curve_from_id_field(bytes.first(length));
}
}  // namespace

std::array<uint8_t, 2> PublicKeyFlags::encode() const {
  return {0x00, static_cast<uint8_t>(flag(change_right, kFlagChangeRight) |
                                     flag(establish_symmetric_key, kFlagEstablishSymmetricKey) |
                                     flag(start_volatile_kek_session, kFlagStartVolatileKekSession) |
                                     flag(entity_authentication, kFlagEntityAuthentication) |
                                     flag(establish_host_key, kFlagEstablishHostKey))};
}

PublicKeyFlags PublicKeyFlags::decode(std::span<const uint8_t, 2> bytes) {
  PublicKeyFlags f;
  f.change_right = (bytes[1] & kFlagChangeRight) != 0;
  f.establish_symmetric_key = (bytes[1] & kFlagEstablishSymmetricKey) != 0;
  f.start_volatile_kek_session = (bytes[1] & kFlagStartVolatileKekSession) != 0;
  f.entity_authentication = (bytes[1] & kFlagEntityAuthentication) != 0;
  f.establish_host_key = (bytes[1] & kFlagEstablishHostKey) != 0;
  return f;
}

const PublicKeySlotInfo* PublicKeyTable::find(uint8_t slot) const {
  for (size_t i = 0; i < count && i < slots.size(); ++i) {
    if (slots[i].slot == slot) return &slots[i];
  }
  return nullptr;
}

namespace commands {

namespace {
Result<ResponseFrame> query(Transport& transport, std::span<const uint8_t> tag_and_arguments,
                            ExpectedPayload expected) {
  auto frame = CommandFrameBuilder(transport.command_buffer(), CommandHeader::standard(command_code::kQuery))
                   .bytes(tag_and_arguments)
                   .finish();
  if (!frame.ok()) return frame.status();
  return transport.transfer(*frame, expected);
}
}  // namespace

Result<PublicKeyTable> parse_public_key_table(std::span<const uint8_t> payload) {
  constexpr size_t kRecordBytes = 4;  // slot | presence | flags (2)
  if (payload.empty()) return Code::kResponseTruncated;
  PublicKeyTable table;
  table.count = payload[0];
  if (table.count > table.slots.size()) return Code::kBufferTooSmall;
  size_t at = 1;
  for (size_t i = 0; i < table.count; ++i) {
    if (payload.size() - at < kRecordBytes) return Code::kResponseTruncated;
    PublicKeySlotInfo& slot = table.slots[i];
    slot.slot = payload[at];
    const uint8_t presence = payload[at + 1];
    if (presence > 1) return Code::kResponseMalformed;
    slot.present = presence == 1;
    slot.flags = PublicKeyFlags::decode(payload.subspan(at + 2).first<2>());
    at += kRecordBytes;
    if (!slot.present) continue;
    size_t id_length = 0;
    auto curve = curve_at(payload.subspan(at), id_length);
    if (!curve.ok()) return curve.status();
    slot.curve = *curve;
    at += id_length;
  }
  return table;
}

Result<PublicKeySlotValue> parse_public_key_slot(std::span<const uint8_t> payload) {
  if (payload.size() < kSlotHeaderBytes) return Code::kResponseTruncated;
  PublicKeySlotValue value;
  if (payload[0] > 1) return Code::kResponseMalformed;
  value.present = payload[0] == 1;
  value.flags = PublicKeyFlags::decode(payload.subspan(1).first<2>());
  if (!value.present) return value;
  size_t id_length = 0;
  auto curve = curve_at(payload.subspan(kSlotHeaderBytes), id_length);
  if (!curve.ok()) return curve.status();
  value.curve = *curve;
  const std::span<const uint8_t> field = payload.subspan(kSlotHeaderBytes + id_length);
  if (field.size() < public_key_field_bytes(value.curve)) return Code::kResponseTruncated;
  value.key_length = public_key_bytes(value.curve);
  // Bytes after the field are the transport's filler (fact sheet 1.5), as ST's library reads them.
  const Status parsed = parse_public_key_field(value.curve, field.first(public_key_field_bytes(value.curve)),
                                               std::span<uint8_t>(value.key).first(value.key_length));
  if (!parsed.ok()) return parsed;
  return value;
}

Result<uint8_t> query_public_key_slot_count(Transport& transport) {
  const uint8_t command[] = {attribute_tag::kGenericPublicKeyTable};
  auto response = query(transport, command, expect_at_least(1));
  if (!response.ok()) return response.status();
  return static_cast<uint8_t>(response->payload[0]);
}

Result<PublicKeyTable> query_public_key_table(Transport& transport) {
  const uint8_t command[] = {attribute_tag::kGenericPublicKeyTable};
  auto response = query(transport, command, expect_at_least(1));
  if (!response.ok()) return response.status();
  return parse_public_key_table(response->payload);
}

Result<PublicKeySlotValue> query_public_key_slot(Transport& transport, uint8_t slot) {
  const uint8_t command[] = {attribute_tag::kGenericPublicKeySlot, slot};
  auto response = query(transport, command, expect_at_least(kSlotHeaderBytes));
  if (!response.ok()) return response.status();
  return parse_public_key_slot(response->payload);
}

Status put_public_key_flags(Transport& transport, uint8_t slot, const PublicKeyFlags& flags) {
  const std::array<uint8_t, 2> value = flags.encode();
  auto frame = CommandFrameBuilder(transport.command_buffer(), CommandHeader::standard(command_code::kPutAttribute))
                   .byte(attribute_tag::kGenericPublicKeyFlags)
                   .byte(slot)
                   .bytes(value)
                   .finish();
  if (!frame.ok()) return frame.status();
  return transport.transfer(*frame, expect_exactly(0)).status();
}

Status write_public_key(CommandChannel& channel, uint8_t slot, EccCurve curve, std::span<const uint8_t> public_key) {
  if (public_key.size() != public_key_bytes(curve)) return Code::kInvalidArgument;
  PayloadWriter w(channel.payload_buffer());
  w.byte(slot).bytes(curve_id_field(curve));
  append_public_key_field(w, curve, public_key);
  auto payload = w.finish();
  if (!payload.ok()) return payload.status();
  return channel.exchange(CommandHeader::extended(extended_code::kWritePublicKey), *payload, expect_exactly(0))
      .status();
}

}  // namespace commands
}  // namespace kb::core::stsafe
