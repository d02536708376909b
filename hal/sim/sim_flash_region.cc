#include "hal/sim/sim_flash_region.h"

namespace kb::hal::sim {

FlashResult SimFlashRegion::read(size_t offset, std::span<uint8_t> out) {
  if (offset > nvm_.size() || out.size() > nvm_.size() - offset) return FlashResult::kOutOfRange;
  nvm_.read(offset, out);
  return FlashResult::kOk;
}

FlashResult SimFlashRegion::program(size_t offset, std::span<const uint8_t> data) {
  const size_t word = word_size();
  if (offset > nvm_.size() || data.size() > nvm_.size() - offset || offset % word != 0 || data.size() % word != 0)
    return FlashResult::kOutOfRange;
  auto cost = nvm_.program(offset, data);
  if (!cost) return FlashResult::kPowerLost;
  if (scheduler_ != nullptr) scheduler_->advance_by(*cost);
  return FlashResult::kOk;
}

FlashResult SimFlashRegion::erase_page(size_t page) {
  if (page >= nvm_.size() / page_size()) return FlashResult::kOutOfRange;
  auto cost = nvm_.erase_page(page);
  if (!cost) return FlashResult::kPowerLost;
  if (scheduler_ != nullptr) scheduler_->advance_by(*cost);
  return FlashResult::kOk;
}

}  // namespace kb::hal::sim
