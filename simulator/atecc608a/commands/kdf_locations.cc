#include "simulator/atecc608a/commands/kdf_locations.h"

namespace kb::sim::atecc608a::kdf {

namespace {
bool slot_is_key_of_type(const Eeprom& e, size_t slot, KeyType key_type) {
  const KeyConfig kc = e.key_config(slot);
  return e.data_locked() && !kc.is_private() && kc.key_type() == static_cast<uint8_t>(key_type);
}
}  // namespace

std::optional<std::vector<uint8_t>> source_key(const CommandContext& context, Source source, size_t slot, size_t length,
                                               KeyType key_type) {
  const VolatileState& v = context.volatile_state;
  const TempKey& t = v.temp_key;
  std::span<const uint8_t> bytes;
  switch (source) {
    case kSourceTempKey:
      if (!t.valid || (length > 32 && !t.upper_valid)) return std::nullopt;
      bytes = std::span<const uint8_t>(t.value);
      break;
    case kSourceTempKeyUpper:
      if (!t.upper_valid) return std::nullopt;
      bytes = std::span<const uint8_t>(t.value).subspan(32);
      break;
    case kSourceSlot:
      if (!slot_is_key_of_type(context.eeprom, slot, key_type)) return std::nullopt;
      bytes = context.eeprom.slot(slot);
      break;
    case kSourceAltKey:
      if (!v.alternate_key_buffer_valid) return std::nullopt;
      bytes = std::span<const uint8_t>(v.alternate_key_buffer);
      break;
  }
  if (length > bytes.size()) return std::nullopt;
  return std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(length));
}

bool store(CommandContext& context, Target target, size_t slot, std::span<const uint8_t> result) {
  VolatileState& v = context.volatile_state;
  TempKey& t = v.temp_key;
  switch (target) {
    case kTargetTempKey:
      t = TempKey{};
      std::copy(result.begin(), result.end(), t.value.begin());
      t.valid = true;
      t.upper_valid = result.size() > 32;
      return true;
    case kTargetTempKeyUpper:
      if (result.size() > 32) return false;
      std::copy(result.begin(), result.end(), t.value.begin() + 32);
      t.upper_valid = true;
      return true;
    case kTargetAltKey:
      if (result.size() > v.alternate_key_buffer.size()) return false;
      std::copy(result.begin(), result.end(), v.alternate_key_buffer.begin());
      v.alternate_key_buffer_valid = true;
      return true;
    case kTargetSlot: {
      Eeprom& e = context.eeprom;
      constexpr uint16_t kDeriveKeyAllowed = 0x2000;
      if (!e.data_locked() || e.slot_locked(slot) || e.key_config(slot).is_private() ||
          (e.slot_config(slot).raw & kDeriveKeyAllowed) == 0 || result.size() > slot_size(slot)) {
        return false;
      }
      e.write_slot(slot, 0, result);
      return true;
    }
    default: return false;
  }
}

}  // namespace kb::sim::atecc608a::kdf
