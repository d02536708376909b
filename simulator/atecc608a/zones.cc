#include "simulator/atecc608a/zones.h"

namespace kb::sim::atecc608a {

size_t slot_size(size_t slot) {
  if (slot < 8) return 36;
  if (slot == 8) return 416;
  return 72;
}

size_t slot_offset(size_t slot) {
  size_t offset = 0;
  for (size_t s = 0; s < slot; ++s) offset += slot_size(s);
  return offset;
}

std::optional<ZoneAccess> decode_address(uint8_t zone_bits, uint16_t address, bool block32) {
  const size_t request = block32 ? kBlockSize : kWordSize;
  ZoneAccess a;
  switch (zone_bits) {
    case 0:
    case 1: {
      a.zone = zone_bits == 0 ? Zone::kConfig : Zone::kOtp;
      const uint16_t mask = a.zone == Zone::kConfig ? 0x001F : 0x000F;
      if ((address & ~mask) != 0) return std::nullopt;
      const size_t block = address >> 3;
      const size_t word = address & 0x07;
      // A 32-byte access names its block; the word bits are not used.
      a.offset = block * kBlockSize + (block32 ? 0 : word * kWordSize);
      a.length = request;
      const size_t zone_size = a.zone == Zone::kConfig ? kConfigSize : kOtpSize;
      if (a.offset + a.length > zone_size) return std::nullopt;
      return a;
    }
    case 2: {
      a.zone = Zone::kData;
      if ((address & 0xE080) != 0) return std::nullopt;  // bit 7 and bits 13-15 unused
      a.slot = (address >> 3) & 0x0F;
      const size_t block = (address >> 8) & 0x1F;
      const size_t word = address & 0x07;
      const size_t size = slot_size(a.slot);
      a.offset = block * kBlockSize + (block32 ? 0 : word * kWordSize);
      if (a.offset >= size) return std::nullopt;
      a.length = a.offset + request <= size ? request : size - a.offset;
      if (!block32 && a.length != kWordSize) return std::nullopt;
      return a;
    }
    default: return std::nullopt;
  }
}

uint8_t address7_of(std::span<const uint8_t> config) {
  const uint8_t extra = config[config::kUserExtraAdd];
  const bool from_extra = (config[config::kChipMode] & 0x01) != 0 && extra != 0x00;
  return static_cast<uint8_t>((from_extra ? extra : config[config::kI2cAddress]) >> 1);
}

}  // namespace kb::sim::atecc608a
