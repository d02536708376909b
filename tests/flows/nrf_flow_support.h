#pragma once
// Helpers for the nRF flow tests: the model on a SimRun's bench, its state, and the host library
// reading the identity key back the way TF-M's attestation key loader would.
#include <gtest/gtest.h>

#include <array>
#include <string>

#include "core/nrf/identity_key.h"
#include "core/status.h"
#include "firmware/identity_key_generation/nrf_key_stack.h"
#include "simulator/nrf/nrf5340.h"
#include "tests/flows/flow_fixture.h"

namespace kb::test {

// The seed's (003) expected terminal output of a successful run.
inline constexpr const char* kNrfSuccessTranscript =
    "Successfully verified PSA lifecycle state ASSEMBLY!\n"
    "Successfully switched to PSA lifecycle state PROVISIONING!\n"
    "Generating random HUK keys (including MKEK)\n"
    "Writing the identity key to KMU\n"
    "Success!\n";

inline sim::nrf::Nrf5340& nrf_chip(SimRun& r) {
  auto* chip = r.bench().first<sim::nrf::Nrf5340>();
  EXPECT_NE(chip, nullptr);
  return *chip;
}

inline std::string status_text(core::Status s) {
  char buf[160];
  return s.describe(buf, sizeof buf);
}

// Decrypts the identity key from the chip, as TF-M's IAK loader does (identity_key_read).
inline core::Status read_identity_key(SimRun& r, std::array<uint8_t, 32>& key) {
  hal::Platform& p = r.target->platform();
  fw::NrfKeyStack nrf(p, *p.registers, {});
  return nrf.identity.read(key);
}

}  // namespace kb::test
