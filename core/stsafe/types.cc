#include "core/stsafe/types.h"

#include "core/stsafe/frame.h"

namespace kb::core::stsafe {

namespace {
constexpr uint8_t bit(bool set, unsigned position) {
  return static_cast<uint8_t>(set ? 1u << position : 0u);
}
constexpr bool has_bit(uint8_t value, unsigned position) {
  return ((value >> position) & 1u) != 0;
}
}  // namespace

std::array<uint8_t, 2> HostKeyControlFields::encode() const {
  return {
      static_cast<uint8_t>(bit(wrapped_anonymous, 0) | bit(plaintext, 1) | bit(reprovision, 2) | bit(change_right, 3)),
      authentication_key_slot};
}

HostKeyControlFields HostKeyControlFields::decode(std::span<const uint8_t, 2> bytes) {
  HostKeyControlFields f;
  f.wrapped_anonymous = has_bit(bytes[0], 0);
  f.plaintext = has_bit(bytes[0], 1);
  f.reprovision = has_bit(bytes[0], 2);
  f.change_right = has_bit(bytes[0], 3);
  f.authentication_key_slot = bytes[1];
  return f;
}

std::array<uint8_t, 3> SymmetricSlotControlFields::encode() const {
  return {static_cast<uint8_t>(bit(ecdhe_anonymous, 0) | bit(wrapped_anonymous, 1) | bit(put_key, 2) |
                               bit(change_right, 3) | bit(plaintext, 4) | bit(derived, 5)),
          wrapped_authentication_key, ecdhe_authentication_key};
}

SymmetricSlotControlFields SymmetricSlotControlFields::decode(std::span<const uint8_t, 3> bytes) {
  SymmetricSlotControlFields f;
  f.ecdhe_anonymous = has_bit(bytes[0], 0);
  f.wrapped_anonymous = has_bit(bytes[0], 1);
  f.put_key = has_bit(bytes[0], 2);
  f.change_right = has_bit(bytes[0], 3);
  f.plaintext = has_bit(bytes[0], 4);
  f.derived = has_bit(bytes[0], 5);
  f.wrapped_authentication_key = bytes[1];
  f.ecdhe_authentication_key = bytes[2];
  return f;
}

std::array<uint8_t, 2> PrivateKeyMode::encode() const {
  return {static_cast<uint8_t>(bit(ephemeral_generation, 0) | bit(change_right, 7)),
          static_cast<uint8_t>(bit(key_establishment, 0) | bit(external_signature, 2) | bit(internal_signature, 3) |
                               (generate_key_access & 0x03u) << 4 | (eddsa_variant & 0x03u) << 6)};
}

PrivateKeyMode PrivateKeyMode::decode(std::span<const uint8_t, 2> bytes) {
  PrivateKeyMode m;
  m.ephemeral_generation = has_bit(bytes[0], 0);
  m.change_right = has_bit(bytes[0], 7);
  m.key_establishment = has_bit(bytes[1], 0);
  m.external_signature = has_bit(bytes[1], 2);
  m.internal_signature = has_bit(bytes[1], 3);
  m.generate_key_access = static_cast<uint8_t>((bytes[1] >> 4) & 0x03u);
  m.eddsa_variant = static_cast<uint8_t>(bytes[1] >> 6);
  return m;
}

const PrivateKeySlotInfo* PrivateKeyTable::find(uint8_t slot) const {
  for (size_t i = 0; i < count && i < slots.size(); ++i) {
    if (slots[i].slot == slot) return &slots[i];
  }
  return nullptr;
}

SymmetricKeyInfo SymmetricKeyInfo::cmac(uint8_t slot, SymmetricKeyType type, uint16_t usage, uint8_t min_mac_length) {
  SymmetricKeyInfo info;
  info.slot = slot;
  info.key_type = type;
  info.mode = ModeOfOperation::kCmac;
  info.usage = usage;
  info.min_mac_length = min_mac_length;
  return info;
}

SymmetricKeyInfo SymmetricKeyInfo::ccm(uint8_t slot, SymmetricKeyType type, uint16_t usage, uint8_t tag_length) {
  SymmetricKeyInfo info;
  info.slot = slot;
  info.key_type = type;
  info.mode = ModeOfOperation::kCcm;
  info.usage = usage;
  info.tag_length = tag_length;
  return info;
}

SymmetricKeyInfo SymmetricKeyInfo::ecb(uint8_t slot, SymmetricKeyType type, uint16_t usage) {
  SymmetricKeyInfo info;
  info.slot = slot;
  info.key_type = type;
  info.mode = ModeOfOperation::kEcb;
  info.usage = usage;
  return info;
}

bool SymmetricKeyInfo::valid() const {
  if (static_cast<uint8_t>(lock) > static_cast<uint8_t>(LockIndicator::kErasable)) return false;
  const bool aes = key_type == SymmetricKeyType::kAes128 || key_type == SymmetricKeyType::kAes256;
  const bool generic = key_type == SymmetricKeyType::kGenericSecret;
  const bool generic_length_ok = generic_secret_length >= 16 && generic_secret_length <= 32;
  switch (mode) {
    case ModeOfOperation::kCcm:
      return aes && (tag_length == 0 || tag_length == 4 || tag_length == 8 || tag_length == 16) && counter_offset <= 9;
    case ModeOfOperation::kCmac: return aes && min_mac_length >= 1 && min_mac_length <= 16;
    case ModeOfOperation::kEcb: return aes;
    case ModeOfOperation::kGcm:
      return aes && (tag_length == 4 || tag_length == 8 || (tag_length >= 12 && tag_length <= 16));
    case ModeOfOperation::kHkdf: return generic && generic_length_ok;
    case ModeOfOperation::kHmac: return generic && generic_length_ok && min_mac_length >= 1 && min_mac_length <= 32;
  }
  return false;
}

size_t SymmetricKeyInfo::key_length() const {
  switch (key_type) {
    case SymmetricKeyType::kAes128: return 16;
    case SymmetricKeyType::kAes256: return 32;
    case SymmetricKeyType::kGenericSecret: return generic_secret_length;
  }
  return 0;
}

size_t SymmetricKeyInfo::encoded_length() const {
  switch (mode) {
    case ModeOfOperation::kEcb: return 6;
    case ModeOfOperation::kCmac:
    case ModeOfOperation::kGcm: return 7;
    case ModeOfOperation::kCcm:
    case ModeOfOperation::kHkdf:
    case ModeOfOperation::kHmac: return 8;
  }
  return 6;
}

size_t SymmetricKeyInfo::encode(std::span<uint8_t, kMaxKeyInfoBytes> out) const {
  out[0] = static_cast<uint8_t>(lock);
  out[1] = slot;
  out[2] = static_cast<uint8_t>(key_type);
  out[3] = static_cast<uint8_t>(mode);
  out[4] = static_cast<uint8_t>(usage >> 8);
  out[5] = static_cast<uint8_t>(usage & 0xFF);
  switch (mode) {
    case ModeOfOperation::kEcb: break;
    case ModeOfOperation::kCmac: out[6] = min_mac_length; break;
    case ModeOfOperation::kGcm: out[6] = tag_length; break;
    case ModeOfOperation::kCcm:
      out[6] = tag_length;
      out[7] = static_cast<uint8_t>((counter_present ? 0x80 : 0x00) | (counter_offset & 0x7F));
      break;
    case ModeOfOperation::kHkdf:
      out[6] = derived_keys_exportable ? 0x01 : 0x00;
      out[7] = generic_secret_length;
      break;
    case ModeOfOperation::kHmac:
      out[6] = min_mac_length;
      out[7] = generic_secret_length;
      break;
  }
  return encoded_length();
}

std::span<const uint8_t> ProductData::find(uint8_t tag) const {
  const std::span<const uint8_t> kept = std::span<const uint8_t>(tlvs).first(tlvs_length);
  size_t i = 0;
  while (i + 2 <= kept.size()) {
    const uint8_t t = kept[i];
    const uint8_t len = kept[i + 1];
    if (i + 2 + len > kept.size()) break;
    if (t == tag) return kept.subspan(i + 2, len);
    i += 2u + len;
  }
  return {};
}

const CommandAccessRecord* CommandAccessTable::find(uint8_t code, uint8_t extended_code) const {
  const size_t n = count < records.size() ? count : records.size();
  for (size_t i = 0; i < n; ++i) {
    const CommandAccessRecord& r = records[i];
    if (r.code != code) continue;
    if (code == kExtendedCommandPrefix && r.extended_code != extended_code) continue;
    return &r;
  }
  return nullptr;
}

}  // namespace kb::core::stsafe
