#pragma once
// KMU driver for nRF5340/nRF9160 (fact sheet nrf-kmu-lifecycle.md §1.5–1.7, §2.2): program a
// 128-bit slot in the documented order, check whether a slot is written, read a readable slot,
// push a slot to its CryptoCell destination, revoke. Slot numbers are 0-based UICR indices; the
// driver selects ID n+1 and always deselects (ID 0) before returning.
#include <array>
#include <cstdint>
#include <span>

#include "core/nrf/nvmc.h"
#include "core/nrf/soc.h"
#include "core/status.h"

namespace kb::core::nrf {

using KeySlotValue = std::span<const uint8_t, 16>;

class Kmu {
 public:
  explicit Kmu(Nvmc& nvmc) : nvmc_(nvmc), bus_(nvmc.bus()), soc_(nvmc.soc()) {}

  // nrf_cc3xx_platform_kmu_write_key_slot: slot must be empty; dest a CryptoCell key register, or
  // kNoDestination for a slot that is not pushable. Writes DEST, VALUE[0..3] (read back while the
  // slot is still staged and readable), then PERM (read back). Nothing is written on refusal.
  Status write_key_slot(unsigned slot, uint32_t dest, uint32_t perm, KeySlotValue value);
  // §3.5: PERM, DEST or any VALUE word not erased. A value hidden behind 0xDEADDEAD counts.
  bool slot_is_written(unsigned slot);
  uint32_t read_perm(unsigned slot);
  uint32_t read_dest(unsigned slot);
  // The value of a READ=1 slot; kKmuReadBlocked when the KMU answers 0xDEADDEAD.
  Status read_value(unsigned slot, std::span<uint8_t, 16> out);
  // TASKS_PUSH_KEYSLOT and wait for PUSHED, REVOKED or ERROR.
  Status push(unsigned slot);
  // Clears PERM.STATE: the KMU zeroizes the value and the slot never pushes or reads again.
  Status revoke(unsigned slot);

  Nvmc& nvmc() { return nvmc_; }
  const SocProfile& soc() const { return soc_; }

 private:
  // Selects slot and reports whether the KMU accepted it (STATUS.SELECTED).
  bool select(unsigned slot);
  bool blocked();
  Status program_and_verify(uint32_t address, uint32_t value);
  uint32_t reg(uint32_t offset) { return bus_.read32(soc_.kmu_nvmc_base + offset); }
  void set_reg(uint32_t offset, uint32_t value) { bus_.write32(soc_.kmu_nvmc_base + offset, value); }

  Nvmc& nvmc_;
  hal::RegisterBus& bus_;
  const SocProfile& soc_;
};

}  // namespace kb::core::nrf
