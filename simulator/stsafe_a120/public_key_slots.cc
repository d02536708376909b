#include "simulator/stsafe_a120/public_key_slots.h"

#include "simulator/stsafe_a120/curve_fields.h"

namespace kb::sim::stsafe_a120 {

namespace {
uint8_t bit(bool value, int position) {
  return static_cast<uint8_t>((value ? 1u : 0u) << position);
}
bool test(uint8_t byte, int position) {
  return ((byte >> position) & 1u) != 0;
}
}  // namespace

std::array<uint8_t, 2> PublicKeyFlags::encode() const {
  return {0x00, static_cast<uint8_t>(bit(change_right, 0) | bit(establish_symmetric_key, 1) |
                                     bit(start_volatile_kek_session, 2) | bit(entity_authentication, 3) |
                                     bit(establish_host_key, 4))};
}

PublicKeyFlags PublicKeyFlags::decode(std::span<const uint8_t, 2> bytes) {
  PublicKeyFlags f;
  f.change_right = test(bytes[1], 0);
  f.establish_symmetric_key = test(bytes[1], 1);
  f.start_volatile_kek_session = test(bytes[1], 2);
  f.entity_authentication = test(bytes[1], 3);
  f.establish_host_key = test(bytes[1], 4);
  return f;
}

PublicKeyTable factory_public_key_table() {
  PublicKeyTable t;
  for (PublicKeySlot& slot : t) {
    slot.flags.change_right = true;
    slot.flags.entity_authentication = true;
  }
  return t;
}

std::vector<uint8_t> encode_public_key_table(const PublicKeyTable& table) {
  std::vector<uint8_t> out{static_cast<uint8_t>(kPublicKeySlotCount)};
  for (size_t i = 0; i < kPublicKeySlotCount; ++i) {
    const PublicKeySlot& slot = table[i];
    const std::array<uint8_t, 2> flags = slot.flags.encode();
    out.push_back(static_cast<uint8_t>(i));
    out.push_back(slot.present ? 0x01 : 0x00);
    out.push_back(flags[0]);
    out.push_back(flags[1]);
    if (!slot.present) continue;
    for (uint8_t b : curve_id_field(slot.curve)) out.push_back(b);
  }
  return out;
}

std::vector<uint8_t> encode_public_key_slot(const PublicKeySlot& slot) {
  const std::array<uint8_t, 2> flags = slot.flags.encode();
  std::vector<uint8_t> out{static_cast<uint8_t>(slot.present ? 0x01 : 0x00), flags[0], flags[1]};
  if (!slot.present) return out;
  for (uint8_t b : curve_id_field(slot.curve)) out.push_back(b);
  for (uint8_t b : encode_public_key_field(slot.curve, slot.public_key)) out.push_back(b);
  return out;
}

std::variant<const PublicKeySlot*, Status> find_public_key(const PublicKeyTable& table, uint8_t slot) {
  if (slot >= kPublicKeySlotCount) return Status::kValueOutOfRange;
  if (!table[slot].present) return Status::kKeyNotFound;
  return &table[slot];
}

std::string_view public_key_slot_problem(const PublicKeySlot& slot) {
  if (!slot.present) {
    if (!slot.public_key.empty()) return "an empty slot holds no key bytes";
    return {};
  }
  if (slot.public_key.size() != crypto::ec::public_key_length(slot.curve)) return "key length does not match the curve";
  if (!crypto::ec::public_key_is_valid(slot.curve, slot.public_key)) return "not a public key of the curve";
  return {};
}

}  // namespace kb::sim::stsafe_a120
