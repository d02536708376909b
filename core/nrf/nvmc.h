#pragma once
// NVMC word programming for UICR words (nrfx_nvmc_word_write): write-enable, write, wait ready,
// back to read-only. Bits only go 1 -> 0 and the halfword rules of the OTP and PERM words are the
// caller's to respect; the NVMC does not report a refused write, so callers read back.
#include <cstdint>

#include "core/nrf/soc.h"
#include "core/status.h"
#include "hal/clock.h"
#include "hal/register_bus.h"

namespace kb::core::nrf {

class Nvmc {
 public:
  Nvmc(hal::RegisterBus& bus, hal::Clock& clock, const SocProfile& soc = kNrf5340)
      : bus_(bus), clock_(clock), soc_(soc) {}

  // Programs one word-aligned word. kNvmcTimeout if the controller never reports ready.
  Status write_word(uint32_t address, uint32_t value);
  // nrfx_nvmc_halfword_write: one word write with the other half 0xFFFF.
  Status write_halfword(uint32_t address, uint16_t value);
  // nrfx_nvmc_page_erase: erase-enable, 0xFFFFFFFF written to the page's first word, wait ready,
  // back to read-only. `address` is the page's first byte.
  Status erase_page(uint32_t address);

  hal::RegisterBus& bus() { return bus_; }
  hal::Clock& clock() { return clock_; }
  const SocProfile& soc() const { return soc_; }

 private:
  bool wait_ready();
  bool erase_wait_ready();
  hal::RegisterBus& bus_;
  hal::Clock& clock_;
  const SocProfile& soc_;
};

}  // namespace kb::core::nrf
