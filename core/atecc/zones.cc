#include "core/atecc/zones.h"

namespace kb::core::atecc {

namespace {
constexpr uint8_t kWordsPerBlock = 8;

size_t blocks_in(size_t bytes) {
  return (bytes + kBlockBytes - 1) / kBlockBytes;
}
}  // namespace

size_t slot_size(uint8_t slot) {
  if (slot < 8) return 36;
  if (slot == 8) return 416;
  if (slot < kSlotCount) return 72;
  return 0;
}

Result<uint16_t> zone_address(Zone zone, uint8_t slot, uint8_t block, uint8_t word) {
  if (word >= kWordsPerBlock) return Code::kInvalidArgument;
  switch (zone) {
    case Zone::kConfig:
      if (block >= blocks_in(kConfigZoneBytes)) return Code::kInvalidArgument;
      return static_cast<uint16_t>(block << 3 | word);
    case Zone::kOtp:
      if (block >= blocks_in(kOtpZoneBytes)) return Code::kInvalidArgument;
      return static_cast<uint16_t>(block << 3 | word);
    case Zone::kData:
      if (slot >= kSlotCount || block >= blocks_in(slot_size(slot))) return Code::kInvalidArgument;
      return static_cast<uint16_t>(block << 8 | slot << 3 | word);
  }
  return Code::kInvalidArgument;
}

Result<uint16_t> config_word_address(size_t offset) {
  if (offset % kWordBytes != 0 || offset >= kConfigZoneBytes) return Code::kInvalidArgument;
  return zone_address(Zone::kConfig, 0, static_cast<uint8_t>(offset / kBlockBytes),
                      static_cast<uint8_t>(offset % kBlockBytes / kWordBytes));
}

}  // namespace kb::core::atecc
