#pragma once
// hal::FlashRegion on a simulated NVM (the bench's "mcu-flash" device): operations charge their
// program and erase times to the bench's virtual clock, and a power cut that tears a write (fault
// plan, campaign) is kPowerLost, as the supply dying under the MCU would be.
#include "hal/flash_region.h"
#include "simulator/nvm/nvm.h"
#include "simulator/time/scheduler.h"

namespace kb::hal::sim {

class SimFlashRegion final : public FlashRegion {
 public:
  // scheduler may be null (unit tests without a bench): then no time is charged.
  SimFlashRegion(kb::sim::Nvm& nvm, kb::sim::Scheduler* scheduler) : nvm_(nvm), scheduler_(scheduler) {}
  size_t size() const override { return nvm_.size(); }
  size_t page_size() const override { return nvm_.geometry().page_size; }
  size_t word_size() const override { return nvm_.geometry().word_size; }
  FlashResult read(size_t offset, std::span<uint8_t> out) override;
  FlashResult program(size_t offset, std::span<const uint8_t> data) override;
  FlashResult erase_page(size_t page) override;

 private:
  kb::sim::Nvm& nvm_;
  kb::sim::Scheduler* scheduler_;
};

}  // namespace kb::hal::sim
