#pragma once
// A bare nRF5340 model on its own virtual clock, with the register sequences of the fact sheet
// (nrf-kmu-lifecycle.md §1.6) spelled out at the address level, so the tests read like the PS.
#include <array>
#include <cstdint>
#include <vector>

#include "simulator/fixture/hex.h"
#include "simulator/nrf/nrf5340.h"
#include "simulator/nrf/nrf5340_map.h"

namespace kb::test::nrf_model {

using namespace kb::sim::nrf;  // NOLINT: test-local

inline constexpr uint32_t kSelect = kKmuNvmcBase + kKmuSelectKeyslot;
inline constexpr uint32_t kStatus = kKmuNvmcBase + kKmuStatus;
inline constexpr uint32_t kPush = kKmuNvmcBase + kKmuTasksPushKeyslot;
inline constexpr uint32_t kPushed = kKmuNvmcBase + kKmuEventsPushed;
inline constexpr uint32_t kRevoked = kKmuNvmcBase + kKmuEventsRevoked;
inline constexpr uint32_t kError = kKmuNvmcBase + kKmuEventsError;
inline constexpr uint32_t kConfig = kKmuNvmcBase + kNvmcConfig;
inline constexpr uint32_t kEraseAll = kKmuNvmcBase + kNvmcEraseAll;

inline constexpr uint32_t dest_addr(unsigned slot) {
  return kUicrBase + dest_offset(slot);
}
inline constexpr uint32_t perm_addr(unsigned slot) {
  return kUicrBase + perm_offset(slot);
}
inline constexpr uint32_t value_addr(unsigned slot, unsigned i) {
  return kUicrBase + value_offset(slot, i);
}

struct Harness {
  kb::sim::Scheduler scheduler;
  Nrf5340 chip{scheduler};

  uint32_t rd(uint32_t a) { return chip.read32(a); }
  void wr(uint32_t a, uint32_t v) { chip.write32(a, v); }

  void select(unsigned slot) { wr(kSelect, slot + 1); }
  void deselect() { wr(kSelect, 0); }
  // An NVMC word write with WEN enabled around it, as nrfx does.
  void program(uint32_t address, uint32_t value) {
    wr(kConfig, kWenWrite);
    wr(address, value);
    wr(kConfig, kWenRead);
  }
  // The five-step slot write of §1.6; dest 0xFFFFFFFF skips step 2.
  void write_slot(unsigned slot, uint32_t dest, uint32_t perm, const std::array<uint32_t, 4>& value) {
    select(slot);
    if (dest != 0xFFFFFFFFu) program(dest_addr(slot), dest);
    for (unsigned i = 0; i < 4; ++i) program(value_addr(slot, i), value[i]);
    program(perm_addr(slot), perm);
    deselect();
  }
  // Lets a push or derivation in flight finish.
  void settle() { scheduler.advance_by(100 * kb::sim::kMicrosecond); }
};

// VALUE words from 16 key bytes: word i holds bytes 4i..4i+3 little-endian (§1.3).
inline std::array<uint32_t, 4> words_of(const std::vector<uint8_t>& bytes16) {
  std::array<uint32_t, 4> w{};
  for (unsigned i = 0; i < 16; ++i) w[i / 4] |= static_cast<uint32_t>(bytes16[i]) << (8 * (i % 4));
  return w;
}

}  // namespace kb::test::nrf_model
