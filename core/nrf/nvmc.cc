#include "core/nrf/nvmc.h"

#include "core/nrf/nrf_status.h"
#include "core/nrf/poll.h"

namespace kb::core::nrf {

namespace {
// tWRITE is 43 µs (§7); a millisecond covers it many times over.
constexpr uint32_t kReadyBudgetUs = 1000;
constexpr uint32_t kReadyStepUs = 10;
constexpr uint32_t kEraseBudgetUs = 200000;
constexpr uint32_t kEraseStepUs = 1000;
}  // namespace

bool Nvmc::wait_ready() {
  return poll_until(clock_, kReadyBudgetUs, kReadyStepUs,
                    [this] { return (bus_.read32(soc_.kmu_nvmc_base + reg::kNvmcReady) & 1u) != 0; });
}

Status Nvmc::write_word(uint32_t address, uint32_t value) {
  if (address % 4 != 0) return Code::kInvalidArgument;
  if (!wait_ready()) return nrf_status(NrfStatus::kNvmcTimeout);
  bus_.write32(soc_.kmu_nvmc_base + reg::kNvmcConfig, reg::kNvmcConfigWen);
  bus_.write32(address, value);
  const bool ready = wait_ready();
  bus_.write32(soc_.kmu_nvmc_base + reg::kNvmcConfig, reg::kNvmcConfigRen);
  return ready ? Status() : nrf_status(NrfStatus::kNvmcTimeout);
}

Status Nvmc::erase_page(uint32_t address) {
  if (address % 4 != 0) return Code::kInvalidArgument;
  if (!wait_ready()) return nrf_status(NrfStatus::kNvmcTimeout);
  bus_.write32(soc_.kmu_nvmc_base + reg::kNvmcConfig, reg::kNvmcConfigEen);
  bus_.write32(address, 0xFFFFFFFFu);
  const bool ready = erase_wait_ready();
  bus_.write32(soc_.kmu_nvmc_base + reg::kNvmcConfig, reg::kNvmcConfigRen);
  return ready ? Status() : nrf_status(NrfStatus::kNvmcTimeout);
}

bool Nvmc::erase_wait_ready() {
  // A page erase takes 87.5 ms (§7).
  return poll_until(clock_, kEraseBudgetUs, kEraseStepUs,
                    [this] { return (bus_.read32(soc_.kmu_nvmc_base + reg::kNvmcReady) & 1u) != 0; });
}

Status Nvmc::write_halfword(uint32_t address, uint16_t value) {
  if (address % 2 != 0) return Code::kInvalidArgument;
  const uint32_t word = (address % 4 == 0) ? (0xFFFF0000u | value) : (static_cast<uint32_t>(value) << 16 | 0xFFFFu);
  return write_word(address & ~3u, word);
}

}  // namespace kb::core::nrf
