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
