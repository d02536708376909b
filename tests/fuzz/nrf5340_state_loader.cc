// Fuzz target: the nRF5340 model's state loader (simulator/nrf/nrf5340_state.cc, behind
// Nrf5340::load_state and Bench::load_state) on arbitrary JSON; input and oracles in
// device_state_target.h.
#include <array>
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/device_state_target.h"

namespace {

// Starting states along the provisioning lifecycle, with a half-written identity key among them.
constexpr std::array<const char*, 6> kFixtures = {
    "nrf5340-assembly.json",     "nrf5340-provisioning.json",
    "nrf5340-huks-written.json", "nrf5340-identity-half-written.json",
    "nrf5340-secured.json",      "nrf5340-decommissioned.json",
};

const kb::fuzz::DeviceStateTarget& target() {
  static const kb::fuzz::DeviceStateTarget loaded(kFixtures);
  return loaded;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)target();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  target().run({data, size});
  return 0;
}
