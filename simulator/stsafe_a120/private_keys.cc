#include "simulator/stsafe_a120/private_keys.h"

#include "simulator/stsafe_a120/curve_fields.h"

namespace kb::sim::stsafe_a120 {

namespace {
uint8_t bit(bool value, int position) {
  return static_cast<uint8_t>((value ? 1u : 0u) << position);
}
bool test(uint8_t byte, int position) {
  return ((byte >> position) & 1u) != 0;
}

// The model's stand-in for the key ST provisions into slot 0 of every SPL05 chip (a real chip's
// key is unique and never leaves it; this one is fixed so that runs replay).
constexpr uint8_t kFactorySlot0Key[] = {0xE2, 0x14, 0x0D, 0xA2, 0x83, 0x4D, 0x9E, 0x4E, 0xC6, 0x40, 0xAD,
                                        0xD1, 0xDA, 0x87, 0x3E, 0x83, 0x98, 0x5C, 0x2F, 0xAE, 0xCC, 0xA6,
                                        0xCE, 0x4B, 0xF3, 0x75, 0xB6, 0x75, 0x4B, 0x31, 0xD9, 0x18};
}  // namespace

std::array<uint8_t, 2> PrivateKeyMode::encode() const {
  return {static_cast<uint8_t>(bit(ephemeral_generation, 0) | bit(change_right, 7)),
          static_cast<uint8_t>(bit(key_establishment, 0) | bit(external_signature, 2) | bit(internal_signature, 3) |
                               static_cast<uint8_t>(generate_key) << 4 | (eddsa_variant & 0x03) << 6)};
}

PrivateKeyMode PrivateKeyMode::decode(std::span<const uint8_t, 2> bytes) {
  PrivateKeyMode m;
  m.ephemeral_generation = test(bytes[0], 0);
  m.change_right = test(bytes[0], 7);
  m.key_establishment = test(bytes[1], 0);
  m.external_signature = test(bytes[1], 2);
  m.internal_signature = test(bytes[1], 3);
  m.generate_key = static_cast<AccessCondition>((bytes[1] >> 4) & 0x03);
  m.eddsa_variant = static_cast<uint8_t>(bytes[1] >> 6);
  return m;
}

PrivateKeyTable factory_private_key_table() {
  PrivateKeyTable t;
  PrivateKeySlot& slot0 = t.slots[0];
  slot0.mode.external_signature = true;
  slot0.mode.generate_key = AccessCondition::kNever;
  slot0.present = true;
  slot0.curve = crypto::ec::Curve::kNistP256;
  slot0.private_key.assign(std::begin(kFactorySlot0Key), std::end(kFactorySlot0Key));
  for (size_t i = 1; i < kPrivateKeySlotCount; ++i) {
    PrivateKeyMode& m = t.slots[i].mode;
    m.key_establishment = true;
    m.external_signature = true;
    m.generate_key = AccessCondition::kFree;
  }
  return t;
}

std::vector<uint8_t> encode_private_key_table(const PrivateKeyTable& table) {
  std::vector<uint8_t> out{static_cast<uint8_t>(kPrivateKeySlotCount), static_cast<uint8_t>(table.change_right ? 1 : 0),
                           static_cast<uint8_t>(table.global_usage_limit >> 8),
                           static_cast<uint8_t>(table.global_usage_limit)};
  for (size_t i = 0; i < kPrivateKeySlotCount; ++i) {
    const PrivateKeySlot& slot = table.slots[i];
    const std::array<uint8_t, 2> mode = slot.mode.encode();
    out.push_back(static_cast<uint8_t>(i));
    out.push_back(slot.present ? 0x01 : 0x00);
    out.push_back(mode[0]);
    out.push_back(mode[1]);
    if (!slot.present) continue;
    for (uint8_t b : curve_id_field(slot.curve)) out.push_back(b);
  }
  return out;
}

std::string_view private_key_slot_problem(const PrivateKeySlot& slot) {
  if (!slot.present) {
    if (!slot.private_key.empty()) return "an empty slot holds no key bytes";
    return {};
  }
  if (slot.private_key.size() != crypto::ec::key_length(slot.curve)) return "key length does not match the curve";
  if (!crypto::ec::private_key_is_valid(slot.curve, slot.private_key)) return "not a private key of the curve";
  if (slot.usage_limit != kNoUsageLimit && slot.uses_left > slot.usage_limit) return "more uses left than the limit";
  return {};
}

}  // namespace kb::sim::stsafe_a120
