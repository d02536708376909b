#include "hal/nrf/dwt_clock.h"

namespace kb::hal::nrf {

namespace {
constexpr uint32_t kDemcr = 0xE000EDFC;
constexpr uint32_t kDemcrTrcena = 1u << 24;
constexpr uint32_t kDwtCtrl = 0xE0001000;
constexpr uint32_t kDwtCtrlCyccntena = 1u << 0;
constexpr uint32_t kDwtCyccnt = 0xE0001004;
}  // namespace

DwtClock::DwtClock(RegisterBus& bus, uint32_t core_hz) : bus_(bus), core_hz_(core_hz) {
  bus_.write32(kDemcr, bus_.read32(kDemcr) | kDemcrTrcena);
  bus_.write32(kDwtCyccnt, 0);
  bus_.write32(kDwtCtrl, bus_.read32(kDwtCtrl) | kDwtCtrlCyccntena);
}

uint64_t DwtClock::cycles() const {
  const uint32_t now = bus_.read32(kDwtCyccnt);
  if (now < last_) high_ += uint64_t{1} << 32;
  last_ = now;
  return high_ | now;
}

uint64_t DwtClock::now_ns() const {
  const uint64_t c = cycles();
  // Split so the multiplication cannot overflow for any realistic uptime.
  return (c / core_hz_) * 1000000000u + (c % core_hz_) * 1000000000u / core_hz_;
}

void DwtClock::sleep_ns(uint64_t ns) {
  const uint64_t until = now_ns() + ns;
  while (now_ns() < until) {
  }
}

}  // namespace kb::hal::nrf
