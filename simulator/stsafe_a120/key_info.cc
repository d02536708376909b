#include "simulator/stsafe_a120/key_info.h"

#include "simulator/stsafe_a120/state.h"

namespace kb::sim::stsafe_a120 {

namespace {
constexpr size_t kCommonLength = 6;  // lock, slot, type, mode, usage (2)
constexpr uint8_t kModeHkdf = 4, kModeHmac = 5;
constexpr uint8_t kTypeGenericSecret = 2;
constexpr uint8_t kCounterPresent = 0x80;
constexpr uint8_t kCounterOffsetMask = 0x7F;

uint8_t counter_byte(const SymmetricKeyInfo& info) {
  return static_cast<uint8_t>((info.has_counter ? kCounterPresent : 0) | info.counter_offset);
}
}  // namespace

uint8_t usage_bits_allowed(KeyMode mode) {
  using namespace key_usage;
  switch (mode) {
    case KeyMode::kCmac: return kMacVerification | kMacGeneration;
    case KeyMode::kCcm: return kDecryption | kEncryption | kChunkedDecryption | kChunkedEncryption;
    case KeyMode::kEcb: return kDecryption | kEncryption;
    case KeyMode::kGcm: return kDecryption | kEncryption | kChunkedDecryption | kChunkedEncryption;
  }
  return 0;
}

size_t symmetric_key_length(SymmetricKeyType type) {
  return type == SymmetricKeyType::kAes256 ? 32 : 16;
}

std::optional<size_t> key_info_length(uint8_t mode_byte) {
  switch (mode_byte) {
    case static_cast<uint8_t>(KeyMode::kEcb): return 6;
    case static_cast<uint8_t>(KeyMode::kCmac): return 7;
    case static_cast<uint8_t>(KeyMode::kGcm): return 7;
    case static_cast<uint8_t>(KeyMode::kCcm): return 8;
    case kModeHkdf: return 8;
    case kModeHmac: return 8;
  }
  return std::nullopt;
}

std::vector<uint8_t> SymmetricKeyInfo::encode() const {
  std::vector<uint8_t> out{static_cast<uint8_t>(lock), slot, static_cast<uint8_t>(type),
                           static_cast<uint8_t>(mode), 0x00, usage};
  switch (mode) {
    case KeyMode::kCmac: out.push_back(min_mac_length); break;
    case KeyMode::kCcm:
      out.push_back(tag_length);
      out.push_back(counter_byte(*this));
      break;
    case KeyMode::kEcb: break;
    case KeyMode::kGcm: out.push_back(tag_length); break;
  }
  return out;
}

std::string_view key_info_problem(const SymmetricKeyInfo& info) {
  if (info.slot >= kSymmetricSlotCount) return "slot must be 0..15";
  if ((info.usage & ~usage_bits_allowed(info.mode)) != 0) return "usage has a bit this mode of operation cannot use";
  switch (info.mode) {
    case KeyMode::kCmac:
      // Fact sheet 2.5: CMAC lengths run up to the full 16-byte tag.
      if (info.min_mac_length == 0 || info.min_mac_length > 16) return "min MAC length must be 1..16";
      break;
    case KeyMode::kCcm:
      if (info.tag_length != 0 && info.tag_length != 4 && info.tag_length != 8 && info.tag_length != 16)
        return "CCM tag length must be 0, 4, 8 or 16";
      if (info.counter_offset > kMaxCcmCounterOffset) return "CCM counter offset must be 0..9";
      // One spelling per key: without a counter there is nothing to place.
      if (!info.has_counter && info.counter_offset != 0) return "CCM counter offset must be 0 without a counter";
      break;
    case KeyMode::kEcb: break;
    case KeyMode::kGcm:
      // Fact sheet 2.8: 4, 8 or 12..16.
      if (info.tag_length != 4 && info.tag_length != 8 && (info.tag_length < 12 || info.tag_length > 16))
        return "GCM tag length must be 4, 8 or 12..16";
      break;
  }
  return {};
}

std::variant<ParsedKeyInfo, Status> parse_key_info(std::span<const uint8_t> bytes) {
  if (bytes.size() < kCommonLength) return Status::kInconsistentCommandData;
  const std::optional<size_t> length = key_info_length(bytes[3]);
  if (!length) return Status::kValueOutOfRange;
  if (bytes.size() < *length) return Status::kInconsistentCommandData;
  // Defined by the chip but not modelled: refused the same way as undefined values.
  if (bytes[3] == kModeHkdf || bytes[3] == kModeHmac) return Status::kValueOutOfRange;
  if (bytes[0] > static_cast<uint8_t>(LockIndicator::kErasable)) return Status::kValueOutOfRange;
  if (bytes[2] >= kTypeGenericSecret) return Status::kValueOutOfRange;
  if (bytes[4] != 0x00) return Status::kValueOutOfRange;

  ParsedKeyInfo parsed;
  parsed.length = *length;
  SymmetricKeyInfo& info = parsed.info;
  info.lock = static_cast<LockIndicator>(bytes[0]);
  info.slot = bytes[1];
  info.type = static_cast<SymmetricKeyType>(bytes[2]);
  info.mode = static_cast<KeyMode>(bytes[3]);
  info.usage = bytes[5];
  if (info.mode == KeyMode::kCmac) info.min_mac_length = bytes[6];
  if (info.mode == KeyMode::kGcm) info.tag_length = bytes[6];
  if (info.mode == KeyMode::kCcm) {
    info.tag_length = bytes[6];
    info.has_counter = (bytes[7] & kCounterPresent) != 0;
    info.counter_offset = bytes[7] & kCounterOffsetMask;
  }
  if (!key_info_problem(info).empty()) return Status::kValueOutOfRange;
  return parsed;
}

std::vector<uint8_t> encode_key_table_record(const SymmetricKeyInfo& info, uint32_t counter) {
  std::vector<uint8_t> out{static_cast<uint8_t>(0x01 | static_cast<uint8_t>(info.lock) << 1),
                           static_cast<uint8_t>(info.type), static_cast<uint8_t>(info.mode), 0x00, info.usage};
  switch (info.mode) {
    case KeyMode::kCmac: out.push_back(info.min_mac_length); break;
    case KeyMode::kCcm:
      out.push_back(info.tag_length);
      out.push_back(counter_byte(info));
      if (info.has_counter) {
        for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(counter >> shift));
      }
      break;
    case KeyMode::kEcb: break;
    case KeyMode::kGcm: out.push_back(info.tag_length); break;
  }
  return out;
}

}  // namespace kb::sim::stsafe_a120
