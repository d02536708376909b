#pragma once
// The host MCU's own flash, the part an application keeps its internal trusted storage in (PSA
// ITS, core/its/flash_its.h). Memory-mapped, not on the I2C bus: hal/sim's SimFlashRegion reaches
// it. Geometry and timing follow the nRF5340's code flash (4 KiB pages, 32-bit words, bits only
// cleared until erase, 43 µs per word, 87.5 ms per page erase, the values simulator/nrf uses; docs/fidelity.md), two
// pages by default: the two banks of the flash ITS. Its state round-trips through the state file, and fault plans and
// power-cut campaigns tear its writes like any other NVM.
#include <memory>
#include <string_view>

#include "simulator/bench/device.h"
#include "simulator/nvm/nvm.h"

namespace kb::sim::mcu {

inline constexpr size_t kMcuFlashPageBytes = 4096;
inline constexpr size_t kMcuFlashBytes = 2 * kMcuFlashPageBytes;
inline constexpr Nanoseconds kMcuFlashWordProgramNs = 43'000;
inline constexpr Nanoseconds kMcuFlashPageEraseNs = 87'500'000;

NvmGeometry mcu_flash_geometry();

class McuFlash final : public Device {
 public:
  McuFlash();
  std::string_view kind() const override { return "mcu-flash"; }
  void power_cycle() override {}
  // {"nvm": <Nvm snapshot>}; an empty object is an erased flash.
  nlohmann::json save_state() const override;
  void load_state(const JsonView& state) override;
  std::string activity() const override;
  void set_nvm_write_hook(std::function<NvmWriteVerdict(const NvmWrite&)> hook) override {
    nvm_.set_write_hook(std::move(hook));
  }

  Nvm& nvm() { return nvm_; }
  const Nvm& nvm() const { return nvm_; }

 private:
  Nvm nvm_;
};

}  // namespace kb::sim::mcu
