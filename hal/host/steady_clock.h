#pragma once
#include <chrono>
#include <thread>

#include "hal/clock.h"
#include "hal/power_line.h"

namespace kb::hal::host {

// Wall time, for real boards.
class SteadyClock final : public Clock {
 public:
  uint64_t now_ns() const override {
    return static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count());
  }
  void sleep_ns(uint64_t ns) override { std::this_thread::sleep_for(std::chrono::nanoseconds(ns)); }
};

// A board with no switchable supply.
class FixedPowerLine final : public PowerLine {
 public:
  PowerResult cut() override { return PowerResult::kUnsupported; }
  PowerResult restore() override { return PowerResult::kUnsupported; }
};

}  // namespace kb::hal::host
