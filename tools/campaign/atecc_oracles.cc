#include "tools/campaign/atecc_oracles.h"

#include <algorithm>
#include <span>
#include <vector>

#include "simulator/atecc608a/zones.h"
#include "simulator/fixture/hex.h"

namespace kb::tools::campaign::atecc {

namespace {

namespace zones = sim::atecc608a;

constexpr size_t kKeyConfig = 96;
constexpr size_t kLockBytesFirst = 86, kLockBytesLast = 89;  // LockValue, LockConfig, SlotLocked
constexpr size_t kPrivateKeyOffset = 4, kPrivateKeyLength = 32;

bool is_private_key_slot(const Image& image, size_t slot) {
  return (image.eeprom.config[kKeyConfig + 2 * slot] & 0x01) != 0;
}

std::span<const uint8_t> slot_bytes(const Image& image, size_t slot) {
  return std::span<const uint8_t>(image.eeprom.data).subspan(zones::slot_offset(slot), zones::slot_size(slot));
}

bool same(std::span<const uint8_t> a, std::span<const uint8_t> b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

// 4 zero bytes then a scalar that is not zero: what GenKey and PrivWrite leave.
bool holds_key(std::span<const uint8_t> slot) {
  const auto scalar = slot.subspan(kPrivateKeyOffset, kPrivateKeyLength);
  return std::all_of(slot.begin(), slot.begin() + kPrivateKeyOffset, [](uint8_t b) { return b == 0; }) &&
         std::any_of(scalar.begin(), scalar.end(), [](uint8_t b) { return b != 0; });
}

}  // namespace

bool no_usable_partial_key(const Image& cut, const Image& rerun, const Image& flow_start, const Image& flow_end) {
  for (size_t slot = 0; slot < zones::kSlotCount; ++slot) {
    if (!is_private_key_slot(flow_end, slot)) continue;
    const auto c = slot_bytes(cut, slot);
    const bool torn = !same(c, slot_bytes(flow_start, slot)) && !same(c, slot_bytes(flow_end, slot));
    if (torn && same(slot_bytes(rerun, slot), c)) return false;
  }
  return true;
}

bool rolled_back_or_completed(const Image& cut, const Image& before, const Image& after) {
  for (size_t i = kLockBytesFirst; i <= kLockBytesLast; ++i) {
    const uint8_t c = cut.eeprom.config[i];
    if (c != before.eeprom.config[i] && c != after.eeprom.config[i]) return false;
  }
  // The four lock bytes must be all of before or all of after: a lock is one word.
  const auto lock = [](const Image& image) {
    return std::vector<uint8_t>(image.eeprom.config.begin() + kLockBytesFirst,
                                image.eeprom.config.begin() + kLockBytesLast + 1);
  };
  return lock(cut) == lock(before) || lock(cut) == lock(after);
}

nlohmann::json provisioned_projection(const Image& image) {
  nlohmann::json slots = nlohmann::json::array();
  for (size_t slot = 0; slot < zones::kSlotCount; ++slot) {
    const auto bytes = slot_bytes(image, slot);
    if (is_private_key_slot(image, slot)) {
      slots.push_back(holds_key(bytes) ? "private key" : "no private key");
    } else {
      slots.push_back(sim::to_hex(bytes));
    }
  }
  return {{"config", sim::to_hex(image.eeprom.config)}, {"otp", sim::to_hex(image.eeprom.otp)}, {"slots", slots}};
}

std::optional<Refusal> explain_refusal(const Image&) {
  return std::nullopt;
}

}  // namespace kb::tools::campaign::atecc
