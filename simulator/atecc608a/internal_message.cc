#include "simulator/atecc608a/internal_message.h"

#include <vector>

#include "simulator/atecc608a/symmetric.h"
#include "simulator/atecc608a/temp_key_flags.h"

namespace kb::sim::atecc608a {

namespace {
constexpr uint8_t kSignOpcode = 0x41;
constexpr uint8_t kIncludeSerial = 0x40;
constexpr uint8_t kForInvalidate = 0x01;
}  // namespace

std::array<uint8_t, 32> internal_message_digest(const Eeprom& e, std::span<const uint8_t, 32> temp_key,
                                                std::span<const uint8_t, 19> other_data) {
  const auto sn = serial_number(e);
  std::vector<uint8_t> message(temp_key.begin(), temp_key.end());
  message.push_back(kSignOpcode);
  for (size_t i = 0; i < 10; ++i) message.push_back(other_data[i]);
  message.push_back(sn[8]);
  for (size_t i = 10; i < 14; ++i) message.push_back(other_data[i]);
  message.push_back(sn[0]);
  message.push_back(sn[1]);
  for (size_t i = 14; i < 19; ++i) message.push_back(other_data[i]);
  return symmetric::sha256(message);
}

OtherData sign_internal_other_data(const Eeprom& e, const TempKey& t, uint8_t mode, uint16_t key_id) {
  const size_t source = t.key_id & 0x0F;
  const uint16_t slot_config = e.slot_config(source).raw;
  const uint16_t key_config = e.key_config(source).raw;
  OtherData d{};
  d[0] = mode;
  d[1] = static_cast<uint8_t>(key_id);
  d[2] = static_cast<uint8_t>(key_id >> 8);
  d[3] = static_cast<uint8_t>(slot_config);
  d[4] = static_cast<uint8_t>(slot_config >> 8);
  d[5] = static_cast<uint8_t>(key_config);
  d[6] = static_cast<uint8_t>(key_config >> 8);
  d[7] = temp_key_flags(t);
  // d[8], d[9]: UseFlag / UpdateCount, zero on the 608.
  if ((mode & kIncludeSerial) != 0) {
    const auto sn = serial_number(e);
    std::copy(sn.begin() + 4, sn.begin() + 8, d.begin() + 10);
    d[14] = sn[2];
    d[15] = sn[3];
  }
  d[16] = e.slot_locked(source) ? 0x00 : 0x01;
  d[17] = (mode & kForInvalidate) != 0 ? 0x01 : 0x00;
  return d;
}

}  // namespace kb::sim::atecc608a
