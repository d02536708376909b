#include "simulator/atecc608a/public_key_slot.h"

namespace kb::sim::atecc608a {

bool holds_public_key_format(size_t slot) {
  return slot < kSlotCount && slot_size(slot) >= 72;
}

std::array<uint8_t, 64> stored_public_key(const Eeprom& e, size_t slot) {
  const auto bytes = e.slot(slot);
  std::array<uint8_t, 64> xy{};
  std::copy(bytes.begin() + 4, bytes.begin() + 36, xy.begin());
  std::copy(bytes.begin() + 40, bytes.begin() + 72, xy.begin() + 32);
  return xy;
}

uint8_t validation_state(const Eeprom& e, size_t slot) {
  return e.slot(slot)[0] >> 4;
}

void set_validation_state(Eeprom& e, size_t slot, uint8_t nibble) {
  const uint8_t byte0 = static_cast<uint8_t>((nibble << 4) | (e.slot(slot)[0] & 0x0F));
  e.write_slot(slot, 0, std::span<const uint8_t>(&byte0, 1));
}

bool public_key_needs_validation(const Eeprom& e, size_t slot) {
  const KeyConfig kc = e.key_config(slot);
  return !kc.is_private() && kc.key_type() == static_cast<uint8_t>(KeyType::kP256) && kc.pub_info();
}

bool public_key_usable(const Eeprom& e, size_t slot) {
  if (!holds_public_key_format(slot)) return false;
  const KeyConfig kc = e.key_config(slot);
  if (kc.is_private() || kc.key_type() != static_cast<uint8_t>(KeyType::kP256)) return false;
  return !kc.pub_info() || validation_state(e, slot) == kPublicKeyValidated;
}

}  // namespace kb::sim::atecc608a
