#pragma once
#include <cstdint>

namespace kb::hal {

// 32-bit memory-mapped peripheral access (KMU, UICR, NVMC). A volatile pointer on a board.
class RegisterBus {
 public:
  virtual ~RegisterBus() = default;
  virtual uint32_t read32(uint32_t address) = 0;
  virtual void write32(uint32_t address, uint32_t value) = 0;
};

}  // namespace kb::hal
