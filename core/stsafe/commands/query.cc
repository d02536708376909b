#include "core/stsafe/commands/query.h"

#include <algorithm>

#include "core/stsafe/command_codes.h"
#include "core/stsafe/ecc_fields.h"

namespace kb::core::stsafe::commands {

namespace {

constexpr uint8_t kMaskIdTag = 0x01;
constexpr size_t kMaskIdBytes = 3;
constexpr size_t kHostKeySlotBytes = 6;
constexpr size_t kHostKeySlotV1Bytes = 4;

Result<ResponseFrame> query(Transport& transport, uint8_t tag, std::span<const uint8_t> arguments,
                            ExpectedPayload expected) {
  auto frame = CommandFrameBuilder(transport.command_buffer(), CommandHeader::standard(command_code::kQuery))
                   .byte(tag)
                   .bytes(arguments)
                   .finish();
  if (!frame.ok()) return frame.status();
  return transport.transfer(*frame, expected);
}

// Walks a payload front to back; running past the end is a truncated response.
class Reader {
 public:
  explicit Reader(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  bool has(size_t n) const { return bytes_.size() - pos_ >= n; }
  uint8_t u8() { return bytes_[pos_++]; }
  uint16_t be16() {
    const auto v = static_cast<uint16_t>((bytes_[pos_] << 8) | bytes_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  size_t remaining() const { return bytes_.size() - pos_; }
  void skip(size_t n) { pos_ += n; }
  uint32_t be32() {
    const uint32_t v = (uint32_t{bytes_[pos_]} << 24) | (uint32_t{bytes_[pos_ + 1]} << 16) |
                       (uint32_t{bytes_[pos_ + 2]} << 8) | uint32_t{bytes_[pos_ + 3]};
    pos_ += 4;
    return v;
  }

 private:
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
};

// Mode parameters that follow the usage field of a filled symmetric slot (fact sheet 2.3, tag 0x23).
Status read_mode_parameters(Reader& in, SymmetricKeySlotInfo& slot) {
  switch (slot.mode) {
    case ModeOfOperation::kCmac:
      if (!in.has(1)) return Code::kResponseTruncated;
      slot.min_mac_length = in.u8();
      return Code::kOk;
    case ModeOfOperation::kCcm: {
      if (!in.has(2)) return Code::kResponseTruncated;
      slot.tag_length = in.u8();
      const uint8_t counter_byte = in.u8();
      slot.counter_present = (counter_byte & 0x80) != 0;
      slot.counter_offset = counter_byte & 0x7F;
      if (slot.counter_present) {
        if (!in.has(4)) return Code::kResponseTruncated;
        slot.counter = in.be32();
      }
      return Code::kOk;
    }
    case ModeOfOperation::kGcm:
      if (!in.has(1)) return Code::kResponseTruncated;
      slot.tag_length = in.u8();
      return Code::kOk;
    case ModeOfOperation::kEcb:
    case ModeOfOperation::kHkdf:
    case ModeOfOperation::kHmac: return Code::kOk;
  }
  return Code::kResponseMalformed;
}

}  // namespace

Result<ProductData> parse_product_data(std::span<const uint8_t> payload) {
  if (payload.size() < 2 + kMaskIdBytes) return Code::kResponseTruncated;
  if (payload[0] != kMaskIdTag || payload[1] < kMaskIdBytes) return Code::kResponseMalformed;
  ProductData data;
  std::copy_n(payload.begin() + 2, kMaskIdBytes, data.mask_id.begin());
  data.mask_number = static_cast<uint16_t>((data.mask_id[1] << 8) | data.mask_id[2]);
  data.reported_length = static_cast<uint16_t>(payload.size());
  data.tlvs_length = static_cast<uint16_t>(std::min(payload.size(), data.tlvs.size()));
  std::copy_n(payload.begin(), data.tlvs_length, data.tlvs.begin());
  return data;
}

Result<CommandAccessTable> parse_command_access_table(std::span<const uint8_t> payload) {
  Reader in(payload);
  if (!in.has(2)) return Code::kResponseTruncated;
  CommandAccessTable table;
  table.change_rights = in.u8();
  table.count = in.u8();
  if (table.count > table.records.size()) return Code::kBufferTooSmall;
  for (size_t i = 0; i < table.count; ++i) {
    CommandAccessRecord& r = table.records[i];
    if (!in.has(1)) return Code::kResponseTruncated;
    r.code = in.u8();
    if (r.code == kExtendedCommandPrefix) {
      if (!in.has(1)) return Code::kResponseTruncated;
      r.extended_code = in.u8();
    }
    if (!in.has(2)) return Code::kResponseTruncated;
    r.access = static_cast<AccessCondition>(in.u8());
    const uint8_t flags = in.u8();
    r.command_encrypted = (flags & 0x02) != 0;
    r.response_encrypted = (flags & 0x01) != 0;
  }
  return table;
}

Result<HostKeySlot> parse_host_key_slot(std::span<const uint8_t> payload) {
  Reader in(payload);
  if (!in.has(kHostKeySlotBytes)) return Code::kResponseTruncated;
  HostKeySlot slot;
  slot.present = in.u8() != 0;
  const uint8_t type = in.u8();
  slot.cmac_counter = in.be32();
  // An empty slot's type byte carries no meaning, so only a present key is held to the known types.
  if (slot.present && type > static_cast<uint8_t>(HostKeyType::kAes256)) return Code::kResponseMalformed;
  slot.type = type == static_cast<uint8_t>(HostKeyType::kAes256) ? HostKeyType::kAes256 : HostKeyType::kAes128;
  return slot;
}

Result<HostKeySlotV1> parse_host_key_slot_v1(std::span<const uint8_t> payload) {
  Reader in(payload);
  if (!in.has(kHostKeySlotV1Bytes)) return Code::kResponseTruncated;
  HostKeySlotV1 slot;
  slot.present = in.u8() != 0;
  const uint32_t high = in.u8();
  slot.cmac_counter = (high << 16) | in.be16();
  return slot;
}

Result<SymmetricKeyTable> parse_symmetric_key_table(std::span<const uint8_t> payload) {
  Reader in(payload);
  if (!in.has(1)) return Code::kResponseTruncated;
  SymmetricKeyTable table;
  table.count = in.u8();
  if (table.count > table.slots.size()) return Code::kBufferTooSmall;
  for (size_t i = 0; i < table.count; ++i) {
    SymmetricKeySlotInfo& slot = table.slots[i];
    if (!in.has(1)) return Code::kResponseTruncated;
    const uint8_t flags = in.u8();
    slot.present = (flags & 0x01) != 0;
    // An empty slot is the flags byte alone.
    if (!slot.present) continue;
    slot.lock = static_cast<LockIndicator>((flags >> 1) & 0x03);
    if (!in.has(4)) return Code::kResponseTruncated;
    slot.key_type = static_cast<SymmetricKeyType>(in.u8());
    slot.mode = static_cast<ModeOfOperation>(in.u8());
    slot.usage = in.be16();
    KB_TRY(read_mode_parameters(in, slot));
  }
  return table;
}

Result<PrivateKeyTable> parse_private_key_table(std::span<const uint8_t> payload) {
  constexpr size_t kHeaderBytes = 4;  // slot count | change right | global usage limit (2)
  constexpr size_t kRecordBytes = 4;  // slot number | presence | mode (2)
  Reader in(payload);
  if (!in.has(kHeaderBytes)) return Code::kResponseTruncated;
  PrivateKeyTable table;
  table.count = in.u8();
  table.change_right = in.u8() != 0;
  table.global_usage_limit = in.be16();
  if (table.count > table.slots.size()) return Code::kBufferTooSmall;
  for (size_t i = 0; i < table.count; ++i) {
    PrivateKeySlotInfo& slot = table.slots[i];
    if (!in.has(kRecordBytes)) return Code::kResponseTruncated;
    slot.slot = in.u8();
    const uint8_t presence = in.u8();
    const uint8_t mode[2] = {in.u8(), in.u8()};
    slot.mode = PrivateKeyMode::decode(mode);
    if (presence > 1) return Code::kResponseMalformed;
    slot.present = presence == 1;
    // The curve id follows only a present key.
    if (!slot.present) continue;
    if (!in.has(2)) return Code::kResponseTruncated;
    const std::span<const uint8_t> rest = payload.subspan(payload.size() - in.remaining());
    const size_t id_bytes = 2 + static_cast<size_t>((rest[0] << 8) | rest[1]);
    if (!in.has(id_bytes)) return Code::kResponseTruncated;
    auto curve = curve_from_id_field(rest.first(id_bytes));
    if (!curve.ok()) return curve.status();
    slot.curve = *curve;
    in.skip(id_bytes);
  }
  return table;
}

Result<DataPartitionTable> parse_data_partition_table(std::span<const uint8_t> payload) {
  Reader in(payload);
  if (!in.has(1)) return Code::kResponseTruncated;
  DataPartitionTable table;
  table.count = in.u8();
  if (table.count > table.zones.size()) return Code::kBufferTooSmall;
  for (size_t i = 0; i < table.count; ++i) {
    DataPartitionRecord& z = table.zones[i];
    if (!in.has(5)) return Code::kResponseTruncated;
    z.index = in.u8();
    const uint8_t type = in.u8();
    if (type > static_cast<uint8_t>(ZoneType::kCounter)) return Code::kResponseMalformed;
    z.type = static_cast<ZoneType>(type);
    const uint8_t access = in.u8();
    z.read_change_right = (access & 0x80) != 0;
    z.read_access = static_cast<ZoneAccess>((access >> 4) & 0x07);
    z.update_change_right = (access & 0x08) != 0;
    z.update_access = static_cast<ZoneAccess>(access & 0x07);
    z.length = in.be16();
    if (z.type == ZoneType::kCounter) {
      if (!in.has(4)) return Code::kResponseTruncated;
      z.counter = in.be32();
    }
  }
  return table;
}

Result<ProductData> query_product_data(Transport& transport) {
  auto response = query(transport, attribute_tag::kProductData, {}, expect_at_least(2 + kMaskIdBytes));
  if (!response.ok()) return response.status();
  auto data = parse_product_data(response->payload);
  if (!data.ok()) return data.status();
  if (data->mask_number < kA120MinMaskNumber) return Code::kUnsupported;
  return data;
}

Result<uint8_t> query_command_count(Transport& transport) {
  auto response = query(transport, attribute_tag::kCommandAuthorization, {}, expect_at_least(2));
  if (!response.ok()) return response.status();
  return static_cast<uint8_t>(response->payload[1]);
}

Result<CommandAccessTable> query_command_access_table(Transport& transport) {
  auto response = query(transport, attribute_tag::kCommandAuthorization, {}, expect_at_least(2));
  if (!response.ok()) return response.status();
  return parse_command_access_table(response->payload);
}

Result<LifeCycleState> query_life_cycle(Transport& transport) {
  auto response = query(transport, attribute_tag::kLifeCycleState, {}, expect_exactly(1));
  if (!response.ok()) return response.status();
  return static_cast<LifeCycleState>(response->payload[0]);
}

Result<HostKeySlot> query_host_key_slot(Transport& transport) {
  auto response = query(transport, attribute_tag::kHostKeySlotV2, {}, expect_exactly(kHostKeySlotBytes));
  if (!response.ok()) return response.status();
  return parse_host_key_slot(response->payload);
}

Result<HostKeySlotV1> query_host_key_slot_v1(Transport& transport) {
  auto response = query(transport, attribute_tag::kHostKeySlotV1, {}, expect_exactly(kHostKeySlotV1Bytes));
  if (!response.ok()) return response.status();
  return parse_host_key_slot_v1(response->payload);
}

Result<HostKeyControlFields> query_host_key_control_fields(Transport& transport) {
  auto response = query(transport, attribute_tag::kHostKeyProvisioningControl, {}, expect_exactly(2));
  if (!response.ok()) return response.status();
  return HostKeyControlFields::decode(response->payload.first<2>());
}

Result<SymmetricKeyTable> query_symmetric_key_table(Transport& transport) {
  auto response = query(transport, attribute_tag::kSymmetricKeyTable, {}, expect_at_least(1));
  if (!response.ok()) return response.status();
  return parse_symmetric_key_table(response->payload);
}

Result<SymmetricSlotControlFields> query_symmetric_slot_control_fields(Transport& transport, uint8_t slot) {
  const uint8_t arguments[] = {slot};
  auto response = query(transport, attribute_tag::kSymmetricSlotProvisioningControl, arguments, expect_exactly(3));
  if (!response.ok()) return response.status();
  return SymmetricSlotControlFields::decode(response->payload.first<3>());
}

Result<PrivateKeyTable> query_private_key_table(Transport& transport) {
  auto response = query(transport, attribute_tag::kPrivateKeyTable, {}, expect_at_least(4));
  if (!response.ok()) return response.status();
  return parse_private_key_table(response->payload);
}

Result<uint8_t> query_data_partition_count(Transport& transport) {
  auto response = query(transport, attribute_tag::kDataPartitionConfiguration, {}, expect_at_least(1));
  if (!response.ok()) return response.status();
  return static_cast<uint8_t>(response->payload[0]);
}

Result<DataPartitionTable> query_data_partitions(Transport& transport) {
  auto response = query(transport, attribute_tag::kDataPartitionConfiguration, {}, expect_at_least(1));
  if (!response.ok()) return response.status();
  return parse_data_partition_table(response->payload);
}

Result<LocalEnvelopeKeyTable> parse_local_envelope_key_table(std::span<const uint8_t> payload) {
  Reader in(payload);
  if (!in.has(1)) return Code::kResponseTruncated;
  LocalEnvelopeKeyTable table;
  table.count = in.u8();
  if (table.count > table.slots.size()) return Code::kBufferTooSmall;
  for (size_t i = 0; i < table.count; ++i) {
    LocalEnvelopeKeySlotInfo& slot = table.slots[i];
    if (!in.has(2)) return Code::kResponseTruncated;
    slot.slot = in.u8();
    const uint8_t presence = in.u8();
    if (presence > 1) return Code::kResponseMalformed;
    slot.present = presence == 1;
    if (!slot.present) continue;
    if (!in.has(1)) return Code::kResponseTruncated;
    const uint8_t length = in.u8();
    if (length > 1) return Code::kResponseMalformed;
    slot.type = static_cast<LocalEnvelopeKeyType>(length);
  }
  return table;
}

Result<PasswordSlotInfo> parse_password_slot(std::span<const uint8_t> payload) {
  if (payload.size() < 2) return Code::kResponseTruncated;
  if (payload[0] > 1) return Code::kResponseMalformed;
  return PasswordSlotInfo{payload[0] == 1, payload[1]};
}

Result<LocalEnvelopeKeyTable> query_local_envelope_key_table(Transport& transport) {
  auto response = query(transport, attribute_tag::kLocalEnvelopeKeyTable, {}, expect_at_least(1));
  if (!response.ok()) return response.status();
  return parse_local_envelope_key_table(response->payload);
}

Result<PasswordSlotInfo> query_password_slot(Transport& transport) {
  auto response = query(transport, attribute_tag::kPasswordSlot, {}, expect_exactly(2));
  if (!response.ok()) return response.status();
  return parse_password_slot(response->payload);
}

}  // namespace kb::core::stsafe::commands
