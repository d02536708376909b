// Query (0x14, fact sheet 2.5): tag [argument] -> the attribute's current value.
#include <algorithm>

#include "simulator/stsafe_a120/command_authorization.h"
#include "simulator/stsafe_a120/commands/handlers.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr uint8_t kTagLocalEnvelopeKeyTable = 0x07;
constexpr uint8_t kTagLifeCycle = 0x08;
constexpr uint8_t kTagPasswordSlot = 0x09;
constexpr uint8_t kTagI2cParameters = 0x0A;
constexpr uint8_t kTagProductData = 0x11;
constexpr uint8_t kTagDataPartition = 0x12;
constexpr uint8_t kTagPrivateKeyTable = 0x14;
constexpr uint8_t kTagHostKeyV1 = 0x17;
constexpr uint8_t kTagSymmetricKeyTable = 0x23;
constexpr uint8_t kTagCommandAuthorization = 0x24;
constexpr uint8_t kTagHostKeyV2 = 0x47;
constexpr uint8_t kTagHostKeyControl = 0x4A;
constexpr uint8_t kTagSymmetricSlotControl = 0x4B;
constexpr uint8_t kTagPublicKeyTable = 0x48;
constexpr uint8_t kTagPublicKeySlot = 0x4C;

template <size_t N>
std::vector<uint8_t> bytes_of(const std::array<uint8_t, N>& a) {
  return std::vector<uint8_t>(a.begin(), a.end());
}

Response host_key_v2(const HostKeySlot& slot) {
  // presence | key type | C-MAC counter (4, BE); an empty slot reports zeros throughout.
  if (!slot.present) return Response::ok({0x00, 0x00, 0x00, 0x00, 0x00, 0x00});
  const uint32_t c = slot.cmac_counter;
  return Response::ok({0x01, static_cast<uint8_t>(slot.type), static_cast<uint8_t>(c >> 24),
                       static_cast<uint8_t>(c >> 16), static_cast<uint8_t>(c >> 8), static_cast<uint8_t>(c)});
}

// The A100/A110 layout the A120 still answers (fact sheet 2.5, STSELib's V1 slot structure):
// presence | C-MAC counter (3, BE). The A120 has one host key slot, the V2 one; tag 0x17 reports
// it in the V1 form (**inference**, fact sheet 8): presence 1 for a key of either type, and the
// 32-bit counter held at 0xFFFFFF once it no longer fits 24 bits, so the V1 view never shows a
// counter lower than the chip's.
Response host_key_v1(const HostKeySlot& slot) {
  if (!slot.present) return Response::ok({0x00, 0x00, 0x00, 0x00});
  const uint32_t c = std::min<uint32_t>(slot.cmac_counter, 0xFFFFFF);
  return Response::ok({0x01, static_cast<uint8_t>(c >> 16), static_cast<uint8_t>(c >> 8), static_cast<uint8_t>(c)});
}

// Slot count, then per slot: slot number | presence | key length (only when present), the layout
// the A1xx host library reads (local_envelope_keys.h).
Response local_envelope_key_table(const State& s) {
  std::vector<uint8_t> out{static_cast<uint8_t>(kLocalEnvelopeSlotCount)};
  for (size_t i = 0; i < kLocalEnvelopeSlotCount; ++i) {
    const LocalEnvelopeKey& key = s.local_envelope_keys[i];
    out.push_back(static_cast<uint8_t>(i));
    out.push_back(key.present ? 0x01 : 0x00);
    if (key.present) out.push_back(static_cast<uint8_t>(key.type));
  }
  return Response::ok(std::move(out));
}

// presence | tries left (inference, password.h); an empty slot reports 00 00.
Response password_slot(const PasswordSlot& p) {
  if (!p.present) return Response::ok({0x00, 0x00});
  return Response::ok({0x01, p.tries_left});
}

Response symmetric_key_table(const State& s) {
  // slot count, then per slot: 00 when empty, else the key's record (no slot numbers).
  std::vector<uint8_t> out{static_cast<uint8_t>(kSymmetricSlotCount)};
  for (const SymmetricKeySlot& key : s.symmetric_keys) {
    if (!key.present) {
      out.push_back(0x00);
      continue;
    }
    const std::vector<uint8_t> record = encode_key_table_record(key.info, key.counter);
    out.insert(out.end(), record.begin(), record.end());
  }
  return Response::ok(std::move(out));
}
}  // namespace

Response run_query(CommandContext& context, std::span<const uint8_t> payload) {
  if (payload.empty()) return Response::error(Status::kInconsistentCommandData);
  const uint8_t tag = payload[0];
  std::span<const uint8_t> argument = payload.subspan(1);
  const State& s = context.state;

  if (tag == kTagSymmetricSlotControl) {
    if (argument.size() != 1) return Response::error(Status::kInconsistentCommandData);
    if (argument[0] >= kSymmetricSlotCount) return Response::error(Status::kValueOutOfRange);
    return Response::ok(bytes_of(s.symmetric_key_control[argument[0]].encode()));
  }
  if (tag == kTagPublicKeyTable) return query_public_key_table(context, argument);
  if (tag == kTagPublicKeySlot) return query_public_key_slot(context, argument);
  // Every other tag takes no argument.
  switch (tag) {
    case kTagLocalEnvelopeKeyTable:
    case kTagLifeCycle:
    case kTagPasswordSlot:
    case kTagI2cParameters:
    case kTagProductData:
    case kTagDataPartition:
    case kTagPrivateKeyTable:
    case kTagHostKeyV1:
    case kTagSymmetricKeyTable:
    case kTagCommandAuthorization:
    case kTagHostKeyV2:
    case kTagHostKeyControl:
      if (!argument.empty()) return Response::error(Status::kInconsistentCommandData);
      break;
    default: return Response::error(Status::kValueOutOfRange);
  }
  switch (tag) {
    case kTagLocalEnvelopeKeyTable: return local_envelope_key_table(s);
    case kTagLifeCycle: return Response::ok({static_cast<uint8_t>(s.life_cycle)});
    case kTagPasswordSlot: return password_slot(s.password);
    case kTagI2cParameters: return Response::ok(bytes_of(s.i2c.encode()));
    case kTagProductData: return Response::ok(s.product_data);
    case kTagDataPartition: return Response::ok(encode_data_partition_table(s.data_partitions));
    case kTagHostKeyV1: return host_key_v1(s.host_key);
    case kTagPrivateKeyTable: return Response::ok(encode_private_key_table(s.private_keys));
    case kTagSymmetricKeyTable: return symmetric_key_table(s);
    case kTagCommandAuthorization:
      return Response::ok(encode_command_authorizations(s.command_access.change_rights, s.command_access.records));
    case kTagHostKeyV2: return host_key_v2(s.host_key);
    case kTagHostKeyControl: return Response::ok(bytes_of(s.host_key_control.encode()));
  }
  return Response::error(Status::kValueOutOfRange);
}

}  // namespace kb::sim::stsafe_a120
