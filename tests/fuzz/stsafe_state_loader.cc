// Fuzz target: the STSAFE-A120 model's state loader (simulator/stsafe_a120/state_json.cc, behind
// Stsafe::load_state and Bench::load_state) on arbitrary JSON; input and oracles in
// device_state_target.h.
#include <array>
#include <cstddef>
#include <cstdint>

#include "tests/fuzz/device_state_target.h"

namespace {

// Starting states that differ in every part of the chip's state: factory, host keys, symmetric
// keys, access conditions, locked host key control, a key-wrapping setup.
constexpr std::array<const char*, 6> kFixtures = {
    "default.json",
    "stsafe-keys-written.json",
    "stsafe-symmetric-keys.json",
    "stsafe-recommended-ac.json",
    "stsafe-host-key-locked.json",
    "stsafe-wrapped-ready.json",
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
