#include "core/nrf/nvmc_flash_region.h"

namespace kb::core::nrf {

hal::FlashResult NvmcFlashRegion::read(size_t offset, std::span<uint8_t> out) {
  if (offset > size_ || out.size() > size_ - offset) return hal::FlashResult::kOutOfRange;
  for (size_t i = 0; i < out.size();) {
    const size_t at = offset + i;
    const uint32_t word = nvmc_.bus().read32(base_ + static_cast<uint32_t>(at & ~static_cast<size_t>(3)));
    for (size_t b = at % 4; b < 4 && i < out.size(); ++b, ++i) out[i] = static_cast<uint8_t>(word >> (8 * b));
  }
  return hal::FlashResult::kOk;
}

hal::FlashResult NvmcFlashRegion::program(size_t offset, std::span<const uint8_t> data) {
  if (offset > size_ || data.size() > size_ - offset || offset % 4 != 0 || data.size() % 4 != 0)
    return hal::FlashResult::kOutOfRange;
  for (size_t i = 0; i < data.size(); i += 4) {
    const uint32_t value = static_cast<uint32_t>(data[i]) | static_cast<uint32_t>(data[i + 1]) << 8 |
                           static_cast<uint32_t>(data[i + 2]) << 16 | static_cast<uint32_t>(data[i + 3]) << 24;
    const uint32_t address = base_ + static_cast<uint32_t>(offset + i);
    if (!nvmc_.write_word(address, value).ok()) return hal::FlashResult::kFailed;
    if (nvmc_.bus().read32(address) != value) return hal::FlashResult::kFailed;
  }
  return hal::FlashResult::kOk;
}

hal::FlashResult NvmcFlashRegion::erase_page(size_t page) {
  if (page >= size_ / kCodeFlashPageBytes) return hal::FlashResult::kOutOfRange;
  const uint32_t address = base_ + static_cast<uint32_t>(page * kCodeFlashPageBytes);
  if (!nvmc_.erase_page(address).ok()) return hal::FlashResult::kFailed;
  for (uint32_t w = 0; w < kCodeFlashPageBytes; w += 4) {
    if (nvmc_.bus().read32(address + w) != 0xFFFFFFFFu) return hal::FlashResult::kFailed;
  }
  return hal::FlashResult::kOk;
}

}  // namespace kb::core::nrf
