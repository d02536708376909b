#pragma once
// hal::FlashRegion on a range of the nRF5340's code flash, programmed and erased through the NVMC
// (nvmc.h): where the board keeps PSA internal trusted storage (core/its/flash_its.h). Reads are
// plain loads. The NVMC reports no refused write, so every programmed word is read back: a word
// that does not hold what was written (a power cut, or bits already cleared) is kFailed.
#include <cstddef>
#include <cstdint>

#include "core/nrf/nvmc.h"
#include "hal/flash_region.h"

namespace kb::core::nrf {

inline constexpr size_t kCodeFlashPageBytes = 4096;

class NvmcFlashRegion final : public hal::FlashRegion {
 public:
  // base: a page-aligned code-flash address; size: a whole number of pages.
  NvmcFlashRegion(Nvmc& nvmc, uint32_t base, size_t size) : nvmc_(nvmc), base_(base), size_(size) {}
  size_t size() const override { return size_; }
  size_t page_size() const override { return kCodeFlashPageBytes; }
  size_t word_size() const override { return 4; }
  hal::FlashResult read(size_t offset, std::span<uint8_t> out) override;
  hal::FlashResult program(size_t offset, std::span<const uint8_t> data) override;
  hal::FlashResult erase_page(size_t page) override;

 private:
  Nvmc& nvmc_;
  uint32_t base_;
  size_t size_;
};

}  // namespace kb::core::nrf
