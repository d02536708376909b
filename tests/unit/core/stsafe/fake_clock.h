#pragma once
#include <cstdint>
#include <vector>

#include "hal/clock.h"

namespace kb::test {

// Virtual time that only moves when the code under test sleeps, and remembers every sleep.
class FakeClock : public hal::Clock {
 public:
  uint64_t now_ns() const override { return now_ns_; }
  void sleep_ns(uint64_t ns) override {
    now_ns_ += ns;
    sleeps_ns_.push_back(ns);
  }

  std::vector<uint64_t> sleeps_ms() const {
    std::vector<uint64_t> out;
    for (uint64_t ns : sleeps_ns_) out.push_back(ns / 1000000u);
    return out;
  }
  void clear() { sleeps_ns_.clear(); }

 private:
  uint64_t now_ns_ = 0;
  std::vector<uint64_t> sleeps_ns_;
};

}  // namespace kb::test
