#include "simulator/atecc608a/state_json.h"

#include <algorithm>
#include <array>
#include <limits>

#include "simulator/fixture/hex.h"

namespace kb::sim::atecc608a {

namespace {
void check_config(const JsonView& v, const std::vector<uint8_t>& c) {
  if (!std::equal(config::kRevision608A.begin(), config::kRevision608A.end(), c.begin() + config::kRevNum)) {
    v.fail("config bytes 4-7 (RevNum) must be 00 00 60 02, the ATECC608A revision");
  }
  for (size_t at : {config::kLockValue, config::kLockConfig}) {
    if (c[at] != config::kUnlocked && c[at] != config::kLocked) {
      v.fail("config byte " + std::to_string(at) + " (a lock byte) must be 0x55 (unlocked) or 0x00 (locked)");
    }
  }
  if (c[config::kLockValue] == config::kLocked && c[config::kLockConfig] == config::kUnlocked) {
    v.fail("config byte 86 says the data zone is locked but byte 87 says the config zone is not");
  }
  if (!usable_address_byte(c[config::kI2cAddress])) {
    v.fail("config byte 16 (I2C address, 8-bit form) must be even and name a 7-bit address 0x08..0x77");
  }
}
}  // namespace

EepromImage image_from_json(const JsonView& json) {
  json.expect_only({"config", "otp", "slots", "random_seed", "random_counter"});
  EepromImage img = factory_image();
  if (json.has("config")) {
    JsonView v = json.at("config");
    img.config = v.as_hex(kConfigSize);
    check_config(v, img.config);
  }
  if (json.has("otp")) img.otp = json.at("otp").as_hex(kOtpSize);
  if (json.has("slots")) {
    std::fill(img.data.begin(), img.data.end(), uint8_t{0});
    JsonView list = json.at("slots");
    std::array<bool, kSlotCount> seen{};
    for (size_t i = 0; i < list.size(); ++i) {
      JsonView e = list.at(i);
      e.expect_only({"slot", "data"});
      JsonView slot_view = e.at("slot");
      const size_t slot = slot_view.as_uint(kSlotCount - 1);
      if (seen[slot]) slot_view.fail("slot " + std::to_string(slot) + " is listed twice");
      seen[slot] = true;
      const std::vector<uint8_t> bytes = e.at("data").as_hex(slot_size(slot));
      std::copy(bytes.begin(), bytes.end(), img.data.begin() + static_cast<std::ptrdiff_t>(slot_offset(slot)));
    }
  }
  if (json.has("random_seed")) img.random_seed = json.at("random_seed").as_uint(std::numeric_limits<uint64_t>::max());
  if (json.has("random_counter")) {
    img.random_counter = static_cast<uint32_t>(json.at("random_counter").as_uint(0xFFFFFFFF));
  }
  return img;
}

nlohmann::json image_to_json(const EepromImage& img) {
  nlohmann::json slots = nlohmann::json::array();
  for (size_t s = 0; s < kSlotCount; ++s) {
    const std::span<const uint8_t> bytes = std::span<const uint8_t>(img.data).subspan(slot_offset(s), slot_size(s));
    if (std::all_of(bytes.begin(), bytes.end(), [](uint8_t b) { return b == 0; })) continue;
    slots.push_back({{"slot", s}, {"data", to_hex(bytes)}});
  }
  return {{"config", to_hex(img.config)},
          {"otp", to_hex(img.otp)},
          {"slots", slots},
          {"random_seed", img.random_seed},
          {"random_counter", img.random_counter}};
}

}  // namespace kb::sim::atecc608a
