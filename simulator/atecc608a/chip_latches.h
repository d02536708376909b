#pragma once
// State the chip keeps across sleep but not across a power cycle: the persistent latch
// (VolatileKeyPermit, set by Info mode 4 or a SecureBoot with the persistent enable), the
// SecureBoot prohibit flag, and the self-test failure mode (fact sheet B6.2 SelfTest: other
// commands answer 0x07 until a passing self-test or a power cycle).
#include <cstdint>

namespace kb::sim::atecc608a {

struct ChipLatches {
  bool persistent_latch = false;
  bool secure_boot_prohibited = false;
  // The SelfTest bits that failed last (0 = not in failure mode).
  uint8_t failed_self_tests = 0;
  // Fault injection: the self tests that fail whenever they run. A broken circuit stays broken, so
  // a power cycle keeps this.
  uint8_t broken_self_tests = 0;

  void power_cycle() {
    const uint8_t broken = broken_self_tests;
    *this = ChipLatches{};
    broken_self_tests = broken;
  }
};

}  // namespace kb::sim::atecc608a
