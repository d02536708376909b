#include "firmware/atecc_configure_and_lock/config_profile.h"

namespace kb::fw {

std::array<uint8_t, kAteccConfigZoneSize> atecc_config_after_writes(
    const AteccConfigProfile& profile, std::span<const uint8_t, kAteccConfigZoneSize> chip_config) {
  std::array<uint8_t, kAteccConfigZoneSize> image{};
  for (size_t i = 0; i < kAteccConfigZoneSize; ++i) {
    image[i] = atecc_factory_writes_config_byte(i) ? profile.config[i] : chip_config[i];
  }
  return image;
}

}  // namespace kb::fw
