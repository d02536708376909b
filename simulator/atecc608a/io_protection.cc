#include "simulator/atecc608a/io_protection.h"

#include <vector>

#include "simulator/atecc608a/config_options.h"
#include "simulator/atecc608a/symmetric.h"

namespace kb::sim::atecc608a {

std::optional<std::array<uint8_t, 32>> io_protection_key(const Eeprom& e) {
  const ChipOptions options = chip_options(e);
  if (!options.io_protection_enabled()) return std::nullopt;
  const auto slot = e.slot(options.io_protection_slot());
  std::array<uint8_t, 32> key{};
  std::copy(slot.begin(), slot.begin() + 32, key.begin());
  return key;
}

void io_protect(std::span<uint8_t> data, std::span<const uint8_t, 32> key, std::span<const uint8_t, 32> nonce) {
  for (size_t block = 0; block * 32 < data.size() && block < 2; ++block) {
    std::vector<uint8_t> material(key.begin(), key.end());
    for (size_t i = 0; i < 16; ++i) material.push_back(nonce[16 * block + i]);
    const symmetric::Digest pad = symmetric::sha256(material);
    for (size_t i = 0; i < 32 && 32 * block + i < data.size(); ++i) data[32 * block + i] ^= pad[i];
  }
}

}  // namespace kb::sim::atecc608a
