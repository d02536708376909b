#include "tools/campaign/psa/campaign_chip.h"

#include <span>
#include <stdexcept>
#include <string>

#include "core/psa_se/atecc608a/atecc608a_se.h"
#include "core/psa_se/stsafe_a120/stsafe_a120_se.h"
#include "simulator/atecc608a/atecc608a.h"
#include "simulator/atecc608a/zones.h"
#include "simulator/stsafe_a120/stsafe.h"
#include "tools/campaign/atecc_oracles.h"
#include "tools/campaign/stsafe_oracles.h"

namespace kb::tools::campaign::psa {

namespace {

namespace zones = sim::atecc608a;

sim::atecc608a::Atecc608a& atecc(sim::Bench& bench) {
  return static_cast<sim::atecc608a::Atecc608a&>(chip_device(bench, Chip::kAtecc608a));
}
sim::stsafe_a120::Stsafe& stsafe(sim::Bench& bench) {
  return static_cast<sim::stsafe_a120::Stsafe&>(chip_device(bench, Chip::kStsafeA120));
}

}  // namespace

std::string_view chip_name(Chip chip) {
  return chip == Chip::kStsafeA120 ? "stsafe-a120" : "atecc608a";
}

std::optional<Chip> parse_chip(std::string_view name) {
  if (name == "atecc608a") return Chip::kAtecc608a;
  if (name == "stsafe-a120") return Chip::kStsafeA120;
  return std::nullopt;
}

sim::Device& chip_device(sim::Bench& bench, Chip chip) {
  sim::Device* device = nullptr;
  if (chip == Chip::kStsafeA120) {
    device = bench.first<sim::stsafe_a120::Stsafe>();
  } else {
    device = bench.first<sim::atecc608a::Atecc608a>();
  }
  if (device == nullptr) {
    throw std::runtime_error("the bench has no " + std::string(chip_name(chip)) + " for the PSA secure-element driver");
  }
  return *device;
}

psa_key_location_t chip_location(Chip chip) {
  return chip == Chip::kStsafeA120 ? core::psa_se::stsafe_a120::kLocation : core::psa_se::atecc608a::kLocation;
}

uint32_t driver_data_magic(Chip chip) {
  return chip == Chip::kStsafeA120 ? core::psa_se::stsafe_a120::kPersistentMagic
                                   : core::psa_se::atecc608a::kPersistentMagic;
}

std::vector<std::vector<uint8_t>> key_slots(sim::Bench& bench, Chip chip) {
  std::vector<std::vector<uint8_t>> slots;
  if (chip == Chip::kStsafeA120) {
    for (const auto& s : stsafe(bench).state().private_keys.slots) {
      std::vector<uint8_t> bytes{static_cast<uint8_t>(s.present), static_cast<uint8_t>(s.curve)};
      bytes.insert(bytes.end(), s.private_key.begin(), s.private_key.end());
      slots.push_back(std::move(bytes));
    }
    return slots;
  }
  const sim::atecc608a::EepromImage image = atecc(bench).image();
  for (size_t slot = 0; slot < zones::kSlotCount; ++slot) {
    const auto bytes = std::span<const uint8_t>(image.data).subspan(zones::slot_offset(slot), zones::slot_size(slot));
    slots.emplace_back(bytes.begin(), bytes.end());
  }
  return slots;
}

nlohmann::json chip_projection(sim::Bench& bench, Chip chip) {
  if (chip == Chip::kStsafeA120) return stsafe::provisioned_projection(stsafe(bench).state());
  return atecc::provisioned_projection(atecc::Image{atecc(bench).image()});
}

}  // namespace kb::tools::campaign::psa
