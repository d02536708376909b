// The provisioning image on the simulated nRF5340 (fact sheet §6.2, seed 003): the same fixtures,
// where it differs from identity_key_generation — it stops when the HUKs cannot be written, and it
// writes the implementation ID into bootloader storage.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/nrf/nrf_status.h"
#include "firmware/provisioning_image/provisioning_image.h"
#include "tests/flows/nrf_flow_support.h"

namespace kb::test {
namespace {

using core::nrf::is;
using core::nrf::NrfStatus;
using ::testing::HasSubstr;

core::Status run(SimRun& r, std::span<const uint8_t> implementation_id = {}) {
  fw::ProvisioningImageOptions o;
  o.implementation_id = implementation_id;
  return fw::run_provisioning_image(r.target->platform(), o);
}

TEST(NrfProvisioningImageFlow, AssemblyPassesAndWritesTheImplementationId) {
  SimRun r("nrf5340-assembly.json");
  core::Status s = run(r);
  ASSERT_TRUE(s.ok()) << status_text(s) << "\n" << r.console.text();
  EXPECT_EQ(r.console.text(), kNrfSuccessTranscript);
  auto& chip = nrf_chip(r);
  // BL_STORAGE+8..+39: the sample's default AA x8, BB x8, CC x8, DD x8 (§6.2 step 9).
  const uint32_t expected[] = {0xAAAAAAAA, 0xAAAAAAAA, 0xBBBBBBBB, 0xBBBBBBBB,
                               0xCCCCCCCC, 0xCCCCCCCC, 0xDDDDDDDD, 0xDDDDDDDD};
  for (uint32_t i = 0; i < 8; ++i) EXPECT_EQ(chip.uicr_word(0x108 + 4 * i), expected[i]) << i;
  EXPECT_EQ(chip.nvmc_words_programmed(), 1u + 4 * 6 + 2 * 5 + 8);
  EXPECT_TRUE(chip.identity_key_written());
}

TEST(NrfProvisioningImageFlow, AGivenImplementationIdIsWritten) {
  SimRun r("nrf5340-assembly.json");
  uint8_t id[32];
  for (int i = 0; i < 32; ++i) id[i] = static_cast<uint8_t>(i);
  ASSERT_TRUE(run(r, id).ok());
  EXPECT_EQ(nrf_chip(r).uicr_word(0x108), 0x03020100u);
  EXPECT_EQ(nrf_chip(r).uicr_word(0x124), 0x1F1E1D1Cu);
}

TEST(NrfProvisioningImageFlow, AWrongSizeImplementationIdTouchesNothing) {
  SimRun r("nrf5340-assembly.json");
  uint8_t id[16] = {};
  EXPECT_EQ(run(r, id).code(), core::Code::kInvalidArgument);
  EXPECT_EQ(nrf_chip(r).nvmc_words_programmed(), 0u);
}

TEST(NrfProvisioningImageFlow, LaterLifecycleStatesAreRefused) {
  for (const char* fixture : {"nrf5340-provisioning.json", "nrf5340-secured.json", "nrf5340-decommissioned.json"}) {
    SimRun r(fixture);
    nlohmann::json before = r.device_state();
    EXPECT_TRUE(is(run(r), NrfStatus::kLifecycleNotAssembly)) << fixture;
    EXPECT_EQ(r.console.text(), "Failure: Lifecycle state is not ASSEMBLY as expected. Exiting!\n") << fixture;
    EXPECT_EQ(r.device_state(), before) << fixture;
  }
}

TEST(NrfProvisioningImageFlow, WrittenHuksStopTheImage) {
  for (const char* fixture : {"nrf5340-huks-written.json", "nrf5340-identity-half-written.json"}) {
    SimRun r(fixture);
    nlohmann::json before = r.device_state();
    core::Status s = run(r);
    EXPECT_TRUE(is(s, NrfStatus::kHukWriteFailed)) << fixture << ": " << status_text(s);
    EXPECT_THAT(r.console.text(), HasSubstr("Generating random HUK keys (including MKEK)\n"
                                            "One or more keys already set. Cannot overwrite\n"
                                            "Failure: Writing random HUK keys failed. Exiting!\n"))
        << fixture;
    nlohmann::json after = r.device_state();
    EXPECT_EQ(after["key_slots"], before["key_slots"]) << fixture << ": no key slot touched";
    EXPECT_EQ(after["lifecycle"], "provisioning") << fixture << ": the move came first";
    EXPECT_EQ(nrf_chip(r).nvmc_words_programmed(), 1u) << fixture;
  }
}

}  // namespace
}  // namespace kb::test
