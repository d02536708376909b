#pragma once
// The persistent state of the device a flow provisions, as the campaign oracles compare it, and a
// handle on that device on a bench (NVM counters, power-cut arming, images).
//   STSAFE-A120: the chip's state decoded from a copy of its raw NVM (not the model's cached copy,
//                so a decode that would accept a torn record is caught).
//   nRF5340:     the 1024 UICR words (OTP, lifecycle, KMU key slots) straight from the NVM.
//   ATECC608A:   its EEPROM zones (config, OTP, data) decoded from the NVM.
#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>

#include "simulator/nrf/uicr_store.h"
#include "simulator/stsafe_a120/state.h"
#include "tools/campaign/atecc_oracles.h"

namespace kb::sim {
class Bench;
}

namespace kb::tools::campaign {

struct NrfImage {
  std::array<uint32_t, sim::nrf::kUicrWords> uicr{};
  uint32_t word(uint32_t offset) const { return uicr.at(offset / 4); }
  bool operator==(const NrfImage&) const = default;
};

using DeviceImage = std::variant<sim::stsafe_a120::State, NrfImage, atecc::Image>;

// The provisioning target on a bench: its first STSAFE-A120, else its first nRF5340, else its
// first ATECC608A.
class DeviceUnderTest {
 public:
  // Throws std::runtime_error when the bench holds neither.
  explicit DeviceUnderTest(kb::sim::Bench& bench);
  ~DeviceUnderTest();
  DeviceUnderTest(const DeviceUnderTest&) = delete;
  DeviceUnderTest& operator=(const DeviceUnderTest&) = delete;

  std::string_view family() const;  // "stsafe-a120", "nrf5340" or "atecc608a"
  uint64_t nvm_words() const;       // words programmed since the bench was built
  // The k-th word programmed from now is torn (0 = the next one).
  void arm_power_cut(uint64_t k);
  bool power_cut_fired() const;
  DeviceImage image() const;
  // What the device model says it is doing (the torn write after a cut), or empty.
  std::string activity() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kb::tools::campaign
