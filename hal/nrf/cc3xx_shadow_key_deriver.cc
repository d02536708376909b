#include "hal/nrf/cc3xx_shadow_key_deriver.h"

#include <cstddef>
#include <cstdint>

#include "core/nrf/nrf_status.h"

// From nrfxlib crypto/nrf_cc312_platform/include/nrf_cc3xx_platform_kmu.h.
extern "C" int nrf_cc3xx_platform_kmu_shadow_key_derive(uint32_t slot_id, unsigned int keybits, uint8_t const* label,
                                                        size_t label_size, uint8_t const* context, size_t context_size,
                                                        uint8_t* output, size_t output_size);

namespace kb::hal::nrf {

kb::core::Status Cc3xxShadowKeyDeriver::derive(unsigned slot, unsigned keybits, std::span<const uint8_t> label,
                                               std::span<const uint8_t> context, std::span<uint8_t> out) {
  const int r = nrf_cc3xx_platform_kmu_shadow_key_derive(slot, keybits, label.data(), label.size(), context.data(),
                                                         context.size(), out.data(), out.size());
  if (r == 0) return kb::core::Status();
  // The library's own codes: -0x701a invalid slot, otherwise a failed derivation.
  if (r == -0x701a) return kb::core::nrf::nrf_status(kb::core::nrf::NrfStatus::kKmuInvalidSlot);
  return kb::core::nrf::nrf_status(kb::core::nrf::NrfStatus::kKdfFailed);
}

}  // namespace kb::hal::nrf
