#pragma once
#include <cstdint>

namespace kb::hal {

// Virtual under simulation (sleep advances the bench's time), steady on a board.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual uint64_t now_ns() const = 0;
  virtual void sleep_ns(uint64_t ns) = 0;

  void sleep_us(uint64_t us) { sleep_ns(us * 1000u); }
  void sleep_ms(uint64_t ms) { sleep_ns(ms * 1000000u); }
};

}  // namespace kb::hal
